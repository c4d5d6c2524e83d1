"""TableView.from_frame reads a frame column by column: the same text as reading it
row by row (itertuples), for every kind of column a report's frame can hold."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from core.tables import TableView, _cell


def row_by_row(frame: pd.DataFrame) -> list[list[str]]:
    """The cells as from_frame wrote them before it read columns whole."""
    return [[_cell(value) for value in record] for record in frame.itertuples(index=False)]


EVERY_KIND = pd.DataFrame(
    {
        "float": [1.0, np.nan, 2.5, -0.0],
        "float32": np.array([1.5, 2, 3, np.nan], dtype="float32"),
        "int": np.array([1, -2, 3_000, 4], dtype="int64"),
        "uint8": np.array([1, 2, 3, 4], dtype="uint8"),
        "nullable int": pd.array([1, None, 3, 4], dtype="Int64"),
        "bool": [True, False, True, False],
        "nullable bool": pd.array([True, None, False, True], dtype="boolean"),
        "bool or missing": [True, False, True, np.nan],
        "date": [dt.date(2020, 1, 1)] * 4,
        "datetime": pd.to_datetime(["2020-01-01", None, "2021-01-01", "2022-02-02"]),
        "timedelta": pd.to_timedelta([1, 2, 3, 4], unit="D"),
        "period": pd.period_range("2020-01", periods=4, freq="M"),
        "text": ["x", None, "<y>", 3],
        "string": pd.array(["a", None, "b", "c"], dtype="string"),
        "category": pd.Categorical(["a", "b", "a", None]),
    }
)


@pytest.mark.parametrize(
    "frame",
    [
        EVERY_KIND,
        pd.DataFrame(index=range(3)),  # rows without columns: empty rows
        pd.DataFrame({"a": []}),
        pd.DataFrame([[1, 2], [3, 4]], columns=["x", "x"]),  # a repeated name
    ],
)
def test_column_by_column_is_row_by_row(frame):
    assert TableView.from_frame(frame, caption="c").rows == row_by_row(frame)
