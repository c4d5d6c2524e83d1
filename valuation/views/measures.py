"""Measures, for admins: list, add, edit, and retire or restore (with a confirmation)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.concurrency import edit_lock
from core.forms import ConfirmForm, add_service_errors
from microsystems.permissions import require_admin
from microsystems.views.submissions import create_once, redirect_if_already_saved
from valuation.forms.measures import SHOW_CHOICES, MeasureForm
from valuation.models import Measure
from valuation.selectors.measures import SHOW_ALL, measure_for_admin, measures_for_admin
from valuation.services.measures import measure_create, measure_set_active, measure_update


@require_GET
def measures(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    show = request.GET.get("show", SHOW_ALL)
    if show not in SHOW_CHOICES:
        show = SHOW_ALL
    return render(
        request,
        "valuation/measures.html",
        {"measures": measures_for_admin(show), "show": show, "show_choices": SHOW_CHOICES},
    )


def _form_page(request: HttpRequest, measure: Measure | None) -> HttpResponse:
    # The title is fixed before validation copies posted values onto the measure.
    title = f"Edit measure: {measure.name}" if measure else "Add a measure"
    with edit_lock(request, measure):
        form = MeasureForm(
            request.POST if request.method == "POST" else None,
            instance=measure,
            measurement_count=measure.measurement_count if measure else 0,
        )
        if request.method == "POST" and (earlier := redirect_if_already_saved(request, form)):
            return earlier
        if request.method == "POST" and form.is_valid():
            arguments = {
                "data": form.measure_data(),
                "microsystems": form.cleaned_data["microsystems"],
            }
            try:
                if measure is None:
                    return create_once(
                        request,
                        form,
                        create=lambda: measure_create(**arguments),
                        url_of=lambda saved: reverse("valuation:measures"),
                        success_message=lambda saved: (
                            f"Saved measure “{saved.name}” ({saved.code})."
                        ),
                    )
                else:
                    saved = measure_update(measure=measure, **arguments)
            except ValidationError as error:
                # Only if another admin saved a clashing measure in between.
                add_service_errors(form, error)
            else:
                messages.success(request, f"Saved measure “{saved.name}” ({saved.code}).")
                return redirect("valuation:measures")
    return render(
        request,
        "valuation/measure_form.html",
        {"form": form, "measure": measure, "title": title},
    )


@require_http_methods(["GET", "POST"])
def measure_create_view(request: HttpRequest) -> HttpResponse:
    require_admin(request.user)
    return _form_page(request, None)


@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, measure_id: int) -> HttpResponse:
    require_admin(request.user)
    return _form_page(request, measure_for_admin(measure_id))


@require_http_methods(["GET", "POST"])
def measure_retire(request: HttpRequest, measure_id: int) -> HttpResponse:
    """Confirm, then retire an active measure or restore a retired one."""
    require_admin(request.user)
    measure = measure_for_admin(measure_id)
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        messages.success(request, measure_set_active(measure=measure, active=not measure.active))
        return redirect("valuation:measures")
    return render(
        request,
        "valuation/measure_confirm.html",
        {"measure": measure, "cancel_url": reverse("valuation:measures")},
    )
