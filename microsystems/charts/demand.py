"""Plotly figures for the demand analysis (see ``microsystems.analysis.demand``).

Pure functions: analysis results in, a plain figure dict out (checked against
plotly's schema in the tests, never built as graph objects on a request).
Colour is never the only signal: trace names carry the demand nature,
failure bars are hatched, and forecast/available lines are dashed/dotted.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from core.chart_style import layout, no_data_annotation

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


NO_DEMAND = "No demand has been recorded yet."
# The forecast's prediction band, where the capacity frame has one.
BAND_COLUMNS = ("required_lower", "required_upper")


def _dates(index: pd.Index) -> list[str]:
    """Period starts as ISO dates, the x values plotly.js reads as a date axis."""
    if isinstance(index, pd.DatetimeIndex) and index.tz is None and not index.hasnans:
        # numpy writes a whole index of days at once (a chart has a trace per type).
        return np.datetime_as_string(index.to_numpy().astype("datetime64[D]")).tolist()
    return [pd.Timestamp(value).date().isoformat() for value in index]


def _numbers(values) -> list[float | None]:
    """Values as plain floats; a missing one (NaN) is None, a gap in the line."""
    return [None if value != value else value for value in _floats(values)]


def _floats(values) -> list:
    """The values as Python floats, from one numpy conversion where they are numbers."""
    try:
        return np.asarray(values, dtype=float).tolist()
    except (TypeError, ValueError):
        return [math.nan if pd.isna(value) else float(value) for value in values]


def _figure(
    data: list[dict], title: str, x_title: str, y_title: str, *, empty: bool = False, **extra
) -> dict:
    overrides = {
        "showlegend": True,
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        "hovermode": "x unified",
        **extra,
    }
    overrides["xaxis"] = {"title": {"text": x_title}, **overrides.get("xaxis", {})}
    overrides["yaxis"] = {"title": {"text": y_title}, **overrides.get("yaxis", {})}
    if empty:
        overrides["annotations"] = [no_data_annotation(NO_DEMAND)]
    return {"data": data, "layout": layout(title, **overrides)}


def stacked_demand_chart(matrix: pd.DataFrame, demand_types: pd.DataFrame) -> dict:
    """Stacked bars of volume per demand type per period, grouped by nature."""
    title, axes = "Demand by type over time", ("Period starting", "Volume (number of demands)")
    if matrix.empty or demand_types.empty:
        return _figure([], title, *axes, empty=True, barmode="stack")
    ids = [int(i) for i in demand_types["demand_type_id"]]
    grid = matrix.reindex(columns=ids)
    dates = _dates(grid.index)
    # Each type's numbers from one conversion of the grid, not a Series per type.
    columns = grid.to_numpy(dtype=float).T
    numbers = dict(zip(ids, (_numbers(column) for column in columns), strict=True))
    used: dict[str, int] = dict.fromkeys(PALETTES, 0)
    # Stack value first, then failure, then unclassified, so each nature reads as a block.
    rows = zip(ids, demand_types["name"], demand_types["nature"], strict=True)
    order = sorted(rows, key=lambda row: list(PALETTES).index(_nature(row[2])))
    data = []
    for type_id, name, nature in order:
        kind = _nature(nature)
        palette = PALETTES[kind]
        colour = palette[used[kind] % len(palette)]
        used[kind] += 1
        data.append(
            {
                "type": "bar",
                "x": dates,
                "y": numbers[type_id],
                "name": trace_name(str(name), kind),
                "legendgroup": kind,
                "marker": {"color": colour, "pattern": {"shape": PATTERNS[kind]}},
                # fullData.name rather than the label itself: user text is not a template.
                "hovertemplate": "%{fullData.name}: %{y:,.0f}<extra></extra>",
            }
        )
    return _figure(data, title, *axes, barmode="stack")


def failure_share_chart(share_frame: pd.DataFrame) -> dict:
    """Failure demand as a percentage of all demand, per period."""
    title = "Failure demand as a share of all demand"
    axes = ("Period starting", "Failure demand (%)")
    percent_axis = {"yaxis": {"range": [0, 100], "ticksuffix": "%"}}
    if share_frame.empty:
        return _figure([], title, *axes, empty=True, **percent_axis)
    line = {
        "type": "scatter",
        "x": _dates(share_frame.index),
        "y": _numbers(share_frame["failure_share"] * 100),
        "mode": "lines+markers",
        "name": "Failure demand (% of all demand)",
        "line": {"color": PALETTES["failure"][1]},
        "connectgaps": False,  # a missing period stays a visible gap
        "hovertemplate": "%{y:.0f}%<extra>Failure demand</extra>",
    }
    return _figure([line], title, *axes, **percent_axis)


def capacity_chart(capacity_frame: pd.DataFrame) -> dict:
    """Staff hours needed (solid history, dashed forecast, with the forecast's
    prediction band where there is one) against hours available."""
    title, axes = "Staff hours needed and available", ("Period starting", "Staff hours")
    if capacity_frame.empty:
        return _figure([], title, *axes, empty=True)
    # Arrays and masks rather than frames sliced and joined: the same rows, in order.
    index = pd.DatetimeIndex(capacity_frame.index)
    is_forecast = capacity_frame["is_forecast"].to_numpy(dtype=bool)
    required = capacity_frame["required_hours"].to_numpy(dtype=float)
    history, ahead = ~is_forecast, is_forecast
    data = [
        {
            "type": "scatter",
            "x": _dates(index[history]),
            "y": _numbers(required[history]),
            "mode": "lines+markers",
            "name": "Staff hours needed",
            "line": {"color": REQUIRED_COLOUR, "dash": "solid"},
            "connectgaps": False,  # a period not fully entered is a gap, never a dip to zero
            "hovertemplate": "%{y:,.0f} h<extra>Needed</extra>",
        }
    ]
    has_band = ahead.any() and set(BAND_COLUMNS) <= set(capacity_frame.columns)
    if has_band:
        lower = capacity_frame["required_lower"].to_numpy(dtype=float)
        upper = capacity_frame["required_upper"].to_numpy(dtype=float)
        band = ahead & ~np.isnan(lower) & ~np.isnan(upper)
    else:
        band = np.zeros(len(index), dtype=bool)
    if band.any():
        # The 80% prediction interval: a shaded band, named in the legend and the table.
        band_dates = _dates(index[band])
        data.append(
            {"type": "scatter", "x": band_dates, "y": _numbers(upper[band]),
             "mode": "lines", "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"}
        )  # fmt: skip
        data.append(
            {
                "type": "scatter",
                "x": band_dates,
                "y": _numbers(lower[band]),
                "mode": "lines",
                "line": {"width": 0},
                "fill": "tonexty",
                "fillcolor": "rgba(8, 81, 156, 0.15)",
                "name": "Forecast range (8 in 10 periods should fall inside)",
                "hovertemplate": "%{y:,.0f} h<extra>Forecast low</extra>",
            }
        )
    if ahead.any():
        # Start the dashed line at the last actual point so the two lines join up.
        joined = np.r_[np.flatnonzero(history)[-1:], np.flatnonzero(ahead)]
        data.append(
            {
                "type": "scatter",
                "x": _dates(index[joined]),
                "y": _numbers(required[joined]),
                "mode": "lines+markers",
                "name": "Staff hours needed (forecast)",
                "line": {"color": REQUIRED_COLOUR, "dash": "dash"},
                "marker": {"symbol": "circle-open"},
                "hovertemplate": "%{y:,.0f} h<extra>Forecast</extra>",
            }
        )
    data.append(
        {
            "type": "scatter",
            "x": _dates(capacity_frame.index),
            "y": _numbers(capacity_frame["available_hours"]),
            "mode": "lines",
            "name": "Staff hours available",
            "line": {"color": AVAILABLE_COLOUR, "dash": "dot", "width": 3},
            "hovertemplate": "%{y:,.0f} h<extra>Available</extra>",
        }
    )
    return _figure(data, title, *axes)
