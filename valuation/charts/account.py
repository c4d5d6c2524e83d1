"""Plotly figures for the assessment page (valuation.scoring results).

Pure functions: frames in, a Plotly figure out as a plain dict ({"data",
"layout"}), in the house look of core.chart_style. No Django. Bars
carry a pattern as well as a colour, and every number drawn is in the table
beside the chart.

Why dicts and not plotly.graph_objects: building and styling a Figure validates
every property against plotly's schema, about 40 ms a chart on our servers, a
third of the page's budget. A dict is rendered as it is
(core.tables.figure_html); the tests check its shape.
"""

from __future__ import annotations

import pandas as pd

from core.chart_style import FONT_FAMILY

VALUE_COLOUR = "#0072B2"  # Okabe-Ito blue
MEASURED_COLOUR = "#E69F00"  # Okabe-Ito orange
OVERALL_COLOUR = "#000000"
BAND_COLOUR = "rgba(0, 0, 0, 0.08)"
GRID_COLOUR = "#EBF0F8"  # as plotly_white, the house template
SCORE_AXIS = {
    "range": [0, 105],
    "title": {"text": "Score (0 to 100)"},
    "dtick": 20,
    "gridcolor": GRID_COLOUR,
    "zeroline": False,
}


def _layout(title: str, height: int, **layout) -> dict:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "font": {"family": FONT_FAMILY, "size": 14},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": height,
        "margin": {"l": 20, "r": 30, "t": 90, "b": 50},
        "yaxis": {"automargin": True, "gridcolor": GRID_COLOUR},
        **layout,
    }


def _empty(title: str, message: str) -> dict:
    return {
        "data": [],
        "layout": _layout(
            title,
            240,
            xaxis={"visible": False},
            yaxis={"visible": False},
            annotations=[
                {"text": message, "showarrow": False, "xref": "paper", "yref": "paper",
                 "x": 0.5, "y": 0.5, "font": {"size": 16}}
            ],
        ),
    }  # fmt: skip


def _height(rows: int) -> int:
    return max(280, 140 + 30 * rows)


def _number(value) -> float | None:
    return None if pd.isna(value) else float(value)


def perspective_values_chart(
    perspectives: pd.DataFrame, *, overall: float | None, disagreement: float | None
) -> dict:
    """A bar per stakeholder whose perspective counts (V_s, 0..100), highest at the top,
    with the overall value as a dashed line and the disagreement as a band around it.

    `perspectives` has name, value and counted (valuation.scoring.perspective_values).
    """
    title = "Each stakeholder’s perspective value, and the overall value"
    counted = perspectives[perspectives["counted"].astype(bool)]
    if counted.empty or overall is None:
        return _empty(title, "No perspective values yet")
    rows = sorted(
        zip(counted["value"].astype(float).tolist(), counted["name"].astype(str).tolist(),
            strict=True),
        key=lambda row: (-row[0], row[1]),
    )[::-1]  # plotly draws the first category at the bottom: the highest goes on top  # fmt: skip
    values, names = [value for value, _ in rows], [name for _, name in rows]
    shapes = [
        {"type": "line", "xref": "x", "yref": "paper", "x0": overall, "x1": overall,
         "y0": 0, "y1": 1, "line": {"color": OVERALL_COLOUR, "dash": "dash", "width": 2}}
    ]  # fmt: skip
    label = f"Overall {overall:.0f}"
    if disagreement:
        shapes.insert(
            0,
            {"type": "rect", "xref": "x", "yref": "paper", "layer": "below",
             "x0": max(0.0, overall - disagreement), "x1": min(100.0, overall + disagreement),
             "y0": 0, "y1": 1, "fillcolor": BAND_COLOUR, "line": {"width": 0}},
        )  # fmt: skip
        label += f" (± {disagreement:.0f} disagreement, shaded)"
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": values,
                "y": names,
                "name": "Perspective value",
                "marker": {"color": VALUE_COLOUR, "pattern": {"shape": "/"}},
                "text": [f"{value:.0f}" for value in values],
                "textposition": "outside",
                "hovertemplate": "<b>%{y}</b><br>Perspective value %{x:.1f}<extra></extra>",
                "showlegend": False,
            }
        ],
        "layout": _layout(
            title,
            _height(len(names)),
            xaxis=SCORE_AXIS,
            shapes=shapes,
            annotations=[
                {"x": overall, "y": 1.0, "xref": "x", "yref": "paper", "text": label,
                 "showarrow": False, "yanchor": "bottom", "font": {"color": OVERALL_COLOUR}}
            ],
        ),
    }  # fmt: skip


def dimension_scores_chart(dimensions: pd.DataFrame) -> dict:
    """Two bars per dimension: its measured score (hatched) and its blended score (solid).

    `dimensions` has name, measured, blended and contested; a contested dimension
    says so in its label, not only by colour.
    """
    title = "Each dimension’s measured and blended score"
    if dimensions.empty:
        return _empty(title, "No value dimensions")
    frame = dimensions.iloc[::-1]  # plotly draws the first category at the bottom
    labels = [
        f"{name} (contested)" if contested else str(name)
        for name, contested in zip(frame["name"], frame["contested"], strict=True)
    ]
    data = []
    for column, label, colour, pattern in (
        ("measured", "Measured (from measures)", MEASURED_COLOUR, "x"),
        ("blended", "Blended with judgements", VALUE_COLOUR, ""),
    ):
        values = [_number(value) for value in frame[column]]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": label,
                "x": values,
                "y": labels,
                "marker": {"color": colour, "pattern": {"shape": pattern}},
                "text": ["none" if value is None else f"{value:.0f}" for value in values],
                "textposition": "outside",
                "hovertemplate": f"<b>%{{y}}</b><br>{label}: %{{x:.1f}}<extra></extra>",
            }
        )
    return {
        "data": data,
        "layout": _layout(
            title,
            _height(2 * len(labels)),
            barmode="group",
            xaxis=SCORE_AXIS,
            legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        ),
    }
