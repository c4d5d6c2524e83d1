"""The assessment page's fast paths give what the plain ones give.

account_text.number keeps the text of the figures it has written (the same
figures recur across a page and across the pages drawn after each save);
account_tables.records reads float columns as arrays; html.escape is Django's
escape without its lazy-string wrapper.
"""

import math

import numpy as np
import pandas as pd
from django.utils.html import escape as django_escape
from hypothesis import given
from hypothesis import strategies as st

from core.formatting import NO_VALUE, plain_number
from valuation.reports import account_text
from valuation.reports.account_tables import records
from valuation.reports.html import escape

# Beyond about 1e24 plain_number's Decimal path runs out of digits, kept or not.
FIGURES = st.one_of(
    st.floats(min_value=-1e20, max_value=1e20),
    st.just(math.nan),
    st.integers(-(10**16), 10**16),
)


@given(FIGURES, st.integers(0, 4))
def test_number_kept_is_the_number_worked_out(value, places):
    expected = NO_VALUE if isinstance(value, float) and math.isnan(value) else None
    for _ in range(2):  # worked out, then kept
        text = account_text.number(value, places)
        assert text == (expected or plain_number(float(value), places))


def test_number_of_equal_figures_of_every_kind_is_the_same():
    account_text._plain_float.cache_clear()
    assert account_text.number(0.0) == account_text.number(-0.0) == "0"
    assert account_text.number(-0.001) == "0"
    assert account_text.number(5) == account_text.number(5.0) == "5"
    assert account_text.number(np.float64(2.345)) == plain_number(2.345) == "2.35"
    assert account_text.number(1234.5678, 4) == "1,234.5678"
    assert account_text.number(1234.5678) == "1,234.57"
    assert account_text.number(pd.NA) == account_text.number(None) == NO_VALUE


def _records_column_by_column(frame: pd.DataFrame) -> list[dict]:
    """records as it was written first: tolist and missing for every column."""
    columns = [str(column) for column in frame.columns]
    values = []
    for column in frame.columns:
        items = frame[column].tolist()
        if frame[column].dtype.kind not in "biu":
            items = [None if account_text.missing(value) else value for value in items]
        values.append(items)
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def test_records_of_floats_are_those_read_value_by_value():
    frame = pd.DataFrame(
        {
            "plain": np.array([1.5, np.nan, -0.0]),
            "nullable": pd.array([2.25, None, 3.0], dtype="Float64"),
            "counts": pd.array([1, None, 3], dtype="Int64"),
            "whole": np.array([1, 2, 3]),
            "text": np.array(["a", None, "c"], dtype=object),
            "flag": np.array([True, False, True]),
        }
    )
    rows = records(frame)
    assert rows == _records_column_by_column(frame)
    assert rows[1]["plain"] is None and rows[1]["nullable"] is None
    assert [type(row["nullable"]) for row in rows] == [float, type(None), float]


@given(st.text())
def test_escape_is_djangos(text):
    assert escape(text) == str(django_escape(text))
