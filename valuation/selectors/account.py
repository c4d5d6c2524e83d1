"""Reads for the assessment page: everything the scoring engine needs, as DataFrames.

Eight queries of our own plus the seven of the activities selector
(microsystems.selectors.activities.activity_frames, whose frames the cost
analysis takes), whatever the number of measures, measurements, stakeholders,
judgements or activities. Activity judgements arrive already averaged per
activity and dimension (one row each, not one per stakeholder). Money, scores and
weights leave as float, the unit the engine works in.
"""

from collections.abc import Iterable

import numpy as np
import pandas as pd
from django.db.models import Avg, Count, F, FloatField, Q
from django.db.models.functions import Cast

from microsystems.selectors.activities import activity_frames
from stakeholders.models import Stakeholder
from valuation.models import (
    Assessment,
    DimensionWeight,
    Judgement,
    Measure,
    Measurement,
    ValueDimension,
    VoiceWeight,
    used_by_condition,
)
from valuation.scoring.engine import AssessmentInputs
from valuation.scoring.measures import MEASURE_COLUMNS

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


def assessment_inputs(assessment: Assessment) -> AssessmentInputs:
    """The engine's inputs for one assessment, loaded with a fixed number of queries."""
    microsystem = assessment.microsystem
    start, end = assessment.start_date, assessment.end_date
    in_period = Measurement.objects.filter(
        microsystem_id=microsystem.pk, period_start__gte=start, period_start__lte=end
    )
    dimensions = _frame(
        ValueDimension.objects.order_by().values_list("id", "name", "order", "active"),
        DIMENSION_COLUMNS,
    )
    # The measures this microsystem uses, and any it used in the period and no
    # longer does (history counts). The model's order: dimension, then name.
    measures = _frame(
        Measure.objects.filter(
            used_by_condition(microsystem) | Q(pk__in=in_period.values("measure_id"))
        ).values_list(
            "id", "code", "name", "dimension_id", "unit", "direction", _float("baseline"),
            _float("target"), "rollup", "side", "active",
        ),
        MEASURE_COLUMNS,
        floats=("baseline", "target"),
    )  # fmt: skip
    measurements = _frame(
        in_period.order_by().values_list("measure_id", "period_start", _float("value")),
        MEASUREMENT_COLUMNS,
        floats=("value",),
    )
    stakeholders = _frame(
        Stakeholder.objects.filter(microsystem_id=microsystem.pk)
        .order_by("name", "pk")
        .values_list("id", "name"),
        STAKEHOLDER_COLUMNS,
    )
    weights = _frame(
        DimensionWeight.objects.filter(stakeholder_weight__assessment_id=assessment.pk)
        .order_by()
        .values_list("stakeholder_weight__stakeholder_id", "dimension_id", _float("weight")),
        WEIGHT_COLUMNS,
        floats=("weight",),
    )
    judgements = _frame(
        Judgement.objects.filter(assessment_id=assessment.pk, activity__isnull=True)
        .order_by()
        .values_list("stakeholder_id", "dimension_id", "score"),
        JUDGEMENT_COLUMNS,
        floats=("score",),
    )
    activity_judgements = _frame(
        Judgement.objects.filter(assessment_id=assessment.pk, activity__isnull=False)
        .order_by()
        .values("activity_id", "dimension_id")
        .annotate(judges=Count("id"), mean_score=Avg("score"))
        .values_list("activity_id", "dimension_id", "judges", "mean_score"),
        ACTIVITY_JUDGEMENT_COLUMNS,
        floats=("mean_score",),
    )
    voices = _frame(
        VoiceWeight.objects.filter(assessment_id=assessment.pk)
        .order_by()
        .values_list("stakeholder_id", _float("weight")),
        VOICE_COLUMNS,
        floats=("weight",),
    )
    frames = activity_frames(microsystem)
    return AssessmentInputs(
        start_date=start,
        end_date=end,
        granularity=microsystem.period_granularity,
        judgement_share=float(assessment.judgement_share),
        dimensions=dimensions,
        measures=measures,
        measurements=measurements,
        stakeholders=stakeholders,
        weights=weights,
        judgements=judgements,
        activity_judgements=activity_judgements,
        voices=voices,
        activities=frames.activities,
        efforts=frames.efforts,
        staff_roles=frames.staff_roles,
        activity_demand=frames.activity_demand,
        demand=frames.demand,
    )
