"""The scoring engine's one entry point: an assessment's inputs in, its account out.

Pure: plain DataFrames in (as the selector loads them, or as a test writes
them), plain DataFrames and small dataclasses out. No Django, no ORM. Nothing it
returns is NaN or infinite: what cannot be worked out is missing, with a reason.

The steps, each in its own module:
1. measures: roll each measure up over the period and score it 0..100 against
   the reference that applies (the unit's own, or the organisation's default);
   a measure with values for only some of the period's periods is unscored;
2. dimensions: the measured score of each dimension (mean of its measure scores);
3. perspectives: blend with each stakeholder's judgements, weigh into V_s, and
   combine by voice into the overall value and its disagreement;
4. account: costs (activities, via microsystems.analysis.costs) beside benefits,
   and value for money;
5. sensitivity: the activity ranking under each stakeholder's weights, and the
   switching value of each dimension that rests on judgement alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from microsystems.analysis import costs as cost_analysis
from microsystems.analysis.demand import PERIODS_PER_YEAR
from valuation.scoring import account as account_module
from valuation.scoring import dimensions as dimension_module
from valuation.scoring import measures as measure_module
from valuation.scoring import perspective_values as perspective_module
from valuation.scoring.account import Account
from valuation.scoring.common import finish, text_array
from valuation.scoring.perspective_values import Overall
from valuation.scoring.sensitivity import Sensitivity, sensitivity


@dataclass(frozen=True)
class AssessmentInputs:
    """Everything one assessment's account is computed from.

    Frames and their columns:
    - dimensions: dimension_id, name, order, active
    - measures: measure_id, code, name, dimension_id, unit, direction, baseline,
      target, rollup, side, active (those the microsystem uses; baseline and target
      are the organisation's defaults), and optionally unit_baseline, unit_target,
      unit_set_by, unit_reason: the microsystem's own reference, which applies
      instead where it is set
    - measurements: measure_id, period_start, value (the microsystem's)
    - stakeholders: stakeholder_id, name
    - weights: stakeholder_id, dimension_id, weight (DimensionWeight rows)
    - judgements: stakeholder_id, dimension_id, score (0..10, no activity)
    - activity_judgements: activity_id, dimension_id, judges, mean_score (0..10)
    - voices: stakeholder_id, weight (VoiceWeight rows; none = equal voices)
    - activities, efforts, staff_roles, activity_demand, demand: as
      microsystems.selectors.activities.activity_frames() loads them.
    """

    start_date: date
    end_date: date
    granularity: str  # the microsystem's period: week, month or quarter
    judgement_share: float
    dimensions: pd.DataFrame
    measures: pd.DataFrame
    measurements: pd.DataFrame
    stakeholders: pd.DataFrame
    weights: pd.DataFrame
    judgements: pd.DataFrame
    activity_judgements: pd.DataFrame
    voices: pd.DataFrame
    activities: pd.DataFrame
    efforts: pd.DataFrame
    staff_roles: pd.DataFrame
    activity_demand: pd.DataFrame
    demand: pd.DataFrame


@dataclass(frozen=True)
class AssessmentResult:
    judgement_share: float
    measures: pd.DataFrame  # measures.SCORED_COLUMNS
    dimensions: pd.DataFrame  # dimensions.SUMMARY_COLUMNS
    blend: pd.DataFrame  # perspectives.BLEND_COLUMNS: one row per stakeholder and dimension
    perspectives: pd.DataFrame  # perspectives.PERSPECTIVE_COLUMNS
    overall: Overall
    account: Account
    sensitivity: Sensitivity
    activity_costs: pd.DataFrame  # microsystems.analysis.costs.ACTIVITY_COST_COLUMNS
    has_measurements: bool  # any measurement in the period
    # Records approved before the engine returned note codes stored their
    # per-stakeholder sentences here; the page now reads the perspectives frame's
    # note codes. Kept so those records still decode.
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CostStage:
    """What the account takes from the unit's operations alone (activities, staff,
    demand): none of it depends on the assessment's weights, judgements or period,
    so a caller may keep it while those change (see `cost_stage`)."""

    activity_costs: pd.DataFrame  # microsystems.analysis.costs.ACTIVITY_COST_COLUMNS
    failure_cost_per_period: float


def activity_cost_stage(
    activities: pd.DataFrame, efforts: pd.DataFrame, staff_roles: pd.DataFrame, granularity: str
) -> pd.DataFrame:
    """Each activity's cost (microsystems.analysis.costs.ACTIVITY_COST_COLUMNS): what
    `cost_stage` starts from, and reads none of the demand."""
    return cost_analysis.activity_costs(
        activities, efforts, staff_roles, PERIODS_PER_YEAR[granularity]
    )


def cost_stage(
    activities: pd.DataFrame,
    efforts: pd.DataFrame,
    staff_roles: pd.DataFrame,
    activity_demand: pd.DataFrame,
    demand: pd.DataFrame,
    granularity: str,
    *,
    activity_costs: pd.DataFrame | None = None,
) -> CostStage:
    """The activities' costs and the cost of failure demand per period, from the
    frames of AssessmentInputs of the same names. `activity_costs`: the first,
    `activity_cost_stage` of the same frames, worked out before (as demand
    figures change, the activities' costs do not)."""
    costs = (
        activity_cost_stage(activities, efforts, staff_roles, granularity)
        if activity_costs is None
        else activity_costs
    )
    return unit_cost_stage(
        costs, cost_analysis.unit_costs(costs, activity_demand, demand), granularity
    )


def unit_cost_stage(
    activity_costs: pd.DataFrame, unit_costs: pd.DataFrame, granularity: str
) -> CostStage:
    """`cost_stage` from the activities' costs and their cost per unit of demand
    (microsystems.analysis.costs.unit_costs of them), worked out before."""
    failure = cost_analysis.failure_demand_cost(unit_costs, PERIODS_PER_YEAR[granularity])
    return CostStage(activity_costs, failure["failure_cost_per_period"])


def inputs_cost_stage(inputs: AssessmentInputs) -> CostStage:
    return cost_stage(
        inputs.activities,
        inputs.efforts,
        inputs.staff_roles,
        inputs.activity_demand,
        inputs.demand,
        inputs.granularity,
    )


@dataclass(frozen=True)
class MeasureStage:
    """The measures rolled up over the period and scored: they read only the
    measures, their measurements, the period and its granularity (no weight,
    judgement or demand), so a caller may keep them while those change (see
    `measure_stage`)."""

    scored: pd.DataFrame  # measures.SCORED_COLUMNS, before the dimension's name
    has_measurements: bool  # any measurement in the period


def measure_stage(
    measures: pd.DataFrame,
    measurements: pd.DataFrame,
    start_date: date,
    end_date: date,
    granularity: str,
) -> MeasureStage:
    """Step 1, from the frames and fields of AssessmentInputs of the same names."""
    in_range = measure_module.measurements_in_range(measurements, start_date, end_date)
    expected = measure_module.expected_periods(start_date, end_date, granularity)
    return MeasureStage(
        measure_module.score_measures(
            measure_module.roll_up(measures, in_range, expected, granularity)
        ),
        has_measurements=not in_range.empty,
    )


def inputs_measure_stage(inputs: AssessmentInputs) -> MeasureStage:
    return measure_stage(
        inputs.measures,
        inputs.measurements,
        inputs.start_date,
        inputs.end_date,
        inputs.granularity,
    )


@dataclass(frozen=True)
class ValueStage:
    """Everything of the account but its costs of demand (steps 1 to 3, and 5): it
    reads no demand figure, so a caller may keep it while they change (see
    `value_stage`)."""

    judgement_share: float
    measures: pd.DataFrame
    dimensions: pd.DataFrame
    blend: pd.DataFrame
    perspectives: pd.DataFrame
    overall: Overall
    sensitivity: Sensitivity
    activity_costs: pd.DataFrame  # finished, as AssessmentResult holds them
    has_measurements: bool


def value_stage(
    inputs: AssessmentInputs,
    activity_costs: pd.DataFrame,
    measured_stage: MeasureStage | None = None,
    ranking: Callable[..., Sensitivity] = sensitivity,
) -> ValueStage:
    """The value stage of `inputs`. `activity_costs`: `activity_cost_stage` of the
    inputs' activities, efforts and staff roles (CostStage.activity_costs);
    `measured_stage`: `inputs_measure_stage(inputs)` worked out before (the
    result is the same), else it is worked out here. `ranking`: `sensitivity`,
    or what gives the same of the same arguments (a caller's cache of it)."""
    if measured_stage is None:
        measured_stage = inputs_measure_stage(inputs)
    share = perspective_module.judgement_share(inputs.judgement_share)
    dimensions = dimension_module.dimensions_in_scope(
        inputs.dimensions, inputs.weights, inputs.judgements
    )
    scored = measured_stage.scored
    dimension_names = pd.Series(dimensions["name"].to_numpy(), index=dimensions["dimension_id"])
    # A measure of a dimension outside the assessment (retired, unused) has none.
    scored = scored.assign(dimension=text_array(scored["dimension_id"].map(dimension_names)))
    measured = dimension_module.measured_scores(dimensions, scored)

    grid = perspective_module.build_grid(
        inputs.stakeholders, measured, inputs.judgements, inputs.weights
    )
    blended, source = perspective_module.blend(grid, share)
    perspectives = perspective_module.perspective_values(grid, blended)
    voice = perspective_module.voices(grid.stakeholder_ids, inputs.voices)
    perspective_frame, overall = perspective_module.overall_value(grid, perspectives, voice)
    summary = dimension_module.dimension_summary(
        measured, blended, voice.weight, grid.judgement_frame()
    )
    ranking = ranking(
        activity_costs=activity_costs,
        activity_judgements=inputs.activity_judgements,
        weights=inputs.weights,
        stakeholders=inputs.stakeholders,
        voice=voice.by_stakeholder(grid.stakeholder_ids),
        dimensions=summary,
    )
    return ValueStage(
        judgement_share=share,
        measures=scored,
        dimensions=summary,
        blend=perspective_module.blend_frame(grid, blended, source, perspectives),
        perspectives=perspective_frame,
        overall=overall,
        sensitivity=ranking,
        activity_costs=finish(activity_costs),
        has_measurements=measured_stage.has_measurements,
    )


def assess(
    inputs: AssessmentInputs,
    costs: CostStage | None = None,
    value: ValueStage | None = None,
) -> AssessmentResult:
    """The account of `inputs`. `costs`: `inputs_cost_stage(inputs)` worked out
    before, `value`: `value_stage(inputs, costs.activity_costs)` worked out
    before (the result is the same), else each is worked out here."""
    if costs is None:
        costs = inputs_cost_stage(inputs)
    if value is None:
        value = value_stage(inputs, costs.activity_costs)
    account = account_module.public_value_account(
        activity_costs=costs.activity_costs,
        failure_cost_per_period=costs.failure_cost_per_period,
        scored_measures=value.measures,
        overall=value.overall.value,
        periods=account_module.periods_covered(
            inputs.start_date, inputs.end_date, inputs.granularity
        ),
        periods_per_year=PERIODS_PER_YEAR[inputs.granularity],
    )
    return AssessmentResult(
        judgement_share=value.judgement_share,
        measures=value.measures,
        dimensions=value.dimensions,
        blend=value.blend,
        perspectives=value.perspectives,
        overall=value.overall,
        account=account,
        sensitivity=value.sensitivity,
        activity_costs=value.activity_costs,
        has_measurements=value.has_measurements,
    )
