"""volumes (a column at once) writes exactly what volume writes value by value."""

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from core.formatting import volume, volumes
from core.tables import TableView, _cell

EDGES = [
    0.0, -0.0, 0.05, -0.05, 0.04, -0.04, 0.95, 2.95, 2.96, -2.96, 1234.45, 1234.55,
    1e15, 1e15 + 0.5, 2.0**53, -(2.0**53), 2.0**53 + 2, 1e-7, 123456789.25,
    math.nan, math.inf, -math.inf, 7, None, np.float64(3.25), True,
]  # fmt: skip


def test_edges():
    assert volumes(EDGES) == [volume(value) for value in EDGES]


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.floats(min_value=-1e20, max_value=1e20) | st.sampled_from([math.nan, math.inf]),
        max_size=20,
    )
)
def test_any_floats(values):
    # (volume itself refuses numbers past Decimal's 28 digits; so would volumes.)
    assert volumes(values) == [volume(value) for value in values]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.integers(-(10**7), 10**7), max_size=20), st.integers(0, 3))
def test_decimal_fractions(numerators, places):
    # Figures as tables hold them: rounded to a place or two, halves included.
    values = [n / 10**places for n in numerators] + [n / 10**places + 0.05 for n in numerators]
    assert volumes(values) == [volume(value) for value in values]


def test_a_table_of_floats_reads_as_cell_by_cell():
    frame = pd.DataFrame({
        "period_start": pd.date_range("2024-01-01", periods=4, freq="MS").date,
        "hours": [1234.5, math.nan, 2.96, -0.04],
        "count": [1, 2, 3, 4],
        "forecast": [True, False, True, False],
    })  # fmt: skip
    table = TableView.from_frame(frame, caption="c")
    expected = [[_cell(value) for value in row] for row in frame.astype(object).to_numpy()]
    assert table.rows == expected
