"""stakeholders.charts: the grid drawn from quadrants worked out by hand."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from stakeholders import charts
from stakeholders.analysis import REGISTER_COLUMNS
from stakeholders.charts import EMPTY_MESSAGE, QUADRANT_LABELS, grid_points
from stakeholders.reports import quadrant_table
from tests.support.charts import validated

power_interest_chart = validated(charts.power_interest_chart)


def register(rows) -> pd.DataFrame:
    """rows: (name, power, interest)."""
    return pd.DataFrame(
        [(number, name, "Service users", power, interest)
         for number, (name, power, interest) in enumerate(rows, start=1)],
        columns=REGISTER_COLUMNS,
    )  # fmt: skip


def test_groups_with_the_same_scores_share_one_labelled_point():
    points = grid_points(
        register([("B group", 2, 5), ("a group", 2, 5), ("Alone", 4, 4),
                  ("C", 1, 1), ("D", 1, 1), ("E", 1, 1), ("F", 1, 1)])
    )  # fmt: skip
    assert len(points) == 3
    by_place = {(row.power, row.interest): row for row in points.itertuples()}
    shared = by_place[(2, 5)]
    assert shared.groups == 2
    assert shared.names == ["a group", "B group"]
    assert shared.label == "a group<br>B group"
    assert shared.quadrant_label == "Keep informed"
    # Four at one point: two names and "and 2 more", never a pile of overlapping text.
    crowded = by_place[(1, 1)]
    assert crowded.groups == 4 and crowded.label == "C<br>D<br>and 2 more"
    # Labels point inwards at the edges of the grid.
    assert shared.position == "top left"  # an odd column labels above
    assert crowded.position == "top right"
    assert by_place[(4, 4)].position == "bottom center"


@pytest.mark.parametrize(
    "power, interest, position",
    [
        # Inside the grid, odd columns label above and even columns below, so the
        # labels of neighbouring columns never sit side by side.
        (3, 3, "top center"),
        (3, 2, "bottom center"),
        (2, 4, "bottom center"),
        # At the edges, labels point inwards.
        (5, 3, "bottom center"),
        (1, 2, "top center"),
        (2, 1, "top right"),
        (5, 5, "bottom left"),
    ],
)
def test_label_positions(power, interest, position):
    (point,) = grid_points(register([("Group", power, interest)])).itertuples()
    assert point.position == position


def test_long_names_wrap_onto_short_lines():
    (point,) = grid_points(register([("Regulator of Social Housing", 5, 2)])).itertuples()
    assert point.label == "Regulator of<br>Social Housing"


def test_chart_draws_one_point_per_place_with_interest_across_and_power_up():
    fig = power_interest_chart(register([("Tenants", 3, 5), ("Panel", 3, 5), ("Regulator", 5, 2)]))
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text == "Power and interest of each stakeholder group"
    assert fig.layout.font.family.startswith("system-ui")  # house_layout applied
    (trace,) = fig.data
    # Points sorted by power then interest: (3, 5) then (5, 2).
    assert list(trace.x) == [5, 2]
    assert list(trace.y) == [3, 5]
    assert list(trace.text) == ["Panel<br>Tenants", "Regulator"]
    assert list(trace.marker.size) == [17, 12]  # bigger where two groups share a point
    assert "Interest" in fig.layout.xaxis.title.text
    assert "Power" in fig.layout.yaxis.title.text
    assert list(fig.layout.xaxis.range) == [0.5, 5.5]


def test_chart_labels_all_four_quadrants_and_draws_the_lines_at_three_and_a_half():
    fig = power_interest_chart(register([("Tenants", 3, 5)]))
    labels = {annotation.text for annotation in fig.layout.annotations}
    assert labels == {f"<b>{label}</b>" for label in QUADRANT_LABELS.values()}
    lines = [shape for shape in fig.layout.shapes if shape.type == "line"]
    assert sorted((line.x0, line.y0) for line in lines) == [(0.5, 3.5), (3.5, 0.5)]
    # "Manage closely" is the top right: high interest (x) and high power (y).
    manage = next(a for a in fig.layout.annotations if "Manage closely" in a.text)
    assert manage.x > 3.5 and manage.y > 3.5
    keep_satisfied = next(a for a in fig.layout.annotations if "Keep satisfied" in a.text)
    assert keep_satisfied.x < 3.5 and keep_satisfied.y > 3.5


def test_empty_register_says_so():
    fig = power_interest_chart(register([]))
    assert len(fig.data) == 0
    assert [annotation.text for annotation in fig.layout.annotations] == [EMPTY_MESSAGE]
    assert quadrant_table(register([]))["groups"].tolist() == [0, 0, 0, 0]


def test_names_are_escaped_because_plotly_reads_tags():
    fig = power_interest_chart(register([("<b>Loud</b> & co", 3, 3)]))
    assert fig.data[0].text == ("&lt;b&gt;Loud&lt;/b&gt; &amp; co",)
    assert fig.data[0].customdata[0][0] == "&lt;b&gt;Loud&lt;/b&gt; &amp; co"


def test_a_120_character_name_takes_two_lines_on_the_grid_and_hovers_whole():
    # Issue 13 item 6: a name of 120 characters wrapped onto 8 lines of 16 and ran into
    # the labels of the points above and below. Two lines hold "Parents and" (the next
    # word would pass 16) and "carers of …"; the hover text keeps the whole name.
    name = ("Parents and carers of pupils at the primary and secondary schools "
            "in the north and east of the borough and their adviser")  # fmt: skip
    assert len(name) == 120
    point = grid_points(register([(name, 5, 2), ("Tenants", 4, 2)])).set_index("power").loc[5]
    assert point.label == "Parents and<br>carers of …"
    figure = power_interest_chart(register([(name, 5, 2)]))
    assert any(name in str(trace.customdata) for trace in figure.data)
