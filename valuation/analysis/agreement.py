"""Where stakeholders agree and where they do not (pure pandas, no Django).

Numbers only: valuation.reports.perspectives puts them into words.

Judgements arrive as a long DataFrame with columns `stakeholder`, `dimension`
and `score` (0..10), one row per stakeholder and dimension; weights likewise
with `stakeholder`, `dimension` and `weight` (0..1, summing to 1 per stakeholder).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

# A dimension is contested when the judgements of it span this many points or
# more on the 0..10 scale (e.g. one group scores 3 and another 7).
CONTESTED_RANGE = 4

SPREAD_COLUMNS = ["judges", "lowest", "highest", "range", "mean", "contested"]


def judgement_spread(judgements: pd.DataFrame) -> pd.DataFrame:
    """Per dimension: how many judged it, the lowest and highest score, the
    range between them, the mean, and whether the range is CONTESTED_RANGE or more.

    Indexed by dimension, in the order the dimensions first appear. A dimension
    judged by one stakeholder cannot be contested.
    """
    if judgements.empty:
        return pd.DataFrame(columns=SPREAD_COLUMNS, index=pd.Index([], name="dimension"))
    scores = judgements["score"]
    dimensions = judgements["dimension"]
    if scores.dtype.kind in "iu" and not dimensions.isna().any():
        return _spread_of_whole_scores(dimensions.to_numpy(), scores.to_numpy())
    grouped = judgements.groupby("dimension", sort=False)["score"]
    spread = pd.DataFrame(
        {
            "judges": grouped.count(),
            "lowest": grouped.min(),
            "highest": grouped.max(),
        }
    )
    spread["range"] = spread["highest"] - spread["lowest"]
    spread["mean"] = grouped.mean()
    spread["contested"] = (spread["judges"] >= 2) & (spread["range"] >= CONTESTED_RANGE)
    return spread[SPREAD_COLUMNS]


def _spread_of_whole_scores(dimensions: np.ndarray, scores: np.ndarray) -> pd.DataFrame:
    """judgement_spread of integer scores with every dimension named, in numpy: the
    same frame as pandas' groupby (tests/valuation/test_judgement_spread.py holds
    them equal), without the milliseconds a groupby costs on a page's few rows."""
    codes, names = pd.factorize(dimensions, sort=False)
    judges = np.bincount(codes)
    order = np.argsort(codes, kind="stable")
    ordered = scores[order]
    starts = np.concatenate(([0], np.cumsum(judges)[:-1]))
    lowest = np.minimum.reduceat(ordered, starts)
    highest = np.maximum.reduceat(ordered, starts)
    score_range = highest - lowest
    # Whole numbers summed in float64 are exact: the mean is pandas' to the last bit.
    mean = np.bincount(codes, weights=scores.astype("float64")) / judges
    return pd.DataFrame(
        {
            "judges": judges.astype("int64"),
            "lowest": lowest,
            "highest": highest,
            "range": score_range,
            "mean": mean,
            "contested": (judges >= 2) & (score_range >= CONTESTED_RANGE),
        },
        index=pd.Index(names, name="dimension"),
    )


# --- agreement among the stakeholders' rankings of the dimensions ----------------------

# The bands of Kendall's W that valuation.reports.perspectives reads out: below 0.3 weak,
# 0.3 to 0.6 (both included) moderate, above 0.6 strong.
WEAK_BELOW = 0.3
MODERATE_UP_TO = 0.6
WEAK, MODERATE, STRONG = "weak", "moderate", "strong"


@dataclass(frozen=True)
class Agreement:
    """Kendall's W over the stakeholders' rankings of the dimensions.

    `w` is None (never NaN) when it is undefined: fewer than two stakeholders
    or dimensions, or every ranking a complete tie.
    """

    w: float | None
    stakeholders: int
    dimensions: int

    @property
    def all_tied(self) -> bool:
        """Undefined although there are rankings to compare: every one a complete tie."""
        return self.w is None and self.stakeholders >= 2 and self.dimensions >= 2


def agreement_band(w: float) -> str:
    """WEAK, MODERATE or STRONG."""
    if w < WEAK_BELOW:
        return WEAK
    if w <= MODERATE_UP_TO:
        return MODERATE
    return STRONG


# Weights are stored to 6 decimal places, each rounded on its own (and rows stored
# before that gave the rounding remainder, up to half a millionth per dimension,
# to one of them): weights closer than this are the same weight, so tied.
WEIGHT_TIE_TOLERANCE = 1e-5


def tied_weights(weights: pd.Series) -> pd.Series:
    """The weights with every run of near-equal ones (each within WEIGHT_TIE_TOLERANCE
    of the next, largest first) set to the run's largest, so that == sees the tie."""
    if weights.empty:
        return weights
    values = weights.to_numpy(dtype="float64")
    if not np.isnan(values).any():
        return pd.Series(_snapped(values), index=weights.index, name=weights.name)
    ordered = weights.astype("float64").sort_values(ascending=False, kind="mergesort")
    run_starts = ordered.diff().abs().fillna(0) > WEIGHT_TIE_TOLERANCE
    run = run_starts.cumsum()
    snapped = ordered.groupby(run).transform("max")
    return snapped.reindex(weights.index)


def _snapped(values: np.ndarray) -> np.ndarray:
    """tied_weights on an array without NaN, in numpy: the perspectives page snaps
    every stakeholder's weights twice, and a pandas sort and groupby per stakeholder
    cost milliseconds each."""
    order = np.argsort(-values, kind="mergesort")
    ordered = values[order]
    run_starts = np.zeros(len(ordered), dtype=bool)
    run_starts[1:] = np.abs(np.diff(ordered)) > WEIGHT_TIE_TOLERANCE
    # Largest first, so a run's largest is its first.
    first_of_run = np.maximum.accumulate(np.where(run_starts, np.arange(len(ordered)), 0))
    snapped = np.empty_like(ordered)
    snapped[order] = ordered[first_of_run]
    return snapped


def wide_weights(weights: pd.DataFrame) -> pd.DataFrame:
    """Long weights (stakeholder, dimension, weight) as stakeholders x dimensions, each
    in the order it first appears with a known weight, a cell's first known weight in it
    (NaN where none). As `pivot_table(..., aggfunc="first", sort=False)` gives it, built
    in Python: pandas' pivot costs milliseconds on a page's few rows."""
    known = weights[weights["weight"].notna()]
    stakeholder_codes, stakeholders = pd.factorize(known["stakeholder"], sort=False)
    dimension_codes, dimensions = pd.factorize(known["dimension"], sort=False)
    grid = np.full((len(stakeholders), len(dimensions)), np.nan)
    for row, column, weight in zip(
        stakeholder_codes.tolist(),
        dimension_codes.tolist(),
        known["weight"].to_numpy(dtype="float64").tolist(),
        strict=True,
    ):
        if row >= 0 and column >= 0 and np.isnan(grid[row, column]):
            grid[row, column] = weight
    return pd.DataFrame(
        grid,
        index=stakeholders.rename("stakeholder"),
        columns=dimensions.rename("dimension"),
    )


def dimension_ranks(weights: pd.DataFrame) -> pd.DataFrame:
    """Each stakeholder's ranking of the dimensions (1 = most weight), ties averaged.

    `weights` is long (stakeholder, dimension, weight). Only dimensions every
    stakeholder weighted are ranked, so that all rank the same set. Weights
    within WEIGHT_TIE_TOLERANCE of each other tie.
    """
    wide = wide_weights(weights)
    wide = wide.loc[:, ~wide.isna().any(axis="index")]
    if wide.empty:
        return wide
    snapped = pd.DataFrame(
        [_snapped(row) for row in wide.to_numpy(dtype="float64")],
        index=wide.index,
        columns=wide.columns,
    )
    return snapped.rank(axis="columns", method="average", ascending=False)


def kendalls_w(weights: pd.DataFrame) -> Agreement:
    """Kendall's coefficient of concordance W, with the correction for tied ranks.

    For m stakeholders ranking n dimensions, with R_j the sum of the ranks of
    dimension j and S = sum_j (R_j - mean R)^2:
        W = 12 S / (m^2 (n^3 - n) - m sum_i T_i),  T_i = sum over i's ties of (t^3 - t),
    where t is the number of dimensions sharing a rank. W is 1 when every
    stakeholder ranks the dimensions the same, 0 when there is no common order.
    """
    if weights.empty:
        return Agreement(None, 0, 0)
    ranks = dimension_ranks(weights)
    m, n = ranks.shape
    if m < 2 or n < 2:
        return Agreement(None, m, n)
    rank_sums = ranks.sum(axis="index")
    s = float(((rank_sums - rank_sums.mean()) ** 2).sum())
    ties = sum(
        float((counts**3 - counts).sum())
        for counts in (
            np.unique(row, return_counts=True)[1].astype("float64")
            for row in ranks.to_numpy(dtype="float64")
        )
    )
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        return Agreement(None, m, n)
    return Agreement(min(1.0, max(0.0, 12 * s / denominator)), m, n)


# --- where views differ most, and what each stakeholder puts first ----------------------


@dataclass(frozen=True)
class WidestGap:
    """The dimension whose judgements span the widest range (the first listed on a tie),
    among those judged by two or more stakeholders."""

    dimension: str
    highest: float
    lowest: float
    highest_by: list[str]  # every stakeholder who gave the highest score, in frame order
    lowest_by: list[str]
    contested: int  # how many dimensions are contested, this one included if it is

    @property
    def range(self) -> float:
        return self.highest - self.lowest


def widest_gap(judgements: pd.DataFrame, spread: pd.DataFrame | None = None) -> WidestGap | None:
    """None when no dimension has been judged by two or more stakeholders. `spread`:
    judgement_spread(judgements), when the caller has it already."""
    if spread is None:
        spread = judgement_spread(judgements)
    compared = spread[spread["judges"] >= 2]
    if compared.empty:
        return None
    dimension = compared["range"].astype("float64").idxmax()
    row = compared.loc[dimension]
    judged = judgements["dimension"].to_numpy() == dimension
    stakeholders = judgements["stakeholder"].to_numpy()[judged]
    scores = judgements["score"].to_numpy()[judged]
    return WidestGap(
        dimension=str(dimension),
        highest=float(row["highest"]),
        lowest=float(row["lowest"]),
        highest_by=[str(name) for name in stakeholders[scores == row["highest"]]],
        lowest_by=[str(name) for name in stakeholders[scores == row["lowest"]]],
        contested=int(compared["contested"].sum()),
    )


def most_weighted(weights: pd.DataFrame) -> pd.Series:
    """Per stakeholder, the list of dimension(s) given the most weight (several on a tie,
    weights within WEIGHT_TIE_TOLERANCE of each other tying)."""
    if weights.empty:
        return pd.Series(dtype="object")
    codes, stakeholders = pd.factorize(weights["stakeholder"], sort=False)
    all_weights = weights["weight"].to_numpy(dtype="float64")
    all_dimensions = weights["dimension"].to_numpy()
    # Each stakeholder's rows, in frame order: one stable sort, not a groupby.
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(stakeholders) + 1))
    top = {}
    for position, stakeholder in enumerate(stakeholders):
        rows = order[bounds[position] : bounds[position + 1]]
        known = all_weights[rows]
        dimensions = all_dimensions[rows][~np.isnan(known)]
        snapped = _snapped(known[~np.isnan(known)])
        top[stakeholder] = (
            [str(name) for name in dimensions[snapped == snapped.max()]] if len(snapped) else []
        )
    return pd.Series(top, dtype="object")
