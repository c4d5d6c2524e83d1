"""Compact JSON text of a chart figure: what json.dumps writes, in less time.

A run chart draws its mean and limits flat, the same number at every point, and
its traces share one list of dates: json.dumps writes each number and date again
every time (about a third of a millisecond a chart; the measurements page draws 40).
Here a list of one number repeated is written by writing the number once, a list
that several traces share is written once, and the rest of the figure in one call
of the encoder, each list standing in it as a mark that its text then replaces.
"""

import json
import math
import re

_dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
# A list's mark: a string the encoder writes as "\u0000<n>\u0000". A text of the
# figure could read the same; then the marks found outnumber those made, and the
# figure is written without them.
_MARK = re.compile(r'"\\u0000(\d+)\\u0000"')


def compact_json(value) -> str:
    """json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")), the
    same text. Raises TypeError or ValueError where that does (a numpy value, a NaN)."""
    texts: list[str] = []
    skeleton = _marked(value, texts, {})
    if not texts:
        return _dumps(value)
    text = _dumps(skeleton)
    if len(_MARK.findall(text)) != len(texts):
        return _dumps(value)
    return _MARK.sub(lambda found: texts[int(found.group(1))], text)


def _marked(value, texts: list[str], written: dict[int, str]):
    """`value` with each list of plain values replaced by a mark, its text in `texts`."""
    kind = type(value)
    if kind is dict:
        return {key: _marked(item, texts, written) for key, item in value.items()}
    if kind is not list:
        return value
    # The figure holds every list it shares while this runs, so no other list takes
    # one's id meanwhile.
    text = written.get(id(value))
    if text is None:
        kinds = set(map(type, value))  # at C speed: lists of a run chart hold hundreds
        if dict in kinds or list in kinds:
            return [_marked(item, texts, written) for item in value]
        text = written[id(value)] = _list(value, kinds)
    texts.append(text)
    return f"\x00{len(texts) - 1}\x00"


def _list(items: list, kinds: set[type]) -> str:
    """A list of plain values; `kinds` the types of its items."""
    if (
        kinds == {float}  # not ints or True, which equal a float
        and math.isfinite(first := items[0])
        and first != 0  # 0.0 == -0.0, and they are written differently
        and items.count(first) == len(items)
    ):
        return "[" + ",".join([float.__repr__(first)] * len(items)) + "]"
    return _dumps(items)
