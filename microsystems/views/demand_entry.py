"""Enter demand: the grid of volumes, file upload, and download in the same format."""

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods

from microsystems.demand_rows import DEMAND
from microsystems.extensions import section
from microsystems.forms.demand_entry import DemandGridForm
from microsystems.permissions import get_microsystem_for_user
from microsystems.report_cache import unit_report
from microsystems.reports.demand_upload import DEMAND_UPLOAD_WORDS
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
from microsystems.views.period_data import (
    PeriodDataUpload,
    period_data_download,
    period_data_upload,
    render_period_grid,
)

DEMAND_UPLOAD = PeriodDataUpload(
    spec=DEMAND,
    words=DEMAND_UPLOAD_WORDS,
    import_file=demand_import,
    refusal=DemandImportError,
    items=demand_types_for_entry,
    done_url_name="microsystems:demand_grid",
    download_url_name="microsystems:demand_download",
)


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
        save=partial(demand_grid_save, microsystem=microsystem, user=request.user),
        template_name="microsystems/demand_grid.html",
        # Its rows are demand types and its values demand figures: this app's records.
        keep_shown=lambda end, compute: unit_report(
            "demand-grid",
            microsystem,
            compute,
            microsystem.period_granularity,
            end.isoformat(),
            operations_only=True,
        ),
    )


@section("demand")
@require_http_methods(["GET", "POST"])
def demand_upload(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    return period_data_upload(request, microsystem=microsystem, upload=DEMAND_UPLOAD)


@section("demand")
@require_GET
def demand_download(request: HttpRequest, slug: str) -> HttpResponse:
    """Every observation as CSV (default) or XLSX; the file can be edited and uploaded again."""
    microsystem = get_microsystem_for_user(request.user, slug)
    return period_data_download(
        request,
        spec=DEMAND,
        microsystem=microsystem,
        rows=lambda: demand_export_rows(microsystem),
    )
