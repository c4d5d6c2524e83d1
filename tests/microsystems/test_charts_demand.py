"""Tests for microsystems.charts.demand: names, dashes and layout, not pixels."""

from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import pytest

from microsystems.analysis import demand as analysis
from microsystems.charts import demand as chart_module
from tests.support.charts import validated

TYPES = pd.DataFrame(
    {
        "demand_type_id": [1, 2, 3, 4],
        "name": ["Chasing calls", "New requests", "Other", "Renewals"],
        "nature": ["failure", "value", "unclassified", "value"],
        "handling_minutes": [6.0, 15.0, 5.0, 10.0],
    }
)
MONTHS = pd.date_range("2024-01-01", periods=4, freq="MS", unit="ns", name="period_start")
MATRIX = pd.DataFrame(
    {1: [5.0, 6.0, None, 8.0], 2: [10.0, 11.0, None, 13.0], 3: [1.0, 1.0, None, 1.0],
     4: [2.0, 2.0, None, 2.0]},
    index=MONTHS,
)  # fmt: skip
MATRIX.columns.name = "demand_type_id"
EMPTY_MATRIX = MATRIX.iloc[:0]


# The module's names, its chart functions each checked against plotly's schema.
charts = SimpleNamespace(
    **{
        **vars(chart_module),
        **{
            name: validated(getattr(chart_module, name))
            for name in ("stacked_demand_chart", "failure_share_chart", "capacity_chart")
        },
    }
)


def check_common_layout(fig):
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text
    # The house template (core.chart_style), plotly_white's look.
    assert fig.layout.template.layout.paper_bgcolor == "white"
    assert fig.layout.template.layout.xaxis.gridcolor == "#EBF0F8"
    assert fig.layout.font.family.startswith("system-ui")
    assert all(getattr(fig.layout.margin, side) <= 80 for side in "lrtb")
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_stacked_demand_chart_names_colours_and_stacking():
    fig = charts.stacked_demand_chart(MATRIX, TYPES)
    check_common_layout(fig)
    assert fig.layout.barmode == "stack"
    assert fig.layout.showlegend is True
    # Stacked value first, then failure, then unclassified; every name carries its nature.
    assert [t.name for t in fig.data] == [
        "New requests (value demand)",
        "Renewals (value demand)",
        "Chasing calls (failure demand)",
        "Other (unclassified)",
    ]
    colours = {t.name: t.marker.color for t in fig.data}
    assert colours["New requests (value demand)"] in charts.PALETTES["value"]
    assert colours["Renewals (value demand)"] in charts.PALETTES["value"]
    assert colours["New requests (value demand)"] != colours["Renewals (value demand)"]
    assert colours["Chasing calls (failure demand)"] in charts.PALETTES["failure"]
    assert colours["Other (unclassified)"] in charts.PALETTES["unclassified"]
    failure = fig.data[2]
    assert failure.marker.pattern.shape == "/"  # hatched: not colour alone
    assert list(failure.y[:2]) == [5.0, 6.0]


def test_failure_share_chart_is_percent_on_fixed_axis():
    share = analysis.failure_demand_share(MATRIX, TYPES)
    fig = charts.failure_share_chart(share)
    check_common_layout(fig)
    assert list(fig.layout.yaxis.range) == [0, 100]
    assert "%" in fig.layout.yaxis.title.text
    (line,) = fig.data
    assert "Failure demand" in line.name
    # Jan: failure 5 of 5 + 10 + 1 + 2 = 18 -> 27.8%
    assert line.y[0] == pytest.approx(100 * 5 / 18)
    assert pd.isna(line.y[2])  # the gap month stays a gap


def test_capacity_chart_dashed_forecast_and_available_line():
    frame, _ = analysis.capacity(
        MATRIX, TYPES, pd.DataFrame({"fte": [1.0], "hours_per_fte": [10.0]}), "month"
    )
    fig = charts.capacity_chart(frame)
    check_common_layout(fig)
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) == {
        "Staff hours needed",
        "Staff hours needed (forecast)",
        "Staff hours available",
    }
    actual = by_name["Staff hours needed"]
    ahead = by_name["Staff hours needed (forecast)"]
    available = by_name["Staff hours available"]
    assert actual.line.dash in (None, "solid")
    assert ahead.line.dash == "dash"
    assert available.line.dash not in (None, "solid", "dash")  # distinct without colour
    assert len(actual.x) == 4
    # Forecast line starts at the last actual point so the two join: 1 + 3 points
    assert len(ahead.x) == 4 and ahead.x[0] == actual.x[-1]
    assert list(available.y) == [10.0] * 7


def test_capacity_chart_without_forecast_has_no_dashed_trace():
    frame, method = analysis.capacity(
        MATRIX.iloc[:2], TYPES, pd.DataFrame({"fte": [1.0], "hours_per_fte": [10.0]}), "month"
    )
    assert method == "none"
    fig = charts.capacity_chart(frame)
    assert [t.name for t in fig.data] == ["Staff hours needed", "Staff hours available"]


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.stacked_demand_chart(EMPTY_MATRIX, TYPES),
        lambda: charts.stacked_demand_chart(EMPTY_MATRIX, TYPES.iloc[:0]),
        lambda: charts.failure_share_chart(analysis.failure_demand_share(EMPTY_MATRIX, TYPES)),
        lambda: charts.capacity_chart(
            analysis.capacity(EMPTY_MATRIX, TYPES, pd.DataFrame({"fte": [], "hours_per_fte": []}),
                              "week")[0]
        ),
    ],
)  # fmt: skip
def test_empty_inputs_give_titled_figure_with_message(build):
    fig = build()
    check_common_layout(fig)
    assert len(fig.data) == 0
    assert "No demand" in fig.layout.annotations[0].text


def test_trace_name_for_unknown_nature_falls_back_to_unclassified():
    assert charts.trace_name("Letters", "failure") == "Letters (failure demand)"
    assert charts.trace_name("Letters", "mystery") == "Letters (unclassified)"
