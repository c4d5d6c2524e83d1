"""Stakeholders' judgements for one assessment: who judged what, and the two judgement forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.concurrency import edit_lock
from core.forms import add_service_errors
from microsystems.extensions import section
from microsystems.report_cache import unit_report, unit_report_if_cached
from valuation.access import get_assessment_for_user, refuse_unless_draft
from valuation.forms.judgements import ActivityJudgementsForm, DimensionJudgementsForm
from valuation.input_versions import reads_activity_judgements_of, reads_inputs_of
from valuation.models import Assessment
from valuation.reports.judgements import (
    JudgementsPage,
    activity_judgements_of,
    judgements_page_shown,
    with_score_rows_html,
)
from valuation.selectors.judgements import (
    activities_to_judge,
    dimensions_and_judgements,
    judgements_overview,
    judgements_overview_and_activities,
    stored_activity_judgements,
)
from valuation.selectors.records import frozen_judgements
from valuation.selectors.weights import active_dimensions, stakeholder_of
from valuation.services import judgements as services
from valuation.views.account import record_notice, shown_record, version_query
from valuation.views.assessments import assessment_page_url, stakeholders_url


def judgements_url(assessment: Assessment) -> str:
    return reverse(
        "valuation:judgements",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )


def _saved(count: int, stakeholder: str, what: str) -> str:
    """ "Saved the judgements of Tenants: 3 scores of dimensions."."""
    return (
        f"Saved the judgements of {stakeholder}: {count} score{'s' if count != 1 else ''} {what}."
    )


def _live_judgements_page(assessment: Assessment) -> JudgementsPage:
    """The page of an assessment's judgements as they stand, its judgements of
    activities (the costly part) cached apart, under their own version: a save of
    dimension judgements reads and words only those again.

    When that part is not cached, all the judgements are read in the one query
    as before, and the part is made from them (kept as tuples) and stored."""
    name, microsystem = "judgements-of-activities", assessment.microsystem
    reads = reads_activity_judgements_of(assessment)
    activities = unit_report_if_cached(name, microsystem, assessment.pk, reads=reads)
    if activities is not None:
        return judgements_page_shown(
            judgements_overview(assessment, of_activities=False), activities
        )
    overview, activity_rows = judgements_overview_and_activities(assessment)
    activities = unit_report(
        name,
        microsystem,
        lambda: activity_judgements_of(activity_rows, overview.dimensions),
        assessment.pk,
        reads=reads,
    )
    return judgements_page_shown(overview, activities)


@section("assessments")
@require_http_methods(["GET"])
def judgements(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    """An approved assessment's judgements as approved (its record), read-only;
    ?version= shows a superseded version's."""
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    microsystem = assessment.microsystem
    record = shown_record(request, assessment)
    return render(
        request,
        "valuation/judgements.html",
        {
            "microsystem": microsystem,
            "assessment": assessment,
            "record": record,
            "notice": record_notice(assessment, record),
            "version_query": version_query(request, record),
            "page": unit_report(
                "judgements",
                microsystem,
                lambda: with_score_rows_html(
                    judgements_page_shown(frozen_judgements(record))
                    if record is not None
                    else _live_judgements_page(assessment),
                    microsystem.slug,
                    assessment.pk,
                ),
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


def _judgement_form_page(
    request: HttpRequest,
    slug: str,
    assessment_id: int,
    stakeholder_id: int,
    *,
    build_form,
    replace,
    what: str,
    template: str,
    **context,
) -> HttpResponse:
    """The flow both judgement forms share: draft only, validate, replace in one
    transaction (the service's refusals shown on the form), then back to the list.

    `build_form(data, assessment, stakeholder)` makes the form; `replace` is the
    service that stores its judgements; `what` names them in the saved message.
    """
    assessment = get_assessment_for_user(request.user, slug, assessment_id, write=True)
    refusal = refuse_unless_draft(request, assessment)
    if refusal:
        return refusal
    stakeholder = stakeholder_of(assessment, stakeholder_id)
    data = request.POST if request.method == "POST" else None
    # Every save of an assessment's judgements locks the assessment (lock_draft), so
    # under this lock the stored judgements the form reads stay so until this save.
    with edit_lock(request, assessment):
        form = build_form(data, assessment, stakeholder)
        if form.is_bound and form.is_valid():
            try:
                saved = replace(
                    assessment=assessment,
                    stakeholder=stakeholder,
                    judgements=form.judgements(),
                    recorded_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _saved(len(saved), stakeholder.name, what))
                return redirect(judgements_url(assessment))
    return render(
        request,
        template,
        {
            "microsystem": assessment.microsystem,
            "assessment": assessment,
            "stakeholder": stakeholder,
            "form": form,
            "assessment_url": assessment_page_url(assessment),
            "judgements_url": judgements_url(assessment),
            **context,
        },
    )


def _dimension_judgements_form(data, assessment, stakeholder) -> DimensionJudgementsForm:
    dimensions, stored = dimensions_and_judgements(assessment, stakeholder)
    return DimensionJudgementsForm(
        data, dimensions=dimensions, stakeholder=stakeholder, stored=stored
    )


@section("assessments")
@require_http_methods(["GET", "POST"])
def judgements_edit(
    request: HttpRequest, slug: str, assessment_id: int, stakeholder_id: int
) -> HttpResponse:
    """All active dimensions at once: a score (empty = not judged) and a rationale each."""
    return _judgement_form_page(
        request,
        slug,
        assessment_id,
        stakeholder_id,
        build_form=_dimension_judgements_form,
        replace=services.dimension_judgements_replace,
        what="of dimensions",
        template="valuation/judgements_form.html",
    )


@section("assessments")
@require_http_methods(["GET", "POST"])
def activity_judgements_edit(
    request: HttpRequest, slug: str, assessment_id: int, stakeholder_id: int
) -> HttpResponse:
    """A grid: each activity's contribution per active dimension, one rationale per activity."""
    return _judgement_form_page(
        request,
        slug,
        assessment_id,
        stakeholder_id,
        build_form=lambda data, assessment, stakeholder: ActivityJudgementsForm(
            data,
            activities=activities_to_judge(assessment),
            dimensions=active_dimensions(),
            stakeholder=stakeholder,
            stored=stored_activity_judgements(assessment, stakeholder),
        ),
        replace=services.activity_judgements_replace,
        what="of activities' contributions",
        template="valuation/judgements_activities.html",
        activities_url=reverse("microsystems:activities", kwargs={"slug": slug}),
    )
