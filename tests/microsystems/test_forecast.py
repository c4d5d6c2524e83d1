"""The demand forecast (issue 13 item 8): exponential smoothing, its interval, and the
backtest against seasonal-naive, by hand and on real series statsmodels ships."""

import math
import random

import numpy as np
import pandas as pd
import pytest

from microsystems.analysis import demand as d
from microsystems.analysis.forecast import backtest, fillable, seasonal_naive, smoothed


def monthly(values, start="2020-01-01"):
    index = pd.date_range(start, periods=len(values), freq="MS", unit="ns", name="period_start")
    return pd.Series(values, index=index, dtype=float)


def test_seasonal_naive_repeats_the_same_period_last_year():
    history = np.arange(1.0, 25.0)  # two years: 1..12, 13..24
    assert seasonal_naive(history, 12, 3).tolist() == [13, 14, 15]
    assert seasonal_naive(history, 12, 14).tolist()[-2:] == [13, 14]  # wraps to next year


def test_inner_gaps_are_filled_by_straight_lines_for_fitting_and_ends_cut():
    assert fillable(np.array([np.nan, 1, np.nan, 3, np.nan])).tolist() == [1, 2, 3]


def test_backtest_by_hand():
    # Year 1: 1..12, year 2: 13..24. From a year back, "the last value" forecasts 12 for
    # each month of year 2: off by 1..12, mean 6.5. Seasonal-naive repeats 1..12: off by
    # 12 each month, mean 12. So this forecaster beats it.
    def last_value(history, horizon):
        return np.full(horizon, history[-1]), "last value"

    result = backtest(np.arange(1.0, 25.0), 12, last_value)
    assert (result.method_error, result.naive_error, result.periods) == (6.5, 12, 12)
    assert result.beats_naive and result.method == "last value"
    # A month missing in the last year is left out of both errors: without December
    # (24, forecast 12 off by 12, naive 12 off by 12) the means are 66/11 = 6 and 12.
    with_gap = np.arange(1.0, 25.0)
    with_gap[-1] = np.nan
    result = backtest(with_gap, 12, last_value)
    assert (result.method_error, result.naive_error, result.periods) == (6, 12, 11)
    assert backtest(np.arange(1.0, 24.0), 12, last_value) is None  # under two years


def growing_season(years=4, seed=1):
    """Monthly demand growing 10% a year with a ±30% season around it, and 2% noise:
    the season grows with the level, which a steady additive season cannot follow."""
    noise = random.Random(seed)
    return [
        100 * 1.1 ** (month / 12) * (1 + 0.3 * math.cos(2 * math.pi * month / 12))
        * noise.uniform(0.98, 1.02)
        for month in range(12 * years)
    ]  # fmt: skip


def test_a_season_that_grows_with_the_level_is_fitted_multiplicatively_with_a_band():
    result = smoothed(np.array(growing_season()), 12, 3)
    assert result.season == "mul"
    assert (result.lower <= result.mean).all() and (result.mean <= result.upper).all()
    assert (result.upper - result.lower > 0).all()
    # Next January, by the formula without noise: 100 * 1.1^4 * 1.3 = 190.3.
    assert result.mean[0] == pytest.approx(100 * 1.1**4 * 1.3, rel=0.05)


def test_the_forecast_interval_reaches_the_capacity_frame_and_the_method_says_which():
    series = monthly(growing_season())
    frame, method = d.forecast_interval(series, "month", 3)
    assert method == "ets-mul"
    assert list(frame.columns) == ["forecast", "lower", "upper"]
    assert list(frame.index.strftime("%Y-%m")) == ["2024-01", "2024-02", "2024-03"]
    # Short series: the straight line, and no band claimed.
    short, method = d.forecast_interval(series.iloc[:20], "month", 3)
    assert method == "linear" and short[["lower", "upper"]].isna().all().all()


# --- beats seasonal-naive on average ----------------------------------------------------


def _demo_needed_hours() -> dict[str, pd.Series]:
    """Each demo unit's staff hours needed a month, as microsystems.demo seeds them."""
    from microsystems import demo
    from microsystems.demo_data import DEMAND

    months = pd.date_range("2023-01-01", periods=demo.DEMO_MONTHS, freq="MS", unit="ns")
    series = {}
    for slug, specs in DEMAND.items():
        noise = random.Random(slug)  # the order demo.seed_demand_and_staff draws in
        total = np.zeros(len(months))
        for spec in specs:
            volumes = [demo._demo_volume(spec, i, m.month, noise) for i, m in enumerate(months)]
            total += np.array(volumes, dtype=float) * spec[4] / 60
        series[slug] = pd.Series(total, index=months)
    return series


def _rolling_errors(series: pd.Series, origins, horizon: int) -> tuple[float, float]:
    """Mean absolute error of the forecast and of seasonal-naive, forecasting `horizon`
    months from each origin with the history before it."""
    ours, naive = [], []
    for origin in origins:
        history, actual = series.iloc[:origin], series.iloc[origin : origin + horizon]
        predicted, _ = d.forecast(history, "month", horizon)
        ours.append(np.abs(predicted.to_numpy() - actual.to_numpy()).mean())
        naive.append(np.abs(seasonal_naive(history.to_numpy(), 12, horizon) - actual).mean())
    return float(np.mean(ours)), float(np.mean(naive))


@pytest.mark.slow
def test_it_beats_seasonal_naive_on_every_demo_unit_a_year_back():
    # The page's own check: forecasts made 12 months back from 24 months of history.
    results = {slug: d.forecast_backtest(s, "month") for slug, s in _demo_needed_hours().items()}
    ratios = {slug: r.method_error / r.naive_error for slug, r in results.items()}
    assert all(r.method.startswith("ets-") for r in results.values())
    assert np.mean(list(ratios.values())) < 0.8, ratios
    assert all(ratio < 1 for ratio in ratios.values()), ratios


def _co2_monthly() -> pd.Series:
    import statsmodels.datasets

    weekly = statsmodels.datasets.co2.load_pandas().data["co2"]  # shipped, no download
    monthly_mean = weekly.resample("MS").mean().interpolate()
    return pd.Series(monthly_mean.to_numpy(), index=pd.DatetimeIndex(monthly_mean.index))


def _elnino_monthly() -> pd.Series:
    import statsmodels.datasets

    table = statsmodels.datasets.elnino.load_pandas().data.set_index("YEAR")
    return monthly(table.to_numpy().ravel(), start="1950-01-01")


@pytest.mark.slow
@pytest.mark.parametrize("load", [_co2_monthly, _elnino_monthly], ids=["co2", "elnino"])
def test_it_beats_seasonal_naive_on_real_monthly_series(load):
    # The page forecasts 3 months ahead: from 20 origins a year apart over the last
    # 25 years, each with 5 years of history (what a unit might have).
    series = load()
    errors = [
        _rolling_errors(series.iloc[origin - 60 : origin + 3], [60], 3)
        for origin in range(len(series) - 20 * 12, len(series) - 2, 12)
    ]
    ours, naive = np.mean(errors, axis=0)
    assert ours < naive, (ours, naive)
