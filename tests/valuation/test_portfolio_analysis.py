"""The portfolio's table, sorting, ranking and charts, against figures worked out by hand."""

import datetime as dt

import pandas as pd
import pytest

from tests.support.charts import validated
from valuation.analysis.portfolio import (
    ASSESSMENT_COLUMNS,
    RECORD_COLUMNS,
    UNIT_COLUMNS,
    filter_table,
    page_bounds,
    portfolio_table,
    ranked_units,
    scatter_points,
    sort_table,
)
from valuation.charts import portfolio as charts

UNITS = pd.DataFrame(
    [
        (1, "Eastfield Library", "eastfield", 10, "Northbridge"),
        (2, "allotments", "allotments", 10, "Northbridge"),
        (3, "District Nursing", "nursing", 20, "Southvale"),
    ],
    columns=UNIT_COLUMNS,
)
ASSESSMENTS = pd.DataFrame(
    [
        (11, 1, "approved", dt.date(2024, 1, 1)),
        (12, 1, "approved", dt.date(2024, 4, 1)),
        (13, 1, "draft", dt.date(2024, 7, 1)),
        (21, 2, "approved", dt.date(2023, 1, 1)),
        (31, 3, "submitted", dt.date(2024, 1, 1)),
    ],
    columns=ASSESSMENT_COLUMNS,
)


def record(assessment_id, unit_id, start, label, value, cost, **figures):
    row = dict.fromkeys(RECORD_COLUMNS)
    row.update(assessment_id=assessment_id, unit_id=unit_id, start_date=start,
               period_label=label, approved_on=start + dt.timedelta(days=100),
               overall_value=value, money_per_month=cost, **figures)  # fmt: skip
    return row


RECORDS = pd.DataFrame(
    [
        # Listed out of order: the table takes each unit's latest by the assessment's start.
        record(
            12,
            1,
            dt.date(2024, 4, 1),
            "2024 Q2",
            62.5,
            8000.0,
            disagreement=4.0,
            contested_dimension_count=1,
            contested_dimension_names=["Equity"],
            failure_demand_share=0.25,
            demand_per_month=100.0,
        ),
        record(11, 1, dt.date(2024, 1, 1), "2024 Q1", 50.0, 7000.0),
        # Approved before the figures were kept: nothing known.
        record(21, 2, dt.date(2023, 1, 1), "2023", None, None),
    ],
    columns=RECORD_COLUMNS,
)


def table(**options) -> pd.DataFrame:
    return portfolio_table(UNITS, ASSESSMENTS, RECORDS, **options)


def test_one_row_per_unit_from_its_latest_approved_record():
    rows = table().set_index("unit_id")
    assert list(rows.index) == [1, 2, 3]
    assert rows.loc[1, "period_label"] == "2024 Q2"
    assert rows.loc[1, "overall_value"] == 62.5
    assert rows.loc[1, "change"] == 12.5  # 62.5 - 50
    assert rows.loc[1, "last_approved"] == dt.date(2024, 7, 10)
    assert rows.loc[1, "contested_dimension_names"] == ["Equity"]
    # The state is the latest assessment's, a draft after the approved ones.
    assert list(rows["state"]) == ["draft", "approved", "submitted"]
    assert pd.isna(rows.loc[2, "overall_value"]) and pd.isna(rows.loc[2, "change"])
    assert pd.isna(rows.loc[3, "period_label"]) and pd.isna(rows.loc[3, "money_per_month"])


def test_a_year_shows_the_units_assessed_that_year_with_that_years_figures():
    assert list(table(year=2023)["unit_id"]) == [2]
    first_half = portfolio_table(UNITS, ASSESSMENTS, RECORDS[RECORDS["assessment_id"] == 11],
                                 year=2024)  # fmt: skip
    assert list(first_half["overall_value"]) == [50.0]
    assert pd.isna(first_half["change"].iloc[0])  # nothing approved before it
    assert table(year=2019).empty


def test_filters():
    assert list(filter_table(table(), organisation_id=20)["unit"]) == ["District Nursing"]
    assert list(filter_table(table(), state="approved")["unit"]) == ["allotments"]
    assert list(filter_table(table(), organisation_id=10, state="submitted")["unit"]) == []


def test_missing_figures_sort_last_both_ways():
    assert list(sort_table(table(), "value")["unit_id"]) == [1, 2, 3]
    assert list(sort_table(table(), "value", descending=True)["unit_id"]) == [1, 2, 3]
    # Missing: units 2 and 3, in name order ("allotments" before "District", any case).
    assert list(sort_table(table(), "change", descending=True)["unit"]) == [
        "Eastfield Library", "allotments", "District Nursing"]  # fmt: skip


def test_sorting_by_name_ignores_case_and_state_follows_the_work():
    assert list(sort_table(table(), "unit")["unit"]) == [
        "allotments", "District Nursing", "Eastfield Library"]  # fmt: skip
    assert list(sort_table(table(), "state")["state"]) == ["draft", "submitted", "approved"]
    assert list(sort_table(table(), "last_approved", descending=True)["unit_id"]) == [1, 2, 3]
    assert list(sort_table(table(), "organisation", descending=True)["unit_id"]) == [3, 2, 1]


def test_scatter_leaves_out_units_without_value_or_cost():
    points, left_out = scatter_points(table())
    assert (list(points["unit_id"]), left_out) == ([1], 2)


def latest(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["unit_id", "unit", "organisation", "period_start",
                                             "value"])  # fmt: skip


def test_ranked_best_first_with_ties_sharing_a_rank():
    day = dt.date(2024, 1, 1)
    rows = latest((1, "B", "N", day, 5.0), (2, "A", "N", day, 9.0), (3, "C", "N", day, 5.0),
                  (4, "D", "N", day, 7.0))  # fmt: skip
    higher = ranked_units(rows, "higher")
    assert list(zip(higher["rank"], higher["unit"], strict=True)) == [
        (1, "A"), (2, "D"), (3, "B"), (3, "C")]  # fmt: skip
    lower = ranked_units(rows, "lower")
    assert list(zip(lower["rank"], lower["unit"], strict=True)) == [
        (1, "B"), (1, "C"), (3, "D"), (4, "A")]  # fmt: skip


@pytest.mark.parametrize(
    "count, asked, expected",
    [(0, 1, (1, 0, 0)), (120, 1, (1, 0, 50)), (120, 3, (3, 100, 120)), (120, 9, (3, 100, 120)),
     (100, 2, (2, 50, 100)), (100, 0, (1, 0, 50))],
)  # fmt: skip
def test_page_bounds(count, asked, expected):
    assert page_bounds(count, asked, 50) == expected


def test_bubble_areas_follow_demand():
    # Areas in proportion: 25 is a quarter of 100, so half the diameter.
    assert charts.bubble_sizes(pd.Series([100.0, 25.0, None, 0.0])) == [40.0, 20.0, 6.0, 6.0]


def test_scatter_gives_each_organisation_a_colour_and_a_shape():
    points = pd.DataFrame({
        "unit": ["A", "B", "C"], "organisation": ["North", "South", "North"],
        "overall_value": [60.0, 40.0, 55.0], "money_per_month": [1000.0, 2000.0, 1500.0],
        "demand_per_month": [100.0, None, 25.0],
    })  # fmt: skip
    figure = validated(charts.value_cost_scatter)(points)
    north, south = figure.data
    assert (north.name, list(north.x), list(north.y)) == ("North", [1000.0, 1500.0], [60.0, 55.0])
    assert list(north.marker.size) == [40.0, 20.0]
    assert north.marker.symbol != south.marker.symbol
    assert north.marker.color != south.marker.color
    assert list(south.customdata) == ["demand not known"]


def test_empty_charts_say_why():
    empty = validated(charts.value_cost_scatter)(pd.DataFrame(columns=["organisation"]))
    assert empty.layout.annotations[0].text == charts.NO_POINTS
    ranked = ranked_units(latest(), "higher")
    figure = validated(charts.ranked_bars)(ranked, measure="Visits", unit="")
    assert figure.layout.annotations[0].text == charts.NO_MEASUREMENTS


def test_ranked_bars_best_at_the_top():
    rows = latest((1, "B", "N", dt.date(2024, 1, 1), 5.0), (2, "A", "N", dt.date(2024, 2, 1), 9.0))
    figure = validated(charts.ranked_bars)(ranked_units(rows, "higher"), measure="Visits",
                                           unit="visits")  # fmt: skip
    assert list(figure.data[0].y) == ["1. A", "2. B"]
    assert list(figure.data[0].x) == [9.0, 5.0]
    assert figure.layout.yaxis.autorange == "reversed"
