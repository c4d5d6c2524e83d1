"""Stakeholders' dimension weights for one assessment: the overview, points and pairwise."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.concurrency import edit_lock
from core.forms import add_service_errors
from microsystems.extensions import section
from microsystems.report_cache import unit_report
from valuation.access import get_assessment_for_user, refuse_unless_draft
from valuation.analysis.weights import CONSISTENCY_LIMIT
from valuation.forms.weights import PairwiseForm, PointsForm
from valuation.input_versions import reads_inputs_of
from valuation.models import Assessment
from valuation.reports.weights import (
    consistency_warning,
    saved_weights,
    weights_page,
    with_rows_html,
)
from valuation.selectors.records import frozen_weights
from valuation.selectors.weights import (
    active_dimensions,
    stakeholder_of,
    stored_weights,
    weights_overview,
)
from valuation.services import weights as services
from valuation.views.account import record_notice, shown_record, version_query
from valuation.views.assessments import assessment_page_url, stakeholders_url


def weights_url(assessment: Assessment) -> str:
    return reverse(
        "valuation:weights",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )


@section("assessments")
@require_http_methods(["GET"])
def weights(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    """An approved assessment's weights as approved (its record), read-only; ?version=
    shows a superseded version's."""
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    microsystem = assessment.microsystem
    record = shown_record(request, assessment)
    return render(
        request,
        "valuation/weights.html",
        {
            "microsystem": microsystem,
            "assessment": assessment,
            "record": record,
            "notice": record_notice(assessment, record),
            "version_query": version_query(request, record),
            "page": unit_report(
                "weights",
                microsystem,
                lambda: with_rows_html(
                    weights_page(
                        frozen_weights(record)
                        if record is not None
                        else weights_overview(assessment)
                    ),
                    microsystem.slug,
                    assessment.pk,
                ),
                assessment.pk,
                assessment.status,
                record.version if record is not None else 0,
                reads=reads_inputs_of(assessment, figures=False),
            ),
            "can_change": microsystem.access.can_edit and assessment.is_draft and record is None,
            "consistency_limit": f"{CONSISTENCY_LIMIT:.2f}",
            "assessment_url": assessment_page_url(assessment),
            "stakeholders_url": stakeholders_url(microsystem),
        },
    )


def _saved_message(saved: services.SavedWeights, stakeholder_name: str) -> str:
    if saved.pairwise is None:
        return f"Saved the weights of {stakeholder_name} from their 100 points."
    ratio = saved.consistency_ratio
    verdict = (
        f"consistent enough ({CONSISTENCY_LIMIT:.2f} or below)"
        if ratio <= CONSISTENCY_LIMIT
        else f"above {CONSISTENCY_LIMIT:.2f}, see the warning"
    )
    return (
        f"Saved the weights of {stakeholder_name} from their pairwise comparisons. "
        f"Consistency ratio {ratio:.2f}: {verdict}."
    )


def _weights_form_page(
    request: HttpRequest,
    slug: str,
    assessment_id: int,
    stakeholder_id: int,
    *,
    form_class: type[PointsForm] | type[PairwiseForm],
    save: Callable,
    template: str,
) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, slug, assessment_id, write=True)
    refusal = refuse_unless_draft(request, assessment)
    if refusal:
        return refusal
    stakeholder = stakeholder_of(assessment, stakeholder_id)
    dimensions = active_dimensions()
    # Every save of an assessment's weights locks the assessment (lock_draft), so
    # under this lock the stored weights stay as read until this save is done.
    with edit_lock(request, assessment):
        stored = stored_weights(assessment, stakeholder)
        form = form_class(
            request.POST if request.method == "POST" else None,
            dimensions=dimensions,
            stakeholder=stakeholder,
            stored=stored,
        )
        if form.is_bound and form.is_valid():
            try:
                saved = save(
                    form, assessment=assessment, stakeholder=stakeholder, user=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _saved_message(saved, stakeholder.name))
                warning = (
                    consistency_warning(saved.pairwise, stakeholder=stakeholder.name)
                    if saved.pairwise
                    else ""
                )
                if warning:
                    messages.warning(request, warning)
                return redirect(weights_url(assessment))
    return render(
        request,
        template,
        {
            "microsystem": assessment.microsystem,
            "assessment": assessment,
            "stakeholder": stakeholder,
            "form": form,
            "assessment_url": assessment_page_url(assessment),
            "dimensions": dimensions,
            "stored": saved_weights(stored, dimensions, stakeholder.name),
            "consistency_limit": f"{CONSISTENCY_LIMIT:.2f}",
            "weights_url": weights_url(assessment),
        },
    )


def _save_points(form: PointsForm, *, assessment, stakeholder, user) -> services.SavedWeights:
    return services.weights_set_by_points(
        assessment=assessment, stakeholder=stakeholder, points=form.points(), recorded_by=user
    )


def _save_pairwise(form: PairwiseForm, *, assessment, stakeholder, user) -> services.SavedWeights:
    return services.weights_set_by_pairwise(
        assessment=assessment, stakeholder=stakeholder, answers=form.answers(), recorded_by=user
    )


@section("assessments")
@require_http_methods(["GET", "POST"])
def weights_points(
    request: HttpRequest, slug: str, assessment_id: int, stakeholder_id: int
) -> HttpResponse:
    return _weights_form_page(
        request,
        slug,
        assessment_id,
        stakeholder_id,
        form_class=PointsForm,
        save=_save_points,
        template="valuation/weights_points.html",
    )


@section("assessments")
@require_http_methods(["GET", "POST"])
def weights_pairwise(
    request: HttpRequest, slug: str, assessment_id: int, stakeholder_id: int
) -> HttpResponse:
    return _weights_form_page(
        request,
        slug,
        assessment_id,
        stakeholder_id,
        form_class=PairwiseForm,
        save=_save_pairwise,
        template="valuation/weights_pairwise.html",
    )
