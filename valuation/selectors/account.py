"""Reads for the assessment page: everything the scoring engine needs, as DataFrames.

Eight queries of our own plus the seven of the activities selector
(microsystems.selectors.activities.activity_frames, whose frames the cost
analysis takes), whatever the number of measures, measurements, stakeholders,
judgements or activities. Activity judgements arrive already averaged per
activity and dimension (one row each, not one per stakeholder). Money, scores and
weights leave as float, the unit the engine works in.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from django.db.models import Avg, Count, F, FloatField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim

from core.prepared_queries import PreparedRows
from microsystems.models import Microsystem
from microsystems.report_cache import Reads, unit_report, unit_report_if_cached
from microsystems.selectors.activities import (
    ActivityFrames,
    ActivityRecords,
    activity_frames,
    activity_records,
    demand_costs,
)
from stakeholders.models import Stakeholder
from valuation.input_versions import reads_activity_judgements_of, reads_inputs_of
from valuation.models import (
    Assessment,
    DimensionWeight,
    Judgement,
    Measure,
    Measurement,
    MeasureTarget,
    ValueDimension,
    VoiceWeight,
    used_by_condition,
)
from valuation.scoring.engine import (
    AssessmentInputs,
    AssessmentResult,
    CostStage,
    ValueStage,
    activity_cost_stage,
    assess,
    inputs_measure_stage,
    unit_cost_stage,
    value_stage,
)
from valuation.scoring.measures import MEASURE_COLUMNS, UNIT_REFERENCE_COLUMNS
from valuation.scoring.sensitivity import Sensitivity, sensitivity

DIMENSION_COLUMNS = ["dimension_id", "name", "order", "active"]
MEASUREMENT_COLUMNS = ["measure_id", "period_start", "value"]
STAKEHOLDER_COLUMNS = ["stakeholder_id", "name"]
WEIGHT_COLUMNS = ["stakeholder_id", "dimension_id", "weight"]
JUDGEMENT_COLUMNS = ["stakeholder_id", "dimension_id", "score"]
ACTIVITY_JUDGEMENT_COLUMNS = ["activity_id", "dimension_id", "judges", "mean_score"]
VOICE_COLUMNS = ["stakeholder_id", "weight"]


def _frame(rows: Iterable[tuple], columns: list[str], floats: tuple[str, ...] = ()):
    """`values_list()` rows as a frame with exactly `columns`, `floats` as float64 (None
    becomes NaN). Built column by column: DataFrame.from_records plus astype costs
    several times more for these small frames."""
    values = list(zip(*rows, strict=True)) or [()] * len(columns)
    return pd.DataFrame(
        {
            column: np.array(items, dtype="float64") if column in floats else list(items)
            for column, items in zip(columns, values, strict=True)
        }
    )


def _float(field: str) -> Cast:
    # Decimal columns leave the database as floats: building thousands of Decimal
    # objects only to turn them into floats costs more than the query.
    return Cast(F(field), FloatField())


def unit_reference_annotations(microsystem_id: int) -> dict:
    """The microsystem's own baseline, target, who set them and why, per measure (NULL
    where it has none): correlated subqueries, so they ride on the measures query."""
    own = MeasureTarget.objects.filter(measure_id=OuterRef("pk"), microsystem_id=microsystem_id)
    full_name = NullIf(
        Trim(Concat("set_by__first_name", Value(" "), "set_by__last_name")), Value("")
    )
    return {
        "unit_baseline": Subquery(own.values(value=_float("baseline"))[:1]),
        "unit_target": Subquery(own.values(value=_float("target"))[:1]),
        "unit_set_by": Subquery(own.values(name=Coalesce(full_name, "set_by__username"))[:1]),
        "unit_reason": Subquery(own.values("reason")[:1]),
    }


@dataclass(frozen=True)
class UnitFrames:
    """The engine's inputs that read the organisation's dimensions and measures, the
    unit's measure targets, measurements of the period and stakeholders: none of
    the assessment's weights, judgements or voices, nor demand or activities."""

    dimensions: pd.DataFrame
    measures: pd.DataFrame
    measurements: pd.DataFrame
    stakeholders: pd.DataFrame


@dataclass(frozen=True)
class OwnFrames:
    """The assessment's own inputs: its weights, judgements and voice weights."""

    weights: pd.DataFrame
    judgements: pd.DataFrame
    activity_judgements: pd.DataFrame
    voices: pd.DataFrame


@dataclass(frozen=True)
class OperationsPart:
    """The cost analysis's frames of the unit and the engine's cost stage of them:
    they read only the unit's operations (profile, demand, staff, activities)."""

    frames: ActivityFrames
    costs: CostStage


# The engine's reads, compiled once per process (core.prepared_queries): Django took
# longer to compile them than the database to run them, on every first view.
dimension_rows = PreparedRows(
    lambda: ValueDimension.objects.order_by().values_list("id", "name", "order", "active")
)


def _measurements_in_period(microsystem_id: int, start: date, end: date):
    return Measurement.objects.filter(
        microsystem_id=microsystem_id, period_start__gte=start, period_start__lte=end
    )


def _measure_rows(microsystem_id: int, start: date, end: date):
    # The measures this microsystem uses, and any it used in the period and no
    # longer does (history counts). The model's order: dimension, then name.
    # baseline and target are the organisation's defaults; unit_* the unit's own.
    in_period = _measurements_in_period(microsystem_id, start, end)
    return (
        Measure.objects.filter(
            used_by_condition(Microsystem(pk=microsystem_id))
            | Q(pk__in=in_period.values("measure_id"))
        )
        .annotate(**unit_reference_annotations(microsystem_id))
        .values_list(
            "id", "code", "name", "dimension_id", "unit", "direction", _float("baseline"),
            _float("target"), "rollup", "side", "active", *UNIT_REFERENCE_COLUMNS,
        )
    )  # fmt: skip


measure_rows = PreparedRows(_measure_rows, int, date, date)
measurement_rows = PreparedRows(
    lambda microsystem_id, start, end: (
        _measurements_in_period(microsystem_id, start, end)
        .order_by()
        .values_list("measure_id", "period_start", _float("value"))
    ),
    int,
    date,
    date,
)
stakeholder_rows = PreparedRows(
    lambda microsystem_id: (
        Stakeholder.objects.filter(microsystem_id=microsystem_id)
        .order_by("name", "pk")
        .values_list("id", "name")
    ),
    int,
)


def unit_frames(microsystem: Microsystem, start: date, end: date) -> UnitFrames:
    """Four queries: dimensions, measures, measurements of start..end, stakeholders."""
    dimensions = _frame(dimension_rows(), DIMENSION_COLUMNS)
    measures = _frame(
        measure_rows(microsystem.pk, start, end),
        [*MEASURE_COLUMNS, *UNIT_REFERENCE_COLUMNS],
        floats=("baseline", "target", "unit_baseline", "unit_target"),
    )
    measurements = _frame(
        measurement_rows(microsystem.pk, start, end), MEASUREMENT_COLUMNS, floats=("value",)
    )
    stakeholders = _frame(stakeholder_rows(microsystem.pk), STAKEHOLDER_COLUMNS)
    return UnitFrames(dimensions, measures, measurements, stakeholders)


activity_judgement_rows = PreparedRows(
    lambda assessment_id: (
        Judgement.objects.filter(assessment_id=assessment_id, activity__isnull=False)
        .order_by()
        .values("activity_id", "dimension_id")
        .annotate(judges=Count("*"), mean_score=Avg("score"))
        .values_list("activity_id", "dimension_id", "judges", "mean_score")
    ),
    int,
)


def activity_judgement_frame(assessment: Assessment) -> pd.DataFrame:
    """One query: the assessment's judgements of activities, averaged per activity and
    dimension."""
    return _frame(
        activity_judgement_rows(assessment.pk),
        ACTIVITY_JUDGEMENT_COLUMNS,
        floats=("mean_score",),
    )


weight_rows = PreparedRows(
    lambda assessment_id: (
        DimensionWeight.objects.filter(stakeholder_weight__assessment_id=assessment_id)
        .order_by()
        .values_list("stakeholder_weight__stakeholder_id", "dimension_id", _float("weight"))
    ),
    int,
)
dimension_judgement_rows = PreparedRows(
    lambda assessment_id: (
        Judgement.objects.filter(assessment_id=assessment_id, activity__isnull=True)
        .order_by()
        .values_list("stakeholder_id", "dimension_id", "score")
    ),
    int,
)
voice_weight_rows = PreparedRows(
    lambda assessment_id: (
        VoiceWeight.objects.filter(assessment_id=assessment_id)
        .order_by()
        .values_list("stakeholder_id", _float("weight"))
    ),
    int,
)


def own_frames(
    assessment: Assessment, activity_judgements: pd.DataFrame | None = None
) -> OwnFrames:
    """Four queries: the assessment's weights, judgements (of dimensions, and of
    activities averaged), voice weights; three when `activity_judgements` is
    activity_judgement_frame(assessment), read before."""
    weights = _frame(weight_rows(assessment.pk), WEIGHT_COLUMNS, floats=("weight",))
    judgements = _frame(
        dimension_judgement_rows(assessment.pk), JUDGEMENT_COLUMNS, floats=("score",)
    )
    if activity_judgements is None:
        activity_judgements = activity_judgement_frame(assessment)
    voices = _frame(voice_weight_rows(assessment.pk), VOICE_COLUMNS, floats=("weight",))
    return OwnFrames(weights, judgements, activity_judgements, voices)


@dataclass(frozen=True)
class ActivityRecordsPart:
    """The unit's activity records and the engine's costs of the activities: they
    read no demand figures."""

    records: ActivityRecords
    activity_costs: pd.DataFrame


def activity_records_part(microsystem: Microsystem) -> ActivityRecordsPart:
    records = activity_records(microsystem)
    return ActivityRecordsPart(
        records,
        activity_cost_stage(
            records.activities,
            records.efforts,
            records.staff_roles,
            microsystem.period_granularity,
        ),
    )


def operations_part(
    microsystem: Microsystem, records: ActivityRecordsPart | None = None
) -> OperationsPart:
    """`records`: activity_records_part(microsystem), read before. The demand part is
    the activities page's (demand_costs): its cost per unit of demand is what
    cost_stage works out from the same frames."""
    if records is None:
        records = activity_records_part(microsystem)
    demand = demand_costs(microsystem, records.records, records.activity_costs)
    return OperationsPart(
        demand.frames,
        unit_cost_stage(records.activity_costs, demand.unit_costs, demand.frames.granularity),
    )


# What the activity records read: the unit's records (and the configuration),
# no figures: a demand figure saved leaves them.
ACTIVITY_RECORDS_READ = Reads(figures=False)
ACTIVITY_RECORDS_REPORT = "assessment-activity-records"


def cached_activity_records(microsystem: Microsystem) -> ActivityRecords | None:
    """The unit's activity records as a not-approved assessment's figures last read them,
    while the unit's records are unchanged; None when none are cached."""
    part = unit_report_if_cached(ACTIVITY_RECORDS_REPORT, microsystem, reads=ACTIVITY_RECORDS_READ)
    return part.records if part is not None else None


def _cached_operations_part(microsystem: Microsystem) -> OperationsPart:
    """The operations part, its activity records (and their costs) from the cache
    while the unit's records are unchanged: after a demand figure saved, only the
    demand and its cost are worked out again."""
    return operations_part(
        microsystem,
        unit_report(
            ACTIVITY_RECORDS_REPORT,
            microsystem,
            lambda: activity_records_part(microsystem),
            reads=ACTIVITY_RECORDS_READ,
        ),
    )


def _inputs(
    assessment: Assessment, unit: UnitFrames, own: OwnFrames, frames: ActivityFrames
) -> AssessmentInputs:
    return AssessmentInputs(
        start_date=assessment.start_date,
        end_date=assessment.end_date,
        granularity=assessment.microsystem.period_granularity,
        judgement_share=float(assessment.judgement_share),
        dimensions=unit.dimensions,
        measures=unit.measures,
        measurements=unit.measurements,
        stakeholders=unit.stakeholders,
        weights=own.weights,
        judgements=own.judgements,
        activity_judgements=own.activity_judgements,
        voices=own.voices,
        activities=frames.activities,
        efforts=frames.efforts,
        staff_roles=frames.staff_roles,
        activity_demand=frames.activity_demand,
        demand=frames.demand,
    )


def assessment_inputs(assessment: Assessment) -> AssessmentInputs:
    """The engine's inputs for one assessment, loaded with a fixed number of queries."""
    microsystem = assessment.microsystem
    return _inputs(
        assessment,
        unit_frames(microsystem, assessment.start_date, assessment.end_date),
        own_frames(assessment),
        activity_frames(microsystem, capacity_gap=False),
    )


# What the unit's frames read (UnitFrames): the configuration and the unit's
# records are always in the key; of the figures, only measurements.
UNIT_FRAMES_READ = Reads(figures=True, later_figures_only=True)


def live_inputs(assessment: Assessment) -> tuple[AssessmentInputs, CostStage]:
    """As assessment_inputs, with the engine's cost stage of them; the parts that
    do not read the assessment's own inputs come from the cache while what they
    read is unchanged, so a judgement of dimensions or a weight saved rereads only
    the assessment's own frames (three queries; the judgements of activities are
    kept apart) and a demand figure saved leaves the unit's frames cached.

    The keys are those of the unit the access helper loaded, as for the page's
    report that calls this (microsystems/report_cache.py).
    """
    microsystem = assessment.microsystem
    start, end = assessment.start_date, assessment.end_date
    operations = unit_report(
        "assessment-operations-part",
        microsystem,
        lambda: _cached_operations_part(microsystem),
        operations_only=True,
    )
    unit = unit_report(
        "assessment-unit-frames",
        microsystem,
        lambda: unit_frames(microsystem, start, end),
        start,
        end,
        reads=UNIT_FRAMES_READ,
    )
    # Thousands of judgements of activities, averaged in the database: kept apart
    # from the other judgements, weights and voices, which a save of dimension
    # judgements or weights changes and leaves these as they were.
    activity_judgements = unit_report(
        "assessment-activity-judgements",
        microsystem,
        lambda: activity_judgement_frame(assessment),
        reads=reads_activity_judgements_of(assessment),
    )
    own = own_frames(assessment, activity_judgements)
    return _inputs(assessment, unit, own, operations.frames), operations.costs


# What the value stage reads (engine.ValueStage): the unit's records (its
# activities' costs among them), the measurements and the assessment's own
# inputs; no demand figure, so a demand figure saved leaves it cached.
def value_stage_reads(assessment: Assessment) -> Reads:
    return Reads(
        figures=True,
        later_figures_only=True,
        assessment_inputs=reads_inputs_of(assessment, figures=True).assessment_inputs,
    )


def live_value_stage(
    assessment: Assessment, inputs: AssessmentInputs, costs: CostStage
) -> ValueStage:
    """The engine's value stage of `inputs` (live_inputs(assessment)), from the cache
    while what it reads is unchanged; worked out, its measures come from the cache
    too while the unit's frames are unchanged (they read no judgement or weight)."""
    microsystem = assessment.microsystem
    start, end = assessment.start_date, assessment.end_date

    def worked_out() -> ValueStage:
        measured = unit_report(
            "assessment-measure-stage",
            microsystem,
            lambda: inputs_measure_stage(inputs),
            start,
            end,
            reads=UNIT_FRAMES_READ,
        )
        return value_stage(
            inputs,
            costs.activity_costs,
            measured,
            ranking=lambda **arguments: cached_sensitivity(assessment, arguments),
        )

    return unit_report(
        "assessment-value-stage",
        microsystem,
        worked_out,
        start,
        end,
        inputs.judgement_share,
        reads=value_stage_reads(assessment),
    )


def live_result(assessment: Assessment) -> tuple[AssessmentInputs, AssessmentResult]:
    """live_inputs(assessment) and the engine's account of them, its value stage from
    the cache while what that reads is unchanged: after a demand figure saved only the
    costs of demand are worked out again."""
    inputs, costs = live_inputs(assessment)
    return inputs, assess(inputs, costs, live_value_stage(assessment, inputs, costs))


def _fingerprint(arguments: dict) -> str:
    """What the ranking reads of its small arguments, as a digest: a judgement of a
    dimension saved changes none of it unless it changes which dimensions rest on
    judgement alone."""
    weights, voice = arguments["weights"], arguments["voice"]
    dimensions, stakeholders = arguments["dimensions"], arguments["stakeholders"]
    read = (
        [str(column) for column in weights.columns],
        [weights[column].tolist() for column in weights.columns],
        voice.index.tolist(),
        voice.tolist(),
        [dimensions[column].tolist() for column in ("dimension_id", "name")],
        dimensions["rests_on_judgement"].astype(bool).tolist(),
        [stakeholders[column].tolist() for column in ("stakeholder_id", "name")],
    )
    return hashlib.blake2b(repr(read).encode(), digest_size=16).hexdigest()


def cached_sensitivity(assessment: Assessment, arguments: dict) -> Sensitivity:
    """engine.sensitivity(**arguments) from the cache while what it reads is unchanged:
    the unit's records (the activities' costs, the stakeholders), the judgements of
    activities (their own version), and the weights, voices and dimensions named by
    their digest, so that a judgement of a dimension saved leaves it cached."""
    return unit_report(
        "assessment-sensitivity",
        assessment.microsystem,
        lambda: sensitivity(**arguments),
        _fingerprint(arguments),
        reads=reads_activity_judgements_of(assessment),
    )
