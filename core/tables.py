"""Pieces every page report uses: chart fragments and formatted data tables."""

import datetime as dt
import json
import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from core.formatting import volume, volumes

# plotly.js offers to upload a chart to Plotly's cloud unless told not to; nothing of
# ours leaves the network.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "showSendToCloud": False}


def figure_html(figure) -> str:
    """A chart fragment: the figure (a plotly Figure or a figure dict) as a JSON data
    block, which static/js/charts.js draws with plotly.js (both loaded once by the page,
    templates/includes/chart_scripts.html).

    Data, not an inline script: the Content-Security-Policy needs no exception for it,
    and the fragment holds nothing that changes per request, so it can be cached.
    """
    spec = figure if isinstance(figure, dict) else figure.to_dict()
    payload = {
        "data": spec.get("data", []),
        "layout": spec.get("layout", {}),
        "config": PLOTLY_CONFIG,
    }
    # Plain json, not plotly's encoder: no plotly on a request. <, > and & are
    # written as \u escapes, so no text in a figure can close the <script>
    # element early or open a comment (tests/core/test_figure_html.py).
    text = _json(payload)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        '<div class="plotly-graph-div">'
        f'<script type="application/json" data-chart-figure>{text}</script></div>'
    )


# Compact, and refusing NaN and infinity (which JSON cannot hold) so `_json` can write
# them as null.
_dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def _json(payload) -> str:
    """`payload` as compact JSON, numpy, pandas and date values written as `_plain`
    writes them, and a number that is not one (NaN, infinity) as null.

    Straight through the encoder first: a figure of plain values only (every run
    chart) needs nothing else. Then numpy's and dates' values by `default`: with no
    number that is not one, that is the same text as encoding `_plain(payload)`,
    several times faster on a page of charts. A NaN or infinity (refused by
    allow_nan=False), or a key JSON cannot hold, falls back to `_plain`.
    """
    try:
        return _dumps(payload)
    except (ValueError, TypeError):
        pass
    try:
        return json.dumps(
            payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_default
        )
    except (ValueError, TypeError):
        return json.dumps(
            _plain(payload), ensure_ascii=False, allow_nan=False, separators=(",", ":")
        )


def _default(value):
    """What the encoder cannot write by itself, as `_plain` would make it."""
    if isinstance(value, np.ndarray | pd.Series | pd.Index):
        return value.tolist()
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | Decimal):
        return float(value)  # a NaN here is refused, and the fallback writes null
    if value is pd.NaT:
        return None
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _plain(value):
    """`value` with only what JSON holds: numpy and pandas values as Python ones,
    dates as ISO text, a number that is not one (NaN, infinity) as null."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return _plain_items(value)
    if isinstance(value, np.ndarray | pd.Series | pd.Index):
        return _plain_items(value.tolist())
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, float | np.floating | Decimal):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, np.integer):
        return int(value)
    if value is pd.NaT or value is None:
        return None
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.isoformat()
    return value


def _plain_items(items) -> list:
    """A list's items made plain. A chart's lists hold thousands of plain numbers and
    strings: those are taken as they are, by exact type, and only the rest go through
    `_plain` (a 40-chart page has some 45,000 values)."""
    plain = []
    for item in items:
        kind = type(item)
        if kind is str or kind is int or item is None:
            plain.append(item)
        elif kind is float:
            plain.append(item if math.isfinite(item) else None)
        else:
            plain.append(_plain(item))
    return plain


def _cell(value) -> str:
    """Display text: thousands separators, a dash for "not recorded", Yes/No."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or isinstance(value, int | float):
        return volume(value)
    return str(value)


def _values(column: pd.Series) -> list:
    """The column's values as iterating it gives them: a plain numpy column's as Python
    scalars in one call (ndarray.tolist, what iterating converts value by value)."""
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "biufO":
        return column.to_numpy().tolist()
    return list(column)  # dates, nullable and other pandas types, as iterating gives them


def _cells(column: pd.Series) -> list[str]:
    """`_cell` of each of the column's values; a float column's all at once."""
    if isinstance(column.dtype, np.dtype) and column.dtype.kind == "f":
        return volumes(column.to_numpy().tolist())
    return [_cell(value) for value in _values(column)]


@dataclass
class TableView:
    """A data table for a template: headers and rows already formatted as text."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    csv_name: str = ""

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        caption: str,
        headers: dict[str, str] | None = None,
        csv_name: str = "",
    ) -> "TableView":
        """`headers` maps column names to the labels people read."""
        labels = [(headers or {}).get(str(column), str(column)) for column in frame.columns]
        # Column by column, not a tuple built per row.
        columns = [_cells(column) for _, column in frame.items()]
        records = zip(*columns, strict=True) if columns else ((),) * len(frame)
        rows = [list(record) for record in records]
        return cls(caption=caption, headers=labels, rows=rows, csv_name=csv_name)
