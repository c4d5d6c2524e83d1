"""Plotly figures for the perspectives page (valuation.analysis.agreement).

Pure functions: frames in, a plain figure dict out (checked against plotly's
schema in the tests, never built as graph objects on a request); no Django. Each
stakeholder keeps one colour, one bar pattern and one marker shape across the
charts, so that colour is never the only way to tell them apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.chart_style import empty_figure, layout
from valuation.analysis.agreement import wide_weights

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STAKEHOLDER_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
                       "#000000", "#F0E442"]  # fmt: skip
STAKEHOLDER_PATTERNS = ["", "/", "\\", "x", ".", "+", "-", "|"]
STAKEHOLDER_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "x",
                       "star", "hexagon"]  # fmt: skip
# A single-hue scale from near white to dark blue: more weight is darker.
WEIGHT_COLOURSCALE = [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]]


def _style(position: int) -> dict:
    return {
        "color": STAKEHOLDER_COLOURS[position % len(STAKEHOLDER_COLOURS)],
        "pattern": STAKEHOLDER_PATTERNS[position % len(STAKEHOLDER_PATTERNS)],
        "symbol": STAKEHOLDER_SYMBOLS[position % len(STAKEHOLDER_SYMBOLS)],
    }


def _empty_figure(title: str, message: str) -> dict:
    return empty_figure(title, message, height=240)


def _scores(values: pd.Series) -> list:
    """Numbers as plain floats (ints where whole), for the figure's JSON."""
    return [None if pd.isna(value) else (int(value) if float(value).is_integer() else float(value))
            for value in values]  # fmt: skip


def _judged_by_stakeholder(judgements: pd.DataFrame) -> dict[str, tuple[list, list]]:
    """Each stakeholder's (dimensions, scores), in the frame's order: one pass, where a
    filter of the frame per stakeholder costs a millisecond each."""
    rows_of: dict[str, tuple[list, list]] = {}
    for stakeholder, dimension, score in zip(
        judgements["stakeholder"].tolist(),
        judgements["dimension"].tolist(),
        _scores(judgements["score"]),
        strict=True,
    ):
        dimensions_judged, scores = rows_of.setdefault(stakeholder, ([], []))
        dimensions_judged.append(dimension)
        scores.append(score)
    return rows_of


def figure(data: list[dict], title: str, **overrides) -> dict:
    return {"data": data, "layout": layout(title, **overrides)}


# Below the x-axis title: a legend above the plot runs into the chart's title.
LEGEND_BELOW = {"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0}


def judgements_chart(
    judgements: pd.DataFrame, *, stakeholders: list[str], dimensions: list[str]
) -> dict:
    """Grouped bars: each stakeholder's 0..10 judgement of each dimension.

    `judgements` is long: stakeholder, dimension, score. Dimensions run along
    the x axis in the order given; one bar per stakeholder who judged it.
    """
    title = "How each stakeholder judges each dimension (0 to 10)"
    if judgements.empty:
        return _empty_figure(title, "No judgements yet")
    rows_of = _judged_by_stakeholder(judgements)
    data = []
    for position, stakeholder in enumerate(stakeholders):
        if stakeholder not in rows_of:
            continue
        style = _style(position)
        dimensions_judged, scores = rows_of[stakeholder]
        data.append(
            {
                "type": "bar",
                "name": stakeholder,
                "x": dimensions_judged,
                "y": scores,
                "text": scores,
                "textposition": "outside",
                "marker": {"color": style["color"], "pattern": {"shape": style["pattern"]}},
                "hovertemplate": f"<b>{stakeholder}</b><br>%{{x}}: %{{y}} out of 10<extra></extra>",
            }
        )
    return figure(
        data,
        title,
        barmode="group",
        height=420,
        xaxis={"categoryorder": "array", "categoryarray": dimensions},
        yaxis={"title": {"text": "Judgement (0 to 10)"}, "range": [0, 11], "dtick": 2},
        legend=LEGEND_BELOW,
        margin={"l": 60, "r": 20, "t": 60, "b": 120},
    )


def weights_heatmap(
    weights: pd.DataFrame, *, stakeholders: list[str], dimensions: list[str]
) -> dict:
    """Stakeholders (rows) x dimensions (columns), each cell's weight written in it as a %."""
    title = "How much weight each stakeholder gives each dimension"
    if weights.empty:
        return _empty_figure(title, "No weights yet")
    wide = wide_weights(weights)
    rows = [name for name in stakeholders if name in wide.index]
    columns = [name for name in dimensions if name in wide.columns]
    percent = (wide.reindex(index=rows, columns=columns) * 100).to_numpy(dtype="float64")
    known = ~np.isnan(percent)
    cells = [
        [float(value) if is_known else None for value, is_known in zip(row, row_known, strict=True)]
        for row, row_known in zip(percent.tolist(), known.tolist(), strict=True)
    ]
    text = [["" if value is None else f"{value:.0f}%" for value in row] for row in cells]
    heatmap = {
        "type": "heatmap",
        "z": cells,
        "x": columns,
        "y": rows,
        "text": text,
        "texttemplate": "%{text}",
        "colorscale": WEIGHT_COLOURSCALE,
        "zmin": 0,
        "zmax": max(50.0, float(percent[known].max())) if known.any() else 50.0,
        "colorbar": {"title": {"text": "Weight (%)"}},
        "hovertemplate": "<b>%{y}</b><br>%{x}: %{z:.1f}%<extra></extra>",
        "xgap": 2,
        "ygap": 2,
    }
    return figure(
        [heatmap],
        title,
        height=max(260, 120 + 44 * len(rows)),
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"side": "top"},
        margin={"l": 20, "r": 20, "t": 100, "b": 20},
    )


def spread_chart(
    judgements: pd.DataFrame,
    spread: pd.DataFrame,
    *,
    stakeholders: list[str],
    dimensions: list[str],
) -> dict:
    """Per dimension, a line from the lowest to the highest judgement with each stakeholder's
    score marked; contested dimensions are labelled in words beside the line."""
    title = "Spread of judgements per dimension"
    if judgements.empty:
        return _empty_figure(title, "No judgements yet")
    # Each dimension's row once, as plain values: .loc per dimension costs a tenth
    # of a millisecond each time.
    spread_of = spread.to_dict("index")
    shown = [name for name in dimensions if name in spread_of]
    data = []
    for dimension in shown:
        row = spread_of[dimension]
        data.append(
            {
                "type": "scatter",
                "x": _scores(pd.Series([row["lowest"], row["highest"]])),
                "y": [dimension, dimension],
                "mode": "lines",
                "line": {"color": "#4a535c", "width": 6 if row["contested"] else 2},
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
    rows_of = _judged_by_stakeholder(judgements)
    for position, stakeholder in enumerate(stakeholders):
        if stakeholder not in rows_of:
            continue
        style = _style(position)
        dimensions_judged, scores = rows_of[stakeholder]
        data.append(
            {
                "type": "scatter",
                "name": stakeholder,
                "x": scores,
                "y": dimensions_judged,
                "mode": "markers",
                "marker": {
                    "color": style["color"],
                    "symbol": style["symbol"],
                    "size": 13,
                    "line": {"color": "#ffffff", "width": 1},
                },
                "hovertemplate": f"<b>{stakeholder}</b><br>%{{y}}: %{{x}} out of 10<extra></extra>",
            }
        )
    annotations = [
        {
            "x": 1.01,
            "xref": "paper",
            "y": dimension,
            "xanchor": "left",
            "showarrow": False,
            "text": f"⚠ Contested (range {spread_of[dimension]['range']:g})",
            "font": {"color": "#7a2e0e"},
        }
        for dimension in shown
        if spread_of[dimension]["contested"]
    ]
    return figure(
        data,
        title,
        annotations=annotations,
        height=max(340, 190 + 56 * len(shown)),
        xaxis={"title": {"text": "Judgement (0 to 10)"}, "range": [-0.5, 10.5], "dtick": 1},
        yaxis={"categoryorder": "array", "categoryarray": shown[::-1], "automargin": True},
        legend=LEGEND_BELOW,
        # Room on the right for the "Contested" labels, below for the legend.
        margin={"l": 20, "r": 190, "t": 60, "b": 130},
    )
