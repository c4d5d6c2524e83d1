"""Demand types and staff roles: list, add, edit and delete (with a confirmation)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from microsystems.forms.catalogue import DemandTypeForm, StaffRoleForm
from microsystems.forms.profile import ConfirmForm
from microsystems.models import Microsystem
from microsystems.permissions import get_microsystem_for_user
from microsystems.selectors.catalogue import demand_types_with_usage, staff_roles_with_capacity
from microsystems.services import catalogue as services


@require_http_methods(["GET"])
def demand_types(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    return render(
        request,
        "microsystems/demand_types.html",
        {"microsystem": microsystem, "demand_types": list(demand_types_with_usage(microsystem))},
    )


@require_http_methods(["GET"])
def staff(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    roles, totals = staff_roles_with_capacity(microsystem)
    return render(
        request,
        "microsystems/staff.html",
        {"microsystem": microsystem, "roles": roles, "totals": totals},
    )


def _child_form_page(
    request: HttpRequest,
    microsystem: Microsystem,
    *,
    form_class,
    instance,
    save,
    what: str,
    list_url_name: str,
) -> HttpResponse:
    """The add/edit flow shared by demand types and staff roles."""
    form = form_class(request.POST or None, instance=instance, microsystem=microsystem)
    if request.method == "POST" and form.is_valid():
        saved = save(form.cleaned_data)
        messages.success(request, f"Saved {what} “{saved}”.")
        return redirect(list_url_name, slug=microsystem.slug)
    verb = "Edit" if instance else "Add"
    return render(
        request,
        "microsystems/form.html",
        {
            "form": form,
            "microsystem": microsystem,
            "title": f"{verb} {what}" + (f": {instance}" if instance else ""),
            "submit_label": f"Save {what}",
            "cancel_url": reverse(list_url_name, kwargs={"slug": microsystem.slug}),
        },
    )


def _child_delete_page(
    request: HttpRequest,
    microsystem: Microsystem,
    *,
    instance,
    delete,
    what: str,
    consequence: str,
    list_url_name: str,
) -> HttpResponse:
    """Confirm, then delete; a refusal (in use) comes back as a message, nothing deleted."""
    list_url = reverse(list_url_name, kwargs={"slug": microsystem.slug})
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            delete()
        except services.InUseError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Deleted {what} “{instance}”.")
        return redirect(list_url)
    return render(
        request,
        "microsystems/confirm.html",
        {
            "microsystem": microsystem,
            "title": f"Delete {what} “{instance}”?",
            "explanation": consequence,
            "submit_label": f"Delete {what}",
            "danger": True,
            "cancel_url": list_url,
        },
    )


@require_http_methods(["GET", "POST"])
def demand_type_edit(request: HttpRequest, slug: str, demand_type_id: int | None = None):
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    demand_type = (
        get_object_or_404(microsystem.demand_types, pk=demand_type_id) if demand_type_id else None
    )
    return _child_form_page(
        request,
        microsystem,
        form_class=DemandTypeForm,
        instance=demand_type,
        save=lambda data: services.demand_type_save(
            microsystem=microsystem, demand_type=demand_type, **data
        ),
        what="demand type",
        list_url_name="microsystems:demand_types",
    )


@require_http_methods(["GET", "POST"])
def demand_type_delete(request: HttpRequest, slug: str, demand_type_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    demand_type = get_object_or_404(microsystem.demand_types, pk=demand_type_id)
    recorded = demand_type.observations.count()
    return _child_delete_page(
        request,
        microsystem,
        instance=demand_type,
        delete=lambda: services.demand_type_delete(demand_type=demand_type),
        what="demand type",
        consequence=(
            f"This also deletes its {recorded} recorded period{'s' if recorded != 1 else ''} "
            "of demand. This cannot be undone."
        ),
        list_url_name="microsystems:demand_types",
    )


@require_http_methods(["GET", "POST"])
def staff_role_edit(request: HttpRequest, slug: str, staff_role_id: int | None = None):
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    staff_role = (
        get_object_or_404(microsystem.staff_roles, pk=staff_role_id) if staff_role_id else None
    )
    return _child_form_page(
        request,
        microsystem,
        form_class=StaffRoleForm,
        instance=staff_role,
        save=lambda data: services.staff_role_save(
            microsystem=microsystem, staff_role=staff_role, **data
        ),
        what="staff role",
        list_url_name="microsystems:staff",
    )


@require_http_methods(["GET", "POST"])
def staff_role_delete(request: HttpRequest, slug: str, staff_role_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    staff_role = get_object_or_404(microsystem.staff_roles, pk=staff_role_id)
    return _child_delete_page(
        request,
        microsystem,
        instance=staff_role,
        delete=lambda: services.staff_role_delete(staff_role=staff_role),
        what="staff role",
        consequence="The team's capacity will no longer include this role. This cannot be undone.",
        list_url_name="microsystems:staff",
    )
