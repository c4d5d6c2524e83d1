"""stakeholders.charts: quadrants worked out by hand, and the grid drawn from them."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from stakeholders.charts import (
    EMPTY_MESSAGE,
    HIGH_FROM,
    QUADRANT_LABELS,
    REGISTER_COLUMNS,
    grid_points,
    power_interest_chart,
    quadrant,
    quadrant_table,
    with_quadrants,
)


def register(rows) -> pd.DataFrame:
    """rows: (name, power, interest)."""
    return pd.DataFrame(
        [(number, name, "Service users", power, interest)
         for number, (name, power, interest) in enumerate(rows, start=1)],
        columns=REGISTER_COLUMNS,
    )  # fmt: skip


@pytest.mark.parametrize(
    "power, interest, expected",
    [
        # High is 4 or 5; 3 is still low.
        (5, 5, "manage_closely"),
        (4, 4, "manage_closely"),
        (4, 3, "keep_satisfied"),
        (5, 1, "keep_satisfied"),
        (3, 4, "keep_informed"),
        (1, 5, "keep_informed"),
        (3, 3, "monitor"),
        (1, 1, "monitor"),
    ],
)
def test_quadrant_by_hand(power, interest, expected):
    assert HIGH_FROM == 4
    assert quadrant(power, interest) == expected


def test_with_quadrants_adds_key_and_words():
    frame = with_quadrants(register([("Tenants", 3, 5), ("Finance", 5, 3), ("Press", 2, 2)]))
    assert frame["quadrant"].tolist() == ["keep_informed", "keep_satisfied", "monitor"]
    assert frame["quadrant_label"].tolist() == ["Keep informed", "Keep satisfied", "Monitor"]


def test_quadrant_table_lists_all_four_with_names_and_counts():
    table = quadrant_table(
        register([("tenants", 3, 5), ("Councillors", 4, 4), ("Finance", 5, 3), ("Staff", 2, 5)])
    )
    assert table["quadrant"].tolist() == list(QUADRANT_LABELS.values())
    assert table["groups"].tolist() == [1, 1, 2, 0]
    # Names sorted ignoring case; an empty quadrant says so.
    assert table["names"].tolist() == ["Councillors", "Finance", "Staff, tenants", "None"]


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
