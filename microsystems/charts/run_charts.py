"""XmR run charts as plain Plotly figure dicts (see microsystems.analysis.run_charts).

Pure: a RunChart in, {"data", "layout"} out; no Django. Dicts rather than
plotly.graph_objects because the measurements page draws one per measure and
validating each against plotly's schema would cost tens of milliseconds a chart
(see valuation/charts/account.py).

Colour is never the only signal: improvement points are upward triangles,
concern points downward triangles, signals with no better side diamonds, and
each trace's name says what it is; the table beside every chart lists them too.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from core.chart_style import FONT_FAMILY
from microsystems.analysis import run_charts as rc

VALUE_COLOUR = "#525252"
MEAN_COLOUR = "#000000"
LIMIT_COLOUR = "#737373"
TARGET_COLOUR = "#CC79A7"  # Okabe-Ito reddish purple
MARK_COLOUR = "#009E73"  # Okabe-Ito bluish green
GRID_COLOUR = "#EBF0F8"

# verdict -> (legend name, colour, marker symbol)
SIGNAL_STYLES = {
    rc.IMPROVEMENT: ("Special cause: improvement", "#0072B2", "triangle-up"),  # Okabe-Ito blue
    rc.CONCERN: ("Special cause: concern", "#D55E00", "triangle-down"),  # vermilion
    rc.NEUTRAL: ("Special cause (neither better nor worse)", "#E69F00", "diamond"),
}


def _dates(columns: dict[str, np.ndarray]) -> list[str]:
    """The points' period starts as ISO dates, a list of the figure's own."""
    days = columns["period_start"].astype("datetime64[D]")
    return list(_iso_dates(days.tobytes(), len(days)))


@functools.lru_cache(maxsize=64)
def _iso_dates(days: bytes, count: int) -> tuple[str, ...]:
    """datetime64[D] day numbers (as bytes) as ISO dates. Kept: the measurements page
    draws 40 measures over the same months, and writing each date again took a tenth
    of its first view."""
    dates = np.frombuffer(days, dtype="datetime64[D]", count=count)
    return tuple(np.datetime_as_string(dates).tolist())


def _numbers(values) -> list[float | None]:
    """JSON-safe numbers: None (a gap) for NaN."""
    array = np.asarray(values, dtype=float)
    if not np.isnan(array).any():
        return array.tolist()
    return [None if math.isnan(value) else value for value in array.tolist()]


def _segment_line(
    columns: dict[str, np.ndarray], column: str, dates: list[str]
) -> tuple[list, list]:
    """x and y of one column drawn flat within each segment, with a gap between segments.

    The column holds one figure per segment (analysis.run_charts writes a segment's mean
    and limits across its slice), so each segment is drawn from its first period to its
    last: the same flat line as a point at every period, in a fraction of the page's
    bytes (the measurements page draws 40 charts of 120 months). A segment with no
    figure (too few points for limits) is left out, as a gap drew nothing. These lines
    take no hover (hoverinfo "skip"), so fewer points change nothing a user sees.
    """
    segments = columns["segment"]
    figures = columns[column]
    if segments[0] == segments[-1]:  # one segment (every small multiple)
        starts = [0]
    else:
        starts = [0, *(np.flatnonzero(np.diff(segments)) + 1).tolist()]
    ends = [*starts[1:], len(segments)]
    xs: list = []
    ys: list = []
    for start, end in zip(starts, ends, strict=True):
        figure = float(figures[start])
        if math.isnan(figure):
            continue
        if xs:
            xs.append(None)
            ys.append(None)
        xs += [dates[start], dates[end - 1]]
        ys += [figure, figure]
    return xs, ys


def run_chart_figure(
    chart: rc.RunChart,
    *,
    title: str,
    y_title: str = "",
    mark: pd.Timestamp | None = None,
    mark_label: str = "",
    compact: bool = False,
) -> dict:
    """The run chart: values, each segment's mean and limits, the target, the signals,
    and an optional dated mark (such as an idea's adoption). `compact` is the small
    multiple of the measurements page: short, no legend, no axis titles."""
    columns = chart.columns
    size = (
        {"title": 13, "font": 11, "height": 200}
        if compact
        else {"title": 16, "font": 14, "height": 420}
    )
    margin = (
        {"l": 40, "r": 10, "t": 36, "b": 30} if compact else {"l": 60, "r": 20, "t": 60, "b": 50}
    )
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": size["title"]}},
        "font": {"family": FONT_FAMILY, "size": size["font"]},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": size["height"],
        "margin": margin,
        "showlegend": not compact,
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        "xaxis": {"gridcolor": GRID_COLOUR,
                  "title": {"text": "" if compact else "Period starting"}},
        "yaxis": {"gridcolor": GRID_COLOUR, "automargin": True,
                  "title": {"text": "" if compact else y_title}},
        "hovermode": "x unified",
    }  # fmt: skip
    if not len(columns["value"]):
        layout["annotations"] = [
            {"text": "No values recorded yet.", "showarrow": False, "xref": "paper",
             "yref": "paper", "x": 0.5, "y": 0.5}
        ]  # fmt: skip
        return {"data": [], "layout": layout}
    dates = _dates(columns)
    values = _numbers(columns["value"])
    verdicts = columns["verdict"]
    data = [
        {
            "type": "scatter", "mode": "lines+markers", "name": "Value", "x": dates,
            "y": values,
            "line": {"color": VALUE_COLOUR, "width": 1.5}, "marker": {"size": 4 if compact else 6},
            "hovertemplate": "%{y:,.4~f}<extra>Value</extra>",
        },
    ]  # fmt: skip
    x, y = _segment_line(columns, "mean", dates)
    data.append(
        {"type": "scatter", "mode": "lines", "name": "Mean", "x": x, "y": y,
         "line": {"color": MEAN_COLOUR, "width": 1.5}, "hoverinfo": "skip"}
    )  # fmt: skip
    if not np.isnan(columns["upper_limit"]).all():
        for column, name in (
            ("upper_limit", "Upper process limit"),
            ("lower_limit", "Lower process limit"),
        ):
            x, y = _segment_line(columns, column, dates)
            data.append(
                {"type": "scatter", "mode": "lines", "name": name, "x": x, "y": y,
                 "line": {"color": LIMIT_COLOUR, "dash": "dash", "width": 1}, "hoverinfo": "skip",
                 "legendgroup": "limits", "showlegend": column == "upper_limit"}
            )  # fmt: skip
    if chart.target is not None:
        data.append(
            {"type": "scatter", "mode": "lines", "name": "Target", "x": [dates[0], dates[-1]],
             "y": [chart.target, chart.target],
             "line": {"color": TARGET_COLOUR, "dash": "dot", "width": 2}, "hoverinfo": "skip"}
        )  # fmt: skip
    for verdict, (name, colour, symbol) in SIGNAL_STYLES.items():
        chosen_rows = np.flatnonzero(verdicts == verdict)
        if not len(chosen_rows):
            continue
        data.append(
            {"type": "scatter", "mode": "markers", "name": name,
             "x": [dates[i] for i in chosen_rows],
             "y": [values[i] for i in chosen_rows],
             "marker": {"color": colour, "symbol": symbol, "size": 8 if compact else 11,
                        "line": {"color": "white", "width": 1}},
             "hovertemplate": f"%{{y:,.4~f}}<extra>{name}</extra>"}
        )  # fmt: skip
    if mark is not None:
        when = pd.Timestamp(mark).strftime("%Y-%m-%d")
        layout["shapes"] = [
            {"type": "line", "xref": "x", "yref": "paper", "x0": when, "x1": when, "y0": 0, "y1": 1,
             "line": {"color": MARK_COLOUR, "width": 2, "dash": "dashdot"}}
        ]  # fmt: skip
        layout["annotations"] = [
            {"text": mark_label, "x": when, "xref": "x", "y": 1, "yref": "paper",
             "showarrow": False, "xanchor": "left", "yanchor": "bottom",
             "font": {"color": MARK_COLOUR}}
        ]  # fmt: skip
    return {"data": data, "layout": layout}
