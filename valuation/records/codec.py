"""Turning what the engine used and returned into JSON and back, exactly.

An approved assessment keeps its engine inputs and result as JSON (a
JSONField), so the approved page can be rebuilt from them forever. A round trip
must give back equal objects, value for value and type for type: a float stays
the same float (JSON keeps Python's shortest exact repr), a date a date, a
Decimal the same Decimal, a frame the same frame with the same dtypes.

Tagged values are one-key objects whose key starts with "$" ("$date",
"$frame", ...): no plain dict of ours has such a key, and every dict is
written as "$dict" pairs anyway so that integer keys survive. NaN and the
infinities are tagged too, because PostgreSQL's jsonb refuses them.

Pure: no Django. Dataclasses are rebuilt by their dotted class path, and only
from the modules named in TRUSTED_MODULES, so stored JSON cannot make us
import anything else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import math
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

TRUSTED_MODULES = (
    "valuation.scoring.",
    "valuation.selectors.",
    "valuation.records.",
)


class CodecError(ValueError):
    """The value cannot be stored (an unknown type) or the JSON is not ours."""


def _float(value: float) -> Any:
    if math.isnan(value):
        return {"$float": "nan"}
    if math.isinf(value):
        return {"$float": "inf" if value > 0 else "-inf"}
    return value


def encode(value: Any) -> Any:
    """`value` as JSON-ready Python: dicts, lists, str, int, float, bool, None."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.bool_):
        return {"$npbool": bool(value)}
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return int(value) if isinstance(value, int) else {"$npint": int(value)}
    if isinstance(value, np.floating):
        return {"$npfloat": _float(float(value))}
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, pd.Timestamp):
        return {"$timestamp": value.isoformat()}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if value is pd.NaT:
        return {"$nat": True}
    if value is pd.NA:
        return {"$na": True}
    if isinstance(value, pd.DataFrame):
        return {"$frame": _encode_frame(value)}
    if isinstance(value, pd.Series):
        return {
            "$series": {
                "name": encode(value.name),
                "dtype": str(value.dtype),
                "index": _encode_index(value.index),
                "values": [encode(item) for item in value.tolist()],
            }
        }
    if isinstance(value, np.ndarray):
        return {
            "$array": {
                "dtype": str(value.dtype),
                "shape": list(value.shape),
                "values": [encode(item) for item in value.ravel().tolist()],
            }
        }
    if isinstance(value, tuple):
        return {"$tuple": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"$dict": [[encode(key), encode(item)] for key, item in value.items()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        path = f"{cls.__module__}.{cls.__qualname__}"
        _check_trusted(path)
        return {
            "$dataclass": path,
            "fields": {
                field.name: encode(getattr(value, field.name))
                for field in dataclasses.fields(value)
            },
        }
    raise CodecError(f"Cannot store a {type(value).__name__} in an assessment record.")


def _encode_index(index: pd.Index) -> dict:
    if isinstance(index, pd.RangeIndex):
        return {
            "range": [index.start, index.stop, index.step],
            "name": encode(index.name),
        }
    if isinstance(index, pd.MultiIndex):
        raise CodecError("Cannot store a frame with a MultiIndex in an assessment record.")
    return {
        "dtype": str(index.dtype),
        "name": encode(index.name),
        "values": [encode(item) for item in index.tolist()],
    }


def _encode_frame(frame: pd.DataFrame) -> dict:
    if not frame.columns.is_unique:
        raise CodecError("Cannot store a frame with repeated column names.")
    return {
        "columns": [encode(column) for column in frame.columns],
        "dtypes": [str(dtype) for dtype in frame.dtypes],
        "index": _encode_index(frame.index),
        # Column by column: a row-wise dump would turn an int column into floats
        # whenever another column of the row held a float.
        "data": [[encode(item) for item in frame[column].tolist()] for column in frame.columns],
    }


def _check_trusted(path: str) -> None:
    if not path.startswith(TRUSTED_MODULES):
        raise CodecError(f"{path} is not a type an assessment record may hold.")


def _decode_float(value: Any) -> float:
    if isinstance(value, dict):
        return float(value["$float"])
    return float(value)


def _decode_index(spec: dict) -> pd.Index:
    name = decode(spec["name"])
    if "range" in spec:
        return pd.RangeIndex(*spec["range"], name=name)
    values = [decode(item) for item in spec["values"]]
    return pd.Index(values, dtype=spec["dtype"], name=name)


def _column(values: list, dtype: str) -> Any:
    if dtype == "object":
        column = np.empty(len(values), dtype="object")
        column[:] = values
        return column
    try:
        numpy_dtype = np.dtype(dtype)
    except TypeError:  # a pandas extension dtype: Int64, boolean, string, category
        return pd.array(values, dtype=dtype)
    if numpy_dtype.kind in "mM":
        return pd.array(values, dtype=dtype)
    return np.array(values, dtype=numpy_dtype)


def _decode_frame(spec: dict) -> pd.DataFrame:
    columns = [decode(column) for column in spec["columns"]]
    data = {
        column: _column([decode(item) for item in values], dtype)
        for column, values, dtype in zip(columns, spec["data"], spec["dtypes"], strict=True)
    }
    index = _decode_index(spec["index"])
    frame = pd.DataFrame(data, index=index, columns=columns)
    return frame


def decode(value: Any) -> Any:
    """The inverse of `encode`."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "$float":
            return float(inner)
        if tag == "$npfloat":
            return np.float64(_decode_float(inner))
        if tag == "$npint":
            return np.int64(inner)
        if tag == "$npbool":
            return np.bool_(inner)
        if tag == "$decimal":
            return Decimal(inner)
        if tag == "$timestamp":
            return pd.Timestamp(inner)
        if tag == "$datetime":
            return dt.datetime.fromisoformat(inner)
        if tag == "$date":
            return dt.date.fromisoformat(inner)
        if tag == "$nat":
            return pd.NaT
        if tag == "$na":
            return pd.NA
        if tag == "$frame":
            return _decode_frame(inner)
        if tag == "$series":
            return pd.Series(
                [decode(item) for item in inner["values"]],
                index=_decode_index(inner["index"]),
                dtype=inner["dtype"],
                name=decode(inner["name"]),
            )
        if tag == "$array":
            items = [decode(item) for item in inner["values"]]
            array = np.empty(len(items), dtype=inner["dtype"])
            array[:] = items
            return array.reshape(inner["shape"])
        if tag == "$tuple":
            return tuple(decode(item) for item in inner)
        if tag == "$dict":
            return {_hashable(decode(key)): decode(item) for key, item in inner}
    if "$dataclass" in value:
        path = value["$dataclass"]
        _check_trusted(path)
        module_name, _, class_name = path.rpartition(".")
        cls = getattr(importlib.import_module(module_name), class_name)
        return cls(**{name: decode(item) for name, item in value["fields"].items()})
    raise CodecError(f"Not a stored value: {sorted(value)[:3]}")


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


def decode_fields(value: dict, names: tuple[str, ...]) -> dict[str, Any]:
    """Only the named fields of a stored dataclass, decoded: {name: value}.

    For a reader that needs a few figures of a large record (its frames are what
    cost the time to decode)."""
    if not isinstance(value, dict) or "$dataclass" not in value:
        raise CodecError("Not a stored dataclass.")
    _check_trusted(value["$dataclass"])
    return {name: decode(value["fields"][name]) for name in names}
