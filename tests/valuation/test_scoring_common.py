"""The engine's tolerant readers of ids (valuation/scoring/common.py)."""

import warnings

import numpy as np
import pandas as pd

from valuation.scoring.common import int_array


def test_ids_that_cannot_be_ours_become_minus_one_without_a_cast_warning():
    values = pd.Series([3.0, np.nan, 1e300, -1e19, "7", None], dtype=object)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's "invalid value encountered in cast"
        ids = int_array(values)
    assert ids.tolist() == [3, -1, -1, -1, 7, -1]


def test_integer_ids_pass_through():
    assert int_array(pd.Series([1, 2, 2**40])).tolist() == [1, 2, 2**40]
