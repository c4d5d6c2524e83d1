"""The data-entry grid page, shared by demand and measurements.

Not a page of its own: demand_entry.demand_grid and valuation's
measurement_grid call render_period_grid with their form, values and save.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from microsystems.forms.period_grid import (
    GRID_PERIODS,
    PeriodGridForm,
    grid_end,
    grid_end_refusal,
    grid_paging,
)
from microsystems.models import Microsystem
from microsystems.periods import recent_periods
from microsystems.services.period_entry import EntrySaveError, GridSaveResult


def render_period_grid(
    request: HttpRequest,
    *,
    microsystem: Microsystem,
    form_class: type[PeriodGridForm],
    items: Callable[[], list],
    saved_values: Callable[[list[date]], dict[tuple[int, date], Any]],
    save: Callable[..., GridSaveResult],
    template_name: str,
) -> HttpResponse:
    """GET shows the grid; POST saves the changed cells and redirects to the same page.

    `save(values=..., expected=...)` either saves or raises EntrySaveError, whose
    messages and conflicts are shown on the re-rendered grid.
    """
    granularity = microsystem.period_granularity
    today = timezone.localdate()
    end = grid_end(request.GET.get("end"), granularity, today)
    period_starts = recent_periods(granularity, GRID_PERIODS, ending=end)
    form = form_class(
        items=items(),
        period_starts=period_starts,
        granularity=granularity,
        saved=saved_values(period_starts),
        data=request.POST if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = save(values=form.changes, expected=form.expected)
        except EntrySaveError as refusal:
            form.add_conflicts(refusal.messages, refusal.conflicts)
        else:
            messages.success(request, result.summary)
            return redirect(request.get_full_path())
    return render(
        request,
        template_name,
        {
            "microsystem": microsystem,
            "form": form,
            "first_label": form.periods[0][1],
            "last_label": form.periods[-1][1],
            "end_refusal": grid_end_refusal(request.GET.get("end")),
            **grid_paging(end, granularity, today),
        },
    )
