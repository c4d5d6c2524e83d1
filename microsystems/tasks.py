"""Background jobs of this app (core/background.py): the demand forecast's fits.

Fitting the seasonal model takes a fraction of a second a fit, two for a
forecast and more for its backtest; with a task queue configured the demand
page asks for them here and shows a straight-line forecast, saying so, until
they are stored.
"""

import pandas as pd
from django_tasks import task

from core.background import job_ended, store
from microsystems.analysis import demand as analysis


def series_arguments(series: pd.Series) -> tuple[list[str], list[float | None]]:
    """A period series as JSON values: ISO dates and numbers (None for missing)."""
    index = pd.DatetimeIndex(series.index)
    values = [None if pd.isna(value) else float(value) for value in series.to_numpy()]
    return [stamp.isoformat() for stamp in index], values


def series_from(dates: list[str], values: list[float | None]) -> pd.Series:
    index = pd.DatetimeIndex(pd.to_datetime(dates), name="period_start")
    return pd.Series([float("nan") if v is None else v for v in values], index=index, dtype=float)


@task()
def fit_forecast(key: str, dates: list[str], values: list, granularity: str, horizon: int):
    try:
        store(key, analysis.forecast_interval(series_from(dates, values), granularity, horizon))
    finally:
        job_ended(key)


@task()
def fit_backtest(key: str, dates: list[str], values: list, granularity: str):
    """The backtest's fit: the forecast a year ahead of the history before the last year."""
    try:
        store(key, analysis.year_ahead(series_from(dates, values), granularity))
    finally:
        job_ended(key)
