"""Value dimensions: which count in an assessment, and each one's scores.

A dimension's measured score is the mean of the scores of its measures that
could be scored; unscored measures are left out, and a dimension with none is
"not measured", which is different from scoring 0. Its blended score is the
voice-weighted mean of the stakeholders' blended scores D_sd.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from valuation.analysis.agreement import judgement_spread
from valuation.scoring.common import (
    counted_note,
    float_array,
    int_array,
    is_on,
    positions,
    result_frame,
    weighted_mean,
)

DIMENSION_COLUMNS = ["dimension_id", "name", "order", "active"]
MEASURED_COLUMNS = [
    "dimension_id",
    "name",
    "order",
    "active",
    "measures",
    "scored_measures",
    "measured",
    "measured_note",
]
SUMMARY_COLUMNS = [
    *MEASURED_COLUMNS,
    "judges",
    "lowest",
    "highest",
    "range",
    "contested",
    "blended",
    "blended_note",
    "rests_on_judgement",
]

# Note codes (valuation.reports.account_text has their words).
NO_MEASURES = "no_measures"
NONE_SCORED = "none_scored"  # counted: how many measures
MEAN_OF = "mean_of_scored"  # counted: how many scored measures
BLENDED_ACROSS = "blended_across"  # counted: how many stakeholders' scores
NO_STAKEHOLDERS_YET = "no_stakeholders_yet"
NOT_JUDGED_YET = "not_judged_yet"
NO_BLENDED = "no_blended"


def dimensions_in_scope(dimensions: pd.DataFrame, *referencing: pd.DataFrame) -> pd.DataFrame:
    """The active dimensions, plus any retired one that a frame in `referencing`
    (weights, judgements) names by `dimension_id`: a past assessment keeps adding up.
    Ordered by `order`, then name.
    """
    dimension_ids = int_array(dimensions["dimension_id"])
    active = np.array([is_on(flag) for flag in dimensions["active"].tolist()], dtype=bool)
    used = np.zeros(len(dimension_ids), dtype=bool)
    for other in referencing:
        used |= np.isin(dimension_ids, int_array(other["dimension_id"]))
    frame = dimensions[DIMENSION_COLUMNS].assign(dimension_id=dimension_ids, active=active)
    frame = frame[active | used]
    return (
        frame.sort_values(["order", "name"], kind="mergesort")
        .drop_duplicates("dimension_id")
        .reset_index(drop=True)
    )


def measured_scores(dimensions: pd.DataFrame, scored_measures: pd.DataFrame) -> pd.DataFrame:
    """One row per dimension in scope: how many measures, how many scored, their mean."""
    dimension_ids = int_array(dimensions["dimension_id"])
    where = positions(scored_measures["dimension_id"], dimension_ids)
    scores = float_array(scored_measures["score"])
    known = where >= 0
    count = len(dimension_ids)
    measures = np.bincount(where[known], minlength=count)
    scored = np.bincount(where[known & ~np.isnan(scores)], minlength=count)
    total = np.bincount(
        where[known & ~np.isnan(scores)], weights=scores[known & ~np.isnan(scores)], minlength=count
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        measured = np.where(scored > 0, total / np.maximum(scored, 1), np.nan)
    notes = []
    for all_measures, scored_count in zip(measures.tolist(), scored.tolist(), strict=True):
        if all_measures == 0:
            notes.append(NO_MEASURES)
        elif scored_count == 0:
            notes.append(counted_note(NONE_SCORED, all_measures))
        else:
            notes.append(counted_note(MEAN_OF, scored_count))
    return result_frame(
        {
            "dimension_id": dimension_ids,
            "name": dimensions["name"].to_numpy(dtype=object),
            "order": dimensions["order"].to_numpy(),
            "active": dimensions["active"].to_numpy(dtype=bool),
            "measures": measures.astype("int64"),
            "scored_measures": scored.astype("int64"),
            "measured": measured,
            "measured_note": np.array(notes, dtype=object),
        }
    )


def dimension_summary(
    measured: pd.DataFrame,
    blended: np.ndarray,
    voice: np.ndarray,
    judgements: pd.DataFrame,
) -> pd.DataFrame:
    """Per dimension: its measured score, the spread of stakeholders' judgements of it
    (contested or not, valuation.analysis.agreement), and its blended score.

    `blended` is stakeholders x dimensions (D_sd) and `voice` each stakeholder's
    voice. The blended score is the voice-weighted mean of D_sd over stakeholders
    with a voice above 0 and a score; with no stakeholders at all, the measured
    score. `judgements` are the valid dimension judgements, long (stakeholder_id,
    dimension_id, score 0..10).
    """
    spread = judgement_spread(
        judgements.rename(columns={"stakeholder_id": "stakeholder", "dimension_id": "dimension"})
    )
    dimension_ids = int_array(measured["dimension_id"])
    found = positions(spread.index.to_numpy(), dimension_ids)
    count = len(dimension_ids)

    def by_dimension(column: str, fill, dtype: str) -> np.ndarray:
        values = np.full(count, fill, dtype=dtype)
        hit = found >= 0
        values[found[hit]] = spread[column].to_numpy(dtype=dtype)[hit]
        return values

    measured_score = float_array(measured["measured"])
    judged = by_dimension("judges", 0, "int64")
    values, notes = [], []
    no_stakeholders = blended.shape[0] == 0
    for column in range(count):
        if no_stakeholders:
            values.append(measured_score[column])
            measured_here = not np.isnan(measured_score[column])
            notes.append(NO_STAKEHOLDERS_YET if measured_here else NO_BLENDED)
            continue
        scores = blended[:, column]
        counted = ~np.isnan(scores) & (voice > 0)
        mean = np.nan if not counted.any() else weighted_mean(scores[counted], voice[counted])
        values.append(mean)
        judges = int(counted.sum())
        if not judges:
            notes.append(NO_BLENDED)
        elif judged[column] == 0:
            # Every stakeholder's D_sd is then the measured score: a "mean of N
            # stakeholders' blended scores" would claim judgements nobody has made.
            notes.append(NOT_JUDGED_YET)
        else:
            notes.append(counted_note(BLENDED_ACROSS, judges))
    columns = {name: measured[name].to_numpy() for name in MEASURED_COLUMNS}
    columns.update(
        measured=measured_score,
        judges=by_dimension("judges", 0, "int64"),
        lowest=by_dimension("lowest", np.nan, "float64"),
        highest=by_dimension("highest", np.nan, "float64"),
        range=by_dimension("range", np.nan, "float64"),
        contested=by_dimension("contested", False, "bool"),
        blended=np.array(values, dtype="float64"),
        blended_note=np.array(notes, dtype=object),
        rests_on_judgement=np.isnan(measured_score),
    )
    return result_frame({name: columns[name] for name in SUMMARY_COLUMNS})
