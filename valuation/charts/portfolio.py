"""The portfolio's charts as plain Plotly figure dicts.

The scatter puts each unit at its cost a month (x) and overall value (y), the
bubble's area in proportion to its demand a month; each organisation has its own
colour and its own marker shape, so colour is never the only signal. The ranked
chart is one bar per unit, best first.
"""

from __future__ import annotations

import math

import pandas as pd

from core.chart_style import empty_figure, layout

ORGANISATION_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star",
                        "hexagon", "triangle-down", "pentagon"]  # fmt: skip
ORGANISATION_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                        "#F0E442", "#000000", "#999999", "#882255"]  # fmt: skip
# The largest bubble's diameter in pixels; a unit whose demand is not known gets the
# smallest, MIN_BUBBLE, and its hover text says so.
MAX_BUBBLE = 40
MIN_BUBBLE = 6
NO_POINTS = "No unit has both an overall value and a cost a month to plot."
NO_MEASUREMENTS = "No unit has a measurement of this measure yet."


def bubble_sizes(demand: pd.Series) -> list[float]:
    """Diameters whose areas are in proportion to demand, the largest MAX_BUBBLE."""
    known = [float(value) for value in demand if pd.notna(value) and value > 0]
    largest = max(known, default=0.0)
    sizes = []
    for value in demand:
        if pd.isna(value) or not value > 0 or largest <= 0:
            sizes.append(float(MIN_BUBBLE))
        else:
            sizes.append(max(float(MIN_BUBBLE), MAX_BUBBLE * math.sqrt(float(value) / largest)))
    return sizes


def _demand_text(value) -> str:
    return "demand not known" if pd.isna(value) else f"{float(value):,.0f} demands a month"


def value_cost_scatter(points: pd.DataFrame) -> dict:
    """`points`: unit, organisation, overall_value, money_per_month, demand_per_month."""
    title = "Value against cost a month"
    if points.empty:
        return empty_figure(title, NO_POINTS, height=460)
    data = []
    organisations = sorted(points["organisation"].unique(), key=str.casefold)
    for number, organisation in enumerate(organisations):
        chosen = points[points["organisation"] == organisation]
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": organisation,
                "x": [float(value) for value in chosen["money_per_month"]],
                "y": [float(value) for value in chosen["overall_value"]],
                "text": list(chosen["unit"]),
                "customdata": [_demand_text(value) for value in chosen["demand_per_month"]],
                "marker": {
                    "size": bubble_sizes(chosen["demand_per_month"]),
                    "symbol": ORGANISATION_SYMBOLS[number % len(ORGANISATION_SYMBOLS)],
                    "color": ORGANISATION_COLOURS[number % len(ORGANISATION_COLOURS)],
                    "opacity": 0.75,
                    "line": {"color": "#222222", "width": 1},
                },
                "hovertemplate": "%{text}<br>£%{x:,.0f} a month<br>value %{y:.1f}"
                "<br>%{customdata}<extra>" + organisation.replace("<", "&lt;") + "</extra>",
            }
        )
    return {
        "data": data,
        "layout": layout(
            title,
            height=460,
            xaxis={"title": {"text": "Cost a month (£)"}, "rangemode": "tozero"},
            yaxis={"title": {"text": "Overall value (0 to 100)"}, "range": [0, 105]},
            legend={"title": {"text": "Organisation (colour and shape)"}},
        ),
    }


def ranked_bars(ranked: pd.DataFrame, *, measure: str, unit: str) -> dict:
    """`ranked`: valuation.analysis.portfolio.ranked_units(), best first (at the top)."""
    title = f"Units ranked on {measure}"
    if ranked.empty:
        return empty_figure(title, NO_MEASUREMENTS, height=360)
    labels = [f"{rank}. {name}" for rank, name in zip(ranked["rank"], ranked["unit"], strict=True)]
    axis_title = f"Latest {measure}" + (f" ({unit})" if unit else "")
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [float(value) for value in ranked["value"]],
                "y": labels,
                "text": [f"{float(value):,.2f}" for value in ranked["value"]],
                "textposition": "auto",
                "marker": {"color": "#0072B2"},
                "hovertemplate": "%{y}: %{x:,.2f}<extra></extra>",
            }
        ],
        "layout": layout(
            title,
            height=max(300, 60 + 24 * len(ranked)),
            xaxis={"title": {"text": axis_title}},
            yaxis={"autorange": "reversed", "automargin": True},
            margin={"l": 200, "r": 20, "t": 60, "b": 50},
        ),
    }
