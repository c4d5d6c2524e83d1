"""The unit dashboard: its page, its figures over time as CSV, and the same as JSON."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.downloads import file_download
from core.spreadsheets import csv_bytes
from microsystems.extensions import section
from microsystems.models import Microsystem
from microsystems.permissions import get_microsystem_for_user
from microsystems.report_cache import unit_report
from valuation.reports.dashboard import DashboardReport, dashboard_report
from valuation.selectors.dashboard import open_ideas


def _report(microsystem: Microsystem) -> DashboardReport:
    # The slug is in the report's links.
    return unit_report(
        "unit-dashboard", microsystem, lambda: dashboard_report(microsystem), microsystem.slug
    )


@section("dashboard")
@require_GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    # Ideas are read afresh: they are no input of the cached report.
    ideas, open_count = open_ideas(microsystem)
    return render(
        request,
        "valuation/dashboard.html",
        {
            "microsystem": microsystem,
            "report": _report(microsystem),
            "ideas": ideas,
            "open_ideas": open_count,
        },
    )


@section("dashboard")
@require_GET
def dashboard_download(request: HttpRequest, slug: str) -> HttpResponse:
    """The figures of each assessment over time, exact, as CSV."""
    microsystem = get_microsystem_for_user(request.user, slug)
    report = _report(microsystem)
    return file_download(
        csv_bytes(report.csv_headers, report.csv_rows), f"{microsystem.slug}-dashboard.csv"
    )


@section("dashboard")
@require_GET
def dashboard_json(request: HttpRequest, slug: str) -> JsonResponse:
    """The dashboard's figures, exact, for other tools; the same permissions as the page."""
    microsystem = get_microsystem_for_user(request.user, slug)
    ideas, open_count = open_ideas(microsystem)
    return JsonResponse(
        {
            "unit": {"slug": microsystem.slug, "name": microsystem.name},
            **_report(microsystem).numbers,
            "open_improvement_ideas": {
                "count": open_count,
                "latest": [
                    {"id": idea["id"], "title": idea["title"], "status": idea["status"]}
                    for idea in ideas
                ],
            },
        }
    )
