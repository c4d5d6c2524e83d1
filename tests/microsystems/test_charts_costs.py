"""Tests for microsystems.charts.costs: figures built from hand-made analysis results."""

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from microsystems.analysis.costs import (
    ACTIVITY_COST_COLUMNS,
    CLASSIFICATION_COLUMNS,
    CLASSIFICATIONS,
    cost_by_classification,
)
from microsystems.charts import costs as charts
from microsystems.charts.costs import CLASSIFICATION_LABELS, EMPTY_MESSAGE
from microsystems.models import Activity
from tests.support.charts import validated

cost_by_activity_chart = validated(charts.cost_by_activity_chart)
cost_by_classification_chart = validated(charts.cost_by_classification_chart)
failure_vs_value_chart = validated(charts.failure_vs_value_chart)


def test_the_classifications_words_are_the_models_in_the_analysis_order():
    assert dict(Activity.Classification.choices) == CLASSIFICATION_LABELS
    assert tuple(CLASSIFICATION_LABELS) == CLASSIFICATIONS


@pytest.fixture
def costs():
    # (id, name, classification, hours, cost per month); already sorted as activity_costs does.
    rows = [
        (1, "Answer calls", "adds_value", 35.0, 800.0),
        (3, "Keep legal records", "necessary", 15.0, 500.0),
        (2, "Chase missing forms", "unnecessary", 10.0, 300.0),
        (4, "Plan prevention", "adds_value", 0.0, 0.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["activity_id", "name", "classification", "staff_hours", "cost_per_period"]
    )
    return frame.assign(
        preventive=False,
        staff_cost=frame["cost_per_period"],
        other_costs=0.0,
        cost_per_year=frame["cost_per_period"] * 12,
    )[ACTIVITY_COST_COLUMNS]


def assert_common_layout(fig):
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text
    assert fig.layout.template.layout.paper_bgcolor == "white"  # plotly_white applied
    assert fig.layout.font.family.startswith("system-ui")


def assert_empty(fig):
    assert_common_layout(fig)
    assert len(fig.data) == 0
    assert [a.text for a in fig.layout.annotations] == [EMPTY_MESSAGE]
    assert EMPTY_MESSAGE == "No activities yet"


# --- cost_by_activity_chart ----------------------------------------------------------


def test_activity_chart_one_trace_per_classification(costs):
    fig = cost_by_activity_chart(costs)
    assert_common_layout(fig)
    assert [t.name for t in fig.data] == list(CLASSIFICATION_LABELS.values())
    assert all(t.orientation == "h" for t in fig.data)
    # Adds value has two bars (£800 and £0); the others one each.
    assert list(fig.data[0].x) == [800.0, 0.0]
    assert list(fig.data[0].y) == ["Answer calls", "Plan prevention"]
    assert list(fig.data[2].x) == [300.0]


def test_activity_chart_patterns_and_colours_differ(costs):
    fig = cost_by_activity_chart(costs)
    patterns = [t.marker.pattern.shape for t in fig.data]
    colours = [t.marker.color for t in fig.data]
    assert len(set(patterns)) == 3
    assert len(set(colours)) == 3


def test_activity_chart_largest_at_top_and_axis_title(costs):
    fig = cost_by_activity_chart(costs, period_noun="week")
    # Plotly draws the first category at the bottom: the largest must come last.
    assert list(fig.layout.yaxis.categoryarray) == [
        "Plan prevention",
        "Chase missing forms",
        "Keep legal records",
        "Answer calls",
    ]
    assert fig.layout.xaxis.title.text == "Cost per week (£)"
    assert cost_by_activity_chart(costs).layout.xaxis.title.text == "Cost per month (£)"


def test_activity_chart_duplicate_names_do_not_share_a_bar(costs):
    twins = costs.assign(name=["Calls", "Calls", "Forms", "Plan"])
    fig = cost_by_activity_chart(twins)
    labels = list(fig.layout.yaxis.categoryarray)
    assert len(set(labels)) == 4
    assert "Calls (#1)" in labels and "Calls (#3)" in labels


def test_activity_chart_empty():
    assert_empty(cost_by_activity_chart(pd.DataFrame(columns=ACTIVITY_COST_COLUMNS)))


# --- cost_by_classification_chart ----------------------------------------------------


def test_classification_chart_values_and_shares(costs):
    # £800 / £1,600 = 50%; £500 = 31%; £300 = 19%.
    fig = cost_by_classification_chart(cost_by_classification(costs))
    assert_common_layout(fig)
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == list(CLASSIFICATION_LABELS.values())
    assert [t.text[0] for t in fig.data] == ["£800 (50%)", "£500 (31%)", "£300 (19%)"]
    assert len({t.marker.pattern.shape for t in fig.data}) == 3


def test_classification_chart_empty_or_zero():
    assert_empty(cost_by_classification_chart(pd.DataFrame(columns=CLASSIFICATION_COLUMNS)))
    # Three zero rows (what cost_by_classification gives for no activities).
    zeros = cost_by_classification(pd.DataFrame(columns=ACTIVITY_COST_COLUMNS))
    assert_empty(cost_by_classification_chart(zeros))


# --- failure_vs_value_chart ----------------------------------------------------------


def test_failure_vs_value_chart_labels_money():
    fig = failure_vs_value_chart(
        {
            "failure_cost_per_period": 710.0,
            "value_cost_per_period": 450.0,
            "unclassified_cost_per_period": 1234.4,
            "failure_share_of_demand_cost": 710 / 2394.4,
        },
        period_noun="quarter",
    )
    assert_common_layout(fig)
    # One bar per trace, of one colour each (plotly.js warns about a list of colours).
    assert [bar.x for bar in fig.data] == [
        ("Failure demand",),
        ("Value demand",),
        ("Unclassified demand",),
    ]
    assert [bar.y for bar in fig.data] == [(710.0,), (450.0,), (1234.4,)]
    assert [bar.text for bar in fig.data] == [("£710",), ("£450",), ("£1,234",)]
    assert len({bar.marker.color for bar in fig.data}) == 3
    assert len({bar.marker.pattern.shape for bar in fig.data}) == 3
    assert fig.layout.yaxis.title.text == "Cost per quarter (£)"


def test_failure_vs_value_chart_empty():
    assert_empty(failure_vs_value_chart({}))
    assert_empty(
        failure_vs_value_chart(
            {
                "failure_cost_per_period": 0.0,
                "value_cost_per_period": float("nan"),
                "unclassified_cost_per_period": 0.0,
                "failure_share_of_demand_cost": math.nan,
            }
        )
    )
