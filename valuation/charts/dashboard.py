"""Plotly figure dicts for the unit dashboard: value and cost over the unit's assessments.

Pure: the frames of valuation.analysis.dashboard in, a figure dict out (see
valuation.charts.account for why dicts). A provisional assessment (not approved)
is told apart in words, in its axis label, as well as by a dashed line, open
markers or hatched bars; every number drawn is in the table beside the chart.
"""

from __future__ import annotations

import pandas as pd

from core.chart_style import empty_figure, layout
from valuation.charts.account import SCORE_AXIS, VALUE_COLOUR

PROVISIONAL = "provisional"
COST_COLOUR = "#0072B2"  # Okabe-Ito blue
FAILURE_COLOUR = "#D55E00"  # Okabe-Ito vermillion
# Okabe-Ito without the blue of the overall value, then greys.
DIMENSION_COLOURS = ["#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#999999", "#555555"]
DIMENSION_DASHES = ["dot", "dashdot", "longdash", "longdashdot", "dot", "dashdot", "longdash"]


def period_labels(frame: pd.DataFrame) -> list[str]:
    """Each assessment's label on the axis; a provisional one says so."""
    return [
        f"{label} ({PROVISIONAL})" if provisional else str(label)
        for label, provisional in zip(frame["period_label"], frame["provisional"], strict=True)
    ]


def _values(column: pd.Series) -> list[float | None]:
    return [None if pd.isna(value) else float(value) for value in column]


def value_over_time_chart(frame: pd.DataFrame, dimensions: pd.DataFrame) -> dict:
    """The overall value (thick, solid through approved assessments, dashed with open
    markers to a provisional one) and each dimension's score (thin) per assessment.

    `frame` is analysis.dashboard.series(), `dimensions` its dimension_series().
    """
    title = "Overall value and each dimension’s score, by assessment"
    if frame.empty or frame["overall"].isna().all():
        return empty_figure(title, "No assessment has an overall value yet")
    labels = period_labels(frame)
    values = _values(frame["overall"])
    provisional = frame["provisional"].astype(bool).tolist()
    approved = [None if flag else value for value, flag in zip(values, provisional, strict=True)]
    # The provisional line starts from the approved point before it, so the two join.
    draft = [
        value if flag or (index + 1 < len(values) and provisional[index + 1]) else None
        for index, (value, flag) in enumerate(zip(values, provisional, strict=True))
    ]
    data = [
        {"type": "scatter", "mode": "lines+markers", "name": "Overall value (approved)",
         "x": labels, "y": approved, "line": {"color": VALUE_COLOUR, "width": 4},
         "marker": {"size": 10, "symbol": "circle"},
         "hovertemplate": "<b>%{x}</b><br>Overall value %{y:.1f}<extra></extra>"},
    ]  # fmt: skip
    if any(provisional):
        data.append(
            {"type": "scatter", "mode": "lines+markers", "name": "Overall value (provisional)",
             "x": labels, "y": draft,
             "line": {"color": VALUE_COLOUR, "width": 3, "dash": "dash"},
             "marker": {"size": 10, "symbol": "circle-open"},
             "hovertemplate": "<b>%{x}</b><br>Overall value %{y:.1f} (provisional)<extra></extra>"}
        )  # fmt: skip
    label_of = dict(zip(frame["assessment_id"], labels, strict=True))
    for number, (name, rows) in enumerate(dimensions.groupby("dimension", sort=False)):
        data.append(
            {"type": "scatter", "mode": "lines+markers", "name": str(name),
             "x": [label_of[assessment] for assessment in rows["assessment_id"]],
             "y": _values(rows["score"]),
             "line": {"color": DIMENSION_COLOURS[number % len(DIMENSION_COLOURS)], "width": 1.5,
                      "dash": DIMENSION_DASHES[number % len(DIMENSION_DASHES)]},
             "marker": {"size": 6},
             "hovertemplate": f"<b>%{{x}}</b><br>{name} %{{y:.1f}}<extra></extra>"}
        )  # fmt: skip
    return {
        "data": data,
        "layout": layout(
            title,
            height=420,
            xaxis={"type": "category", "title": {"text": "Assessment"}},
            yaxis=SCORE_AXIS,
            legend={"orientation": "h", "y": -0.25},
        ),
    }


def cost_over_time_chart(frame: pd.DataFrame) -> dict:
    """Per assessment, the activities' cost a month beside failure demand's share of it;
    a provisional assessment's bars are hatched and its label says so."""
    title = "Cost a month, and how much of it handles failure demand, by assessment"
    if frame.empty or frame["money_per_month"].isna().all():
        return empty_figure(title, "No assessment has costs yet")
    labels = period_labels(frame)
    shapes = ["/" if flag else "" for flag in frame["provisional"].astype(bool)]
    return {
        "data": [
            {"type": "bar", "name": "Cost a month", "x": labels,
             "y": _values(frame["money_per_month"]),
             "marker": {"color": COST_COLOUR, "pattern": {"shape": shapes}},
             "hovertemplate": "<b>%{x}</b><br>Cost a month £%{y:,.0f}<extra></extra>"},
            {"type": "bar", "name": "Of which failure demand", "x": labels,
             "y": _values(frame["failure_cost_per_month"]),
             "marker": {"color": FAILURE_COLOUR, "pattern": {"shape": shapes}},
             "hovertemplate": "<b>%{x}</b><br>Failure demand £%{y:,.0f} a month<extra></extra>"},
        ],
        "layout": layout(
            title,
            height=360,
            barmode="group",
            xaxis={"type": "category", "title": {"text": "Assessment"}},
            yaxis={"title": {"text": "£ a month"}, "rangemode": "tozero"},
            legend={"orientation": "h", "y": -0.3},
        ),
    }  # fmt: skip
