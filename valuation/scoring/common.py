"""Helpers every scoring module shares: numbers in, and a promise on the way out.

The promise: no result of the engine holds NaN or infinity. A number that cannot
be worked out is missing (pd.NA in a frame, None in a dataclass) and a text
column beside it says why.

The frames are small (tens to hundreds of rows), so the cost of the engine is
the number of pandas operations, not their size: the helpers here work on
numpy arrays and build each result frame once.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def float_array(values) -> np.ndarray:
    """Decimals, ints, None, pd.NA or text as float64; anything not a finite number is NaN."""
    if isinstance(values, pd.Series):
        values = values.to_numpy()
    array = np.asarray(values)
    if array.dtype.kind in "fiub":
        array = array.astype("float64")
    else:
        array = pd.to_numeric(pd.Series(array, dtype=object), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan
        )
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(array), array, np.nan)


def floats(series: pd.Series) -> pd.Series:
    """float_array() as a Series on the same index."""
    return pd.Series(float_array(series), index=series.index, dtype="float64")


def int_array(values) -> np.ndarray:
    """Ids as int64; unreadable ids (None, text) become -1, which matches nothing."""
    if isinstance(values, pd.Series):
        values = values.to_numpy()
    array = np.asarray(values)
    if array.dtype.kind in "iu":
        return array.astype("int64")
    numbers = float_array(array)
    # Beyond int64 an id cannot be one of ours: -1 too, rather than a cast that wraps.
    unreadable = np.isnan(numbers) | (np.abs(np.nan_to_num(numbers)) >= 2.0**63)
    return np.where(unreadable, -1, numbers).astype("int64")


def text_array(values) -> np.ndarray:
    """Text as it is; anything else (None, NaN, a stray number) as None: missing."""
    return np.array([value if isinstance(value, str) else None for value in values], dtype=object)


def is_on(flag) -> bool:
    """A flag that is not explicitly off (False or 0) is on: unknown means active."""
    return not (isinstance(flag, bool | int | np.bool_ | np.integer) and not flag)


def finite_or_none(value) -> float | None:
    """A plain float, or None for anything missing or not finite."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def nullable(values) -> pd.arrays.FloatingArray:
    """A float array as nullable Float64: NaN and infinity become pd.NA."""
    array = float_array(values)
    missing = np.isnan(array)
    return pd.arrays.FloatingArray(np.where(missing, 0.0, array), missing)


def result_frame(columns: dict, index=None) -> pd.DataFrame:
    """One result frame, built once: numpy float arrays become nullable Float64."""
    converted = {
        name: nullable(values)
        if isinstance(values, np.ndarray) and values.dtype.kind == "f"
        else values
        for name, values in columns.items()
    }
    return pd.DataFrame(converted, index=index)


def finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Every float column of `frame` as nullable Float64 (NaN and infinity as pd.NA)."""
    columns = {
        name: nullable(frame[name].to_numpy(dtype="float64", na_value=np.nan))
        if pd.api.types.is_float_dtype(frame[name])
        else frame[name]
        for name in frame.columns
    }
    return pd.DataFrame(columns, index=frame.index)


def positions(keys, wanted) -> np.ndarray:
    """Where each of `keys` sits in `wanted` (-1 when absent)."""
    return pd.Index(np.asarray(wanted, dtype="int64")).get_indexer(int_array(keys))


def sum_and_count(row_keys, column_keys, values, rows, columns) -> tuple[np.ndarray, np.ndarray]:
    """(sum, count) of `values` per (row key, column key), as len(rows) x len(columns).

    Keys absent from `rows` or `columns`, and values that are NaN, are left out.
    """
    row, column = positions(row_keys, rows), positions(column_keys, columns)
    values = float_array(values)
    keep = (row >= 0) & (column >= 0) & ~np.isnan(values)
    total = np.zeros((len(rows), len(columns)))
    count = np.zeros((len(rows), len(columns)))
    np.add.at(total, (row[keep], column[keep]), values[keep])
    np.add.at(count, (row[keep], column[keep]), 1.0)
    return total, count


def weighted_mean(values, weights) -> float | None:
    """Mean of `values` weighted by `weights`; None when the weights sum to 0.

    Values with weight 0 or less (or missing values) take no part. When every
    counted value is the same the mean is that value exactly, not a rounding
    error away from it.
    """
    values, weights = float_array(values), float_array(weights)
    counted = (weights > 0) & ~np.isnan(values)
    values, weights = values[counted], weights[counted]
    total = float(weights.sum())
    if not total > 0:
        return None
    low, high = float(values.min()), float(values.max())
    if low == high:
        return low
    mean = float((values * weights).sum()) / total
    # Rounding must never carry a mean outside the range of what it averages.
    return finite_or_none(min(max(mean, low), high))


# The engine's notes are codes, not sentences: valuation.reports.account_text
# turns them into words. A code may carry a count ("mean_of_scored:3") or other
# data its words need ("wrong_side:lower"), and a
# row with several notes joins their codes with NOTE_JOIN.
NOTE_JOIN = "+"


def coded(code: str, *parts) -> str:
    """`code` with the data its words need: coded("wrong_side", "lower")."""
    return ":".join([code, *(str(part) for part in parts)])


def counted_note(code: str, count: int) -> str:
    """`code` with the count its words need: counted_note("mean_of_scored", 3)."""
    return coded(code, int(count))


def joined_notes(*codes: str) -> str:
    """Several note codes on one row, in order; empty codes are skipped."""
    return NOTE_JOIN.join(code for code in codes if code)
