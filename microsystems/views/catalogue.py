"""Demand types and staff roles: list, add, edit and delete (with a confirmation)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.concurrency import edit_lock
from core.forms import ConfirmForm
from microsystems.extensions import section
from microsystems.forms.catalogue import DemandTypeForm, StaffRoleForm
from microsystems.models import DemandType, Microsystem, StaffRole
from microsystems.permissions import get_microsystem_for_user
from microsystems.selectors.catalogue import demand_types_with_usage, staff_roles_with_capacity
from microsystems.services import catalogue as services
from microsystems.views.submissions import create_once, redirect_if_already_saved


@section("demand_types")
@require_http_methods(["GET"])
def demand_types(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    return render(
        request,
        "microsystems/demand_types.html",
        {"microsystem": microsystem, "demand_types": list(demand_types_with_usage(microsystem))},
    )


@section("staff")
@require_http_methods(["GET"])
def staff(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    roles, totals = staff_roles_with_capacity(microsystem)
    return render(
        request,
        "microsystems/staff.html",
        {"microsystem": microsystem, "roles": roles, "totals": totals},
    )


@dataclass(frozen=True)
class Catalogue:
    """What differs between the demand-type pages and the staff-role pages."""

    what: str
    model: type[DemandType] | type[StaffRole]
    form_class: type
    list_url_name: str
    delete_consequence: Callable[[DemandType | StaffRole], str]


def _recorded_periods(demand_type: DemandType) -> str:
    recorded = demand_type.observations.count()
    return (
        f"This also deletes its {recorded} recorded period{'s' if recorded != 1 else ''} "
        "of demand. This cannot be undone."
    )


DEMAND_TYPES = Catalogue(
    what="demand type",
    model=DemandType,
    form_class=DemandTypeForm,
    list_url_name="microsystems:demand_types",
    delete_consequence=_recorded_periods,
)
STAFF_ROLES = Catalogue(
    what="staff role",
    model=StaffRole,
    form_class=StaffRoleForm,
    list_url_name="microsystems:staff",
    delete_consequence=lambda role: (
        "The team's capacity will no longer include this role. This cannot be undone."
    ),
)


def _entry_of(microsystem: Microsystem, catalogue: Catalogue, entry_id: int):
    """Only entries of the microsystem the access helper returned: others are 404."""
    return get_object_or_404(catalogue.model.objects.filter(microsystem=microsystem), pk=entry_id)


def _edit_page(
    request: HttpRequest, slug: str, catalogue: Catalogue, entry_id: int | None
) -> HttpResponse:
    """Add (no `entry_id`) or edit one entry."""
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    entry = _entry_of(microsystem, catalogue, entry_id) if entry_id else None
    with edit_lock(request, entry):
        form = catalogue.form_class(
            request.POST if request.method == "POST" else None,
            instance=entry,
            microsystem=microsystem,
        )
        if request.method == "POST" and (earlier := redirect_if_already_saved(request, form)):
            return earlier
        if request.method == "POST" and form.is_valid() and entry is None:
            return create_once(
                request,
                form,
                create=lambda: services.catalogue_entry_save(
                    microsystem=microsystem, entry=catalogue.model(), **form.cleaned_data
                ),
                url_of=lambda saved: reverse(
                    catalogue.list_url_name, kwargs={"slug": microsystem.slug}
                ),
                success_message=lambda saved: f"Saved {catalogue.what} “{saved}”.",
            )
        if request.method == "POST" and form.is_valid():
            saved = services.catalogue_entry_save(
                microsystem=microsystem, entry=entry or catalogue.model(), **form.cleaned_data
            )
            messages.success(request, f"Saved {catalogue.what} “{saved}”.")
            return redirect(catalogue.list_url_name, slug=microsystem.slug)
    return render(
        request,
        "microsystems/form.html",
        {
            "form": form,
            "microsystem": microsystem,
            "title": f"Edit {catalogue.what}: {entry}" if entry else f"Add {catalogue.what}",
            "submit_label": f"Save {catalogue.what}",
            "cancel_url": reverse(catalogue.list_url_name, kwargs={"slug": microsystem.slug}),
        },
    )


def _delete_page(request: HttpRequest, slug: str, catalogue: Catalogue, entry_id: int):
    """Confirm, then delete; a refusal (in use) comes back as a message, nothing deleted."""
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    entry = _entry_of(microsystem, catalogue, entry_id)
    list_url = reverse(catalogue.list_url_name, kwargs={"slug": microsystem.slug})
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            services.catalogue_entry_delete(entry=entry)
        except services.InUseError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Deleted {catalogue.what} “{entry}”.")
        return redirect(list_url)
    return render(
        request,
        "microsystems/confirm.html",
        {
            "microsystem": microsystem,
            "title": f"Delete {catalogue.what} “{entry}”?",
            "explanation": catalogue.delete_consequence(entry),
            "submit_label": f"Delete {catalogue.what}",
            "danger": True,
            "cancel_url": list_url,
        },
    )


@section("demand_types")
@require_http_methods(["GET", "POST"])
def demand_type_edit(request: HttpRequest, slug: str, demand_type_id: int | None = None):
    return _edit_page(request, slug, DEMAND_TYPES, demand_type_id)


@section("demand_types")
@require_http_methods(["GET", "POST"])
def demand_type_delete(request: HttpRequest, slug: str, demand_type_id: int) -> HttpResponse:
    return _delete_page(request, slug, DEMAND_TYPES, demand_type_id)


@section("staff")
@require_http_methods(["GET", "POST"])
def staff_role_edit(request: HttpRequest, slug: str, staff_role_id: int | None = None):
    return _edit_page(request, slug, STAFF_ROLES, staff_role_id)


@section("staff")
@require_http_methods(["GET", "POST"])
def staff_role_delete(request: HttpRequest, slug: str, staff_role_id: int) -> HttpResponse:
    return _delete_page(request, slug, STAFF_ROLES, staff_role_id)
