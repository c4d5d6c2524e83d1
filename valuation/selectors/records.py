"""Reads of approved assessments' frozen records, and what the approved pages show.

`account_source` is the one place an assessment page learns where its figures
come from: the current record of an approved assessment (decoded from JSON), or
today's data for a draft or a submitted one. The report code after it is the
same either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from core.prepared_queries import PreparedQuery
from valuation.analysis.headline import contested_dimensions, demand_figures, per_month
from valuation.models import Assessment, AssessmentRecord
from valuation.records.codec import decode
from valuation.scoring.engine import AssessmentInputs, AssessmentResult
from valuation.selectors.account import live_result
from valuation.selectors.assessments import VoiceShown, VoicesShown, live_voices
from valuation.selectors.judgements import JudgementsOverview, judgements_overview
from valuation.selectors.perspectives import PerspectiveFrames, perspective_frames
from valuation.selectors.weights import WeightsOverview, weights_overview

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
    inputs, result = live_result(assessment)
    return AccountSource(
        inputs=inputs,
        result=result,
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


def _latest_superseded(assessment_id: int):
    return (
        AssessmentRecord.objects.filter(assessment_id=assessment_id, superseded_at__isnull=False)
        .order_by("-version")
        .only(*RECORD_SUMMARY_FIELDS)[:1]
    )


# Every view of a draft's page runs it: compiled once per process.
latest_superseded_prepared = PreparedQuery(_latest_superseded, int)


def latest_superseded(assessment: Assessment) -> AssessmentRecord | None:
    """The last version a reopen superseded, without the JSON (one query)."""
    found = latest_superseded_prepared(assessment.pk)
    return found[0] if found else None


def frozen_perspectives(record: AssessmentRecord) -> PerspectiveFrames:
    return decode(record.perspectives)


def perspectives_source(
    assessment: Assessment, record: AssessmentRecord | None
) -> PerspectiveFrames:
    return frozen_perspectives(record) if record is not None else perspective_frames(assessment)


# ---------------------------------------------------------------- weights, judgements, voices


def pages_now(assessment: Assessment) -> dict:
    """What the weights, judgements and voices pages read today, for a record to keep."""
    return {
        "weights": weights_overview(assessment),
        "judgements": judgements_overview(assessment),
        "voices": live_voices(assessment),
    }


def _kept(record: AssessmentRecord, page: str):
    """The page's rows the record kept, or None for a record frozen before they were."""
    if not record.pages:
        return None
    return decode(record.pages).get(page)


def _stakeholders(inputs: AssessmentInputs) -> list[dict]:
    # Records frozen before `pages` did not keep the kind of each group.
    return [
        {"id": int(pk), "name": name, "kind": ""}
        for pk, name in inputs.stakeholders[["stakeholder_id", "name"]].itertuples(index=False)
    ]


def _dimensions(inputs: AssessmentInputs) -> list[dict]:
    ordered = inputs.dimensions.sort_values(["order", "name"], kind="stable")
    return [
        {"id": int(pk), "name": name, "active": bool(active)}
        for pk, name, active in ordered[["dimension_id", "name", "active"]].itertuples(index=False)
    ]


def frozen_weights(record: AssessmentRecord) -> WeightsOverview:
    """The weights as approved. From an older record: its engine inputs and the
    perspectives' methods, without the pairwise answers (so no consistency warning)."""
    kept = _kept(record, "weights")
    if kept is not None:
        return kept
    inputs: AssessmentInputs = decode(record.inputs)
    methods = frozen_perspectives(record).methods
    stakeholders = _stakeholders(inputs)
    return WeightsOverview(
        stakeholders=stakeholders,
        dimensions=_dimensions(inputs),
        headers=[
            {
                "id": None,
                "stakeholder_id": row["id"],
                "method": methods[row["name"]][0],
                "answers": [],
                "consistency_ratio": methods[row["name"]][1],
            }
            for row in stakeholders
            if row["name"] in methods
        ],
        weights={
            (int(stakeholder), int(dimension)): float(weight)
            for stakeholder, dimension, weight in inputs.weights[
                ["stakeholder_id", "dimension_id", "weight"]
            ].itertuples(index=False)
        },
    )


def frozen_judgements(record: AssessmentRecord) -> JudgementsOverview:
    """The judgements as approved. From an older record: the dimension judgements with
    their reasons (the perspectives' frame), without who recorded them, and without
    each stakeholder's judgements of activities (the engine kept only their means)."""
    kept = _kept(record, "judgements")
    if kept is not None:
        return kept
    inputs: AssessmentInputs = decode(record.inputs)
    stakeholders = _stakeholders(inputs)
    dimensions = _dimensions(inputs)
    stakeholder_id = {row["name"]: row["id"] for row in stakeholders}
    dimension_id = {row["name"]: row["id"] for row in dimensions}
    judgements = [
        {
            "stakeholder_id": stakeholder_id[stakeholder],
            "dimension_id": dimension_id[dimension],
            "activity_id": None,
            "score": int(score),
            "rationale": rationale,
            "activity_name": None,
            "first_name": None,
            "last_name": None,
            "username": None,
        }
        for stakeholder, dimension, score, rationale in frozen_perspectives(record)
        .judgements[["stakeholder", "dimension", "score", "rationale"]]
        .itertuples(index=False)
    ]
    return JudgementsOverview(stakeholders, dimensions, judgements, len(inputs.activities))


def frozen_voices(record: AssessmentRecord) -> VoicesShown:
    """The voices as approved. From an older record: its engine inputs, without who
    set them."""
    kept = _kept(record, "voices")
    if kept is not None:
        return kept
    inputs: AssessmentInputs = decode(record.inputs)
    stored = {
        int(pk): Decimal(str(weight))
        for pk, weight in inputs.voices[["stakeholder_id", "weight"]].itertuples(index=False)
    }
    stakeholders = _stakeholders(inputs)
    counted = {row["id"]: stored.get(row["id"], Decimal(0)) if stored else Decimal(1)
               for row in stakeholders}  # fmt: skip
    total = sum(counted.values(), Decimal(0))
    return VoicesShown(
        rows=[
            VoiceShown(
                name=row["name"],
                kind="",
                weight=counted[row["id"]],
                share=100 * counted[row["id"]] / total if total > 0 else None,
                unweighted=bool(stored) and row["id"] not in stored,
            )
            for row in stakeholders
        ],
        equal=not stored,
        set_by="",
        set_at=None,
        rationale=record.context.get("voice_weights_rationale", ""),
    )


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


def _approved_records_of_organisation(organisation_id: int):
    return (
        AssessmentRecord.objects.filter(
            superseded_at__isnull=True,
            assessment__status=Assessment.Status.APPROVED,
            assessment__microsystem__organisation_id=organisation_id,
        )
        .select_related("assessment")
        .only(
            "value_for_money",
            "assessment__id",
            "assessment__microsystem_id",
            "assessment__period_label",
            "assessment__start_date",
        )
        .order_by("assessment__start_date", "assessment_id")
    )


# Every view of the assessment page runs it: compiled once per process.
approved_records_of_organisation = PreparedQuery(_approved_records_of_organisation, int)


def organisation_value_for_money_rows(organisation_id: int) -> list[tuple]:
    """Every approved assessment's value for money in the organisation (one query, no JSON),
    as tuples of analysis.value_comparison.COLUMNS.

    Only current records: a superseded one belongs to an assessment reopened since.
    """
    return [
        (
            record.assessment_id,
            record.assessment.microsystem_id,
            record.assessment.period_label,
            record.assessment.start_date,
            record.value_for_money,
        )
        for record in approved_records_of_organisation(organisation_id)
    ]
