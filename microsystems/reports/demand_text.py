"""What the demand page says in words: plain sentences about how demand changes, how
much of it is failure demand, and what it needs in staff time, stating only what
the data supports.

The numbers come from microsystems.analysis.demand (the year-on-year table, the
failure share change and the capacity frame); this module words them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from core.formatting import fixed, plural, round_half_up
from microsystems.analysis.demand import periods_per_year
from microsystems.periods import period_label

DEFAULT_UNIT_LABELS: dict[str, str] = {"week": "week", "month": "month", "quarter": "quarter"}

# How the forecast was made (microsystems.analysis.demand's method codes), as the page says it.
FORECAST_METHODS: dict[str, str] = {
    "none": "not enough history",
    "linear": "linear trend",
    "linear-seasonal": "linear trend with seasonal adjustment",
    "ets-add": "exponential smoothing with a steady season (chosen by AIC)",
    "ets-mul": "exponential smoothing with a growing-with-the-level season (chosen by AIC)",
}


def _finite(value) -> bool:
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _num(value: float) -> str:
    return fixed(value, 0)


def _hours(value: float) -> str:
    return f"{_num(value)} staff hour" + ("" if _num(value) == "1" else "s")


def _pct(value: float) -> str:
    return f"{fixed(abs(value), 0)}%"


def _periods(count: int, unit: str) -> str:
    return f"{count} {unit}{plural(count)}"


NO_PERIOD_IN_BOTH = (
    "Year-on-year change cannot be worked out: no {unit} has all demand entered in both "
    "of the last two years."
)


def _total_sentences(year_table: pd.DataFrame, year: str, ppy: int, unit: str) -> list[str]:
    total = year_table.iloc[-1]
    last, previous = total["last_year"], total["previous_year"]
    compared = total.get("periods_compared", ppy)
    if not (_finite(previous) and _finite(last)):
        if compared == 0:
            return [NO_PERIOD_IN_BOTH.format(unit=unit)]
        sentences = [
            "There is less than two years of data, so year-on-year change cannot be shown yet."
        ]
        if _finite(last):
            sentences.append(f"Total demand over the last {year} was {_num(last)}.")
        return sentences
    # Like for like: with periods missing, say which share of the year is compared.
    scope = (
        f"the last {year}"
        if not _finite(compared) or compared >= ppy
        else f"the {_periods(int(compared), unit)} of the last {year} entered in both years"
    )
    if previous == 0:
        return [f"Total demand over {scope} was {_num(last)}, against none the year before."]
    change, pct = total["change"], total["pct_change"]
    against = f"({_num(last)} against {_num(previous)} the year before)"
    if change == 0:
        return [f"Total demand was unchanged over {scope} {against}."]
    verb = "rose" if change > 0 else "fell"
    size = _pct(pct) if abs(round_half_up(pct)) >= 1 else "by less than 1%"
    return [f"Total demand {verb} {size} over {scope} {against}."]


def period_name(start: pd.Timestamp, granularity: str) -> str:
    """'Mar 2026', '2026 Q1' (periods.period_label, the one quarter label on every page)
    or 'week of 2 Mar 2026'."""
    start = pd.Timestamp(start)
    if granularity == "week":
        return f"week of {start.day} {start.strftime('%b %Y')}"
    return period_label(start.date(), granularity)


def _runs(periods: list, granularity: str) -> list[str]:
    """Consecutive periods as 'Jan 2026 to Mar 2026', single ones as 'May 2026'."""
    step = pd.tseries.frequencies.to_offset(
        {"week": "W-MON", "month": "MS", "quarter": "QS-JAN"}[granularity]
    )
    runs: list[list] = []
    for period in periods:
        if runs and pd.Timestamp(runs[-1][-1]) + step == pd.Timestamp(period):
            runs[-1].append(period)
        else:
            runs.append([period])
    return [
        period_name(run[0], granularity)
        if len(run) == 1
        else f"{period_name(run[0], granularity)} to {period_name(run[-1], granularity)}"
        for run in runs
    ]


def missing_sentences(missing: Mapping[str, list], granularity: str) -> list[str]:
    """Which periods each type was not entered for, and that they are gaps, not zeros."""
    if not missing:
        return []
    parts = [
        f"{name} for {', '.join(_runs(periods, granularity))}" for name, periods in missing.items()
    ]
    return [
        "Not entered: " + "; ".join(parts) + ". These are left out of totals, comparisons "
        "and charts (shown as gaps), not counted as no demand."
    ]


def _failure_sentences(year_table: pd.DataFrame, share_change: Mapping, year: str) -> list[str]:
    failure_rows = year_table[year_table["nature"] == "failure"]
    if failure_rows.empty:
        return ["No demand type is classed as failure demand yet, so its share cannot be shown."]
    last = share_change.get("last_share", math.nan)
    previous = share_change.get("previous_share", math.nan)
    if not _finite(last):
        return []
    if not _finite(previous):
        return [f"Failure demand was {_pct(last * 100)} of all demand over the last {year}."]
    before, after = round_half_up(previous * 100), round_half_up(last * 100)
    if after == before:
        movement = f"stayed at {after}%"
    else:
        movement = f"{'rose' if after > before else 'fell'} from {before}% to {after}%"
    sentence = f"Failure demand {movement} of all demand over the last {year}"
    growing = failure_rows[failure_rows["pct_change"].map(_finite)]
    growing = growing[growing["pct_change"] > 0]
    if not growing.empty:
        top = growing.loc[growing["pct_change"].idxmax()]
        if len(growing) > 1:
            sentence += f"; {top['name']} grew fastest (+{_pct(top['pct_change'])})"
        else:
            sentence += f"; {top['name']} grew {_pct(top['pct_change'])}"
    return [sentence + "."]


def _capacity_sentences(capacity_frame: pd.DataFrame, ppy: int, unit: str) -> list[str]:
    history = capacity_frame[~capacity_frame["is_forecast"].astype(bool)].iloc[-ppy:]
    known = history["required_hours"].dropna()
    if known.empty:
        return ["Handling times are missing, so the staff hours needed cannot be worked out."]
    required = float(known.mean())
    available = float(capacity_frame["available_hours"].iloc[0])
    span = f"on average over the last {_periods(len(history), unit)}"
    if not (_finite(available) and available > 0):
        return [
            f"Demand needs about {_hours(required)} a {unit} ({span}), but no "
            "available staff time has been recorded, so utilisation cannot be shown."
        ]
    sentences = [
        f"Demand needs about {_hours(required)} a {unit} against {_num(available)} "
        f"available ({_pct(required / available * 100)} utilisation), {span}."
    ]
    ahead = capacity_frame.loc[capacity_frame["is_forecast"].astype(bool), "required_hours"]
    if not ahead.dropna().empty:
        expected = float(ahead.mean())
        sentences.append(
            f"Over the next {_periods(len(ahead), unit)} demand is forecast to need about "
            f"{_hours(expected)} a {unit} "
            f"({_pct(expected / available * 100)} utilisation)."
        )
    return sentences


def demand_summary(
    year_table: pd.DataFrame,
    share_change: Mapping,
    capacity_frame: pd.DataFrame,
    granularity: str,
    unit_label_by_granularity: Mapping[str, str] | None = None,
    missing: Mapping[str, list] | None = None,
) -> list[str]:
    """Plain-language sentences stating only what the data supports."""
    ppy = periods_per_year(granularity)
    labels = unit_label_by_granularity or DEFAULT_UNIT_LABELS
    unit = labels.get(granularity, DEFAULT_UNIT_LABELS[granularity])
    year = _periods(ppy, unit)
    if year_table is None or year_table.empty:
        return ["No demand has been recorded yet, so there is nothing to summarise."]
    sentences = _total_sentences(year_table, year, ppy, unit)
    sentences += missing_sentences(missing or {}, granularity)
    sentences += _failure_sentences(year_table, share_change or {}, year)
    if capacity_frame is not None and not capacity_frame.empty:
        sentences += _capacity_sentences(capacity_frame, ppy, unit)
    return sentences


BACKTEST_SENTENCE = (
    "How far to trust the forecast: made a year ago from the history there was then, it "
    "was off by {method_error} a {unit} on average over the {periods} that followed; "
    "repeating the year before (the same {unit} last year) was off by {naive_error}. "
    "{verdict}"
)
BACKTEST_BETTER = "The forecast did better than simply repeating last year."
BACKTEST_WORSE = (
    "The forecast did no better than simply repeating last year, so treat it with care."
)
BACKTEST_TOO_SHORT = (
    "The forecast cannot yet be checked against this unit's own history: that takes two "
    "full years of staff hours needed."
)


def backtest_sentences(result, granularity: str) -> list[str]:
    """How the forecast did from one year back, against seasonal-naive (the page's
    measure of how far to trust it)."""
    unit = DEFAULT_UNIT_LABELS[granularity]
    if result is None:
        return [BACKTEST_TOO_SHORT]
    return [
        BACKTEST_SENTENCE.format(
            method_error=_hours(result.method_error),
            naive_error=_hours(result.naive_error),
            unit=unit,
            periods=_periods(result.periods, unit),
            verdict=BACKTEST_BETTER if result.beats_naive else BACKTEST_WORSE,
        )
    ]
