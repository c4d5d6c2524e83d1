"""The assessment page (the public value account) and its tables as CSV downloads."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.downloads import file_download
from core.spreadsheets import csv_bytes
from microsystems.extensions import section
from microsystems.report_cache import unit_report
from valuation.access import get_assessment_for_user
from valuation.reports.account import TABLES, assessment_report, download_table
from valuation.reports.timeline import timeline
from valuation.selectors.assessments import assessment_timeline


@section("assessments")
@require_http_methods(["GET"])
def assessment(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    microsystem = assessment.microsystem
    return render(
        request,
        "valuation/assessment.html",
        {
            "microsystem": microsystem,
            "assessment": assessment,
            "report": unit_report(
                "assessment",
                microsystem,
                lambda: assessment_report(assessment),
                assessment.pk,
                assessment.status,
            ),
            "can_change": microsystem.access.can_edit and assessment.is_draft,
            "timeline": timeline(assessment_timeline(assessment)),
        },
    )


@section("assessments")
@require_http_methods(["GET"])
def assessment_download(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    """?table= one of TABLES (default perspectives) as CSV; any other name is 404."""
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    name = request.GET.get("table", TABLES[0])
    if name not in TABLES:
        raise Http404(f"There is no table called {name!r}; try one of {', '.join(TABLES)}.")
    headers, rows = download_table(assessment, name)
    filename = f"{assessment.microsystem.slug}-assessment-{assessment.pk}-{name}.csv"
    return file_download(csv_bytes(headers, rows), filename)
