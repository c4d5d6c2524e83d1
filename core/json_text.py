"""Compact JSON text of a chart figure: what json.dumps writes, in less time.

A run chart draws its mean and limits flat, the same number at every point, and
its traces share one list of dates: json.dumps writes each number and date again
every time (about a third of a millisecond a chart; the measurements page draws 40).
Here a list of one number repeated is written by writing the number once, and a list
that several traces share is written once.
"""

import json
import math

_dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def compact_json(value) -> str:
    """json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")), the
    same text. Raises TypeError or ValueError where that does (a numpy value, a NaN), and
    TypeError for a key that is not a string in a dict holding a dict or a list (the
    caller's json.dumps writes those)."""
    return _encode(value, {})


def _encode(value, written: dict[int, str]) -> str:
    kind = type(value)
    if kind is dict:
        if not any(type(item) is dict or type(item) is list for item in value.values()):
            return _dumps(value)  # nothing to write faster: the encoder at once
        items = []
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError(f"{type(key).__name__} key")
            items.append(f"{_dumps(key)}:{_encode(item, written)}")
        return "{" + ",".join(items) + "}"
    if kind is list:
        # The figure holds every list it shares for as long as this runs, so an id is
        # not taken again by another list meanwhile.
        text = written.get(id(value))
        if text is None:
            text = written[id(value)] = _list(value, written)
        return text
    return _dumps(value)


def _list(items: list, written: dict[int, str]) -> str:
    first = items[0] if items else None
    if (
        type(first) is float
        and math.isfinite(first)
        and first != 0  # 0.0 == -0.0, and they are written differently
        and items.count(first) == len(items)
        and all(type(item) is float for item in items)  # 1 == 1.0 == True
    ):
        return "[" + ",".join([float.__repr__(first)] * len(items)) + "]"
    if any(type(item) is dict or type(item) is list for item in items):
        return "[" + ",".join([_encode(item, written) for item in items]) + "]"
    return _dumps(items)
