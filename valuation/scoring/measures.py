"""Each measure over the assessment's period: rolled up, then scored 0..100.

Roll-up: the sum, the mean or the last value of the periods whose start falls
on or between the assessment's first and last day.

Score = 100 * (value - baseline) / (target - baseline), clipped to 0..100. With
"lower is better" the target lies below the baseline and the same formula
applies. A measure that cannot be scored is unscored, with the reason, never 0.

Two rules keep a score honest:
- Incomplete periods: the assessment expects one value per period of the
  microsystem (each period whose start falls in the assessment). A measure with
  values for some of them but not all is incomplete: its missing periods are
  named and it is unscored, since a sum or mean of 2 months set against a
  reference meant for 3 says nothing true.
- The reference that applies: the measure's own baseline and target (the
  organisation's default), unless the microsystem set its own (the optional
  columns unit_baseline, unit_target, unit_set_by, unit_reason of the measures
  frame); the result names which applied.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from microsystems.periods import (
    FIRST_DAY,
    LAST_DAY,
    period_start_for,
    shift_periods,
)
from valuation.scoring.common import (
    coded,
    float_array,
    int_array,
    is_on,
    joined_notes,
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
# Optional columns of the measures frame: the microsystem's own reference for the
# measure (missing when it uses the organisation's default).
UNIT_REFERENCE_COLUMNS = ["unit_baseline", "unit_target", "unit_set_by", "unit_reason"]
TEXT_COLUMNS = ["code", "name", "unit", "direction", "rollup", "side"]
MEASUREMENT_COLUMNS = ["measure_id", "period_start", "value"]
# reference: "unit" (the microsystem's own baseline and target) or "default".
REFERENCE_COLUMNS = [
    "default_baseline",
    "default_target",
    "reference",
    "reference_set_by",
    "reference_reason",
]
COVERAGE_COLUMNS = ["expected_periods", "complete", "missing_periods"]
SCORED_COLUMNS = [
    *MEASURE_COLUMNS,
    "periods",
    "value",
    "score",
    "scored",
    "reason",
    *REFERENCE_COLUMNS,
    *COVERAGE_COLUMNS,
]
UNIT_REFERENCE = "unit"
DEFAULT_REFERENCE = "default"

ROLLUPS = ("sum", "mean", "last")

# Why a measure is unscored (its `reason`): codes, several joined by NOTE_JOIN,
# worded in valuation.reports.account_text. WRONG_SIDE carries the direction
# ("wrong_side:lower"), INCOMPLETE the periods with a value and the period noun
# ("incomplete:1:month"); the rest of INCOMPLETE's words come from the row's
# expected_periods and missing_periods.
NO_VALUES = "no_values"
NO_BASELINE = "no_baseline"
NO_TARGET = "no_target"
SAME_REFERENCE = "same_reference"
WRONG_SIDE = "wrong_side"
UNKNOWN_DIRECTION = "unknown_direction"
UNKNOWN_ROLLUP = "unknown_rollup"
NOT_FINITE = "not_finite"
INCOMPLETE = "incomplete"


def expected_periods(start: date, end: date, granularity: str) -> list[date]:
    """The starts of the microsystem's periods that fall on or between `start` and `end`:
    the periods the assessment expects a value for (the same rule as the roll-up).

    Only dates inside the window of microsystems.periods count.
    """
    first, last = max(start, FIRST_DAY), min(end, LAST_DAY)
    if last < first:
        return []
    period = period_start_for(first, granularity)
    if period < first:
        period = shift_periods(period, granularity, 1)
    starts = []
    while period <= last:
        starts.append(period)
        period = shift_periods(period, granularity, 1)
    return starts


def missing_codes(missing: list[date]) -> str:
    """The missing periods' starts as ISO dates joined by NOTE_JOIN: "2025-02-01+2025-03-01"
    (valuation.reports.account_text.missing_words names them)."""
    return joined_notes(*(day.isoformat() for day in missing))


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


def _unit_column(measures: pd.DataFrame, name: str, count: int) -> np.ndarray:
    if name in measures.columns:
        if name in ("unit_baseline", "unit_target"):
            return float_array(measures[name])
        return text_array(measures[name])
    if name in ("unit_baseline", "unit_target"):
        return np.full(count, np.nan)
    return np.full(count, None, dtype=object)


def roll_up(
    measures: pd.DataFrame,
    measurements: pd.DataFrame,
    expected: list[date] | None = None,
    granularity: str = "month",
) -> pd.DataFrame:
    """The measures with `periods` (values in range) and `value` (rolled up, NaN if none),
    the reference that applies (REFERENCE_COLUMNS) and the coverage of the `expected`
    periods (COVERAGE_COLUMNS; with `expected` None every measure counts as complete).

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

    default_baseline = float_array(measures["baseline"])
    default_target = float_array(measures["target"])
    unit_baseline = _unit_column(measures, "unit_baseline", count)
    unit_target = _unit_column(measures, "unit_target", count)
    own = ~np.isnan(unit_baseline) | ~np.isnan(unit_target)

    expected_count, complete, missing, incomplete = _coverage(
        where, days, count, expected, granularity
    )
    frame = measures[MEASURE_COLUMNS].assign(
        measure_id=measure_ids,
        dimension_id=int_array(measures["dimension_id"]),
        baseline=np.where(own, unit_baseline, default_baseline),
        target=np.where(own, unit_target, default_target),
        active=active,
        periods=periods.astype("int64"),
        value=value,
        default_baseline=default_baseline,
        default_target=default_target,
        reference=np.where(own, UNIT_REFERENCE, DEFAULT_REFERENCE).astype(object),
        reference_set_by=np.where(own, _unit_column(measures, "unit_set_by", count), None),
        reference_reason=np.where(own, _unit_column(measures, "unit_reason", count), None),
        expected_periods=np.full(count, expected_count, dtype="int64"),
        complete=complete,
        missing_periods=missing,
        incomplete_reason=incomplete,
    )
    return frame[active | (periods > 0)].reset_index(drop=True)


def _coverage(where, days, count, expected, granularity):
    """(periods expected, complete per measure, the missing periods' starts per measure
    (missing_codes), the reason code of an incomplete measure).

    A measure with no value at all is not "incomplete": it has no values, which
    its own reason says; only one with some but not all expected periods is.
    """
    complete = np.ones(count, dtype=bool)
    missing = np.full(count, "", dtype=object)
    reasons = np.full(count, "", dtype=object)
    if expected is None:
        return 0, complete, missing, reasons
    present: dict[int, set] = {}
    for measure, day in zip(where.tolist(), days.tolist(), strict=True):
        present.setdefault(measure, set()).add(day)
    for measure, seen in present.items():
        absent = [day for day in expected if day not in seen]
        if absent:
            complete[measure] = False
            missing[measure] = missing_codes(absent)
            reasons[measure] = coded(INCOMPLETE, len(expected) - len(absent), granularity)
    return len(expected), complete, missing, reasons


def _score(direction, rollup, baseline, target, periods, value, incomplete) -> tuple[float, str]:
    """(score, "") or (NaN, the codes of the reasons it cannot be scored)."""
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
        reasons.append(coded(WRONG_SIDE, direction))
    if periods == 0:
        reasons.append(NO_VALUES)
    elif rollup in ROLLUPS and not math.isfinite(value):
        reasons.append(NOT_FINITE)
    if incomplete:
        # First: it is what the person can put right by recording the missing periods.
        reasons.insert(0, incomplete)
    if reasons:
        return math.nan, joined_notes(*reasons)
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
    count = len(rolled)
    incomplete = (
        rolled["incomplete_reason"].tolist() if "incomplete_reason" in rolled else [""] * count
    )
    results = [
        _score(*row)
        for row in zip(
            rolled["direction"].tolist(),
            rolled["rollup"].tolist(),
            baseline.tolist(),
            target.tolist(),
            rolled["periods"].tolist(),
            value.tolist(),
            incomplete,
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
    # A frame rolled up without references or coverage (a test's, an older record's):
    # the organisation's default applies and every measure counts as complete.
    defaults = {
        "default_baseline": baseline,
        "default_target": target,
        "reference": np.full(count, DEFAULT_REFERENCE, dtype=object),
        "reference_set_by": np.full(count, None, dtype=object),
        "reference_reason": np.full(count, None, dtype=object),
        "expected_periods": np.zeros(count, dtype="int64"),
        "complete": np.ones(count, dtype=bool),
        "missing_periods": np.full(count, "", dtype=object),
    }
    for name, fallback in defaults.items():
        columns[name] = rolled[name].to_numpy() if name in rolled else fallback
    columns["default_baseline"] = float_array(columns["default_baseline"])
    columns["default_target"] = float_array(columns["default_target"])
    return result_frame({name: columns[name] for name in SCORED_COLUMNS})
