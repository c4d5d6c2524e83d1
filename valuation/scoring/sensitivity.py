"""Which activities give the most judged value per unit of cost, and how sure that is.

- C_ad: the mean over stakeholders of their judgements of activity a's
  contribution on dimension d (0..10, times 10). An activity nobody judged on a
  dimension counts 0 there: no one has claimed a contribution.
- Under weights w: contribution_a = sum_d w_d * C_ad, and value per 1,000 =
  contribution_a / (the activity's money cost per period / 1,000). Activities
  with no money cost cannot be ranked this way and are reported.
- The reference ranking uses the voice-weighted mean of the stakeholders'
  weights. The ranking is then redone with each stakeholder's weights: robust
  when the top three (as a set) and the first stay the same for all, contested
  otherwise, naming for whom they change.
- Switching value of a dimension that rests on judgement alone: from the mean
  weights, move its weight by delta, rescaling the others in proportion so the
  weights still add up to 1 (the weight stays within 0..1). Every activity's
  value is linear in delta, so the smallest |delta| at which another activity
  overtakes the first is found exactly, from where the lines cross.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from valuation.scoring.common import (
    finish,
    float_array,
    floats,
    int_array,
    result_frame,
    sum_and_count,
)
from valuation.scoring.perspective_values import stakeholder_weights

ACTIVITY_JUDGEMENT_COLUMNS = ["activity_id", "dimension_id", "judges", "mean_score"]
RAW_ACTIVITY_JUDGEMENT_COLUMNS = ["stakeholder_id", "activity_id", "dimension_id", "score"]
TOP = 3
# Values closer than this are a tie, broken by the activity's name: float noise
# must not decide a ranking.
DECIMALS = 9

# Why the ranking could not run (Sensitivity.status; valuation.reports.account_text
# has their words).
NO_WEIGHTS = "ranking_no_weights"
NO_ACTIVITY_JUDGEMENTS = "ranking_no_activity_judgements"
NO_COSTED = "ranking_none_costed"
# Note codes of the activity and switching rows (valuation.reports.account_text
# has their words).
NOT_JUDGED = "activity_not_judged"
NO_COST = "no_money_cost"
NO_OTHER_DIMENSION = "only_dimension"
NO_SWITCH = "no_switch"
ONE_ACTIVITY = "one_activity"


def mean_activity_judgements(raw: pd.DataFrame) -> pd.DataFrame:
    """Raw activity judgements (one per stakeholder) -> judges and mean_score per
    activity and dimension; what the page's selector computes in SQL."""
    frame = raw[RAW_ACTIVITY_JUDGEMENT_COLUMNS].assign(score=floats(raw["score"]))
    frame = frame[(frame["score"] >= 0) & (frame["score"] <= 10)]
    grouped = frame.groupby(["activity_id", "dimension_id"], as_index=False)["score"]
    return grouped.agg(judges="count", mean_score="mean")[ACTIVITY_JUDGEMENT_COLUMNS]


@dataclass(frozen=True)
class Sensitivity:
    """The activity ranking under the mean weights and under each stakeholder's."""

    status: str  # "" when the analysis ran, else the code of why it could not
    # Per activity: activity_id, name, cost_per_period, judged, contribution (mean
    # weights), per_thousand, rank (mean weights), best_rank, worst_rank,
    # top_three_for (how many stakeholders' top three hold it), note.
    activities: pd.DataFrame
    # Per stakeholder with weights: stakeholder_id, name, first, top_three (names,
    # in order), same_first, same_top_three.
    stakeholders: pd.DataFrame
    mean_weights: pd.DataFrame  # dimension_id, name, weight
    top_three: list[str] = field(default_factory=list)
    robust_top_three: bool = True
    robust_first: bool = True
    top_three_changes_for: list[str] = field(default_factory=list)
    first_changes_for: list[str] = field(default_factory=list)
    # Per dimension resting on judgement alone: dimension_id, name, mean_weight,
    # delta, new_weight, new_first, note.
    switching: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def robust(self) -> bool:
        return self.robust_top_three and self.robust_first


ACTIVITY_COLUMNS = [
    "activity_id",
    "name",
    "cost_per_period",
    "judged",
    "contribution",
    "per_thousand",
    "rank",
    "best_rank",
    "worst_rank",
    "top_three_for",
    "note",
]
STAKEHOLDER_COLUMNS = [
    "stakeholder_id",
    "name",
    "first",
    "top_three",
    "same_first",
    "same_top_three",
]
SWITCHING_COLUMNS = [
    "dimension_id",
    "name",
    "mean_weight",
    "delta",
    "new_weight",
    "new_first",
    "note",
]


def _contributions(
    activity_judgements: pd.DataFrame, activity_ids: np.ndarray, dimension_ids: np.ndarray
) -> np.ndarray:
    """C (activities x dimensions), 0..100; 0 where nobody judged."""
    scores = float_array(activity_judgements["mean_score"])
    total, count = sum_and_count(
        activity_judgements["activity_id"],
        activity_judgements["dimension_id"],
        np.where((scores >= 0) & (scores <= 10), scores, np.nan),
        activity_ids,
        dimension_ids,
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, 0.0) * 10.0


def _ranks(values: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
    """Order (best first) of each column of `values` (activities x scenarios)."""
    rounded = np.round(values, DECIMALS)
    return np.stack(
        [np.lexsort((tiebreak, -rounded[:, column])) for column in range(values.shape[1])],
        axis=1,
    )


def _mean_weights(weight_matrix: np.ndarray, voice: np.ndarray) -> np.ndarray:
    total = voice.sum()
    if total > 0:
        return (weight_matrix * voice[:, None]).sum(axis=0) / total
    return weight_matrix.mean(axis=0)


def _switching_value(
    j: int, mean_w: np.ndarray, contrib: np.ndarray, per_cost: np.ndarray, tiebreak: np.ndarray
) -> tuple[float | None, int | None, str]:
    """(delta, index of the new first activity, note) for dimension column j."""
    others = [d for d in range(len(mean_w)) if d != j]
    if not others:
        return None, None, NO_OTHER_DIMENSION
    if contrib.shape[0] < 2:
        return None, None, ONE_ACTIVITY
    w_j = float(mean_w[j])
    rest = 1.0 - w_j
    if rest > 1e-12:
        profile = contrib[:, others] @ mean_w[others] / rest
    else:
        # All weight sits on j: lowering it must share the freed weight among the
        # others somehow, and with no proportions to keep, equally.
        profile = contrib[:, others].mean(axis=1)
    exact = contrib @ mean_w * per_cost
    base = np.round(exact, DECIMALS)
    slope = (contrib[:, j] - profile) * per_cost
    first = int(np.lexsort((tiebreak, -base))[0])
    best: tuple | None = None
    for b in range(contrib.shape[0]):
        closing = slope[b] - slope[first]
        if b == first or abs(closing) < 1e-12:
            continue
        # Tied now (to the ranking's precision) means crossing now.
        gap = 0.0 if base[b] == base[first] else exact[first] - exact[b]
        delta = gap / closing
        # Past the crossing the other activity is strictly ahead; a crossing on the
        # edge of the range (a tie at weight 0 or 1) changes nothing within it.
        if closing > 0 and not delta < rest - 1e-9:
            continue
        if closing < 0 and not delta > -w_j + 1e-9:
            continue
        key = (abs(delta), -abs(closing), tiebreak[b])
        if best is None or key < best[0]:
            best = (key, delta, b)
    if best is None:
        return None, None, NO_SWITCH
    delta = float(min(max(best[1], -w_j), rest))
    return delta, int(best[2]), ""


def _int_column(values: np.ndarray, mask: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.where(mask, 0, values).astype("int64"), mask)


def sensitivity(
    *,
    activity_costs: pd.DataFrame,
    activity_judgements: pd.DataFrame,
    weights: pd.DataFrame,
    stakeholders: pd.DataFrame,
    voice: pd.Series,
    dimensions: pd.DataFrame,
) -> Sensitivity:
    """`weights` are the DimensionWeight rows (rescaled here per stakeholder to add up
    to 1 over `dimensions`); `voice` is indexed by stakeholder_id; `dimensions` are
    those in scope, with `rests_on_judgement`.
    """
    dimension_ids = int_array(dimensions["dimension_id"])
    dimension_names = [str(name) for name in dimensions["name"].tolist()]

    # Activities by name (then id): the order that breaks ties in every ranking.
    listed = sorted(
        zip(
            activity_costs["name"].astype(str).tolist(),
            int_array(activity_costs["activity_id"]).tolist(),
            float_array(activity_costs["cost_per_period"]).tolist(),
            strict=True,
        )
    )
    names = np.array([name for name, _, _ in listed], dtype=object)
    activity_ids = np.array([number for _, number, _ in listed], dtype="int64")
    cost = np.array([money for _, _, money in listed], dtype="float64")
    judged = np.isin(activity_ids, int_array(activity_judgements["activity_id"]))
    costed = cost > 0
    rankable = judged & costed

    people = int_array(stakeholders["stakeholder_id"])
    weight = stakeholder_weights(weights, people, dimension_ids)
    has_weights = ~np.isnan(weight).all(axis=1)
    weighted_people = np.nonzero(has_weights)[0]
    weight_matrix = weight[has_weights]
    voice_vector = float_array(pd.Series(people).map(voice))[has_weights]
    voice_vector = np.where(voice_vector > 0, voice_vector, 0.0)
    mean_w = _mean_weights(weight_matrix, voice_vector) if len(weighted_people) else None
    mean_weights = result_frame(
        {
            "dimension_id": dimension_ids,
            "name": np.array(dimension_names, dtype=object),
            "weight": mean_w if mean_w is not None else np.full(len(dimension_ids), np.nan),
        }
    )

    notes = np.where(~judged, NOT_JUDGED, np.where(~costed, NO_COST, "")).astype(object)
    unranked = ~rankable
    nothing = np.zeros(len(activity_ids), dtype="int64")
    empty_activities = result_frame(
        {
            "activity_id": activity_ids[unranked],
            "name": names[unranked],
            "cost_per_period": cost[unranked],
            "judged": judged[unranked],
            "contribution": np.full(int(unranked.sum()), np.nan),
            "per_thousand": np.full(int(unranked.sum()), np.nan),
            "rank": _int_column(nothing[unranked], np.ones(int(unranked.sum()), dtype=bool)),
            "best_rank": _int_column(nothing[unranked], np.ones(int(unranked.sum()), dtype=bool)),
            "worst_rank": _int_column(nothing[unranked], np.ones(int(unranked.sum()), dtype=bool)),
            "top_three_for": nothing[unranked],
            "note": notes[unranked],
        }
    )
    empty_switching = pd.DataFrame(columns=SWITCHING_COLUMNS)
    empty_stakeholders = pd.DataFrame(columns=STAKEHOLDER_COLUMNS)

    def without(status: str) -> Sensitivity:
        return Sensitivity(
            status, empty_activities, empty_stakeholders, mean_weights, switching=empty_switching
        )

    if not len(weighted_people) or not len(dimension_ids):
        return without(NO_WEIGHTS)
    if not judged.any():
        return without(NO_ACTIVITY_JUDGEMENTS)
    if not rankable.any():
        return without(NO_COSTED)

    labels = names[rankable].tolist()
    contrib = _contributions(activity_judgements, activity_ids[rankable], dimension_ids)
    per_cost = 1000.0 / cost[rankable]
    tiebreak = np.arange(len(labels))  # already in name order
    scenarios = np.column_stack([mean_w, weight_matrix.T])  # dimensions x (1 + stakeholders)
    contribution = contrib @ scenarios
    per_thousand = contribution * per_cost[:, None]
    orders = _ranks(per_thousand, tiebreak)
    ranks = np.empty_like(orders)
    for column in range(orders.shape[1]):
        ranks[orders[:, column], column] = np.arange(1, len(labels) + 1)

    top = min(TOP, len(labels))
    reference_top = orders[:top, 0].tolist()
    stakeholder_rows = []
    for position, person in enumerate(weighted_people, start=1):
        order = orders[:top, position].tolist()
        stakeholder_rows.append(
            {
                "stakeholder_id": int(people[person]),
                "name": str(stakeholders["name"].iloc[person]),
                "first": labels[order[0]],
                "top_three": [labels[index] for index in order],
                "same_first": order[0] == reference_top[0],
                "same_top_three": set(order) == set(reference_top),
            }
        )
    by_stakeholder = pd.DataFrame(stakeholder_rows, columns=STAKEHOLDER_COLUMNS)

    by_rank = orders[:, 0]
    no_mask = np.zeros(len(labels), dtype=bool)
    ranked = result_frame(
        {
            "activity_id": activity_ids[rankable][by_rank],
            "name": names[rankable][by_rank],
            "cost_per_period": cost[rankable][by_rank],
            "judged": np.ones(len(labels), dtype=bool),
            "contribution": contribution[by_rank, 0],
            "per_thousand": per_thousand[by_rank, 0],
            "rank": _int_column(ranks[by_rank, 0], no_mask),
            "best_rank": _int_column(ranks[by_rank, 1:].min(axis=1), no_mask),
            "worst_rank": _int_column(ranks[by_rank, 1:].max(axis=1), no_mask),
            "top_three_for": (ranks[by_rank, 1:] <= top).sum(axis=1).astype("int64"),
            "note": np.full(len(labels), "", dtype=object),
        }
    )
    activities = pd.concat([ranked, empty_activities], ignore_index=True)

    switching_rows = []
    rests = dimensions["rests_on_judgement"].astype(bool).tolist()
    for j, (dimension_id, name) in enumerate(zip(dimension_ids, dimension_names, strict=True)):
        if not rests[j]:
            continue
        delta, new_first, note = _switching_value(j, mean_w, contrib, per_cost, tiebreak)
        switching_rows.append(
            (int(dimension_id), name, float(mean_w[j]),
             np.nan if delta is None else delta,
             np.nan if delta is None else float(mean_w[j]) + delta,
             None if new_first is None else labels[new_first], note)
        )  # fmt: skip
    switching = pd.DataFrame.from_records(switching_rows, columns=SWITCHING_COLUMNS)
    # from_records turns None into NaN in a column that also holds names: put None back,
    # since the engine promises no NaN where there is no activity to name.
    switching["new_first"] = pd.Series([row[5] for row in switching_rows], dtype=object)
    switching = finish(switching.astype({"mean_weight": "float64", "delta": "float64",
                                         "new_weight": "float64"}))  # fmt: skip

    return Sensitivity(
        status="",
        activities=activities,
        stakeholders=by_stakeholder,
        mean_weights=mean_weights,
        top_three=[labels[index] for index in reference_top],
        robust_top_three=bool(by_stakeholder["same_top_three"].all()),
        robust_first=bool(by_stakeholder["same_first"].all()),
        top_three_changes_for=[
            row["name"] for row in stakeholder_rows if not row["same_top_three"]
        ],
        first_changes_for=[row["name"] for row in stakeholder_rows if not row["same_first"]],
        switching=switching,
    )
