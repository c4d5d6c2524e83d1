"""Pieces every page report uses: chart fragments and formatted data tables."""

import datetime as dt
import json
import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from core.formatting import volume

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
    text = json.dumps(_plain(payload), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        '<div class="plotly-graph-div">'
        f'<script type="application/json" data-chart-figure>{text}</script></div>'
    )


def _plain(value):
    """`value` with only what JSON holds: numpy and pandas values as Python ones,
    dates as ISO text, a number that is not one (NaN, infinity) as null."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, np.ndarray | pd.Series | pd.Index):
        return [_plain(item) for item in value.tolist()]
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


def _cell(value) -> str:
    """Display text: thousands separators, a dash for "not recorded", Yes/No."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or isinstance(value, int | float):
        return volume(value)
    return str(value)


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
        rows = [[_cell(value) for value in record] for record in frame.itertuples(index=False)]
        return cls(caption=caption, headers=labels, rows=rows, csv_name=csv_name)
