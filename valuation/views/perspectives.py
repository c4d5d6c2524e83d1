"""The perspectives page of an assessment, and its tables as CSV downloads."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.downloads import file_download
from core.spreadsheets import csv_bytes
from microsystems.extensions import section
from microsystems.report_cache import unit_report
from valuation.access import get_assessment_for_user
from valuation.input_versions import reads_inputs_of
from valuation.reports.perspectives import TABLES, perspectives_report, perspectives_table
from valuation.selectors.records import perspectives_source
from valuation.views.account import record_notice, shown_record, version_query
from valuation.views.assessments import assessment_page_url, stakeholders_url


@section("assessments")
@require_http_methods(["GET"])
def perspectives(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    microsystem = assessment.microsystem
    record = shown_record(request, assessment)
    query = version_query(request, record)
    download_url = reverse(
        "valuation:perspectives_download",
        kwargs={"slug": microsystem.slug, "assessment_id": assessment.pk},
    )
    return render(
        request,
        "valuation/perspectives.html",
        {
            "microsystem": microsystem,
            "assessment": assessment,
            "record": record,
            "notice": record_notice(assessment, record),
            "version_query": query,
            # Ends in ? or &: the template adds table=...
            "download_url": f"{download_url}{query}&" if query else f"{download_url}?",
            # An approved assessment's perspectives as approved (its frozen record).
            "report": unit_report(
                "perspectives",
                microsystem,
                lambda: perspectives_report(perspectives_source(assessment, record)),
                assessment.pk,
                assessment.status,
                record.version if record is not None else 0,
                reads=reads_inputs_of(assessment, figures=False),
            ),
            "can_change": microsystem.access.can_edit and assessment.is_draft and record is None,
            "assessment_url": assessment_page_url(assessment),
            "stakeholders_url": stakeholders_url(microsystem),
        },
    )


@section("assessments")
@require_http_methods(["GET"])
def perspectives_download(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    """?table= one of TABLES (default judgements) as CSV; any other name is 404."""
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    name = request.GET.get("table", TABLES[0])
    if name not in TABLES:
        raise Http404(f"There is no table called {name!r}; try one of {', '.join(TABLES)}.")
    table = perspectives_table(
        perspectives_source(assessment, shown_record(request, assessment)), name
    )
    filename = f"{assessment.microsystem.slug}-{assessment.pk}-perspectives-{name}.csv"
    return file_download(csv_bytes(table.headers, table.rows), filename)
