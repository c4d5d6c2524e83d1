"""Record how much a stakeholder values each dimension, for one draft assessment.

Weights are entered as 100 points or as pairwise comparisons and stored as
DimensionWeight rows of 6 decimal places that sum to exactly 1, with the method
and the raw answers kept on the StakeholderWeight. Saving replaces the
stakeholder's previous weights in one transaction, after lock_draft: nothing
changes once the assessment is submitted.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core.history import delete_with_history
from microsystems.data_versions import bumps_once
from stakeholders.models import Stakeholder
from valuation.analysis import weights as refusals
from valuation.analysis.weights import (
    POINTS_TOTAL,
    PairwiseResult,
    WeightsRefusal,
    ahp,
    normalise_points,
    rounded_weights,
    scale_value,
)
from valuation.input_versions import assessment_inputs_changed
from valuation.models import Assessment, DimensionWeight, StakeholderWeight, ValueDimension
from valuation.services.drafts import lock_draft

STAKEHOLDER_NOT_HERE = "{stakeholder} is a stakeholder of another microsystem."
DIMENSION_RETIRED = "{dimension} is retired, so it takes no new weights or judgements."
NO_ACTIVE_DIMENSIONS = "There are no active value dimensions to weigh. An admin can add them."
POINTS_NOT_WHOLE = "Points are whole numbers: {dimension} has {points}."
POINTS_MISSING = "Give every active dimension its points, even 0: {dimensions} has none."
TOO_FEW_FOR_PAIRWISE = (
    "Pairwise comparison needs at least two active dimensions; allocate points instead."
)

# valuation.analysis.weights's refusals (WeightsRefusal codes) in words; {names} are
# the data each carries.
POINTS_TOTAL_MESSAGE = (
    "The points add up to {total}, not 100. {advice} so that they add up to exactly 100."
)
REFUSAL_WORDS = {
    refusals.POINTS_MISSING: "Give every dimension some points, even 0 (missing: {missing}).",
    refusals.POINTS_NEGATIVE: "Points cannot be negative ({item}: {points}).",
    refusals.OFF_SCALE: (
        "{value} is not on the scale: an answer is 1 (equally), a whole number from 2 to 9 "
        "(the first matters more) or its reciprocal 1/2 to 1/9 (the second matters more)."
    ),
    refusals.ITEM_REPEATED: "Each dimension may appear only once.",
    refusals.ITEM_UNKNOWN: "{item} is not one of the dimensions being compared.",
    refusals.SELF_COMPARED: "{item} cannot be compared with itself.",
    refusals.COMPARED_TWICE: "{first} and {second} are compared more than once.",
    refusals.PAIR_UNANSWERED: "Compare {first} with {second}{more}: every pair needs an answer.",
    refusals.TOO_MANY_ITEMS: (
        "Pairwise comparison works for up to {limit} dimensions; allocate points instead."
    ),
    refusals.NOTHING_TO_COMPARE: "There is nothing to compare.",
    refusals.NO_WEIGHT: "At least one dimension needs some weight.",
}


def _points_text(value: float) -> str:
    return f"{value:g}" if float(value) != int(value) else str(int(value))


def points_total_message(total: float) -> str:
    """'The points add up to 90, not 100. Add 10 more ...' (used by the form too)."""
    difference = POINTS_TOTAL - total
    if difference > 0:
        advice = f"Add {_points_text(difference)} more"
    else:
        advice = f"Take {_points_text(-difference)} off"
    return POINTS_TOTAL_MESSAGE.format(total=_points_text(total), advice=advice)


def refusal_message(refusal: WeightsRefusal) -> str:
    """Why points or answers cannot become weights, in words a person can act on."""
    data = dict(refusal.data)
    if refusal.code == refusals.POINTS_OFF_TOTAL:
        return points_total_message(data["total"])
    if refusal.code == refusals.POINTS_NEGATIVE:
        data["points"] = _points_text(data["points"])
    if refusal.code == refusals.PAIR_UNANSWERED:
        more = data["more"]
        data["more"] = f" (and {more} more)" if more else ""
    return REFUSAL_WORDS[refusal.code].format(**data)


@dataclass(frozen=True)
class SavedWeights:
    """What was saved, and for pairwise answers their consistency (the report words any
    warning: valuation.reports.weights.consistency_warning)."""

    stakeholder_weight: StakeholderWeight
    weights: dict[ValueDimension, float]
    pairwise: PairwiseResult | None = None

    @property
    def consistency_ratio(self) -> float | None:
        return self.pairwise.consistency_ratio if self.pairwise else None


def check_stakeholder(assessment: Assessment, stakeholder: Stakeholder) -> None:
    """Only the assessed microsystem's own stakeholders may weigh or judge it."""
    if stakeholder.microsystem_id != assessment.microsystem_id:
        raise ValidationError(STAKEHOLDER_NOT_HERE.format(stakeholder=stakeholder))


def check_active(dimensions: Iterable[ValueDimension], active: list[ValueDimension]) -> None:
    """Refuse a retired (or otherwise unknown) dimension, naming it."""
    active_ids = {dimension.pk for dimension in active}
    retired = [dimension for dimension in dimensions if dimension.pk not in active_ids]
    if retired:
        raise ValidationError([DIMENSION_RETIRED.format(dimension=d) for d in retired])


def _active_dimensions() -> list[ValueDimension]:
    active = list(ValueDimension.objects.active())
    if not active:
        raise ValidationError(NO_ACTIVE_DIMENSIONS)
    return active


def _replace(
    *,
    assessment: Assessment,
    stakeholder: Stakeholder,
    method: str,
    answers: dict | list,
    weights: pd.Series,
    consistency_ratio: float | None,
    recorded_by,
) -> StakeholderWeight:
    """Replace the stakeholder's weights: one StakeholderWeight, one row per dimension."""
    stored = rounded_weights(weights)
    # Read and saved by hand rather than update_or_create, so the history row names
    # who saved; the caller holds the assessment's row lock, so no one saves in between.
    stakeholder_weight = StakeholderWeight.objects.filter(
        assessment=assessment, stakeholder=stakeholder
    ).first() or StakeholderWeight(assessment=assessment, stakeholder=stakeholder)
    stakeholder_weight.method = method
    stakeholder_weight.answers = answers
    stakeholder_weight.consistency_ratio = (
        None if consistency_ratio is None else round(consistency_ratio, 4)
    )
    stakeholder_weight.recorded_by = recorded_by
    if getattr(recorded_by, "is_authenticated", False):
        stakeholder_weight._history_user = recorded_by
    stakeholder_weight.save()
    with bumps_once():  # one bump for the rows deleted, not one each
        delete_with_history(stakeholder_weight.dimension_weights.all(), user=recorded_by)
    bulk_create_with_history(
        [
            DimensionWeight(
                stakeholder_weight=stakeholder_weight, dimension=dimension, weight=weight
            )
            for dimension, weight in stored.items()
        ],
        DimensionWeight,
        default_user=recorded_by,
    )
    assessment_inputs_changed(assessment.pk)  # bulk_create sends no signal
    return stakeholder_weight


@transaction.atomic
def weights_set_by_points(
    *,
    assessment: Assessment,
    stakeholder: Stakeholder,
    points: Mapping[ValueDimension, int],
    recorded_by=None,
) -> SavedWeights:
    """Weights from 100 points allocated across every active dimension (0 allowed)."""
    locked = lock_draft(assessment.pk)
    check_stakeholder(locked, stakeholder)
    active = _active_dimensions()
    check_active(points, active)
    missing = [dimension.name for dimension in active if dimension not in points]
    if missing:
        raise ValidationError(POINTS_MISSING.format(dimensions=", ".join(missing)))
    for dimension, value in points.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(POINTS_NOT_WHOLE.format(dimension=dimension, points=value))
    series = pd.Series([points[dimension] for dimension in active], index=active, dtype="int64")
    try:
        weights = normalise_points(series)
    except WeightsRefusal as refusal:
        raise ValidationError(refusal_message(refusal)) from None
    stakeholder_weight = _replace(
        assessment=locked,
        stakeholder=stakeholder,
        method=StakeholderWeight.Method.POINTS,
        answers={str(dimension.pk): int(points[dimension]) for dimension in active},
        weights=weights,
        consistency_ratio=None,
        recorded_by=recorded_by,
    )
    return SavedWeights(stakeholder_weight, weights=dict(weights.items()))


@transaction.atomic
def weights_set_by_pairwise(
    *,
    assessment: Assessment,
    stakeholder: Stakeholder,
    answers: Iterable[tuple[ValueDimension, ValueDimension, float | str | Fraction]],
    recorded_by=None,
) -> SavedWeights:
    """Weights from Saaty-scale comparisons of every pair of active dimensions.

    An answer (a, b, value): value 2..9 means a matters that much more than b,
    1/2..1/9 that b matters more, 1 equally. Inconsistent answers (CR > 0.10) are
    saved with a warning: inconsistency is for discussion, not an error.
    """
    locked = lock_draft(assessment.pk)
    check_stakeholder(locked, stakeholder)
    active = _active_dimensions()
    if len(active) < 2:
        raise ValidationError(TOO_FEW_FOR_PAIRWISE)
    answers = list(answers)
    check_active({d for first, second, _ in answers for d in (first, second)}, active)
    try:
        result = ahp(active, answers)
    except WeightsRefusal as refusal:
        raise ValidationError(refusal_message(refusal)) from None
    stakeholder_weight = _replace(
        assessment=locked,
        stakeholder=stakeholder,
        method=StakeholderWeight.Method.PAIRWISE,
        answers=[
            [first.pk, second.pk, float(scale_value(value))] for first, second, value in answers
        ],
        weights=result.weights,
        consistency_ratio=result.consistency_ratio,
        recorded_by=recorded_by,
    )
    return SavedWeights(
        stakeholder_weight,
        weights=dict(result.weights.items()),
        pairwise=result,
    )
