"""The house look of every chart: title, template, font; and the "no data" note."""

import plotly.graph_objects as go
import plotly.io as pio

# Every figure starts from plotly_white. As the default it is applied once, when a
# figure is made; naming it on each figure re-validates the whole template again
# (about 11 ms a chart, three charts a page).
pio.templates.default = "plotly_white"

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def house_layout(fig: go.Figure, title: str, **layout) -> go.Figure:
    """Apply the shared look; `layout` adds or overrides (margins, axes, legend)."""
    fig.update_layout(
        **{
            "title": {"text": title, "x": 0, "xanchor": "left"},
            "font": {"family": FONT_FAMILY, "size": 14},
            "margin": {"l": 60, "r": 20, "t": 60, "b": 50},
            **layout,
        }
    )
    return fig


def no_data_note(fig: go.Figure, message: str, **font) -> go.Figure:
    """Say so in the plot area rather than drawing empty axes without explanation."""
    fig.add_annotation(
        text=message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5, font=font or None
    )
    return fig
