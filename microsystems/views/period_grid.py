"""The data-entry grid page and the exchange-file download, shared by every kind of period data.

Not pages of their own: demand_entry.demand_grid and valuation's
measurement_grid call render_period_grid with their form, values and save;
their download views call period_data_download with their spec and rows.
"""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone

from core.downloads import DOWNLOAD_FORMATS, file_download
from microsystems.forms.period_grid import (
    GRID_PERIODS,
    PeriodGridForm,
    grid_end,
    grid_end_refusal,
    grid_paging,
)
from microsystems.models import Microsystem
from microsystems.period_data.files import write_csv, write_xlsx
from microsystems.period_data.spec import PeriodDataSpec
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


def period_data_download(
    request: HttpRequest,
    *,
    spec: PeriodDataSpec,
    microsystem: Microsystem,
    rows: Callable[[], Iterable[tuple]],
) -> HttpResponse:
    """Every value as CSV (default) or XLSX (?format=), a file that can be edited and uploaded."""
    file_format = request.GET.get("format", "csv")
    if file_format not in DOWNLOAD_FORMATS:
        return HttpResponseBadRequest("Unknown format: use format=csv or format=xlsx.")
    write = write_csv if file_format == "csv" else write_xlsx
    return file_download(write(spec, rows()), f"{microsystem.slug}-{spec.kind}.{file_format}")
