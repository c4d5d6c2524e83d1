"""Plotly figures for the demand analysis (see ``microsystems.analysis.demand``).

Pure functions: analysis results in, ``plotly.graph_objects.Figure`` out.
Colour is never the only signal: trace names carry the demand nature,
failure bars are hatched, and forecast/available lines are dashed/dotted.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.chart_style import house_layout, no_data_note

# Value demand in blues, failure demand in oranges/reds, unclassified in greys.
PALETTES: dict[str, list[str]] = {
    "value": ["#08519c", "#3182bd", "#6baed6", "#9ecae1", "#c6dbef"],
    "failure": ["#a63603", "#e6550d", "#cb181d", "#fd8d3c", "#fdae6b"],
    "unclassified": ["#525252", "#969696", "#bdbdbd", "#737373"],
}
NATURE_LABELS: dict[str, str] = {
    "value": "value demand",
    "failure": "failure demand",
    "unclassified": "unclassified",
}
# Hatching repeats the nature for anyone who cannot tell the colours apart.
PATTERNS: dict[str, str] = {"value": "", "failure": "/", "unclassified": "."}
REQUIRED_COLOUR = "#08519c"
AVAILABLE_COLOUR = "#238b45"


def _nature(value) -> str:
    return value if value in PALETTES else "unclassified"


def trace_name(name: str, nature: str) -> str:
    """Legend name with the nature spelled out, e.g. 'Chasing calls (failure demand)'."""
    return f"{name} ({NATURE_LABELS[_nature(nature)]})"


def _figure(title: str, x_title: str, y_title: str) -> go.Figure:
    return house_layout(
        go.Figure(),
        title,
        showlegend=True,
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        xaxis_title=x_title,
        yaxis_title=y_title,
        hovermode="x unified",
    )


def stacked_demand_chart(matrix: pd.DataFrame, demand_types: pd.DataFrame) -> go.Figure:
    """Stacked bars of volume per demand type per period, grouped by nature."""
    fig = _figure("Demand by type over time", "Period starting", "Volume (number of demands)")
    fig.update_layout(barmode="stack")
    if matrix.empty or demand_types.empty:
        return no_data_note(fig, "No demand has been recorded yet.")
    ids = [int(i) for i in demand_types["demand_type_id"]]
    grid = matrix.reindex(columns=ids)
    used: dict[str, int] = dict.fromkeys(PALETTES, 0)
    # Stack value first, then failure, then unclassified, so each nature reads as a block.
    rows = zip(ids, demand_types["name"], demand_types["nature"], strict=True)
    order = sorted(rows, key=lambda row: list(PALETTES).index(_nature(row[2])))
    for type_id, name, nature in order:
        kind = _nature(nature)
        palette = PALETTES[kind]
        colour = palette[used[kind] % len(palette)]
        used[kind] += 1
        label = trace_name(str(name), kind)
        fig.add_trace(
            go.Bar(
                x=grid.index,
                y=grid[type_id],
                name=label,
                legendgroup=kind,
                marker={"color": colour, "pattern": {"shape": PATTERNS[kind]}},
                # fullData.name rather than the label itself: user text is not a template.
                hovertemplate="%{fullData.name}: %{y:,.0f}<extra></extra>",
            )
        )
    return fig


def failure_share_chart(share_frame: pd.DataFrame) -> go.Figure:
    """Failure demand as a percentage of all demand, per period."""
    fig = _figure(
        "Failure demand as a share of all demand", "Period starting", "Failure demand (%)"
    )
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    if share_frame.empty:
        return no_data_note(fig, "No demand has been recorded yet.")
    fig.add_trace(
        go.Scatter(
            x=share_frame.index,
            y=share_frame["failure_share"] * 100,
            mode="lines+markers",
            name="Failure demand (% of all demand)",
            line={"color": PALETTES["failure"][1]},
            connectgaps=False,  # a missing period stays a visible gap
            hovertemplate="%{y:.0f}%<extra>Failure demand</extra>",
        )
    )
    return fig


def capacity_chart(capacity_frame: pd.DataFrame) -> go.Figure:
    """Staff hours needed (solid history, dashed forecast) against hours available."""
    fig = _figure("Staff hours needed and available", "Period starting", "Staff hours")
    if capacity_frame.empty:
        return no_data_note(fig, "No demand has been recorded yet.")
    is_forecast = capacity_frame["is_forecast"].astype(bool)
    history = capacity_frame[~is_forecast]
    ahead = capacity_frame[is_forecast]
    fig.add_trace(
        go.Scatter(
            x=history.index,
            y=history["required_hours"],
            mode="lines+markers",
            name="Staff hours needed",
            line={"color": REQUIRED_COLOUR, "dash": "solid"},
            hovertemplate="%{y:,.0f} h<extra>Needed</extra>",
        )
    )
    if not ahead.empty:
        # Start the dashed line at the last actual point so the two lines join up.
        joined = pd.concat([history.tail(1), ahead]) if not history.empty else ahead
        fig.add_trace(
            go.Scatter(
                x=joined.index,
                y=joined["required_hours"],
                mode="lines+markers",
                name="Staff hours needed (forecast)",
                line={"color": REQUIRED_COLOUR, "dash": "dash"},
                marker={"symbol": "circle-open"},
                hovertemplate="%{y:,.0f} h<extra>Forecast</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=capacity_frame.index,
            y=capacity_frame["available_hours"],
            mode="lines",
            name="Staff hours available",
            line={"color": AVAILABLE_COLOUR, "dash": "dot", "width": 3},
            hovertemplate="%{y:,.0f} h<extra>Available</extra>",
        )
    )
    return fig
