"""The demand charts' x and y values from one numpy conversion are the values one by one."""

import math

import numpy as np
import pandas as pd
import pytest

from microsystems.charts.demand import _dates, _numbers


def one_by_one_numbers(values):
    return [None if pd.isna(value) else float(value) for value in values]


def one_by_one_dates(index):
    return [pd.Timestamp(value).date().isoformat() for value in index]


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([1.0, math.nan, 2.5, 1e300, -0.0, math.inf]),
        pd.Series([1, 2, 3]),
        pd.Series([1.5, None], dtype=object),
        pd.Series([1.0, pd.NA], dtype="Float64"),
        np.array([0.1 + 0.2, 3710.316666666667]),
        [],
    ],
)
def test_numbers_are_the_values_one_by_one(values):
    numbers = _numbers(values)
    assert numbers == one_by_one_numbers(values)
    assert [type(n) for n in numbers] == [type(n) for n in one_by_one_numbers(values)]


@pytest.mark.parametrize(
    "index",
    [
        pd.date_range("1900-01-01", periods=30, freq="MS"),
        pd.date_range("2199-01-01", periods=5, freq="W-MON"),
        pd.DatetimeIndex([], dtype="datetime64[ns]"),
        pd.Index([pd.Timestamp("2024-03-01"), pd.Timestamp("2024-04-01")], dtype=object),
    ],
)
def test_dates_are_the_index_one_by_one(index):
    assert _dates(index) == one_by_one_dates(index)


def sliced_traces(frame):
    """The capacity chart's (x, y) per trace as it took them: frames sliced and joined."""
    is_forecast = frame["is_forecast"].astype(bool)
    history, ahead = frame[~is_forecast], frame[is_forecast]
    traces = [(history.index, history["required_hours"])]
    if not ahead.empty and {"required_lower", "required_upper"} <= set(frame.columns):
        band = ahead.dropna(subset=["required_lower", "required_upper"])
        if not band.empty:
            traces += [(band.index, band["required_upper"]), (band.index, band["required_lower"])]
    if not ahead.empty:
        joined = pd.concat([history.tail(1), ahead]) if not history.empty else ahead
        traces.append((joined.index, joined["required_hours"]))
    traces.append((frame.index, frame["available_hours"]))
    return [(one_by_one_dates(x), one_by_one_numbers(y)) for x, y in traces]


@pytest.mark.parametrize("seed", range(40))
def test_capacity_chart_traces_are_the_frame_sliced(seed):
    from microsystems.charts.demand import capacity_chart

    rng = np.random.default_rng(seed)
    history, ahead = int(rng.integers(0, 30)), int(rng.integers(0, 5))
    if history + ahead == 0:
        history = 1
    is_forecast = np.r_[np.zeros(history, bool), np.ones(ahead, bool)]
    if seed % 5 == 0:
        rng.shuffle(is_forecast)  # any order, as the frame gives it
    required = rng.random(history + ahead) * 1000
    required[rng.random(history + ahead) < 0.2] = math.nan
    lower = np.where(is_forecast, required * 0.9, math.nan)
    lower[rng.random(history + ahead) < 0.3] = math.nan
    frame = pd.DataFrame(
        {
            "required_hours": required,
            "available_hours": 300.0,
            "is_forecast": is_forecast,
            "required_lower": lower,
            "required_upper": np.where(is_forecast, required * 1.1, math.nan),
        },
        index=pd.date_range("2020-01-01", periods=history + ahead, freq="MS"),
    )
    if seed % 7 == 0:
        frame = frame.drop(columns=["required_lower"])
    traces = [(trace["x"], trace["y"]) for trace in capacity_chart(frame)["data"]]
    assert traces == sliced_traces(frame)
