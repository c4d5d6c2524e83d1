"""The assessment page's charts: plain figure dicts that plotly accepts as they are."""

import pandas as pd
import plotly.graph_objects as go

from valuation.charts.account import dimension_scores_chart, perspective_values_chart


def perspectives(rows):
    return pd.DataFrame(rows, columns=["name", "value", "counted"])


def test_perspective_chart_puts_the_highest_on_top_and_draws_overall_and_band():
    spec = perspective_values_chart(
        perspectives(
            [("Tenants", 66.25, True), ("Funders", 55.0, True), ("Staff", None, False)]
        ),  # fmt: skip
        overall=63.4375,
        disagreement=4.87,
    )
    go.Figure(spec)  # plotly validates every property: the dict is a real figure
    bar = spec["data"][0]
    # Plotly draws the first category at the bottom: Tenants (highest) last, on top.
    assert bar["y"] == ["Funders", "Tenants"]
    assert bar["x"] == [55.0, 66.25]
    band, line = spec["layout"]["shapes"]
    assert (band["x0"], band["x1"]) == (63.4375 - 4.87, 63.4375 + 4.87)
    assert line["x0"] == line["x1"] == 63.4375
    assert spec["layout"]["annotations"][0]["text"] == "Overall 63 (± 5 disagreement, shaded)"
    assert bar["marker"]["pattern"]["shape"] == "/"  # not colour alone


def test_perspective_chart_without_values_says_so():
    spec = perspective_values_chart(perspectives([("Staff", None, False)]), overall=None,
                                    disagreement=None)  # fmt: skip
    go.Figure(spec)
    assert spec["data"] == []
    assert spec["layout"]["annotations"][0]["text"] == "No perspective values yet"


def test_dimension_chart_labels_contested_dimensions_in_words():
    spec = dimension_scores_chart(
        pd.DataFrame(
            [("Efficiency", 70.0, 60.0, True), ("Prevention", None, 70.0, False)],
            columns=["name", "measured", "blended", "contested"],
        )
    )
    go.Figure(spec)
    measured, blended = spec["data"]
    assert measured["y"] == ["Prevention", "Efficiency (contested)"]
    assert measured["x"] == [None, 70.0] and measured["text"] == ["none", "70"]
    assert blended["x"] == [70.0, 60.0]
    assert measured["marker"]["pattern"]["shape"] != blended["marker"]["pattern"]["shape"]
