"""Enter demand: the grid of volumes, file upload, and download in the same format."""

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.tabular_files import XLSX_CONTENT_TYPE
from microsystems.demand_rows import DEMAND
from microsystems.extensions import section
from microsystems.forms.demand_entry import (
    MAX_CONFLICTS_SHOWN,
    DemandGridForm,
    DemandUploadForm,
    conflict_rows,
    upload_example,
)
from microsystems.period_data.files import write_csv, write_xlsx
from microsystems.permissions import get_microsystem_for_user
from microsystems.selectors.demand_entry import (
    demand_export_rows,
    demand_grid_values,
    demand_types_for_entry,
)
from microsystems.services.demand_import import (
    DemandImportError,
    demand_grid_save,
    demand_import,
)
from microsystems.views.period_grid import render_period_grid

DOWNLOAD_FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_CONTENT_TYPE}


@section("demand")
@require_http_methods(["GET", "POST"])
def demand_grid(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    return render_period_grid(
        request,
        microsystem=microsystem,
        form_class=DemandGridForm,
        items=lambda: demand_types_for_entry(microsystem),
        saved_values=lambda period_starts: demand_grid_values(microsystem, period_starts),
        save=partial(demand_grid_save, microsystem=microsystem),
        template_name="microsystems/demand_grid.html",
    )


@section("demand")
@require_http_methods(["GET", "POST"])
def demand_upload(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    if request.method == "POST":
        form = DemandUploadForm(request.POST, request.FILES)
    else:
        form = DemandUploadForm()
    import_error = None
    if form.is_bound and form.is_valid():
        try:
            result = demand_import(
                microsystem=microsystem,
                uploaded_file=form.cleaned_data["file"],
                replace=form.cleaned_data["replace"],
            )
        except DemandImportError as error:
            import_error = error
        else:
            messages.success(request, result.summary)
            return redirect("microsystems:demand_grid", slug=microsystem.slug)
    granularity = microsystem.period_granularity
    conflicts = import_error.conflicts if import_error else []
    return render(
        request,
        "microsystems/demand_upload.html",
        {
            "microsystem": microsystem,
            "form": form,
            "import_error": import_error,
            "conflicts": conflict_rows(conflicts, granularity),
            "more_conflicts": max(0, len(conflicts) - MAX_CONFLICTS_SHOWN),
            "example": upload_example(
                demand_types_for_entry(microsystem), granularity, timezone.localdate()
            ),
        },
    )


@section("demand")
@require_GET
def demand_download(request: HttpRequest, slug: str) -> HttpResponse:
    """Every observation as CSV (default) or XLSX; the file can be edited and uploaded again."""
    microsystem = get_microsystem_for_user(request.user, slug)
    file_format = request.GET.get("format", "csv")
    if file_format not in DOWNLOAD_FORMATS:
        return HttpResponseBadRequest("Unknown format: use format=csv or format=xlsx.")
    rows = demand_export_rows(microsystem)
    body = write_csv(DEMAND, rows) if file_format == "csv" else write_xlsx(DEMAND, rows)
    response = HttpResponse(body, content_type=DOWNLOAD_FORMATS[file_format])
    filename = f"{microsystem.slug}-demand.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
