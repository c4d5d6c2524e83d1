"""Organisations: managers see theirs; admins create, rename and choose their managers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.forms import ConfirmForm, add_service_errors
from microsystems.forms.organisations import (
    ManagerAddForm,
    OrganisationCreateForm,
    OrganisationForm,
)
from microsystems.permissions import (
    get_organisation_for_user,
    is_admin,
    organisations_user_manages,
    require_admin,
)
from microsystems.services import organisations as services
from microsystems.views.submissions import create_once, redirect_if_already_saved


def _managers_url(organisation) -> str:
    return reverse("microsystems:organisation_managers", args=[organisation.slug])


@require_http_methods(["GET"])
def organisations(request: HttpRequest) -> HttpResponse:
    """The organisations whose people this user manages; 404 to those who manage none."""
    listed = list(organisations_user_manages(request.user).prefetch_related("managers"))
    if not listed and not is_admin(request.user):
        raise Http404("You manage no organisation.")
    return render(
        request,
        "microsystems/organisations.html",
        {"organisations": listed, "is_admin": is_admin(request.user)},
    )


@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    form = OrganisationCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (earlier := redirect_if_already_saved(request, form)):
        return earlier
    if request.method == "POST" and form.is_valid():
        try:
            return create_once(
                request,
                form,
                create=lambda: services.organisation_create(**form.cleaned_data),
                url_of=_managers_url,
                success_message=lambda organisation: f"Created “{organisation.name}”.",
            )
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "microsystems/form.html",
        {
            "form": form,
            "title": "New organisation",
            "submit_label": "Create organisation",
            "cancel_url": reverse("microsystems:organisations"),
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, org_slug: str) -> HttpResponse:
    require_admin(request.user)
    organisation = get_organisation_for_user(request.user, org_slug)
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        initial={"name": organisation.name, "description": organisation.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Organisation saved.")
            return redirect("microsystems:organisations")
    return render(
        request,
        "microsystems/form.html",
        {
            "form": form,
            "title": f"Rename {organisation.name}",
            "submit_label": "Save",
            "cancel_url": reverse("microsystems:organisations"),
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_managers(request: HttpRequest, org_slug: str) -> HttpResponse:
    require_admin(request.user)
    organisation = get_organisation_for_user(request.user, org_slug)
    form = ManagerAddForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_manager_add(
                organisation=organisation, user=form.cleaned_data["user"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Manager added.")
            return redirect(_managers_url(organisation))
    return render(
        request,
        "microsystems/organisation_managers.html",
        {
            "organisation": organisation,
            "managers": list(organisation.managers.order_by("last_name", "username")),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_manager_remove(
    request: HttpRequest, org_slug: str, manager_id: int
) -> HttpResponse:
    require_admin(request.user)
    organisation = get_organisation_for_user(request.user, org_slug)
    manager = organisation.managers.filter(pk=manager_id).first()
    if manager is None:
        raise Http404("Not a manager of this organisation.")
    name = manager.get_full_name() or manager.get_username()
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        services.organisation_manager_remove(organisation=organisation, user=manager)
        messages.success(request, f"{name} no longer manages {organisation.name}.")
        return redirect(_managers_url(organisation))
    return render(
        request,
        "microsystems/confirm.html",
        {
            "title": f"Remove {name} as manager of {organisation.name}?",
            "explanation": (
                f"{name} will no longer see the units of {organisation.name} unless they are "
                "on a unit's team."
            ),
            "submit_label": "Remove manager",
            "danger": True,
            "cancel_url": _managers_url(organisation),
        },
    )
