"""Value dimensions, for admins: list, add, rename, and retire or restore."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import ConfirmForm, add_service_errors
from microsystems.permissions import require_admin
from microsystems.views.submissions import create_once, redirect_if_already_saved
from valuation.forms.dimensions import DimensionCreateForm, DimensionForm
from valuation.selectors.dimensions import dimension_for_admin, dimensions_for_admin
from valuation.services.dimensions import dimension_create, dimension_set_active, dimension_update


@require_GET
def dimensions(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    return render(request, "valuation/dimensions.html", {"dimensions": dimensions_for_admin()})


@require_http_methods(["GET", "POST"])
def dimension_create_view(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    form = DimensionCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (earlier := redirect_if_already_saved(request, form)):
        return earlier
    if request.method == "POST" and form.is_valid():
        try:
            return create_once(
                request,
                form,
                create=lambda: dimension_create(**form.cleaned_data),
                url_of=lambda saved: reverse("valuation:dimensions"),
                success_message=lambda saved: f"Added the value dimension “{saved.name}”.",
            )
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "microsystems/form.html",
        {
            "form": form,
            "title": "Add a value dimension",
            "intro": "Stakeholders weigh and judge every active dimension in new assessments.",
            "submit_label": "Add dimension",
            "cancel_url": reverse("valuation:dimensions"),
        },
    )


@require_http_methods(["GET", "POST"])
def dimension_edit(request: HttpRequest, dimension_id: int) -> HttpResponse:
    require_admin(request.user)
    dimension = dimension_for_admin(dimension_id)
    title = f"Rename {dimension.name}"
    form = DimensionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "name": dimension.name,
            "description": dimension.description,
            "order": dimension.order,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = dimension_update(dimension=dimension, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved the value dimension “{saved.name}”.")
            return redirect("valuation:dimensions")
    return render(
        request,
        "microsystems/form.html",
        {
            "form": form,
            "title": title,
            "intro": "Past assessments show the new name too.",
            "submit_label": "Save",
            "cancel_url": reverse("valuation:dimensions"),
        },
    )


@require_http_methods(["GET", "POST"])
def dimension_retire(request: HttpRequest, dimension_id: int) -> HttpResponse:
    """Confirm, then retire an active dimension or restore a retired one."""
    require_admin(request.user)
    dimension = dimension_for_admin(dimension_id)
    retiring = dimension.active
    error = None
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            dimension_set_active(dimension=dimension, active=not retiring)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            done = "Retired" if retiring else "Restored"
            messages.success(request, f"{done} the value dimension “{dimension.name}”.")
            return redirect("valuation:dimensions")
    return render(
        request,
        "microsystems/confirm.html",
        {
            "title": f"{'Retire' if retiring else 'Restore'} {dimension.name}?",
            "explanation": (
                "Past assessments keep its weights and judgements, and still count them; new "
                "weights, judgements and measures can no longer use it."
                if retiring
                else "New weights, judgements and measures can use it again."
            ),
            "error": error,
            "submit_label": "Retire dimension" if retiring else "Restore dimension",
            "danger": retiring,
            "cancel_url": reverse("valuation:dimensions"),
        },
        status=400 if error else 200,
    )
