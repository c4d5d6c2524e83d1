"""The house look of every chart: title, template, font; and the "no data" note.

Charts are plain figure dicts ({"data": [...], "layout": {...}}), drawn by
plotly.js as they are: building plotly.graph_objects validates every property
against plotly's schema on each request (about 40 ms a chart). The tests check
each chart's dict against that schema instead (plotly.graph_objects.Figure(dict)).
"""

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


# plotly_white, the look the charts had as graph objects, reduced to what ours
# use; plotly.js applies a template given in the layout as it is.
GRID_COLOUR = "#EBF0F8"
_AXIS = {
    "automargin": True,
    "gridcolor": GRID_COLOUR,
    "linecolor": GRID_COLOUR,
    "ticks": "",
    "title": {"standoff": 15},
    "zerolinecolor": GRID_COLOUR,
    "zerolinewidth": 2,
}
TEMPLATE = {
    "data": {"heatmap": [{"colorbar": {"outlinewidth": 0, "ticks": ""}}]},
    "layout": {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": "#2a3f5f"},
        "hoverlabel": {"align": "left"},
        "hovermode": "closest",
        "colorway": ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3",
                     "#FF6692", "#B6E880", "#FF97FF", "#FECB52"],
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "annotationdefaults": {"arrowcolor": "#2a3f5f", "arrowhead": 0, "arrowwidth": 1},
        "shapedefaults": {"line": {"color": "#2a3f5f"}},
    },
}  # fmt: skip


def layout(title: str, **overrides) -> dict:
    """A figure's layout in the house look; `overrides` add or replace top-level
    entries (margins, axes, legend, height)."""
    return {
        "template": TEMPLATE,
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "font": {"family": FONT_FAMILY, "size": 14},
        "margin": {"l": 60, "r": 20, "t": 60, "b": 50},
        **overrides,
    }


def no_data_annotation(message: str, **font) -> dict:
    """The note in the middle of the plot area that says there is nothing to draw."""
    note = {"text": message, "showarrow": False, "xref": "paper", "yref": "paper",
            "x": 0.5, "y": 0.5}  # fmt: skip
    if font:
        note["font"] = font
    return note


def empty_figure(title: str, message: str, **overrides) -> dict:
    """No axes, only the note: for a chart with nothing to draw."""
    return {
        "data": [],
        "layout": layout(
            title,
            xaxis={"visible": False},
            yaxis={"visible": False},
            annotations=[no_data_annotation(message, size=16)],
            **overrides,
        ),
    }
