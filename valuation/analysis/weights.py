"""How much a stakeholder values each dimension: points or pairwise comparison (pure, no Django).

Two ways in (docs/architecture.md, "The engine's formulas"):

- **Points.** 100 points allocated across the dimensions; the weight of each is
  its points / 100.
- **Pairwise comparison (AHP).** For every pair of dimensions (a, b) the
  stakeholder says which matters more and by how much on Saaty's scale. An
  answer is a triple (a, b, value): value 1 means equally; 2..9 means a matters
  that much more than b; a reciprocal 1/2..1/9 means b matters 2..9 times more
  than a. The answers fill a reciprocal matrix A (a_ab = value, a_ba =
  1/value, a_aa = 1). The weights are A's principal eigenvector scaled to sum
  to 1; its eigenvalue lambda_max measures consistency: CI = (lambda_max - n) /
  (n - 1), CR = CI / RI(n) with Saaty's random index RI. CR above 0.10 means the
  answers contradict each other enough to be worth revisiting.
"""

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

POINTS_TOTAL = 100


class WeightsRefusal(ValueError):
    """Points or answers that cannot become weights: `code` says why, `data` holds
    what its words name (valuation.services.weights.refusal_message words it)."""

    def __init__(self, code: str, **data):
        super().__init__(code, data)
        self.code, self.data = code, data


# Why, as codes (the data each carries in brackets).
POINTS_MISSING = "points_missing"  # (missing: the items' names, joined)
POINTS_NEGATIVE = "points_negative"  # (item, points)
POINTS_OFF_TOTAL = "points_off_total"  # (total)
OFF_SCALE = "off_scale"  # (value: as the person wrote it, or its repr)
ITEM_REPEATED = "item_repeated"
ITEM_UNKNOWN = "item_unknown"  # (item)
SELF_COMPARED = "self_compared"  # (item)
COMPARED_TWICE = "compared_twice"  # (first, second)
PAIR_UNANSWERED = "pair_unanswered"  # (first, second, more: how many others)
TOO_MANY_ITEMS = "too_many_items"  # (limit)
NOTHING_TO_COMPARE = "nothing_to_compare"
NO_WEIGHT = "no_weight"

# Saaty's random index: the mean CI of random reciprocal matrices of size n.
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
                10: 1.49}  # fmt: skip
MAX_PAIRWISE_ITEMS = max(RANDOM_INDEX)
# Above this the answers are inconsistent enough to revisit (Saaty's 10% rule).
CONSISTENCY_LIMIT = 0.10

SCALE = tuple(Fraction(1, k) for k in range(9, 1, -1)) + tuple(Fraction(k) for k in range(1, 10))
# Stored answers are floats (JSON): 1/3 comes back as 0.333..., so allow for rounding.
_SCALE_TOLERANCE = 1e-6


def normalise_points(points: pd.Series) -> pd.Series:
    """Points per item (summing to exactly 100) as weights summing to 1.

    Raises WeightsRefusal (a ValueError) when the total is not 100 or a value is
    negative or missing.
    """
    if points.isna().any():
        missing = ", ".join(str(item) for item in points[points.isna()].index)
        raise WeightsRefusal(POINTS_MISSING, missing=missing)
    negative = points[points < 0]
    if not negative.empty:
        item, value = next(iter(negative.items()))
        raise WeightsRefusal(POINTS_NEGATIVE, item=item, points=float(value))
    total = float(points.sum())
    if not math.isclose(total, POINTS_TOTAL, abs_tol=1e-9):
        raise WeightsRefusal(POINTS_OFF_TOTAL, total=total)
    return (points.astype("float64") / POINTS_TOTAL).rename(points.name)


# --- pairwise comparison ------------------------------------------------------------


def scale_value(value: float | str | Fraction) -> Fraction:
    """The answer as an exact point of Saaty's scale ("1/3", 0.3333, 3 ...), or
    WeightsRefusal (a ValueError)."""
    if isinstance(value, str):
        text = value.strip()
        try:
            number = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise WeightsRefusal(OFF_SCALE, value=f"“{text}”") from None
    elif isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        raise WeightsRefusal(OFF_SCALE, value=repr(value))
    else:
        try:
            number = value if isinstance(value, Fraction) else Fraction(value)
        except (ValueError, OverflowError):  # NaN, infinity
            raise WeightsRefusal(OFF_SCALE, value=repr(value)) from None
    for point in SCALE:
        if abs(float(number) - float(point)) <= _SCALE_TOLERANCE:
            return point
    raise WeightsRefusal(OFF_SCALE, value=scale_label(number))


def scale_label(value: Fraction | float) -> str:
    """3 -> "3", 1/3 -> "1/3"."""
    fraction = Fraction(value).limit_denominator(100)
    return str(fraction.numerator) if fraction.denominator == 1 else str(fraction)


def pairs(items: list[Hashable]) -> list[tuple[Hashable, Hashable]]:
    """Every unordered pair once, in the order of `items`: n(n-1)/2 questions."""
    return [(items[i], items[j]) for i in range(len(items)) for j in range(i + 1, len(items))]


def pairwise_matrix(
    items: list[Hashable], answers: Iterable[tuple[Hashable, Hashable, float | str | Fraction]]
) -> pd.DataFrame:
    """The reciprocal comparison matrix (rows and columns in the order of `items`).

    Every pair must be answered exactly once, in either order. Raises
    WeightsRefusal (a ValueError) naming the problem: an unknown item, an item compared with
    itself, a pair answered twice or not at all, or a value off the scale.
    """
    if len(set(items)) != len(items):
        raise WeightsRefusal(ITEM_REPEATED)
    position = {item: index for index, item in enumerate(items)}
    size = len(items)
    matrix = np.ones((size, size))
    answered: set[frozenset] = set()
    for first, second, value in answers:
        for item in (first, second):
            if item not in position:
                raise WeightsRefusal(ITEM_UNKNOWN, item=item)
        if first == second:
            raise WeightsRefusal(SELF_COMPARED, item=first)
        pair = frozenset((first, second))
        if pair in answered:
            raise WeightsRefusal(COMPARED_TWICE, first=first, second=second)
        answered.add(pair)
        exact = scale_value(value)
        i, j = position[first], position[second]
        matrix[i, j] = float(exact)
        matrix[j, i] = float(1 / exact)
    missing = [pair for pair in pairs(items) if frozenset(pair) not in answered]
    if missing:
        first, second = missing[0]
        raise WeightsRefusal(PAIR_UNANSWERED, first=first, second=second, more=len(missing) - 1)
    return pd.DataFrame(matrix, index=list(items), columns=list(items))


@dataclass(frozen=True)
class PairwiseResult:
    """Weights from a comparison matrix, with Saaty's consistency measures."""

    matrix: pd.DataFrame
    weights: pd.Series  # by item, summing to 1
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    # The answered pair least consistent with the rest: (row item, column item),
    # or None when all are consistent (always so with fewer than three items).
    most_inconsistent: tuple[Hashable, Hashable] | None

    @property
    def is_consistent(self) -> bool:
        return self.consistency_ratio <= CONSISTENCY_LIMIT


def principal_eigenvector(matrix: pd.DataFrame) -> tuple[pd.Series, float]:
    """The eigenvector of the largest eigenvalue, scaled to sum to 1, and that eigenvalue.

    A positive reciprocal matrix has a real, simple largest eigenvalue whose
    eigenvector can be taken all positive (Perron-Frobenius); numpy may return
    it with negative sign and a zero imaginary part, hence real() and abs().
    """
    values, vectors = np.linalg.eig(matrix.to_numpy(dtype="float64"))
    largest = int(np.argmax(values.real))
    vector = np.abs(vectors[:, largest].real)
    return pd.Series(vector / vector.sum(), index=matrix.index), float(values[largest].real)


def consistency_ratio(lambda_max: float, size: int) -> tuple[float, float]:
    """(CI, CR); both 0 for one or two items, which cannot be inconsistent."""
    if size <= 2:
        return 0.0, 0.0
    if size > MAX_PAIRWISE_ITEMS:
        raise WeightsRefusal(TOO_MANY_ITEMS, limit=MAX_PAIRWISE_ITEMS)
    # Rounding can leave lambda_max a hair below n for a consistent matrix.
    index = max(0.0, (lambda_max - size) / (size - 1))
    return index, index / RANDOM_INDEX[size]


def least_consistent_pair(
    matrix: pd.DataFrame, weights: pd.Series
) -> tuple[Hashable, Hashable] | None:
    """The pair (i, j) whose answer a_ij is furthest from what the weights imply, w_i / w_j.

    Measured on a log scale, so that saying 3 where 1/3 fits is as far off as
    saying 1/3 where 3 fits. Reported in the order the pair was asked (i before j).
    """
    items = list(matrix.index)
    if len(items) < 3:
        return None
    values = matrix.to_numpy()
    w = weights.reindex(items).to_numpy()
    best, best_gap = None, -1.0
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            gap = abs(math.log(values[i, j]) - math.log(w[i] / w[j]))
            if gap > best_gap + 1e-12:
                best, best_gap = (items[i], items[j]), gap
    # A consistent matrix has no inconsistent comparison, only rounding noise.
    return best if best_gap > 1e-9 else None


def pairwise_weights(matrix: pd.DataFrame) -> PairwiseResult:
    """Principal-eigenvector weights, lambda_max, CI, CR and the least consistent pair."""
    size = len(matrix)
    if size == 0:
        raise WeightsRefusal(NOTHING_TO_COMPARE)
    weights, lambda_max = principal_eigenvector(matrix)
    index, ratio = consistency_ratio(lambda_max, size)
    return PairwiseResult(
        matrix=matrix,
        weights=weights,
        lambda_max=lambda_max,
        consistency_index=index,
        consistency_ratio=ratio,
        most_inconsistent=least_consistent_pair(matrix, weights),
    )


def ahp(
    items: list[Hashable], answers: Iterable[tuple[Hashable, Hashable, float | str | Fraction]]
) -> PairwiseResult:
    """pairwise_matrix then pairwise_weights: answers in, weights and consistency out."""
    if len(items) > MAX_PAIRWISE_ITEMS:
        raise WeightsRefusal(TOO_MANY_ITEMS, limit=MAX_PAIRWISE_ITEMS)
    return pairwise_weights(pairwise_matrix(items, answers))


# --- storing ------------------------------------------------------------------------


def rounded_weights(weights: pd.Series, places: int = 6) -> dict[Hashable, Decimal]:
    """Weights as Decimals of `places` places, each its share of the total rounded half up.

    Equal weights stay equal: "equally" on every question stores 0.333333 three
    times, never 0.333334 for the first. So the stored weights may add up to a
    few millionths off 1 (at most half a millionth per dimension); the engine
    rescales each stakeholder's weights to add up to 1 before using them, and
    analysis.perspectives treats weights closer than WEIGHT_TIE_TOLERANCE as tied.
    """
    if weights.empty:
        return {}
    total = float(weights.sum())
    if not total > 0:
        raise WeightsRefusal(NO_WEIGHT)
    quantum = Decimal(1).scaleb(-places)
    return {
        item: Decimal(repr(float(value) / total)).quantize(quantum, rounding=ROUND_HALF_UP)
        for item, value in weights.items()
    }
