"""The improvement ideas on the cost-benefit plane, as a plain Plotly figure dict.

x: expected saving per month (cost reduction, £); y: expected benefit gain (points,
summed over dimensions). The quadrants are named on the chart and in the table
beside it; statuses have their own marker shapes as well as colours.
"""

from __future__ import annotations

import pandas as pd

from core.chart_style import FONT_FAMILY

STATUS_STYLES = {
    "idea": ("#999999", "circle-open"),
    "planned": ("#56B4E9", "square"),
    "testing": ("#E69F00", "diamond"),
    "adopted": ("#009E73", "star"),
    "dropped": ("#000000", "x"),
}
QUADRANT_LABELS = [
    (1, 1, "More benefit, lower cost", "right", "top"),
    (0, 1, "More benefit, higher cost", "left", "top"),
    (1, 0, "Lower cost, less benefit", "right", "bottom"),
    (0, 0, "Higher cost, less benefit", "left", "bottom"),
]


def ideas_plane(points: pd.DataFrame, status_names: dict[str, str]) -> dict:
    """`points`: title, status, monthly_saving, benefit."""
    data = []
    for status, (colour, symbol) in STATUS_STYLES.items():
        chosen = points[points["status"] == status]
        if chosen.empty:
            continue
        data.append(
            {"type": "scatter", "mode": "markers+text", "name": status_names.get(status, status),
             "x": [float(v) for v in chosen["monthly_saving"]],
             "y": [float(v) for v in chosen["benefit"]],
             "text": list(chosen["title"]), "textposition": "top center",
             "marker": {"color": colour, "symbol": symbol, "size": 12,
                        "line": {"color": colour, "width": 2}},
             "hovertemplate": "%{text}<br>£%{x:,.0f} a month saved<br>%{y:+.1f} points"
                              "<extra></extra>"}
        )  # fmt: skip
    annotations = [
        {"text": text, "xref": "paper", "yref": "paper", "x": x, "y": y, "showarrow": False,
         "xanchor": xanchor, "yanchor": yanchor, "font": {"color": "#4a535c"}}
        for x, y, text, xanchor, yanchor in QUADRANT_LABELS
    ]  # fmt: skip
    span_x = max([abs(float(v)) for v in points["monthly_saving"]] + [1.0]) * 1.25
    span_y = max([abs(float(v)) for v in points["benefit"]] + [1.0]) * 1.25
    return {
        "data": data,
        "layout": {
            "title": {"text": "Ideas by expected saving and benefit", "x": 0, "xanchor": "left"},
            "font": {"family": FONT_FAMILY, "size": 14},
            "paper_bgcolor": "white", "plot_bgcolor": "white", "height": 460,
            "margin": {"l": 60, "r": 20, "t": 60, "b": 60},
            "xaxis": {"title": {"text": "Expected cost reduction (£ a month)"},
                      "range": [-span_x, span_x], "zeroline": True, "zerolinewidth": 2,
                      "zerolinecolor": "#4a535c", "gridcolor": "#EBF0F8"},
            "yaxis": {"title": {"text": "Expected benefit gain (points)"},
                      "range": [-span_y, span_y], "zeroline": True, "zerolinewidth": 2,
                      "zerolinecolor": "#4a535c", "gridcolor": "#EBF0F8"},
            "annotations": annotations,
            "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        },
    }  # fmt: skip
