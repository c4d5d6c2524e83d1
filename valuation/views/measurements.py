"""A microsystem's measurements: the overview, the grid, the upload and the download."""

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from microsystems.extensions import section
from microsystems.permissions import get_microsystem_for_user
from microsystems.report_cache import Reads, unit_report
from microsystems.views.period_data import (
    PeriodDataUpload,
    period_data_download,
    period_data_upload,
    render_period_grid,
)
from microsystems.views.run_charts import render_run_chart
from valuation.forms.measurements import MeasurementGridForm
from valuation.measurement_files import MEASUREMENTS
from valuation.reports.measurement_upload import MEASUREMENT_UPLOAD_WORDS
from valuation.reports.measurements import measurements_page, run_chart_target, with_html
from valuation.selectors.measurements import (
    measure_for_run_chart,
    measure_series,
    measurement_export_rows,
    measurement_grid_values,
    measurement_series,
    measurements_overview,
    measures_for_entry,
)
from valuation.services.measurements import (
    MeasurementImportError,
    measurement_grid_save,
    measurement_import,
)

MEASUREMENT_UPLOAD = PeriodDataUpload(
    spec=MEASUREMENTS,
    words=MEASUREMENT_UPLOAD_WORDS,
    import_file=measurement_import,
    refusal=MeasurementImportError,
    items=measures_for_entry,
    done_url_name="valuation:measurements",
    download_url_name="valuation:measurement_download",
)


# The page reads the unit's records and its measurements, not demand figures: a
# demand figure saved leaves it cached.
MEASUREMENTS_READS = Reads(figures=True, later_figures_only=True)


@section("measurements")
@require_GET
def measurements(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    page = unit_report(
        "measurements",
        microsystem,
        lambda: with_html(
            measurements_page(
                measurements_overview(microsystem),
                microsystem.period_granularity,
                measurement_series(microsystem),
            ),
            microsystem.slug,
        ),
        reads=MEASUREMENTS_READS,
    )
    return render(
        request,
        "valuation/measurements.html",
        {
            "microsystem": microsystem,
            "measures": page.measures,
            "recordable": page.recordable,
            "has_values": page.has_values,
            "rows_html": page.rows_html,
            "run_charts_html": page.run_charts_html,
        },
    )


@section("measurements")
@require_http_methods(["GET", "POST"])
def measurement_grid(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    return render_period_grid(
        request,
        microsystem=microsystem,
        form_class=MeasurementGridForm,
        items=lambda: measures_for_entry(microsystem),
        saved_values=lambda period_starts: measurement_grid_values(microsystem, period_starts),
        save=partial(measurement_grid_save, microsystem=microsystem, user=request.user),
        template_name="valuation/measurement_grid.html",
    )


@section("measurements")
@require_http_methods(["GET", "POST"])
def measurement_upload(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    return period_data_upload(request, microsystem=microsystem, upload=MEASUREMENT_UPLOAD)


@section("measurements")
@require_GET
def measurement_download(request: HttpRequest, slug: str) -> HttpResponse:
    """Every measurement as CSV (default) or XLSX; the file can be edited and uploaded again."""
    microsystem = get_microsystem_for_user(request.user, slug)
    return period_data_download(
        request,
        spec=MEASUREMENTS,
        microsystem=microsystem,
        rows=lambda: measurement_export_rows(microsystem),
    )


@section("measurements")
@require_GET
def measure_run_chart(request: HttpRequest, slug: str, measure_id: int) -> HttpResponse:
    """One measure's run chart, with its table, CSV and recalculation options."""
    microsystem = get_microsystem_for_user(request.user, slug)
    measure = measure_for_run_chart(microsystem, measure_id)
    if measure is None:
        raise Http404("This microsystem has no such measure.")
    return render_run_chart(
        request,
        microsystem=microsystem,
        series=measure_series(microsystem, measure.pk),
        title=measure.name,
        direction=measure.direction,
        target=run_chart_target(measure),
        unit=measure.unit,
        csv_name=f"{microsystem.slug}-{measure.code}-run-chart",
        template_name="valuation/measure_run_chart.html",
        context={"measure": measure},
    )
