"""Plotly figures for the cost analysis (microsystems.analysis.costs).

Pure functions: analysis results in, a plain figure dict out, in the house look
of core.chart_style. No Django and no plotly at request time: the page report
renders the dict (core.tables.figure_html); the tests check it against plotly's
schema.
"""

from __future__ import annotations

import pandas as pd

from core.chart_style import empty_figure, layout

EMPTY_MESSAGE = "No activities yet"

# The words of microsystems.analysis.costs.CLASSIFICATIONS, in its order (the model's
# Activity.Classification labels; the charts are pure, so they cannot read the model).
CLASSIFICATION_LABELS: dict[str, str] = {
    "adds_value": "Adds value for the user",
    "necessary": "Necessary, but adds no value for the user",
    "unnecessary": "Unnecessary: could stop",
}

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


MARGIN = {"l": 20, "r": 20, "t": 60, "b": 40}


def _figure(data: list[dict], title: str, **extra) -> dict:
    return {"data": data, "layout": layout(title, margin=MARGIN, **extra)}


def _empty_figure(title: str, message: str = EMPTY_MESSAGE) -> dict:
    return empty_figure(title, message, margin=MARGIN, height=240)


def _y_labels(costs: pd.DataFrame) -> pd.Series:
    """Activity names as bar labels, made unique: bars with one label would stack."""
    names = costs["name"].astype(str)
    duplicated = names.duplicated(keep=False)
    return names.where(~duplicated, names + " (#" + costs["activity_id"].astype(str) + ")")


def cost_by_activity_chart(costs: pd.DataFrame, *, period_noun: str = "month") -> dict:
    """Horizontal bar per activity (largest at the top), one trace per classification."""
    title = f"Cost of each activity per {period_noun}"
    if costs.empty:
        return _empty_figure(title)

    frame = costs.assign(_label=_y_labels(costs).to_numpy())
    frame = frame.sort_values("cost_per_period", ascending=False, kind="mergesort")
    data = []
    for key, label in CLASSIFICATION_LABELS.items():
        part = frame[frame["classification"] == key]
        if part.empty:
            continue
        data.append(
            {
                "type": "bar",
                "name": label,
                "orientation": "h",
                "x": [float(value) for value in part["cost_per_period"]],
                "y": part["_label"].tolist(),
                "marker": {
                    "color": CLASSIFICATION_COLOURS[key],
                    "pattern": {"shape": CLASSIFICATION_PATTERNS[key]},
                },
                "customdata": [
                    [float(hours), float(per_year)]
                    for hours, per_year in zip(
                        part["staff_hours"], part["cost_per_year"], strict=True
                    )
                ],
                "hovertemplate": (
                    "<b>%{y}</b><br>"
                    + label
                    + f"<br>£%{{x:,.0f}} per {period_noun}"
                    + "<br>%{customdata[0]:,.1f} staff hours"
                    + "<br>£%{customdata[1]:,.0f} per year<extra></extra>"
                ),
            }
        )
    # Plotly draws the first category at the bottom, so list them smallest first.
    order = frame["_label"].tolist()[::-1]
    return _figure(
        data,
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
) -> dict:
    """A single stacked horizontal bar: cost per period by classification, with shares."""
    title = f"Where the money goes per {period_noun}"
    frame = classification_frame
    total = float(frame["cost_per_period"].sum()) if not frame.empty else 0.0
    if frame.empty or not total > 0:
        return _empty_figure(title)

    data = []
    for row in frame.itertuples(index=False):
        key = row.classification
        cost = float(row.cost_per_period)
        share = float(row.share) if not pd.isna(row.share) else cost / total
        text = f"{_money(cost)} ({share:.0%})" if cost > 0 else ""
        data.append(
            {
                "type": "bar",
                "name": CLASSIFICATION_LABELS.get(key, str(key)),
                "orientation": "h",
                "x": [cost],
                "y": [""],
                "text": [text],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "marker": {
                    "color": CLASSIFICATION_COLOURS.get(key, "#999999"),
                    "pattern": {"shape": CLASSIFICATION_PATTERNS.get(key, "")},
                },
                "hovertemplate": (
                    f"<b>{CLASSIFICATION_LABELS.get(key, key)}</b><br>{_money(cost)} per "
                    f"{period_noun} ({share:.0%})<extra></extra>"
                ),
            }
        )
    return _figure(
        data,
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


def failure_vs_value_chart(failure_cost_dict: dict, *, period_noun: str = "month") -> dict:
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
    data = [
        {
            "type": "bar",
            "name": label,
            "x": [label],
            "y": [costs[nature]],
            "text": [_money(costs[nature])],
            "textposition": "outside",
            "marker": {
                "color": NATURE_COLOURS[nature],
                "pattern": {"shape": NATURE_PATTERNS[nature]},
            },
            "hovertemplate": f"<b>%{{x}}</b><br>£%{{y:,.0f}} per {period_noun}<extra></extra>",
            "showlegend": False,
        }
        for nature, label in NATURE_LABELS.items()
    ]
    return _figure(
        data,
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
