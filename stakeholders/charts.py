"""The power/interest grid of a microsystem's stakeholder groups.

Pure functions: a DataFrame of stakeholder groups in, a DataFrame or a plain
figure dict out (checked against plotly's schema in the tests, never built as
graph objects on a request). No Django; the page renders the figure with
core.tables.figure_html. Which quadrant a group falls in is
stakeholders.analysis's rule; this module draws it and names the quadrants.

The register frame has one row per group with the columns
stakeholders.analysis.REGISTER_COLUMNS: `stakeholder_id`, `name`, `kind`,
`power` and `interest` (1 to 5 each).
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd

from core.chart_style import layout, no_data_annotation
from stakeholders.analysis import (
    HIGH_FROM,
    KEEP_INFORMED,
    KEEP_SATISFIED,
    MANAGE_CLOSELY,
    MONITOR,
    quadrant,
)

# The quadrants' names, in the order of analysis.QUADRANTS (most attention first); the
# register's table and downloads use the same words.
QUADRANT_LABELS = {
    MANAGE_CLOSELY: "Manage closely",
    KEEP_SATISFIED: "Keep satisfied",
    KEEP_INFORMED: "Keep informed",
    MONITOR: "Monitor",
}
# Quadrant backgrounds: pale, so the black labels and dark markers stay readable;
# the quadrant's name is written in it, so colour is never the only signal.
QUADRANT_FILLS = {
    MANAGE_CLOSELY: "#fbe3d6",
    KEEP_SATISFIED: "#fdf1d6",
    KEEP_INFORMED: "#dcecf7",
    MONITOR: "#eeeeee",
}
MARKER_COLOUR = "#1d4f91"
EMPTY_MESSAGE = "No stakeholder groups yet"
CHART_TITLE = "Power and interest of each stakeholder group"
# A point names at most this many groups; hovering (and the table) lists them all.
NAMES_PER_LABEL = 3
# Characters per line of a label: about one grid step wide at the page's chart size.
LINE_LENGTH = 16
# Lines per name on the grid: a grid step holds about two lines above or below a point,
# so a longer name ends in "…" there (hovering, and the table beside, show it whole).
LINES_PER_NAME = 2


def _wrapped(name: str) -> str:
    """A long name over at most LINES_PER_NAME short lines, so neighbouring labels do not
    collide.

    Escaped: plotly reads tags in text, and a name is whatever someone typed.
    """
    lines = textwrap.wrap(name, LINE_LENGTH, max_lines=LINES_PER_NAME, placeholder=" …")
    return "<br>".join(html.escape(line) for line in lines or [name])


def _point_label(names: list[str]) -> str:
    if len(names) > NAMES_PER_LABEL:
        shown = names[: NAMES_PER_LABEL - 1]
        names = [*shown, f"and {len(names) - len(shown)} more"]
    return "<br>".join(_wrapped(name) for name in names)


def _text_position(power: int, interest: int) -> str:
    """Where a point's label goes: inwards at the edges of the grid, so it is not cut
    off; elsewhere above or below by column, so neighbouring labels do not meet."""
    if power >= 5:
        vertical = "bottom"
    elif power <= 1:
        vertical = "top"
    else:
        vertical = "top" if interest % 2 else "bottom"
    horizontal = "right" if interest <= 1 else "left" if interest >= 5 else "center"
    return f"{vertical} {horizontal}"


def grid_points(register: pd.DataFrame) -> pd.DataFrame:
    """One point per (power, interest) pair: the groups that share it, and its label.

    Groups with the same scores would hide each other; one point with every
    name (and a marker sized by the count) keeps them all readable.
    """
    columns = ["power", "interest", "groups", "names", "label", "quadrant_label", "position"]
    if register.empty:
        return pd.DataFrame(columns=columns)
    points = []
    ordered = register.assign(_sort=register["name"].astype(str).str.lower())
    ordered = ordered.sort_values(["power", "interest", "_sort"], kind="mergesort")
    for (power, interest), group in ordered.groupby(["power", "interest"], sort=True):
        names = group["name"].astype(str).tolist()
        points.append(
            {
                "power": int(power),
                "interest": int(interest),
                "groups": len(names),
                "names": names,
                "label": _point_label(names),
                "quadrant_label": QUADRANT_LABELS[quadrant(int(power), int(interest))],
                "position": _text_position(int(power), int(interest)),
            }
        )
    return pd.DataFrame(points, columns=columns)


def _quadrants() -> tuple[list[dict], list[dict]]:
    """(shapes, annotations): the four shaded quadrants with their names, and the
    dashed lines between low and high on both axes."""
    edge = HIGH_FROM - 0.5  # the line between low and high on both axes
    low, high = 0.5, 5.5
    areas = {
        MANAGE_CLOSELY: (edge, high, edge, high),
        KEEP_SATISFIED: (low, edge, edge, high),
        KEEP_INFORMED: (edge, high, low, edge),
        MONITOR: (low, edge, low, edge),
    }
    shapes, annotations = [], []
    for key, (x0, x1, y0, y1) in areas.items():
        shapes.append(
            {"type": "rect", "x0": x0, "x1": x1, "y0": y0, "y1": y1,
             "fillcolor": QUADRANT_FILLS[key], "line": {"width": 0}, "layer": "below"}
        )  # fmt: skip
        # The quadrant's name in its outer corner, where points are rarest.
        right = x1 == high
        top = y1 == high
        annotations.append(
            {
                "x": x1 - 0.05 if right else x0 + 0.05,
                "y": y1 - 0.05 if top else y0 + 0.05,
                "xanchor": "right" if right else "left",
                "yanchor": "top" if top else "bottom",
                "text": f"<b>{QUADRANT_LABELS[key]}</b>",
                "showarrow": False,
                "font": {"size": 13, "color": "#222222"},
            }
        )
    line = {"type": "line", "line": {"color": "#555555", "width": 1, "dash": "dash"}}
    shapes.append({**line, "x0": edge, "x1": edge, "y0": low, "y1": high})
    shapes.append({**line, "x0": low, "x1": high, "y0": edge, "y1": edge})
    return shapes, annotations


def power_interest_chart(register: pd.DataFrame) -> dict:
    """A scatter of the groups: interest across, power up, the four quadrants labelled."""
    axes = {
        "xaxis": {
            "title": {"text": "Interest: how much they care (1 low to 5 high)"},
            "range": [0.5, 5.5],
            "tickvals": [1, 2, 3, 4, 5],
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
        },
        "yaxis": {
            "title": {"text": "Power: how much they can shape the unit (1 to 5)"},
            "range": [0.5, 5.5],
            "tickvals": [1, 2, 3, 4, 5],
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
        },
    }
    if register.empty:
        return {
            "data": [],
            "layout": layout(
                CHART_TITLE,
                height=300,
                annotations=[no_data_annotation(EMPTY_MESSAGE, size=16)],
                **axes,
            ),
        }

    shapes, annotations = _quadrants()
    points = grid_points(register)
    trace = {
        "type": "scatter",
        "x": [int(value) for value in points["interest"]],
        "y": [int(value) for value in points["power"]],
        "mode": "markers+text",
        "text": points["label"].tolist(),
        "textposition": points["position"].tolist(),
        "textfont": {"size": 11, "color": "#111111"},
        "cliponaxis": False,
        "marker": {
            "size": [12 + 5 * (int(count) - 1) for count in points["groups"]],
            "color": MARKER_COLOUR,
            "line": {"color": "white", "width": 1.5},
        },
        "customdata": [
            ["<br>".join(html.escape(name) for name in names), label]
            for names, label in zip(points["names"], points["quadrant_label"], strict=True)
        ],
        "hovertemplate": (
            "<b>%{customdata[0]}</b><br>Power %{y}, interest %{x}"
            "<br>%{customdata[1]}<extra></extra>"
        ),
        "showlegend": False,
    }
    return {
        "data": [trace],
        "layout": layout(CHART_TITLE, height=560, shapes=shapes, annotations=annotations, **axes),
    }
