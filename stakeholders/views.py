"""The stakeholder register, the power/interest grid and the bundle of expectations.

Every view loads its microsystem through microsystems.permissions (404 without
access, 403 read-only), reads through stakeholders.selectors, has the page put
together by stakeholders.reports and writes through stakeholders.services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.concurrency import edit_lock
from core.downloads import file_download
from core.forms import ConfirmForm, add_service_errors
from core.spreadsheets import csv_bytes
from microsystems.extensions import extensions, section
from microsystems.models import Microsystem
from microsystems.permissions import get_microsystem_for_user
from microsystems.report_cache import Reads, unit_report
from microsystems.views.submissions import create_once, redirect_if_already_saved
from stakeholders import reports, selectors, services
from stakeholders.forms import ExpectationForm, StakeholderForm
from stakeholders.models import Expectation, Stakeholder

DOWNLOAD_TABLES = ("expectations", "register")


# --- the register and its power/interest grid ---------------------------------------------


@section("stakeholders")
@require_http_methods(["GET"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    return render(
        request,
        "stakeholders/register.html",
        {
            "microsystem": microsystem,
            "page": unit_report(
                "stakeholder_register",
                microsystem,
                lambda: reports.with_rows_html(
                    reports.register_page(selectors.register_rows(microsystem)), microsystem.slug
                ),
                reads=Reads(figures=False),
            ),
            "high_rule": reports.HIGH_RULE,
        },
    )


@section("stakeholders")
@require_http_methods(["GET"])
def expectations(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    bundle = reports.bundle_page(selectors.groups_with_expectations(microsystem))
    return render(
        request,
        "stakeholders/expectations.html",
        {
            "microsystem": microsystem,
            "groups": bundle.groups,
            "kind_labels": bundle.kind_labels,
            "has_expectations": bundle.has_expectations,
        },
    )


@section("stakeholders")
@require_http_methods(["GET"])
def download(request: HttpRequest, slug: str) -> HttpResponse:
    """?table=expectations (default: one row per expectation) or register (one per group)."""
    microsystem = get_microsystem_for_user(request.user, slug)
    table = request.GET.get("table", "expectations")
    if table not in DOWNLOAD_TABLES:
        return HttpResponseBadRequest(
            f"Ask for table {' or '.join(DOWNLOAD_TABLES)}.",
            content_type="text/plain; charset=utf-8",
        )
    if table == "register":
        headers, rows = reports.register_download(selectors.register_rows(microsystem))
        filename = f"{microsystem.slug}-stakeholders.csv"
    else:
        groups = selectors.groups_with_expectations(microsystem)
        headers, rows = reports.expectations_download(groups)
        filename = f"{microsystem.slug}-stakeholder-expectations.csv"
    return file_download(csv_bytes(headers, rows), filename)


# --- stakeholder groups: add, edit, delete --------------------------------------------------


def _stakeholder_form_page(
    request: HttpRequest, microsystem: Microsystem, stakeholder: Stakeholder | None
) -> HttpResponse:
    # Before validation, which writes the posted values onto `stakeholder`.
    title = (
        f"Edit stakeholder group: {stakeholder.name}" if stakeholder else "Add a stakeholder group"
    )
    data = request.POST if request.method == "POST" else None
    with edit_lock(request, stakeholder):
        form = StakeholderForm(data, instance=stakeholder, microsystem=microsystem)
        if data is not None and (earlier := redirect_if_already_saved(request, form)):
            return earlier
        if data is not None and form.is_valid():
            try:
                if stakeholder is None:
                    return create_once(
                        request,
                        form,
                        create=lambda: services.stakeholder_create(
                            microsystem=microsystem, data=form.stakeholder_data()
                        ),
                        url_of=lambda saved: reverse(
                            "stakeholders:list", kwargs={"slug": microsystem.slug}
                        ),
                        success_message=lambda saved: f"Saved stakeholder group “{saved.name}”.",
                    )
                else:
                    saved = services.stakeholder_update(
                        stakeholder=stakeholder, data=form.stakeholder_data()
                    )
            except ValidationError as error:
                # Only if the data changed between validation and saving.
                add_service_errors(form, error)
            else:
                messages.success(request, f"Saved stakeholder group “{saved.name}”.")
                return redirect("stakeholders:list", slug=microsystem.slug)
    return render(
        request,
        "stakeholders/form.html",
        {
            "microsystem": microsystem,
            "form": form,
            "title": title,
            "intro": (
                "A group with a stake in the unit. Score its power (how much it can shape "
                "the unit) and its interest (how much it cares what the unit does) from 1 to "
                "5; together they place it on the power/interest grid."
            ),
            "submit_label": "Save stakeholder group",
            "cancel_url": reverse("stakeholders:list", kwargs={"slug": microsystem.slug}),
        },
    )


@section("stakeholders")
@require_http_methods(["GET", "POST"])
def stakeholder_create(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    return _stakeholder_form_page(request, microsystem, None)


@section("stakeholders")
@require_http_methods(["GET", "POST"])
def stakeholder_edit(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    stakeholder = selectors.stakeholder_for_microsystem(microsystem, stakeholder_id)
    return _stakeholder_form_page(request, microsystem, stakeholder)


@section("stakeholders")
@require_http_methods(["GET", "POST"])
def stakeholder_delete(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    """Confirm, then delete with its expectations; refused while assessments keep its views."""
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    stakeholder = selectors.stakeholder_for_microsystem(microsystem, stakeholder_id)
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            services.stakeholder_delete(stakeholder=stakeholder)
        except services.StakeholderInUseError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Deleted stakeholder group “{stakeholder.name}”.")
        return redirect("stakeholders:list", slug=microsystem.slug)
    return render(
        request,
        "stakeholders/stakeholder_confirm_delete.html",
        {
            "microsystem": microsystem,
            "stakeholder": stakeholder,
            "expectations": list(stakeholder.expectations.all()),
            "refusal": extensions.delete_refusal(stakeholder),
        },
    )


# --- expectations: add, edit, delete ---------------------------------------------------------


def _bundle_url(microsystem: Microsystem, stakeholder: Stakeholder) -> str:
    url = reverse("stakeholders:expectations", kwargs={"slug": microsystem.slug})
    return f"{url}#group-{stakeholder.pk}"


def _expectation_form_page(
    request: HttpRequest,
    microsystem: Microsystem,
    stakeholder: Stakeholder,
    expectation: Expectation | None,
) -> HttpResponse:
    title = (
        f"Edit an expectation of {stakeholder.name}"
        if expectation
        else f"Add an expectation of {stakeholder.name}"
    )
    data = request.POST if request.method == "POST" else None
    with edit_lock(request, expectation):
        form = ExpectationForm(data, instance=expectation, stakeholder=stakeholder)
        if data is not None and (earlier := redirect_if_already_saved(request, form)):
            return earlier
        if data is not None and form.is_valid():
            try:
                if expectation is None:
                    return create_once(
                        request,
                        form,
                        create=lambda: services.expectation_create(
                            stakeholder=stakeholder, data=form.expectation_data()
                        ),
                        url_of=lambda saved: _bundle_url(microsystem, stakeholder),
                        success_message=lambda saved: (
                            f"Saved an expectation of “{stakeholder.name}”."
                        ),
                    )
                else:
                    services.expectation_update(
                        expectation=expectation, data=form.expectation_data()
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Saved an expectation of “{stakeholder.name}”.")
                return redirect(_bundle_url(microsystem, stakeholder))
    return render(
        request,
        "stakeholders/form.html",
        {
            "microsystem": microsystem,
            "form": form,
            "title": title,
            "intro": (
                "What this group expects of the unit, in their own words where you can: "
                "a benefit they want, a cost they want kept down, a standard the unit must "
                "meet, or a contact they would rather avoid."
            ),
            "submit_label": "Save expectation",
            "cancel_url": _bundle_url(microsystem, stakeholder),
        },
    )


@section("stakeholders")
@require_http_methods(["GET", "POST"])
def expectation_create(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    stakeholder = selectors.stakeholder_for_microsystem(microsystem, stakeholder_id)
    return _expectation_form_page(request, microsystem, stakeholder, None)


@section("stakeholders")
@require_http_methods(["GET", "POST"])
def expectation_edit(request: HttpRequest, slug: str, expectation_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    expectation = selectors.expectation_for_microsystem(microsystem, expectation_id)
    return _expectation_form_page(request, microsystem, expectation.stakeholder, expectation)


@section("stakeholders")
@require_http_methods(["GET", "POST"])
def expectation_delete(request: HttpRequest, slug: str, expectation_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    expectation = selectors.expectation_for_microsystem(microsystem, expectation_id)
    stakeholder = expectation.stakeholder
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        services.expectation_delete(expectation=expectation)
        messages.success(request, f"Deleted an expectation of “{stakeholder.name}”.")
        return redirect(_bundle_url(microsystem, stakeholder))
    return render(
        request,
        "stakeholders/expectation_confirm_delete.html",
        {
            "microsystem": microsystem,
            "expectation": expectation,
            "stakeholder": stakeholder,
            "cancel_url": _bundle_url(microsystem, stakeholder),
        },
    )
