"""The pages every kind of period data shares: the data-entry grid, the upload and the download.

Not pages of their own: each kind's views (demand_entry, valuation's
measurements) load the microsystem through the access helper, declare their
section, and call render_period_grid with their form, values and save,
period_data_upload with their PeriodDataUpload, and period_data_download with
their spec and rows.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.downloads import DOWNLOAD_FORMATS, file_download
from microsystems.forms.period_grid import (
    GRID_PERIODS,
    PeriodGridForm,
    ShownGrid,
    grid_end,
    grid_end_refusal,
    grid_paging,
)
from microsystems.forms.period_upload import PeriodDataUploadForm
from microsystems.models import Microsystem
from microsystems.period_data.files import write_csv, write_xlsx
from microsystems.period_data.spec import PeriodDataSpec
from microsystems.periods import recent_periods
from microsystems.reports.period_upload import UploadWords, conflict_rows, more_conflicts
from microsystems.services.period_entry import EntrySaveError, GridSaveResult, ImportResult


def render_period_grid(
    request: HttpRequest,
    *,
    microsystem: Microsystem,
    form_class: type[PeriodGridForm],
    items: Callable[[], list],
    saved_values: Callable[[list[date]], dict[tuple[int, date], Any]],
    save: Callable[..., GridSaveResult],
    template_name: str,
    keep_shown: Callable[[date, Callable[[], ShownGrid]], ShownGrid] | None = None,
) -> HttpResponse:
    """GET shows the grid; POST saves the changed cells and redirects to the same page.

    `save(values=..., expected=...)` either saves or raises EntrySaveError, whose
    messages and conflicts are shown on the re-rendered grid. `keep_shown(end,
    compute)`: the grid a GET shows for the periods up to `end`, from the kind's
    report cache, `compute()` when it holds none.
    """
    granularity = microsystem.period_granularity
    today = timezone.localdate()
    end = grid_end(request.GET.get("end"), granularity, today)
    period_starts = recent_periods(granularity, GRID_PERIODS, ending=end)

    def grid_form() -> PeriodGridForm:
        return form_class(
            items=items(),
            period_starts=period_starts,
            granularity=granularity,
            saved=saved_values(period_starts),
            data=request.POST if request.method == "POST" else None,
        )

    if request.method != "POST" and keep_shown is not None:
        form = keep_shown(end, lambda: grid_form().shown())
    else:
        form = grid_form()
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


@dataclass(frozen=True)
class PeriodDataUpload:
    """What one kind's upload page needs besides its microsystem."""

    spec: PeriodDataSpec
    words: UploadWords
    # (microsystem=, uploaded_file=, replace=, user=) -> ImportResult, or raises `refusal`
    import_file: Callable[..., ImportResult]
    refusal: type[EntrySaveError]
    items: Callable[[Microsystem], list]  # the keys the microsystem records, for the help
    done_url_name: str  # where an import leads, and Cancel; takes the microsystem's slug
    download_url_name: str


def period_data_upload(
    request: HttpRequest, *, microsystem: Microsystem, upload: PeriodDataUpload
) -> HttpResponse:
    """GET shows the form and the file's format; POST imports the file and redirects, or
    shows why the file was refused (the service's messages, its conflicts, or the form's)."""
    spec, words = upload.spec, upload.words
    form_words = {"values": words.values, "key_noun": spec.key_noun}
    if request.method == "POST":
        form = PeriodDataUploadForm(request.POST, request.FILES, **form_words)
    else:
        form = PeriodDataUploadForm(**form_words)
    import_error = None
    done_url = reverse(upload.done_url_name, args=[microsystem.slug])
    if form.is_bound and form.is_valid():
        try:
            result = upload.import_file(
                microsystem=microsystem,
                uploaded_file=form.cleaned_data["file"],
                replace=form.cleaned_data["replace"],
                user=request.user,
            )
        except upload.refusal as error:
            import_error = error
        else:
            messages.success(request, result.summary)
            return redirect(done_url)
    granularity = microsystem.period_granularity
    conflicts = import_error.conflicts if import_error else []
    items = upload.items(microsystem)
    return render(
        request,
        "microsystems/period_data_upload.html",
        {
            "microsystem": microsystem,
            "spec": spec,
            "words": words,
            "form": form,
            "import_error": import_error,
            "conflicts": conflict_rows(spec, conflicts, granularity),
            "more_conflicts": more_conflicts(conflicts),
            "example": words.example(items, granularity, timezone.localdate()),
            "key_help": words.key_help(microsystem),
            "key_list": words.key_list(microsystem, items) if words.key_list else None,
            "done_url": done_url,
            "download_url": reverse(upload.download_url_name, args=[microsystem.slug]),
        },
    )
