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
