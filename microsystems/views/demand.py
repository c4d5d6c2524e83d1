"""The demand page: charts, tables and a plain-language summary for viewers."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from microsystems.extensions import section
from microsystems.permissions import get_microsystem_for_user
from microsystems.report_cache import unit_report
from microsystems.reports.demand import TABLES, demand_report, table_csv


@section("demand")
@require_GET
def demand(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    report = unit_report("demand", microsystem, lambda: demand_report(microsystem))
    table = request.GET.get("table")
    if table is not None:
        # The numbers behind a chart, as CSV.
        if table not in TABLES or not report.has_observations:
            raise Http404("No such table.")
        response = HttpResponse(table_csv(report, table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{microsystem.slug}-{table}.csv"'
        return response
    return render(
        request,
        "microsystems/demand.html",
        {
            "microsystem": microsystem,
            "report": report,
            "demand_table": report.table_view("demand", "Demand by type and period"),
            "share_table": report.table_view("failure_share", "Failure demand by period"),
            "capacity_table": report.table_view(
                "capacity", "Staff hours needed against available, with forecast"
            ),
            "year_table": report.table_view(
                "year_on_year", "Last year against the year before, by demand type"
            ),
        },
    )
