"""compact_json writes what json.dumps writes, for any plain value, and refuses as it does."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.json_text import compact_json


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0.0, -0.0, 1.0, 1, True, 2.5])
    | st.text()
)
# Lists of one number repeated (a flat line), as well as any.
flat_lines = st.builds(lambda value, count: [value] * count, scalars, st.integers(0, 5))
values = st.recursive(
    scalars | flat_lines,
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text() | st.integers(), inner, max_size=4)
    ),
    max_leaves=40,
)


@given(values)
def test_the_same_text_as_json_dumps(value):
    assert compact_json(value) == dumps(value)


def test_a_shared_list_and_flat_lines_as_json_dumps_writes_them():
    dates = ["2024-01-01", "2024-02-01", "2024-03-01"]
    mean = 49.958333333333336
    figure = {
        "data": [
            {"x": dates, "y": [48.0, 51.0, 50.0]},
            {"x": dates, "y": [mean] * 3},
            {"x": dates, "y": [0.0, -0.0, 0.0]},
            {"x": dates, "y": [1.0, 1, True]},
        ],
        "layout": {"title": {"text": 'Waiting <time> & "days"'}},
    }
    assert compact_json(figure) == dumps(figure)


@pytest.mark.parametrize(
    "value",
    [[float("nan")] * 3, {"y": [1.0, float("inf")]}, [{"y": [np.int64(3)]}]],
)
def test_refuses_what_json_dumps_refuses(value):
    with pytest.raises((TypeError, ValueError)):
        compact_json(value)


def test_keys_that_are_not_strings_and_texts_that_look_like_marks():
    for value in [
        {1: "a", 2.5: None, "x": [1.0, 2.0]},
        {"text": "\x000\x00", "x": [1.5, 1.5]},
        [["\x000\x00"], [2.0]],
    ]:
        assert compact_json(value) == dumps(value)
