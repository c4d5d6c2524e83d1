"""Plotly figures for the cost analysis (microsystems.analysis.costs).

Pure functions: analysis results in, `plotly.graph_objects.Figure` out. No Django,
no CDN, no show(): the page report renders them (core.tables.figure_html).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.chart_style import house_layout, no_data_note
from microsystems.analysis.costs import CLASSIFICATION_LABELS

EMPTY_MESSAGE = "No activities yet"

# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies),
# and a bar pattern per classification so that colour is never the only signal.
CLASSIFICATION_COLOURS = {
    "adds_value": "#009E73",
    "necessary": "#E69F00",
    "unnecessary": "#D55E00",
}
CLASSIFICATION_PATTERNS = {
    "adds_value": "",
    "necessary": "/",
    "unnecessary": "x",
}
NATURE_LABELS = {
    "failure": "Failure demand",
    "value": "Value demand",
    "unclassified": "Unclassified demand",
}
NATURE_COLOURS = {"failure": "#D55E00", "value": "#0072B2", "unclassified": "#999999"}
NATURE_PATTERNS = {"failure": "x", "value": "", "unclassified": "."}


def _money(amount: float) -> str:
    return f"£{amount:,.0f}"


def _layout(fig: go.Figure, title: str, **extra) -> go.Figure:
    return house_layout(fig, title, margin={"l": 20, "r": 20, "t": 60, "b": 40}, **extra)


def _empty_figure(title: str, message: str = EMPTY_MESSAGE) -> go.Figure:
    fig = no_data_note(go.Figure(), message, size=16)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=240)


def _y_labels(costs: pd.DataFrame) -> pd.Series:
    """Activity names as bar labels, made unique: bars with one label would stack."""
    names = costs["name"].astype(str)
    duplicated = names.duplicated(keep=False)
    return names.where(~duplicated, names + " (#" + costs["activity_id"].astype(str) + ")")


def cost_by_activity_chart(costs: pd.DataFrame, *, period_noun: str = "month") -> go.Figure:
    """Horizontal bar per activity (largest at the top), one trace per classification."""
    title = f"Cost of each activity per {period_noun}"
    if costs.empty:
        return _empty_figure(title)

    frame = costs.assign(_label=_y_labels(costs).to_numpy())
    frame = frame.sort_values("cost_per_period", ascending=False, kind="mergesort")
    fig = go.Figure()
    for key, label in CLASSIFICATION_LABELS.items():
        part = frame[frame["classification"] == key]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                name=label,
                orientation="h",
                x=part["cost_per_period"].tolist(),
                y=part["_label"].tolist(),
                marker={
                    "color": CLASSIFICATION_COLOURS[key],
                    "pattern": {"shape": CLASSIFICATION_PATTERNS[key]},
                },
                customdata=list(zip(part["staff_hours"], part["cost_per_year"], strict=True)),
                hovertemplate=(
                    "<b>%{y}</b><br>"
                    + label
                    + f"<br>£%{{x:,.0f}} per {period_noun}"
                    + "<br>%{customdata[0]:,.1f} staff hours"
                    + "<br>£%{customdata[1]:,.0f} per year<extra></extra>"
                ),
            )
        )
    # Plotly draws the first category at the bottom, so list them smallest first.
    order = frame["_label"].tolist()[::-1]
    return _layout(
        fig,
        title,
        barmode="overlay",  # one bar per row: overlay keeps each bar full height
        height=max(300, 120 + 28 * len(order)),
        xaxis={
            "title": {"text": f"Cost per {period_noun} (£)"},
            "tickprefix": "£",
            "separatethousands": True,
            "rangemode": "tozero",
        },
        yaxis={"categoryorder": "array", "categoryarray": order, "automargin": True},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
    )


def cost_by_classification_chart(
    classification_frame: pd.DataFrame, *, period_noun: str = "month"
) -> go.Figure:
    """A single stacked horizontal bar: cost per period by classification, with shares."""
    title = f"Where the money goes per {period_noun}"
    frame = classification_frame
    total = float(frame["cost_per_period"].sum()) if not frame.empty else 0.0
    if frame.empty or not total > 0:
        return _empty_figure(title)

    fig = go.Figure()
    for row in frame.itertuples(index=False):
        key = row.classification
        cost = float(row.cost_per_period)
        share = float(row.share) if not pd.isna(row.share) else cost / total
        text = f"{_money(cost)} ({share:.0%})" if cost > 0 else ""
        fig.add_trace(
            go.Bar(
                name=CLASSIFICATION_LABELS.get(key, str(key)),
                orientation="h",
                x=[cost],
                y=[""],
                text=[text],
                textposition="inside",
                insidetextanchor="middle",
                marker={
                    "color": CLASSIFICATION_COLOURS.get(key, "#999999"),
                    "pattern": {"shape": CLASSIFICATION_PATTERNS.get(key, "")},
                },
                hovertemplate=(
                    f"<b>{CLASSIFICATION_LABELS.get(key, key)}</b><br>{_money(cost)} per "
                    f"{period_noun} ({share:.0%})<extra></extra>"
                ),
            )
        )
    return _layout(
        fig,
        title,
        barmode="stack",
        height=260,
        xaxis={
            "title": {"text": f"Cost per {period_noun} (£)"},
            "tickprefix": "£",
            "separatethousands": True,
        },
        yaxis={"visible": False},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
    )


def failure_vs_value_chart(failure_cost_dict: dict, *, period_noun: str = "month") -> go.Figure:
    """Bars: cost of handling failure, value and unclassified demand per period."""
    title = f"Cost of handling demand per {period_noun}"
    costs = {}
    for nature in NATURE_LABELS:
        value = failure_cost_dict.get(f"{nature}_cost_per_period", 0.0)
        costs[nature] = 0.0 if value is None or pd.isna(value) else float(value)
    if not any(value > 0 for value in costs.values()):
        return _empty_figure(title)

    # One trace per bar, each of one colour: given a list of bar colours, plotly.js
    # cannot work out the pattern's colour and warns in the browser console.
    fig = go.Figure()
    for nature, label in NATURE_LABELS.items():
        fig.add_trace(
            go.Bar(
                name=label,
                x=[label],
                y=[costs[nature]],
                text=[_money(costs[nature])],
                textposition="outside",
                marker={
                    "color": NATURE_COLOURS[nature],
                    "pattern": {"shape": NATURE_PATTERNS[nature]},
                },
                hovertemplate=f"<b>%{{x}}</b><br>£%{{y:,.0f}} per {period_noun}<extra></extra>",
                showlegend=False,
            )
        )
    return _layout(
        fig,
        title,
        barmode="overlay",  # one bar per category: overlay keeps each bar full width
        height=360,
        yaxis={
            "title": {"text": f"Cost per {period_noun} (£)"},
            "tickprefix": "£",
            "separatethousands": True,
            "rangemode": "tozero",
        },
    )
