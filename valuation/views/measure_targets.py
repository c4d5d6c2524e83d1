"""A unit's own targets: the list (everyone who sees the unit), set or change one and
remove one (its organisation's managers and admins)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.concurrency import edit_lock
from core.forms import ConfirmForm, add_service_errors
from microsystems.extensions import section
from microsystems.models import Microsystem
from microsystems.permissions import get_microsystem_for_user
from valuation.forms.measure_targets import MeasureTargetForm
from valuation.models import MeasureTarget
from valuation.reports.measure_targets import target_rows
from valuation.selectors.measure_targets import (
    measure_or_404,
    measures_with_unit_targets,
    unit_target,
)
from valuation.services.measure_targets import measure_target_remove, measure_target_set


def list_url(microsystem: Microsystem) -> str:
    return reverse("valuation:measure_targets", kwargs={"slug": microsystem.slug})


@section("measurements")
@require_GET
def measure_targets(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    access = microsystem.access
    return render(
        request,
        "valuation/measure_targets.html",
        {
            "microsystem": microsystem,
            "rows": target_rows(measures_with_unit_targets(microsystem)),
            "can_set": access.can_manage and not microsystem.is_archived,
        },
    )


@section("measurements")
@require_http_methods(["GET", "POST"])
def measure_target_edit(request: HttpRequest, slug: str, measure_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, manage=True)
    measure = measure_or_404(measure_id)
    existing = unit_target(microsystem, measure)
    with edit_lock(request, existing):
        form = MeasureTargetForm(
            request.POST if request.method == "POST" else None,
            instance=existing or MeasureTarget(),
            measure=measure,
            microsystem=microsystem,
        )
        if request.method == "POST" and form.is_valid():
            try:
                measure_target_set(
                    microsystem=microsystem,
                    measure=measure,
                    user=request.user,
                    **{name: form.cleaned_data[name] for name in ("baseline", "target", "reason")},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Saved {microsystem.name}'s own baseline and target for {measure.name}.",
                )
                return redirect(list_url(microsystem))
    return render(
        request,
        "valuation/measure_target_form.html",
        {
            "microsystem": microsystem,
            "measure": measure,
            "existing": existing,
            "form": form,
            "title": f"{microsystem.name}'s own target for “{measure.name}”",
            "submit_label": "Save its own target",
            "cancel_url": list_url(microsystem),
        },
    )


@section("measurements")
@require_http_methods(["GET", "POST"])
def measure_target_delete(request: HttpRequest, slug: str, measure_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, manage=True)
    measure = measure_or_404(measure_id)
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            measure_target_remove(microsystem=microsystem, measure=measure)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"{microsystem.name} now uses the organisation's default baseline and target "
                f"for {measure.name}.",
            )
        return redirect(list_url(microsystem))
    return render(
        request,
        "valuation/measure_target_confirm.html",
        {
            "microsystem": microsystem,
            "measure": measure,
            "existing": unit_target(microsystem, measure),
            "cancel_url": list_url(microsystem),
        },
    )
