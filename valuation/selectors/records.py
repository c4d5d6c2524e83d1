"""Reads of approved assessments' frozen records, and what the approved pages show.

`account_source` is the one place an assessment page learns where its figures
come from: the current record of an approved assessment (decoded from JSON), or
today's data for a draft or a submitted one. The report code after it is the
same either way.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.http import Http404

from valuation.analysis.headline import contested_dimensions, demand_figures, per_month
from valuation.analysis.value_comparison import COLUMNS as COMPARISON_COLUMNS
from valuation.models import Assessment, AssessmentRecord
from valuation.records.codec import decode
from valuation.scoring.engine import AssessmentInputs, AssessmentResult, assess
from valuation.selectors.account import assessment_inputs
from valuation.selectors.perspectives import PerspectiveFrames, perspective_frames

# Not the JSON: the versions list reads only who and when.
RECORD_SUMMARY_FIELDS = (
    "id",
    "assessment_id",
    "version",
    "approved_at",
    "approved_by_name",
    "approval_comment",
    "frozen_at",
    "frozen_on_first_view",
    "superseded_at",
    "superseded_by_name",
    "reopen_reason",
)


@dataclass(frozen=True)
class AccountSource:
    """What the account page and its downloads are built from."""

    inputs: AssessmentInputs
    result: AssessmentResult
    voice_weights_rationale: str
    period_noun: str
    record: AssessmentRecord | None  # None: today's data (a draft or a submitted assessment)


def record_context(assessment: Assessment) -> dict:
    """The assessment's words and settings the pages show beside the figures."""
    return {
        "voice_weights_rationale": assessment.voice_weights_rationale,
        "period_noun": assessment.microsystem.period_noun,
        "period_label": assessment.period_label,
    }


def live_source(assessment: Assessment) -> AccountSource:
    inputs = assessment_inputs(assessment)
    return AccountSource(
        inputs=inputs,
        result=assess(inputs),
        voice_weights_rationale=assessment.voice_weights_rationale,
        period_noun=assessment.microsystem.period_noun,
        record=None,
    )


def frozen_source(record: AssessmentRecord) -> AccountSource:
    context = record.context
    return AccountSource(
        inputs=decode(record.inputs),
        result=decode(record.result),
        voice_weights_rationale=context["voice_weights_rationale"],
        period_noun=context["period_noun"],
        record=record,
    )


def current_record(assessment: Assessment) -> AssessmentRecord | None:
    """The approved assessment's current record, with its JSON (one query)."""
    return AssessmentRecord.objects.filter(
        assessment_id=assessment.pk, superseded_at__isnull=True
    ).first()


def record_version(assessment: Assessment, version: int) -> AssessmentRecord:
    """One version of the assessment's records, with its JSON; 404 if there is none."""
    record = AssessmentRecord.objects.filter(assessment_id=assessment.pk, version=version).first()
    if record is None:
        raise Http404(f"This assessment has no approved version {version}.")
    return record


def record_versions(assessment: Assessment) -> list[AssessmentRecord]:
    """Every version, newest first, without the JSON (one query)."""
    return list(
        AssessmentRecord.objects.filter(assessment_id=assessment.pk)
        .order_by("-version")
        .only(*RECORD_SUMMARY_FIELDS)
    )


def latest_superseded(assessment: Assessment) -> AssessmentRecord | None:
    """The last version a reopen superseded, without the JSON (one query)."""
    return (
        AssessmentRecord.objects.filter(assessment_id=assessment.pk, superseded_at__isnull=False)
        .order_by("-version")
        .only(*RECORD_SUMMARY_FIELDS)
        .first()
    )


def frozen_perspectives(record: AssessmentRecord) -> PerspectiveFrames:
    return decode(record.perspectives)


def perspectives_source(
    assessment: Assessment, record: AssessmentRecord | None
) -> PerspectiveFrames:
    return frozen_perspectives(record) if record is not None else perspective_frames(assessment)


def headline_figures(inputs: AssessmentInputs, result: AssessmentResult) -> dict:
    """The figures a record keeps as plain columns beside its JSON (see the model)."""
    demand = demand_figures(inputs.demand, inputs.granularity)
    contested = contested_dimensions(result.dimensions)
    return {
        "value_for_money": result.account.value_for_money,
        "overall_value": result.overall.value,
        "money_per_month": result.account.money_per_month,
        "disagreement": result.overall.disagreement,
        "contested_dimension_count": len(contested),
        "contested_dimension_names": contested,
        "failure_demand_share": demand.failure_share,
        "failure_cost_per_month": per_month(
            result.account.failure_cost_per_period, inputs.granularity
        ),
        "demand_per_month": demand.per_month,
    }


def organisation_value_for_money(organisation_id: int) -> pd.DataFrame:
    """Every approved assessment's value for money in the organisation (one query, no JSON).

    Only current records: a superseded one belongs to an assessment reopened since.
    """
    rows = (
        AssessmentRecord.objects.filter(
            superseded_at__isnull=True,
            assessment__status=Assessment.Status.APPROVED,
            assessment__microsystem__organisation_id=organisation_id,
        )
        .values_list(
            "assessment_id",
            "assessment__microsystem_id",
            "assessment__period_label",
            "assessment__start_date",
            "value_for_money",
        )
        .order_by("assessment__start_date", "assessment_id")
    )
    return pd.DataFrame(list(rows), columns=COMPARISON_COLUMNS)
