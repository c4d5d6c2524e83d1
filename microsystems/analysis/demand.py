"""How demand on a microsystem changes over time, and what it needs in staff time.

Pure pandas: every function takes plain DataFrames/Series (built by the web
layer from the database) and returns new ones. Nothing here imports Django.
Numbers only: microsystems.reports.demand_text says what they show.

Conventions:
- A period is identified by its start date at midnight: Mondays for 'week',
  the 1st for 'month', 1 Jan/Apr/Jul/Oct for 'quarter'. Indexes are
  datetime64[ns] and named ``period_start``.
- A missing observation is NaN, never 0: "not entered" is not "no demand".
- An observation dated outside the window of periods.FIRST_DAY to LAST_DAY
  (which the database does not store, but the analysis must not fail on) is
  left out, like one of an unknown type; ``outside_window`` finds them.
- ``pct_change``, ``utilisation_pct`` and ``change_points`` are on a 0-100
  scale; ``failure_share``, ``last_share`` and ``previous_share`` are
  fractions between 0 and 1.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from microsystems.analysis.forecast import (
    METHOD_ETS,
    Backtest,
    backtest,
    smoothed,
)
from microsystems.periods import FIRST_DAY, LAST_DAY

PERIODS_PER_YEAR: dict[str, int] = {"week": 52, "month": 12, "quarter": 4}
_FREQ: dict[str, str] = {"week": "W-MON", "month": "MS", "quarter": "QS-JAN"}
NATURES: tuple[str, ...] = ("value", "failure", "unclassified")
TOTAL_NAME = "All demand"
TOTAL_NATURE = "all"

# How a forecast was made, as a code (with METHOD_ETS's "ets-add" and "ets-mul");
# microsystems.reports.demand_text puts it into words.
METHOD_NONE = "none"
METHOD_LINEAR = "linear"
METHOD_SEASONAL = "linear-seasonal"

YEAR_ON_YEAR_COLUMNS = [
    "demand_type_id", "name", "nature", "last_year", "previous_year", "change", "pct_change",
    "slope_per_period", "periods_compared",
]  # fmt: skip
SHARE_COLUMNS = [
    "value_volume", "failure_volume", "unclassified_volume", "total_volume", "failure_share",
]  # fmt: skip
CAPACITY_COLUMNS = [
    "required_hours", "available_hours", "utilisation_pct", "is_forecast",
    "required_lower", "required_upper",
]  # fmt: skip


def periods_per_year(granularity: str) -> int:
    try:
        return PERIODS_PER_YEAR[granularity]
    except KeyError:
        raise ValueError(
            f"Unknown granularity {granularity!r}; expected one of {sorted(PERIODS_PER_YEAR)}"
        ) from None


def _empty_index() -> pd.DatetimeIndex:
    return pd.DatetimeIndex([], dtype="datetime64[ns]", name="period_start")


def align(date, granularity: str) -> pd.Timestamp:
    """Start (midnight) of the period that contains ``date``."""
    periods_per_year(granularity)
    ts = pd.Timestamp(date).normalize()
    if granularity == "week":
        return ts - pd.Timedelta(days=ts.weekday())
    if granularity == "month":
        return ts.replace(day=1)
    return ts.replace(month=(ts.month - 1) // 3 * 3 + 1, day=1)


def period_timestamps(dates: pd.Series) -> pd.Series:
    """Dates (date objects, datetimes, ISO text or datetime64 of any unit) as midnight
    datetime64[ns]; NaT for a date outside the window or no date at all.

    Converted through datetime64[D], which spans every year a date can have:
    pandas' nanosecond timestamps stop at 1677 and 2262, so converting 9999-12-01
    directly raises instead of leaving the one bad date out.
    """
    values = pd.Series(dates)
    days = _plain_dates_as_days(values.to_numpy())
    if days is None:
        try:
            days = np.asarray(values.to_numpy(), dtype="datetime64[D]")
        except (TypeError, ValueError, OverflowError):
            days = pd.to_datetime(values, errors="coerce").to_numpy("datetime64[D]")
    days = days_in_window(days)
    return pd.Series(days.astype("datetime64[ns]"), index=values.index, name=values.name)


def days_in_window(days: np.ndarray) -> np.ndarray:
    """datetime64[D] days, NaT for a day outside the window."""
    inside = (days >= np.datetime64(FIRST_DAY, "D")) & (days <= np.datetime64(LAST_DAY, "D"))
    return np.where(inside, days, np.datetime64("NaT", "D"))


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _plain_dates_as_days(values: np.ndarray) -> np.ndarray | None:
    """Date objects (as the database gives them) as datetime64[D] by their day numbers,
    the day numpy's conversion gives at a fraction of its cost (a few microseconds a
    date, a tenth of the demand page's history); None for anything else."""
    if values.dtype != object or set(map(type, values)) - {dt.date}:
        return None
    # A history holds each date many times (a period's date once per demand type):
    # each distinct date is converted once.
    codes, distinct = pd.factorize(values)
    ordinals = np.fromiter((value.toordinal() for value in distinct), np.int64, len(distinct))
    return (ordinals[codes] - _EPOCH_ORDINAL).astype("datetime64[D]")


def outside_window(observations: pd.DataFrame) -> pd.Series:
    """True for each observation whose period_start is missing or outside the window."""
    return period_timestamps(observations["period_start"]).isna()


def align_all(dates: pd.Series, granularity: str) -> pd.Series:
    """``align`` for a whole column at once (a Python call per row is slow on long histories).

    A date outside the window comes out as NaT (see ``period_timestamps``).
    """
    periods_per_year(granularity)
    days = period_timestamps(dates).dt.normalize()
    if granularity == "week":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    code = "M" if granularity == "month" else "Q"
    return days.dt.to_period(code).dt.start_time.astype("datetime64[ns]")


def period_range(start, end, granularity: str) -> pd.DatetimeIndex:
    """Every period start from ``start`` to ``end`` inclusive (both aligned first)."""
    periods_per_year(granularity)
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return _empty_index()
    first, last = align(start, granularity), align(end, granularity)
    if first > last:
        return _empty_index()
    return pd.date_range(first, last, freq=_FREQ[granularity], unit="ns", name="period_start")


def next_periods(last, granularity: str, n: int) -> pd.DatetimeIndex:
    """The ``n`` period starts that follow the period containing ``last``."""
    periods_per_year(granularity)
    if n is None or n <= 0 or last is None or pd.isna(last):
        return _empty_index()
    first = align(last, granularity)
    periods = pd.date_range(first, periods=n + 1, freq=_FREQ[granularity], unit="ns")
    return pd.DatetimeIndex(periods[1:], name="period_start")


def _period_numbers(index: pd.Index, granularity: str) -> np.ndarray:
    """Consecutive integers per period, so gaps and irregular indexes keep true spacing."""
    dates = pd.DatetimeIndex(index)
    if granularity == "month":
        return (dates.year * 12 + dates.month - 1).to_numpy(dtype=np.int64)
    if granularity == "quarter":
        return (dates.year * 4 + (dates.month - 1) // 3).to_numpy(dtype=np.int64)
    periods_per_year(granularity)
    days = dates.to_numpy(dtype="datetime64[D]").astype(np.int64)
    # 1970-01-05 (day 4 since the epoch) is a Monday, so each week gets one number.
    return (days - 4) // 7


def _fit_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Least-squares slope, plus the mean point (x̄, ȳ) the line passes through."""
    x_mean, y_mean = float(x.mean()), float(y.mean())
    sxx = float(((x - x_mean) ** 2).sum())
    if sxx == 0:
        return math.nan, x_mean, y_mean
    return float(((x - x_mean) * (y - y_mean)).sum()) / sxx, x_mean, y_mean


def least_squares_slope(values: pd.Series) -> float:
    """OLS slope of value against position (0, 1, 2, ...), skipping NaN.

    Positions stand for period numbers, so ``values`` must be on a regular
    period index with gaps as NaN rows (as ``demand_matrix`` produces).
    """
    if isinstance(values, pd.Series) and values.dtype == np.float64:
        y = values.to_numpy(dtype=float)  # already numbers: no conversion to pay for
    else:
        y = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    x = np.arange(len(y), dtype=float)
    known = ~np.isnan(y)
    if known.sum() < 2:
        return math.nan
    return _fit_line(x[known], y[known])[0]


def _type_ids(demand_types: pd.DataFrame) -> list[int]:
    return [int(i) for i in demand_types["demand_type_id"]]


def aligned_days(dates: pd.Series, granularity: str) -> np.ndarray:
    """``align_all`` as a datetime64[ns] array, in numpy's day arithmetic rather than
    pandas' period accessors (a tenth of the cost on a ten-year history). NaT for a
    date outside the window or no date at all."""
    periods_per_year(granularity)
    days = period_timestamps(dates).to_numpy().astype("datetime64[D]")
    if granularity == "week":
        numbers = days.astype(np.int64)
        # 1970-01-05 (day 4 since the epoch) is a Monday.
        aligned = (numbers - (numbers - 4) % 7).astype("datetime64[D]")
    elif granularity == "month":
        aligned = days.astype("datetime64[M]").astype("datetime64[D]")
    else:
        months = days.astype("datetime64[M]").astype(np.int64)
        aligned = (months - months % 3).astype("datetime64[M]").astype("datetime64[D]")
    return np.where(np.isnat(days), np.datetime64("NaT", "D"), aligned).astype("datetime64[ns]")


def demand_matrix(
    observations: pd.DataFrame, demand_types: pd.DataFrame, granularity: str
) -> pd.DataFrame:
    """Volumes as a period x demand-type grid; unobserved cells (and gap periods) are NaN."""
    ids = _type_ids(demand_types)
    columns = pd.Index(ids, dtype="int64", name="demand_type_id")
    # Observations of unknown types, without a volume or dated outside the window
    # say nothing about the grid.
    all_periods = aligned_days(observations["period_start"], granularity)
    positions = columns.get_indexer(observations["demand_type_id"].to_numpy())
    volumes = pd.to_numeric(observations["volume"], errors="coerce").to_numpy(dtype=float)
    keep = (positions >= 0) & ~np.isnan(volumes) & ~np.isnat(all_periods)
    if not keep.any():
        return pd.DataFrame(index=_empty_index(), columns=columns, dtype=float)
    periods, positions, volumes = all_periods[keep], positions[keep], volumes[keep]
    index = period_range(pd.Timestamp(periods.min()), pd.Timestamp(periods.max()), granularity)
    rows = index.get_indexer(periods)
    # Summed cell by cell (two figures of one type in one period add up); a cell
    # nothing was entered in stays NaN.
    grid = np.zeros((len(index), len(ids)))
    entered = np.zeros((len(index), len(ids)), dtype=np.int64)
    np.add.at(grid, (rows, positions), volumes)
    np.add.at(entered, (rows, positions), 1)
    grid[entered == 0] = np.nan
    # Without a copy: the frame's block is the grid's transpose, laid out in memory as
    # pandas' own reshaping laid it out, which capacity's float sums depend on.
    return pd.DataFrame(grid, index=index, columns=columns, copy=False)


def _complete_rows(values: np.ndarray) -> np.ndarray:
    """``complete_periods`` of a grid's values (periods x types)."""
    known = ~np.isnan(values)
    used = known.any(axis=0)
    if not used.any():
        return np.zeros(len(values), dtype=bool)
    return known[:, used].all(axis=1)


def complete_periods(grid: pd.DataFrame) -> pd.Series:
    """True for each period in which every demand type that has ever been entered was
    entered: only those periods have a known total. A type never entered at all (set
    up but not yet used) does not count against a period."""
    return pd.Series(_complete_rows(grid.to_numpy(dtype=float)), index=grid.index)


def _row_sums(values: np.ndarray) -> np.ndarray:
    """Each row's sum skipping NaN, NaN for a row with nothing (pandas' sum(axis=1,
    min_count=1)), for whole numbers (volumes): exact in any order of addition."""
    known = ~np.isnan(values)
    sums = np.ascontiguousarray(np.where(known, values, 0.0)).sum(axis=1)
    return np.where(known.any(axis=1), sums, np.nan)


def _complete_total(values: np.ndarray) -> np.ndarray:
    return np.where(_complete_rows(values), _row_sums(values), np.nan)


def complete_total(grid: pd.DataFrame) -> pd.Series:
    """All demand per period, NaN where a type in use was not entered: a month with one
    type missing is unknown, not lower."""
    return pd.Series(_complete_total(grid.to_numpy(dtype=float)), index=grid.index)


def missing_periods(matrix: pd.DataFrame, demand_types: pd.DataFrame) -> dict[str, list]:
    """Per demand type in use (by name), the periods of the recorded span in which it was
    not entered, in order. Types never entered, and types with nothing missing, are left out."""
    ids = _type_ids(demand_types)
    grid = matrix.reindex(columns=ids)
    # One test of the whole grid, not a Series per type (a page has dozens of types).
    absent = grid.isna().to_numpy()
    missing: dict[str, list] = {}
    for position, name in enumerate(demand_types["name"]):
        column = absent[:, position]
        if column.any() and not column.all():
            missing[str(name)] = list(grid.index[column])
    return missing


def _year_sums(values: np.ndarray, ppy: int) -> tuple[float, float, float, float, float]:
    """(last year, year before, change, % change, periods compared), like for like.

    Only positions in the year entered in both years are summed on both sides, so
    a month not entered last year is left out of the year before too rather than
    read as zero demand. With less than two years the last year is summed as
    entered and the rest is NaN (periods compared too); with two years but no period
    entered in both, NaN with 0 periods compared.
    """
    n = len(values)
    if n < ppy:
        return math.nan, math.nan, math.nan, math.nan, math.nan
    last_window = values[n - ppy :]
    if n < 2 * ppy:
        last = float(np.nansum(last_window)) if (~np.isnan(last_window)).any() else math.nan
        return last, math.nan, math.nan, math.nan, math.nan
    previous_window = values[n - 2 * ppy : n - ppy]
    both = ~np.isnan(last_window) & ~np.isnan(previous_window)
    compared = int(both.sum())
    if not compared:
        return math.nan, math.nan, math.nan, math.nan, 0.0
    last, previous = float(last_window[both].sum()), float(previous_window[both].sum())
    change = last - previous
    pct = change / previous * 100 if previous else math.nan
    return last, previous, change, pct, float(compared)


def _slope(y: np.ndarray) -> float:
    """``least_squares_slope`` of numbers already in an array."""
    x = np.arange(len(y), dtype=float)
    known = ~np.isnan(y)
    if known.sum() < 2:
        return math.nan
    return _fit_line(x[known], y[known])[0]


def year_on_year(
    matrix: pd.DataFrame, demand_types: pd.DataFrame, granularity: str
) -> pd.DataFrame:
    """Last year against the year before, per demand type plus an 'All demand' total row.

    Like for like: each row compares only the periods entered in both years
    (``periods_compared`` says how many of the year's periods that is; NaN with less
    than two years of history). The total
    of a period is known only when every type in use was entered in it
    (``complete_total``). ``demand_type_id`` is an object column (Python ints,
    None on the total row) so templates can test it without tripping over pd.NA.
    """
    ppy = periods_per_year(granularity)
    if matrix.empty:
        frame = pd.DataFrame({c: pd.Series(dtype=float) for c in YEAR_ON_YEAR_COLUMNS})
        return frame.astype({"demand_type_id": object, "name": str, "nature": str})
    ids = _type_ids(demand_types)
    # The grid's columns as arrays, not a Series per type (a page has dozens of types).
    grid = matrix.reindex(columns=ids).to_numpy(dtype=float)
    rows = []
    names, natures = demand_types["name"], demand_types["nature"]
    for position, (type_id, name, nature) in enumerate(zip(ids, names, natures, strict=True)):
        values = grid[:, position]
        *sums, compared = _year_sums(values, ppy)
        rows.append((type_id, str(name), str(nature), *sums, _slope(values), compared))
    total = _complete_total(grid)
    *sums, compared = _year_sums(total, ppy)
    rows.append((None, TOTAL_NAME, TOTAL_NATURE, *sums, _slope(total), compared))
    frame = pd.DataFrame(rows, columns=YEAR_ON_YEAR_COLUMNS)
    frame["demand_type_id"] = pd.Series([r[0] for r in rows], dtype=object)
    return frame


FORECAST_COLUMNS = ["forecast", "lower", "upper"]


def forecast_interval(
    series: pd.Series, granularity: str, horizon: int = 3
) -> tuple[pd.DataFrame, str]:
    """Project a period series ``horizon`` periods ahead with an 80% prediction interval;
    returns (frame of forecast, lower, upper; method).

    Monthly and quarterly series with two full years ending in a known period:
    exponential smoothing, additive or multiplicative season by AIC
    (microsystems.analysis.forecast). Otherwise (shorter, weekly, or a fit that
    fails) ``linear_forecast``, without an interval (lower and upper NaN).
    """
    ppy = periods_per_year(granularity)
    known = series.dropna()
    future = next_periods(pd.DatetimeIndex(series.index).max(), granularity, horizon)
    # Weekly: 52 seasonal states on two or three years of weeks is more parameters
    # than the data can carry, so weeks keep the straight line with its season.
    if granularity != "week" and len(known) >= 2 * ppy and pd.notna(series.iloc[-1]):
        result = smoothed(series.to_numpy(dtype=float), ppy, len(future))
        if result is not None:
            frame = pd.DataFrame(
                {"forecast": result.mean, "lower": result.lower, "upper": result.upper},
                index=future,
            )
            return frame, METHOD_ETS.format(season=result.season)
    return straight_line_interval(series, granularity, horizon)


def straight_line_interval(
    series: pd.Series, granularity: str, horizon: int = 3
) -> tuple[pd.DataFrame, str]:
    """``linear_forecast`` in ``forecast_interval``'s shape, without an interval (lower
    and upper NaN): its fallback, and what stands in while a fit is being computed."""
    predicted, method = linear_forecast(series, granularity, horizon)
    frame = pd.DataFrame(
        {"forecast": predicted, "lower": math.nan, "upper": math.nan}, index=predicted.index
    )
    return frame.astype(float), method


def no_forecast(series: pd.Series, granularity: str, horizon: int = 0) -> tuple[pd.DataFrame, str]:
    """``capacity``'s forecaster when only the history is wanted: no rows, nothing fitted."""
    frame = pd.DataFrame(index=_empty_index(), columns=FORECAST_COLUMNS, dtype=float)
    return frame, METHOD_NONE


def forecast(series: pd.Series, granularity: str, horizon: int = 3) -> tuple[pd.Series, str]:
    """``forecast_interval``'s forecast alone: (forecast, method)."""
    frame, method = forecast_interval(series, granularity, horizon)
    return frame["forecast"].rename(series.name), method


def year_ahead(past: pd.Series, granularity: str) -> tuple[np.ndarray, str]:
    """``forecast`` one year ahead of `past`: what the backtest sets against the year
    that followed. (values, method)."""
    predicted, method = forecast(past, granularity, periods_per_year(granularity))
    return predicted.to_numpy(dtype=float), method


def forecast_backtest(
    series: pd.Series,
    granularity: str,
    made_then: Callable[[pd.Series, str], tuple[np.ndarray, str]] = year_ahead,
) -> Backtest | None:
    """How ``forecast`` did from one year back on this series, against seasonal-naive.

    `made_then(past, granularity)` is ``year_ahead``, or the same remembered: it
    reads only the history before the last year, so a change within that year
    needs no new fit (microsystems.reports.demand keeps it by the history's numbers).
    """
    ppy = periods_per_year(granularity)
    index = pd.DatetimeIndex(series.index)

    def forecaster(history: np.ndarray, horizon: int) -> tuple[np.ndarray, str]:
        return made_then(pd.Series(history, index=index[: len(history)]), granularity)

    return backtest(series.to_numpy(dtype=float), ppy, forecaster)


def linear_forecast(series: pd.Series, granularity: str, horizon: int = 3) -> tuple[pd.Series, str]:
    """Project a period series ``horizon`` periods ahead; returns (forecast, method).

    The fallback of ``forecast_interval`` for short (and weekly) series.

    Linear least-squares trend; with at least two full years of non-NaN
    periods, plus an additive seasonal index per position in the year.
    """
    ppy = periods_per_year(granularity)
    known = series.dropna()
    if len(known) < 3:
        return pd.Series(index=_empty_index(), dtype=float, name=series.name), METHOD_NONE
    x = _period_numbers(known.index, granularity)
    y = known.to_numpy(dtype=float)
    slope, x_mean, y_mean = _fit_line(x.astype(float), y)
    future = next_periods(pd.DatetimeIndex(series.index).max(), granularity, horizon)
    x_future = _period_numbers(future, granularity)
    values = y_mean + slope * (x_future - x_mean)
    method = METHOD_LINEAR
    if len(known) >= 2 * ppy:
        residuals = y - (y_mean + slope * (x - x_mean))
        # Position in the year: month/quarter of the year; for weeks, period number mod 52.
        seasonal = pd.Series(residuals).groupby(x % ppy).mean()
        seasonal = seasonal.reindex(range(ppy), fill_value=0.0)
        seasonal = seasonal - seasonal.mean()  # centred: the season must not shift the trend
        values = values + seasonal.to_numpy()[x_future % ppy]
        method = METHOD_SEASONAL
    # Demand cannot be negative, whatever a falling trend says.
    return pd.Series(np.clip(values, 0, None), index=future, name=series.name), method


def failure_demand_share(matrix: pd.DataFrame, demand_types: pd.DataFrame) -> pd.DataFrame:
    """Volume by nature per period and the share of failure demand (0-1)."""
    ids = _type_ids(demand_types)
    grid = matrix.reindex(columns=ids).to_numpy(dtype=float)
    # Any nature outside the three known ones is counted as unclassified.
    nature_of = [n if n in NATURES else "unclassified" for n in demand_types["nature"]]
    # A period with a type in use not entered has no known total, so no known share.
    grid = np.where(_complete_rows(grid)[:, None], grid, np.nan)
    total = _row_sums(grid)
    columns = {}
    for nature in NATURES:
        positions = [p for p, of in enumerate(nature_of) if of == nature]
        if positions:
            columns[f"{nature}_volume"] = _row_sums(grid[:, positions])
        else:
            # No type of this nature: it is truly zero wherever anything was entered.
            columns[f"{nature}_volume"] = np.where(np.isnan(total), np.nan, 0.0)
    columns["total_volume"] = total
    columns["failure_share"] = columns["failure_volume"] / np.where(total > 0, total, np.nan)
    return pd.DataFrame(columns, index=matrix.index.copy())[SHARE_COLUMNS]


def failure_share_change(share_frame: pd.DataFrame, granularity: str) -> dict:
    """Volume-weighted failure share for the last and previous year, and the change.

    Returns ``previous_share`` and ``last_share`` (fractions) and
    ``change_points`` (percentage points); NaN where history is too short.
    """
    ppy = periods_per_year(granularity)
    n = len(share_frame)
    # Only periods where both failure and total are known, so the ratio is like for like.
    known = share_frame["failure_share"].notna()
    failure = share_frame["failure_volume"].where(known)
    total = share_frame["total_volume"].where(known)

    def share(start: int, stop: int) -> float:
        if start < 0:
            return math.nan
        denominator = total.iloc[start:stop].sum()
        if not denominator > 0:
            return math.nan
        return float(failure.iloc[start:stop].sum() / denominator)

    last = share(n - ppy, n)
    previous = share(n - 2 * ppy, n - ppy)
    change = (last - previous) * 100
    return {"previous_share": previous, "last_share": last, "change_points": change}


def required_hours(matrix: pd.DataFrame, demand_types: pd.DataFrame) -> pd.Series:
    """Staff hours each period's demand needed (volume x handling time), NaN for a
    period with a type in use not entered."""
    ids = _type_ids(demand_types)
    handling = pd.Series(
        pd.to_numeric(demand_types["handling_minutes"], errors="coerce").to_numpy(dtype=float),
        index=ids,
    )
    grid = matrix.reindex(columns=ids)
    # A missing handling time makes that type's hours unknown (skipped), not zero.
    # Summed by pandas as before: the hours' last digits (and the chart's numbers)
    # depend on its order of addition; volumes alone are whole, summed in any order.
    hours = grid.mul(handling / 60, axis=1).sum(axis=1, min_count=1)
    # A period with a type in use not entered needs unknown hours, not fewer.
    return pd.Series(
        np.where(_complete_rows(grid.to_numpy(dtype=float)), hours.to_numpy(), np.nan),
        index=matrix.index,
    )


def available_hours(staff: pd.DataFrame) -> float:
    """Staff hours the roles can give a period (FTE x hours per FTE)."""
    return float((staff["fte"].astype(float) * staff["hours_per_fte"].astype(float)).sum())


def capacity(
    matrix: pd.DataFrame, demand_types: pd.DataFrame, staff: pd.DataFrame, granularity: str,
    horizon: int = 3, forecaster=None,
) -> tuple[pd.DataFrame, str]:  # fmt: skip
    """Staff hours needed against hours available, history plus forecast rows (with the
    forecast's 80% interval in required_lower and required_upper).

    `forecaster` is ``forecast_interval`` unless a caller passes one that remembers
    its results (the page caches fits: they take a fraction of a second each).
    """
    forecaster = forecaster or forecast_interval
    required = required_hours(matrix, demand_types)
    available = available_hours(staff)
    predicted, method = forecaster(required, granularity, horizon)
    index = pd.DatetimeIndex(matrix.index.append(predicted.index), name="period_start")
    index = index.astype("datetime64[ns]")
    required_all = np.concatenate(
        [required.to_numpy(dtype=float), predicted["forecast"].to_numpy(dtype=float)]
    )
    no_band = np.full(len(required), np.nan)
    utilisation = required_all / available * 100 if available > 0 else np.nan
    frame = pd.DataFrame({
        "required_hours": required_all,
        "available_hours": available,
        "utilisation_pct": utilisation,
        "is_forecast": np.r_[np.zeros(len(required), bool), np.ones(len(predicted), bool)],
        "required_lower": np.r_[no_band, predicted["lower"].to_numpy(dtype=float)],
        "required_upper": np.r_[no_band, predicted["upper"].to_numpy(dtype=float)],
    }, index=index)  # fmt: skip
    floats = [c for c in CAPACITY_COLUMNS if c != "is_forecast"]
    return frame.astype(dict.fromkeys(floats, float)), method
