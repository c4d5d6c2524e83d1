"""The assessment page (the public value account) and its tables as CSV downloads;
an approved assessment's versions.

An approved assessment's pages are built from its frozen record
(selectors.records.frozen_source), a draft's or a submitted one's from today's
data (live_source); the report code is the same for both.
"""

from collections.abc import Callable
from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.downloads import file_download
from core.spreadsheets import csv_bytes
from microsystems.extensions import section
from microsystems.report_cache import unit_report
from valuation.access import get_assessment_for_user
from valuation.analysis.records import changes_since
from valuation.analysis.value_comparison import value_comparison
from valuation.input_versions import reads_inputs_of
from valuation.models import Assessment, AssessmentRecord
from valuation.records.codec import decode
from valuation.reports.account import (
    TABLES,
    AssessmentReport,
    assessment_report,
    download_table,
    value_report,
    with_account,
)
from valuation.reports.account_numbers import account_numbers
from valuation.reports.dashboard import draft_headline
from valuation.reports.records import (
    as_approved_sentence,
    changes_sentence,
    superseded_sentence,
    value_comparison_sentence,
)
from valuation.reports.timeline import timeline
from valuation.selectors.account import assessment_inputs, value_stage_reads
from valuation.selectors.assessments import assessment_timeline
from valuation.selectors.records import (
    AccountSource,
    current_record,
    frozen_source,
    latest_superseded,
    live_source,
    organisation_value_for_money_rows,
    record_version,
    record_versions,
)
from valuation.services.records import record_freeze_on_first_view


def approved_record(assessment: Assessment) -> AssessmentRecord | None:
    """The current record of an approved assessment; one approved before records were
    kept is frozen on this, its first view. None for a draft or a submitted one."""
    if assessment.status != Assessment.Status.APPROVED:
        return None
    return current_record(assessment) or record_freeze_on_first_view(assessment=assessment)


def shown_record(request: HttpRequest, assessment: Assessment) -> AssessmentRecord | None:
    """The record a page of the assessment shows: the version asked for by ?version=
    (a superseded one too), else the current record of an approved assessment; None:
    today's data. A version the assessment does not have is 404."""
    asked = request.GET.get("version")
    if asked is None:
        return approved_record(assessment)
    if not asked.isascii() or not asked.isdigit() or len(asked) > 9:
        raise Http404("Approved versions are numbered 1, 2, 3 and so on.")
    return record_version(assessment, int(asked))


def version_query(request: HttpRequest, record: AssessmentRecord | None) -> str:
    """What links between an assessment's pages add to stay on the version this page
    shows: "?version=2" on a page asked for a version, else ""."""
    asked = "version" in request.GET or "version" in request.resolver_match.kwargs
    if record is None or not asked:
        return ""
    return f"?version={record.version}"


def record_notice(assessment: Assessment, record: AssessmentRecord | None) -> dict:
    """As approved when and by whom, what today's data has changed since, and the
    reopen that superseded it; {} for today's data. The changes are counted once
    per data version (they read today's inputs)."""
    if record is None:
        return {}
    return {
        "as_approved": as_approved_sentence(record),
        "changes": unit_report(
            "assessment-changes-since-approval",
            assessment.microsystem,
            lambda: changes_sentence(
                changes_since(decode(record.inputs), assessment_inputs(assessment))
            ),
            assessment.pk,
            record.version,
        ),
        "superseded": superseded_sentence(record) if record.superseded_at else "",
    }


def account_source_of(assessment: Assessment, record: AssessmentRecord | None) -> AccountSource:
    """The approved version's record, or (None) today's data."""
    return frozen_source(record) if record is not None else live_source(assessment)


def account_source(assessment: Assessment) -> AccountSource:
    return account_source_of(assessment, approved_record(assessment))


def _render_account(
    request: HttpRequest,
    assessment: Assessment,
    record: AssessmentRecord | None,
    make_source: Callable[[], AccountSource],
    **extra,
) -> HttpResponse:
    """The account page of `record` (an approved version) or, with None, of today's data.

    The report, and the notice of what changed since approval, come from the cache
    while their inputs are unchanged: `make_source` (which runs the engine on
    today's data, or decodes the record) is only called on a miss.
    """
    microsystem = assessment.microsystem
    version = record.version if record is not None else 0
    download_url = extra.pop("download_url", "")
    notice = record_notice(assessment, record)
    return render(
        request,
        "valuation/assessment.html",
        {
            "microsystem": microsystem,
            "assessment": assessment,
            "record": record,
            "notice": notice,
            "report": unit_report(
                "assessment",
                microsystem,
                lambda: _report_of(assessment, record, make_source(), download_url),
                assessment.pk,
                assessment.status,
                version,
                download_url,
                reads=reads_inputs_of(assessment, figures=True),
            ),
            "can_change": microsystem.access.can_edit and assessment.is_draft,
            "can_reopen": (
                microsystem.access.can_manage
                and not microsystem.is_archived
                and assessment.status == Assessment.Status.APPROVED
            ),
            "timeline": timeline(assessment_timeline(assessment)),
            "version_query": version_query(request, record),
            # Outside the cached report: it changes whenever another unit of the
            # organisation is approved or reopened (one query, no JSON decoded).
            "value_comparison": value_comparison_sentence(
                value_comparison(
                    organisation_value_for_money_rows(microsystem.organisation_id),
                    assessment_id=assessment.pk,
                    microsystem_id=microsystem.pk,
                    start_date=assessment.start_date,
                )
            ),
            **extra,
        },
    )


# The page's sections that read nothing but the report and the assessment: rendered
# once with the report and kept with it, so that a repeat view does not walk their
# hundreds of template nodes again.
REPORT_SECTIONS = {
    "sensitivity": "valuation/_account_sensitivity.html",
    "computed": "valuation/_account_computed.html",
}
IN_SECTIONS_ONLY = frozenset(
    {"activities", "rankings_disclosed", "switching_disclosed", "measures", "measured_scores",
     "decomposition", "perspectives"}
)  # fmt: skip


def _with_sections(assessment: Assessment, report: AssessmentReport) -> AssessmentReport:
    microsystem = assessment.microsystem
    unit = {"slug": microsystem.slug, "assessment_id": assessment.pk}
    context = {
        "report": report,
        "assessment": assessment,
        "microsystem": microsystem,
        # As the page names them ({% url %} in valuation/assessment.html).
        "download_url": reverse("valuation:assessment_download", kwargs=unit),
        "judgements_url": reverse("valuation:judgements", kwargs=unit),
    }
    sections = {
        name: render_to_string(template, context) for name, template in REPORT_SECTIONS.items()
    }
    # The tables only the sections show are kept once, inside them.
    kept = {name: html for name, html in report.html.items() if name not in IN_SECTIONS_ONLY}
    return replace(report, html={**kept, **sections})


def _report_of(assessment, record, source: AccountSource, download_url: str):
    """The page's report, its sections rendered (REPORT_SECTIONS)."""
    return _with_sections(assessment, _figures_of(assessment, record, source, download_url))


def _figures_of(assessment, record, source: AccountSource, download_url: str):
    """The page's report; today's figures, once worked out, are also kept for the
    assessments list and the dashboard (reports.dashboard.draft_headline).

    Of today's, all but the account comes from the cache while what the engine's
    value stage reads is unchanged: after a demand figure saved only the costs
    are written again."""
    if record is not None:
        return assessment_report(assessment, source, download_url)
    draft_headline(assessment, source)
    report = unit_report(
        "assessment-value-report",
        assessment.microsystem,
        lambda: value_report(assessment, source, download_url),
        assessment.pk,
        assessment.status,
        download_url,
        assessment.start_date,
        assessment.end_date,
        source.inputs.judgement_share,
        reads=value_stage_reads(assessment),
    )
    return with_account(report, source)


@section("assessments")
@require_http_methods(["GET"])
def assessment(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    superseded = latest_superseded(assessment) if assessment.is_draft else None
    record = approved_record(assessment)
    return _render_account(
        request,
        assessment,
        record,
        lambda: frozen_source(record) if record is not None else live_source(assessment),
        superseded=superseded_sentence(superseded) if superseded else "",
    )


@section("assessments")
@require_http_methods(["GET"])
def assessment_json(request: HttpRequest, slug: str, assessment_id: int) -> JsonResponse:
    """The account's figures, exact, from the same source as the page."""
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    record = approved_record(assessment)
    numbers = unit_report(
        "assessment-numbers",
        assessment.microsystem,
        lambda: account_numbers(assessment, account_source_of(assessment, record), record),
        assessment.pk,
        assessment.status,
        record.version if record is not None else 0,
    )
    return JsonResponse(numbers)


def _csv(filename: str, headers: list[str], rows: list[list]) -> HttpResponse:
    return file_download(csv_bytes(headers, rows), filename)


def _table_name(request: HttpRequest) -> str:
    name = request.GET.get("table", TABLES[0])
    if name not in TABLES:
        raise Http404(f"There is no table called {name!r}; try one of {', '.join(TABLES)}.")
    return name


@section("assessments")
@require_http_methods(["GET"])
def assessment_download(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    """?table= one of TABLES (default perspectives) as CSV; any other name is 404."""
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    name = _table_name(request)
    headers, rows = download_table(account_source(assessment), name)
    return _csv(
        f"{assessment.microsystem.slug}-assessment-{assessment.pk}-{name}.csv", headers, rows
    )


# ---------------------------------------------------------------- approved versions


@section("assessments")
@require_http_methods(["GET"])
def assessment_versions(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    versions = record_versions(assessment)
    return render(
        request,
        "valuation/assessment_versions.html",
        {
            "microsystem": assessment.microsystem,
            "assessment": assessment,
            "versions": [
                {
                    "record": record,
                    "sentence": (
                        superseded_sentence(record)
                        if record.superseded_at
                        else as_approved_sentence(record)
                    ),
                }
                for record in versions
            ],
        },
    )


def _version_download_url(assessment: Assessment, version: int) -> str:
    return reverse(
        "valuation:assessment_version_download",
        kwargs={
            "slug": assessment.microsystem.slug,
            "assessment_id": assessment.pk,
            "version": version,
        },
    )


@section("assessments")
@require_http_methods(["GET"])
def assessment_version(
    request: HttpRequest, slug: str, assessment_id: int, version: int
) -> HttpResponse:
    """One approved version's page, as it was approved, whether current or superseded."""
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    record = record_version(assessment, version)
    return _render_account(
        request,
        assessment,
        record,
        lambda: frozen_source(record),
        superseded=superseded_sentence(record) if record.superseded_at else "",
        version_page=True,
        download_url=_version_download_url(assessment, version),
    )


@section("assessments")
@require_http_methods(["GET"])
def assessment_version_download(
    request: HttpRequest, slug: str, assessment_id: int, version: int
) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    name = _table_name(request)
    headers, rows = download_table(frozen_source(record_version(assessment, version)), name)
    filename = f"{assessment.microsystem.slug}-assessment-{assessment.pk}-v{version}-{name}.csv"
    return _csv(filename, headers, rows)
