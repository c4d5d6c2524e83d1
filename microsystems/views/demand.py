"""The demand page: charts, tables and a plain-language summary for viewers."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.downloads import file_download
from microsystems.extensions import section
from microsystems.permissions import get_microsystem_for_user
from microsystems.report_cache import unit_report
from microsystems.reports.demand import TABLES, demand_page, table_csv


@section("demand")
@require_GET
def demand(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    page = unit_report(
        "demand",
        microsystem,
        lambda: demand_page(microsystem),
        operations_only=True,
        # Not while the forecast is being recomputed: the next view shows it.
        keep=lambda page: not page["report"].forecast_pending,
    )
    table = request.GET.get("table")
    if table is not None:
        # The numbers behind a chart, as CSV.
        report = page["report"]
        if table not in TABLES or not report.has_observations:
            raise Http404("No such table.")
        return file_download(table_csv(report, table), f"{microsystem.slug}-{table}.csv")
    return render(request, "microsystems/demand.html", {"microsystem": microsystem, **page})
