"""Each measure over the assessment's period: rolled up, then scored 0..100.

Roll-up: the sum, the mean or the last value of the periods whose start falls
on or between the assessment's first and last day.

Score = 100 * (value - baseline) / (target - baseline), clipped to 0..100. With
"lower is better" the target lies below the baseline and the same formula
applies. A measure that cannot be scored is unscored, with the reason, never 0.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from microsystems.periods import FIRST_DAY, LAST_DAY
from valuation.scoring.common import (
    float_array,
    int_array,
    is_on,
    positions,
    result_frame,
    text_array,
)

MEASURE_COLUMNS = [
    "measure_id",
    "code",
    "name",
    "dimension_id",
    "unit",
    "direction",
    "baseline",
    "target",
    "rollup",
    "side",
    "active",
]
TEXT_COLUMNS = ["code", "name", "unit", "direction", "rollup", "side"]
MEASUREMENT_COLUMNS = ["measure_id", "period_start", "value"]
SCORED_COLUMNS = [*MEASURE_COLUMNS, "periods", "value", "score", "scored", "reason"]

ROLLUPS = ("sum", "mean", "last")

NO_VALUES = "No values recorded in this period."
NO_BASELINE = "No baseline set."
NO_TARGET = "No target set."
SAME_REFERENCE = "The baseline and the target are equal."
WRONG_SIDE = "The target is on the wrong side of the baseline for “{direction} is better”."
UNKNOWN_DIRECTION = "The direction (higher or lower is better) is not known."
UNKNOWN_ROLLUP = "The roll-up (sum, mean or last value) is not known."
NOT_FINITE = "The rolled-up value is too large to score."


def _days(values) -> np.ndarray:
    """Dates (or datetimes, or text) as datetime64[D]; unreadable ones as NaT."""
    try:
        return np.asarray(values, dtype="datetime64[D]")
    except (TypeError, ValueError):
        return pd.to_datetime(pd.Series(values), errors="coerce").to_numpy("datetime64[D]")


def measurements_in_range(measurements: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """The measurements whose period starts on or between `start` and `end`, with a
    number: measure_id (int), period_start (datetime64[D]) and value (float).

    Only dates inside the window of microsystems.periods count, whatever `start`
    and `end` are: the database keeps every date inside it, and the engine keeps
    to the same rule rather than trust that.
    """
    days = _days(measurements["period_start"].to_numpy())
    values = float_array(measurements["value"])
    first, last = max(start, FIRST_DAY), min(end, LAST_DAY)
    keep = (days >= np.datetime64(first, "D")) & (days <= np.datetime64(last, "D"))
    keep &= ~np.isnan(values)
    return pd.DataFrame(
        {
            "measure_id": int_array(measurements["measure_id"])[keep],
            "period_start": days[keep],
            "value": values[keep],
        }
    )


def roll_up(measures: pd.DataFrame, measurements: pd.DataFrame) -> pd.DataFrame:
    """The measures with `periods` (values in range) and `value` (rolled up, NaN if none).

    `measurements` are those in range (measurements_in_range). A retired measure
    is kept only when it has values in the period: its history still counts.
    """
    measure_ids = int_array(measures["measure_id"])
    count = len(measure_ids)
    where = positions(measurements["measure_id"], measure_ids)
    known = where >= 0
    where, values = where[known], measurements["value"].to_numpy(dtype="float64")[known]
    days = measurements["period_start"].to_numpy(dtype="datetime64[D]")[known]
    periods = np.bincount(where, minlength=count)
    with np.errstate(all="ignore"):
        sums = np.bincount(where, weights=values, minlength=count)
        means = np.where(periods > 0, sums / np.maximum(periods, 1), np.nan)
    order = np.lexsort((days, where))
    ordered_where, ordered_values = where[order], values[order]
    is_last = np.r_[ordered_where[1:] != ordered_where[:-1], True] if len(order) else order
    lasts = np.full(count, np.nan)
    lasts[ordered_where[is_last]] = ordered_values[is_last]

    rollup = measures["rollup"].to_numpy(dtype=object)
    value = np.select([rollup == "sum", rollup == "mean", rollup == "last"], [sums, means, lasts],
                      default=np.nan)  # fmt: skip
    value = np.where(periods > 0, value, np.nan)
    active = np.array([is_on(flag) for flag in measures["active"].tolist()], dtype=bool)
    frame = measures[MEASURE_COLUMNS].assign(
        measure_id=measure_ids,
        dimension_id=int_array(measures["dimension_id"]),
        baseline=float_array(measures["baseline"]),
        target=float_array(measures["target"]),
        active=active,
        periods=periods.astype("int64"),
        value=value,
    )
    return frame[active | (periods > 0)].reset_index(drop=True)


def _score(direction, rollup, baseline, target, periods, value) -> tuple[float, str]:
    """(score, "") or (NaN, the reasons it cannot be scored)."""
    reasons = []
    if direction not in ("higher", "lower"):
        reasons.append(UNKNOWN_DIRECTION)
    if rollup not in ROLLUPS:
        reasons.append(UNKNOWN_ROLLUP)
    if math.isnan(baseline):
        reasons.append(NO_BASELINE)
    if math.isnan(target):
        reasons.append(NO_TARGET)
    if not reasons and baseline == target:
        reasons.append(SAME_REFERENCE)
    elif not reasons and (target > baseline) != (direction == "higher"):
        reasons.append(WRONG_SIDE.format(direction=direction))
    if periods == 0:
        reasons.append(NO_VALUES)
    elif rollup in ROLLUPS and not math.isfinite(value):
        reasons.append(NOT_FINITE)
    if reasons:
        return math.nan, " ".join(reasons)
    with np.errstate(all="ignore"):
        score = 100.0 * (np.float64(value) - baseline) / (np.float64(target) - baseline)
    if math.isnan(score):
        return math.nan, NOT_FINITE
    # Clipping also turns an overflow to +/- infinity into 100 or 0, as it should.
    return float(min(max(score, 0.0), 100.0)), ""


def score_measures(rolled: pd.DataFrame) -> pd.DataFrame:
    """Each rolled-up measure with `score` (0..100 or missing), `scored` and `reason`."""
    baseline, target = float_array(rolled["baseline"]), float_array(rolled["target"])
    value = float_array(rolled["value"])
    results = [
        _score(*row)
        for row in zip(
            rolled["direction"].tolist(),
            rolled["rollup"].tolist(),
            baseline.tolist(),
            target.tolist(),
            rolled["periods"].tolist(),
            value.tolist(),
            strict=True,
        )
    ]
    score = np.array([score for score, _ in results], dtype="float64")
    columns = {name: rolled[name].to_numpy() for name in MEASURE_COLUMNS}
    for name in TEXT_COLUMNS:
        columns[name] = text_array(rolled[name])
    columns.update(
        baseline=baseline,
        target=target,
        periods=rolled["periods"].to_numpy(dtype="int64"),
        value=value,
        score=score,
        scored=~np.isnan(score),
        reason=np.array([reason for _, reason in results], dtype=object),
    )
    return result_frame({name: columns[name] for name in SCORED_COLUMNS})
