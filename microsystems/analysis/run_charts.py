"""XmR run charts: is a change in a series a real (special cause) change, or noise?

Pure pandas and numpy, numbers in and numbers out; the words are in
microsystems.reports.run_charts. Used for demand (here) and for measures
(valuation), so it knows nothing of either.

The method, as NHS England's "Making Data Count" applies it:

- **Segments.** The series is cut at each recalculation date: a segment starts
  at the first point on or after the date, and each segment has its own mean
  and limits. Without a date the whole series is one segment.
- **Baseline.** A segment's mean and limits come from all its points, or, when
  the baseline is fixed, from its first `baseline_points` (12 to 20) points
  only, so later points do not widen them.
- **Moving ranges** are |x[i] - x[i-1]| between consecutive points of the
  baseline (none for its first point). Screening: a moving range above 3.267 x
  the mean moving range is left out, and the mean is taken again over the rest
  (once).
- **Limits**: mean +/- 2.66 x the screened mean moving range.
- **Too few points**: a segment with fewer than 12 points gets its mean but no
  limits and no signals (reason `TOO_FEW_POINTS`).

The four signal rules, applied within each segment that has limits:

- `beyond_limit`: the point is strictly above the upper or below the lower limit.
- `run`: 7 or more consecutive points strictly on the same side of the mean;
  a point exactly on the mean ends the run. Every point of the run is marked.
- `trend`: 7 or more consecutive points each strictly higher (rising) or each
  strictly lower (falling) than the one before, so 6 rises or falls in a row;
  an equal value ends the trend. Every point of the trend is marked.
- `near_limits`: two out of three consecutive points more than two-thirds of
  the way from the mean to the limit on the same side. The points beyond
  two-thirds in such a window are marked, not the third.

Each signal has a side: high (above the mean, or rising) or low. A point's
verdict is `improvement` when a signal lies on the wanted side ("higher" is
better: high; "lower": low), `concern` when only the unwanted side signals (a
point with both is an improvement, as the Making Data Count tools show it), and
`neutral` when the series has no better direction.

The summary (of the latest point, as Making Data Count's variation icon):
`common_cause`, `improvement`, `concern`, `neutral` (a special cause with no
better direction) or `too_few_points`. Assurance against a target is judged on
the latest segment's limits: `meet` when both limits lie on the good side of
the target (the process will consistently meet it), `miss` when both lie on
the bad side, `chance` when the target lies between them; none without a
target, a direction or limits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

MIN_POINTS = 12
MAX_BASELINE_POINTS = 20
LIMIT_FACTOR = 2.66
SCREEN_FACTOR = 3.267
RUN_LENGTH = 7
TREND_LENGTH = 7
NEAR_FRACTION = 2 / 3

# Signal names, in the order a point's one signal is chosen (the CSV's `signal`).
BEYOND_LIMIT = "beyond_limit"
RUN = "run"
TREND = "trend"
NEAR_LIMITS = "near_limits"
SIGNAL_ORDER = (BEYOND_LIMIT, RUN, TREND, NEAR_LIMITS)

HIGHER = "higher"
LOWER = "lower"

# Verdicts of a point and of the latest point (the variation summary).
IMPROVEMENT = "improvement"
CONCERN = "concern"
NEUTRAL = "neutral"
COMMON_CAUSE = "common_cause"
TOO_FEW_POINTS = "too_few_points"
NO_DATA = "no_data"

# Assurance against a target.
MEET = "meet"
MISS = "miss"
CHANCE = "chance"

CSV_COLUMNS = ["period_start", "value", "mean", "lower_limit", "upper_limit", "signal"]
POINT_COLUMNS = [
    "period_start", "value", "segment", "mean", "lower_limit", "upper_limit", "moving_range",
    "signal", "high_signal", "low_signal", "verdict",
]  # fmt: skip


@dataclass(frozen=True)
class Segment:
    """One stretch of the series with its own mean and limits."""

    number: int
    start: pd.Timestamp
    points: int
    baseline_points: int  # the points the mean and limits were computed on
    mean: float
    mean_moving_range: float | None  # after screening; None without limits
    screened_ranges: int  # moving ranges left out by screening
    lower_limit: float | None
    upper_limit: float | None

    @property
    def has_limits(self) -> bool:
        return self.upper_limit is not None


@dataclass(frozen=True)
class RunChart:
    """Everything a run chart shows: one row per point, the segments, the summary."""

    columns: dict[str, np.ndarray]  # POINT_COLUMNS' values, by period
    segments: list[Segment]
    direction: str | None
    target: float | None
    variation: str  # COMMON_CAUSE, IMPROVEMENT, CONCERN, NEUTRAL, TOO_FEW_POINTS, NO_DATA
    assurance: str | None  # MEET, MISS, CHANCE or None

    @cached_property
    def points(self) -> pd.DataFrame:
        """POINT_COLUMNS, by period. Built when first read: a figure is drawn from
        `columns`, and the measurements page draws 40 charts and reads no table."""
        return pd.DataFrame({name: self.columns[name] for name in POINT_COLUMNS})

    @property
    def latest_segment(self) -> Segment | None:
        return self.segments[-1] if self.segments else None

    def csv_frame(self) -> pd.DataFrame:
        """The download: exactly CSV_COLUMNS, limits empty (NaN) where there are none."""
        frame = self.points[CSV_COLUMNS].copy()
        frame["period_start"] = frame["period_start"].dt.date
        return frame


def screened_mean_moving_range(values: np.ndarray) -> tuple[float, int]:
    """The mean moving range of `values` after leaving out ranges above 3.267 x their
    mean, and how many were left out. At least two values."""
    ranges = np.abs(np.diff(values))
    first_mean = float(ranges.mean())
    kept = ranges[ranges <= SCREEN_FACTOR * first_mean]
    return float(kept.mean()), int(len(ranges) - len(kept))


def _runs(flags: np.ndarray, length: int, breaks: np.ndarray | None = None) -> np.ndarray:
    """Mark every element of each stretch of `length` or more consecutive True flags; a
    stretch also ends where `breaks` is True (the first point of a segment)."""
    flags = np.asarray(flags, dtype=bool)
    if not len(flags):
        return flags
    starts = flags.copy()
    starts[1:] &= ~flags[:-1] if breaks is None else ~flags[:-1] | breaks[1:]
    stretch = np.cumsum(starts)  # the stretch each True flag belongs to, from 1
    lengths = np.bincount(stretch[flags], minlength=int(stretch[-1]) + 1)
    return flags & (lengths[stretch] >= length)


def _trend(values: np.ndarray, rising: bool, breaks: np.ndarray | None = None) -> np.ndarray:
    """Points in a stretch of TREND_LENGTH or more, each beyond the one before (within
    a segment, where `breaks` marks each segment's first point)."""
    steps = np.diff(values)
    moves = steps > 0 if rising else steps < 0
    if breaks is not None:
        moves &= ~breaks[1:]  # no move into a new segment
    # A stretch of k moves in a row covers k + 1 points.
    marked = np.zeros(len(values), dtype=bool)
    step_runs = _runs(moves, TREND_LENGTH - 1)
    marked[1:] |= step_runs
    marked[:-1] |= step_runs
    return marked


def _two_of_three(beyond: np.ndarray, segment: np.ndarray | None = None) -> np.ndarray:
    """Points beyond two-thirds in any window of three consecutive points (of one
    segment, where `segment` numbers each point's) with two or more."""
    beyond = np.asarray(beyond, dtype=bool)
    marked = np.zeros(len(beyond), dtype=bool)
    if len(beyond) < 3:
        return marked
    # windows[i]: the window of points i, i + 1, i + 2 lies in one segment and holds two
    # or more beyond.
    windows = np.convolve(beyond.astype(np.int8), np.ones(3, dtype=np.int8), "valid") >= 2
    if segment is not None:
        windows &= segment[:-2] == segment[2:]
    for offset in range(3):
        marked[offset : offset + len(windows)] |= windows & beyond[offset : offset + len(windows)]
    return marked


def _signals(
    values: np.ndarray,
    segment: np.ndarray,
    mean: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Per rule, the (high, low) boolean arrays of points in consecutive segments, each
    point with its segment's number, mean and limits (NaN limits: no signals there).

    One pass over every segment at once, of one series or of many (xmr_charts): each
    rule's stretches and windows stop at a segment's first point.
    """
    breaks = np.ones(len(values), dtype=bool)
    breaks[1:] = segment[1:] != segment[:-1]
    limited = ~np.isnan(upper)
    above = values > mean
    below = values < mean
    high = {
        BEYOND_LIMIT: values > upper,
        RUN: _runs(above, RUN_LENGTH, breaks),
        TREND: _trend(values, rising=True, breaks=breaks),
        NEAR_LIMITS: _two_of_three(values > mean + NEAR_FRACTION * (upper - mean), segment),
    }
    low = {
        BEYOND_LIMIT: values < lower,
        RUN: _runs(below, RUN_LENGTH, breaks),
        TREND: _trend(values, rising=False, breaks=breaks),
        NEAR_LIMITS: _two_of_three(values < mean - NEAR_FRACTION * (mean - lower), segment),
    }
    for rule in SIGNAL_ORDER:
        high[rule] &= limited
        low[rule] &= limited
    return high, low


def _segment_starts(index: pd.DatetimeIndex, recalculate_from: list[date]) -> list[int]:
    """Positions where a segment starts: 0, then the first point on or after each date."""
    starts = {0}
    for when in recalculate_from:
        position = int(index.searchsorted(pd.Timestamp(when), side="left"))
        if 0 < position < len(index):
            starts.add(position)
    return sorted(starts)


def segment_lengths(
    period_starts: pd.Series | list, recalculate_from: list[date]
) -> list[tuple[pd.Timestamp, int]]:
    """(start, number of points) of each segment the dates would make; for validation."""
    index = pd.DatetimeIndex(sorted(pd.to_datetime(pd.Series(period_starts)).dropna()))
    if index.empty:
        return []
    starts = _segment_starts(index, recalculate_from)
    ends = [*starts[1:], len(index)]
    return [(index[start], end - start) for start, end in zip(starts, ends, strict=True)]


def xmr_chart(
    series: pd.Series,
    *,
    direction: str | None = None,
    target: float | None = None,
    recalculate_from: list[date] | tuple = (),
    baseline_points: int | None = None,
) -> RunChart:
    """The XmR chart of `series` (values indexed by period start; NaN periods left out).

    `direction` is HIGHER, LOWER or None; `baseline_points` fixes each segment's
    limits on its first that many points (None: all of them).
    """
    # Plain numpy rather than pandas for the per-point work: the measurements page
    # draws one chart per measure, and pandas' overhead per call adds up.
    raw = np.asarray(series.to_numpy(), dtype=float)
    stamps = pd.DatetimeIndex(series.index).to_numpy("datetime64[ns]")
    keep = ~np.isnan(raw) & ~np.isnat(stamps)
    order = np.argsort(stamps[keep], kind="stable")
    values = raw[keep][order]
    index = pd.DatetimeIndex(stamps[keep][order])
    count = len(values)
    columns = _empty_columns(count)
    segments: list[Segment] = []
    starts = _segment_starts(index, list(recalculate_from)) if count else []
    ends = [*starts[1:], count] if count else []
    for number, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
        segments.append(
            _segment(values, start, end, number, index[start], baseline_points, columns)
        )
    return _chart(values, index.to_numpy(), columns, segments, direction, target)


def xmr_charts(
    values: np.ndarray,
    stamps: np.ndarray,
    starts: list[int],
    directions: list[str | None],
    targets: list[float | None],
) -> list[RunChart]:
    """The XmR charts of many series at once, each of one segment on all its points.

    `values` and `stamps` (datetime64[ns]) hold the series one after another, each
    sorted by period with no gaps (NaN) or missing dates; series i is
    values[starts[i]:starts[i + 1]] (the last runs to the end). Each chart is what
    xmr_chart(series, direction=directions[i], target=targets[i]) gives; the signals of
    every series are looked for in one pass (the measurements page draws 40).
    """
    stamps = np.asarray(stamps, dtype="datetime64[ns]")  # as xmr_chart's index holds them
    count = len(values)
    columns = _empty_columns(count)
    segments = []
    ends = [*starts[1:], count] if starts else []
    for number, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
        # Numbered apart so each series' stretches stop at its first point; each
        # chart's own segment column is set to 1 below.
        segments.append(
            _segment(values, start, end, number, pd.Timestamp(stamps[start]), None, columns)
        )
    high, low = _signals(
        values, columns["segment"], columns["mean"], columns["lower_limit"], columns["upper_limit"]
    )
    columns["segment"][:] = 1
    charts = []
    for (start, end), segment, direction, target in zip(
        zip(starts, ends, strict=True), segments, directions, targets, strict=True
    ):
        part = slice(start, end)
        charts.append(
            _chart(
                values[part],
                stamps[part],
                {name: column[part] for name, column in columns.items()},
                [replace(segment, number=1)],
                direction,
                target,
                signals=(
                    {rule: flags[part] for rule, flags in high.items()},
                    {rule: flags[part] for rule, flags in low.items()},
                ),
            )
        )
    return charts


def _empty_columns(count: int) -> dict[str, np.ndarray]:
    """The per-point columns a segment's figures are written into."""
    return {
        "mean": np.full(count, np.nan),
        "lower_limit": np.full(count, np.nan),
        "upper_limit": np.full(count, np.nan),
        "moving_range": np.full(count, np.nan),
        "segment": np.zeros(count, dtype=int),
    }


def _segment(
    values: np.ndarray,
    start: int,
    end: int,
    number: int,
    first: pd.Timestamp,
    baseline_points: int | None,
    columns: dict[str, np.ndarray],
) -> Segment:
    """Segment `number`, values[start:end], its mean and limits written into `columns`.

    Each segment's mean and moving ranges are taken over its own slice, as numpy sums
    that slice: a sum over many segments at once (np.add.reduceat) can differ in the
    last digit, and the figures print every digit.
    """
    part = values[start:end]
    used = part if baseline_points is None else part[:baseline_points]
    mean = float(used.mean())
    columns["segment"][start:end] = number
    columns["mean"][start:end] = mean
    if len(part) > 1:
        columns["moving_range"][start + 1 : end] = np.abs(np.diff(part))
    if len(part) < MIN_POINTS:
        return Segment(number, first, len(part), len(used), mean, None, 0, None, None)
    mean_range, screened = screened_mean_moving_range(used)
    lower, upper = mean - LIMIT_FACTOR * mean_range, mean + LIMIT_FACTOR * mean_range
    columns["lower_limit"][start:end] = lower
    columns["upper_limit"][start:end] = upper
    return Segment(
        number, first, len(part), len(used), mean, mean_range, screened, lower, upper
    )  # fmt: skip


def _chart(
    values: np.ndarray,
    stamps: np.ndarray,
    columns: dict[str, np.ndarray],
    segments: list[Segment],
    direction: str | None,
    target: float | None,
    signals: tuple[dict, dict] | None = None,
) -> RunChart:
    """The chart of points with their segments' figures in `columns`: each point's
    signal and verdict, and the summary. `signals`: the rules' (high, low) flags when
    they were looked for already (xmr_charts)."""
    count = len(values)
    high, low = signals or _signals(
        values, columns["segment"], columns["mean"], columns["lower_limit"], columns["upper_limit"]
    )
    signal = np.full(count, "", dtype=object)
    for rule in reversed(SIGNAL_ORDER):  # the first rule in the order wins
        signal[high[rule] | low[rule]] = rule
    any_high = high[BEYOND_LIMIT] | high[RUN] | high[TREND] | high[NEAR_LIMITS]
    any_low = low[BEYOND_LIMIT] | low[RUN] | low[TREND] | low[NEAR_LIMITS]
    verdict = np.full(count, "", dtype=object)
    if direction in (HIGHER, LOWER):
        wanted, unwanted = (any_high, any_low) if direction == HIGHER else (any_low, any_high)
        verdict[unwanted] = CONCERN
        verdict[wanted] = IMPROVEMENT  # improvement wins when a point has both
    else:
        verdict[any_high | any_low] = NEUTRAL
    columns = {
        **columns,
        "period_start": stamps,
        "value": values,
        "signal": signal,
        "high_signal": any_high,
        "low_signal": any_low,
        "verdict": verdict,
    }
    return RunChart(
        columns=columns,
        segments=segments,
        direction=direction if direction in (HIGHER, LOWER) else None,
        target=None if target is None else float(target),
        variation=_variation(verdict, segments),
        assurance=_assurance(segments, direction, target),
    )


def _variation(verdict: np.ndarray, segments: list[Segment]) -> str:
    if not len(verdict):
        return NO_DATA
    if not segments[-1].has_limits:
        return TOO_FEW_POINTS
    return verdict[-1] or COMMON_CAUSE


def _assurance(segments: list[Segment], direction: str | None, target: float | None) -> str | None:
    if target is None or direction not in (HIGHER, LOWER) or not segments:
        return None
    latest = segments[-1]
    if not latest.has_limits:
        return None
    target = float(target)
    if direction == HIGHER:
        good = latest.lower_limit >= target
        bad = latest.upper_limit < target
    else:
        good = latest.upper_limit <= target
        bad = latest.lower_limit > target
    return MEET if good else MISS if bad else CHANCE


def before_after(series: pd.Series, change: date, *, direction: str | None) -> dict:
    """Did a change on `change` make a real difference to `series`?

    The points before the change are the baseline: their mean and limits (all of
    them, so at least 12 points) are extended over the points after it, and the
    rules are applied to the whole series; a signal on or after the change is a
    special cause that followed it. `wanted` is True when such a signal lies on
    the better side (it needs a direction), False when the signals there are
    only concerns or have no better side, None when no signal followed or there
    are too few points before the change to judge (`enough_before` False).
    """
    clean = pd.Series(series, dtype=float).dropna()
    clean.index = pd.DatetimeIndex(clean.index)
    clean = clean.sort_index()
    when = pd.Timestamp(change)
    before = clean[clean.index < when]
    after = clean[clean.index >= when]
    result = {
        "before_mean": float(before.mean()) if len(before) else None,
        "after_mean": float(after.mean()) if len(after) else None,
        "before_points": len(before),
        "after_points": len(after),
        "enough_before": len(before) >= MIN_POINTS,
        "first_signal": None,
        "first_signal_period": None,
        "wanted": None,
    }
    if not result["enough_before"] or after.empty:
        return result
    chart = xmr_chart(clean, direction=direction, baseline_points=len(before))
    points = chart.points
    signalled = points[(points["period_start"] >= when) & (points["signal"] != "")]
    if not signalled.empty:
        first = signalled.iloc[0]
        result["first_signal"] = first["signal"]
        result["first_signal_period"] = first["period_start"]
        result["wanted"] = bool((signalled["verdict"] == IMPROVEMENT).any())
    return result
