"""Tests for microsystems.analysis.costs against totals worked out by hand."""

import math

import pandas as pd
import pytest

from microsystems.analysis.costs import (
    ACTIVITY_COST_COLUMNS,
    CLASSIFICATION_COLUMNS,
    CLASSIFICATIONS,
    STOP_CANDIDATE_COLUMNS,
    UNIT_COST_COLUMNS,
    activity_costs,
    cost_by_classification,
    failure_demand_cost,
    freed_capacity,
    stop_candidates,
    unit_costs,
)

ACTIVITY_COLS = ["activity_id", "name", "classification", "preventive", "other_costs"]
EFFORT_COLS = ["activity_id", "staff_role_id", "hours_per_period"]
ROLE_COLS = ["staff_role_id", "title", "hourly_cost", "fte", "hours_per_fte"]
LINK_COLS = ["activity_id", "demand_type_id"]
DEMAND_COLS = ["demand_type_id", "name", "nature", "handling_minutes", "volume_per_period"]


def empty(columns):
    # What the web layer builds from an empty queryset: object columns, no rows.
    return pd.DataFrame(columns=columns)


@pytest.fixture
def staff_roles():
    return pd.DataFrame(
        [(1, "Advisor", 20.0, 2.0, 150.0), (2, "Manager", 40.0, 1.0, 150.0)], columns=ROLE_COLS
    )


@pytest.fixture
def activities():
    return pd.DataFrame(
        [
            (1, "Answer calls", "adds_value", False, 0.0),
            (2, "Chase missing forms", "unnecessary", False, 100.0),
            (3, "Keep legal records", "necessary", False, 0.0),
            (4, "Plan prevention", "adds_value", True, 0.0),  # no effort recorded
        ],
        columns=ACTIVITY_COLS,
    )


@pytest.fixture
def efforts():
    return pd.DataFrame(
        [(1, 1, 30.0), (1, 2, 5.0), (2, 1, 10.0), (3, 2, 10.0), (3, 1, 5.0)], columns=EFFORT_COLS
    )


@pytest.fixture
def costs(activities, efforts, staff_roles):
    return activity_costs(activities, efforts, staff_roles, periods_per_year=12)


# --- activity_costs ------------------------------------------------------------------


def test_activity_costs_hand_computed(costs):
    # Answer calls:       30h * £20 + 5h * £40 = 600 + 200 = £800; 35 h; year 800*12 = 9,600
    # Keep legal records: 10h * £40 + 5h * £20 = 400 + 100 = £500; 15 h; year 6,000
    # Chase forms:        10h * £20 = £200 staff + £100 other = £300; 10 h; year 3,600
    # Plan prevention:    no effort: 0 h, £0
    assert list(costs.columns) == ACTIVITY_COST_COLUMNS
    assert costs["name"].tolist() == [
        "Answer calls",
        "Keep legal records",
        "Chase missing forms",
        "Plan prevention",
    ]
    assert costs["staff_hours"].tolist() == [35.0, 15.0, 10.0, 0.0]
    assert costs["staff_cost"].tolist() == [800.0, 500.0, 200.0, 0.0]
    assert costs["other_costs"].tolist() == [0.0, 0.0, 100.0, 0.0]
    assert costs["cost_per_period"].tolist() == [800.0, 500.0, 300.0, 0.0]
    assert costs["cost_per_year"].tolist() == [9600.0, 6000.0, 3600.0, 0.0]
    assert costs["preventive"].tolist() == [False, False, False, True]
    assert costs["activity_id"].tolist() == [1, 3, 2, 4]


def test_activity_costs_weekly_year(activities, efforts, staff_roles):
    # Same week costs: Answer calls £800 * 52 = £41,600 a year.
    weekly = activity_costs(activities, efforts, staff_roles, periods_per_year=52)
    assert weekly.loc[weekly["activity_id"] == 1, "cost_per_year"].item() == 41600.0


def test_activity_costs_ties_sorted_by_name(staff_roles):
    acts = pd.DataFrame(
        [(1, "Zebra", "necessary", False, 50.0), (2, "Apple", "necessary", False, 50.0)],
        columns=ACTIVITY_COLS,
    )
    out = activity_costs(acts, empty(EFFORT_COLS), staff_roles, 12)
    assert out["name"].tolist() == ["Apple", "Zebra"]
    assert out["staff_hours"].tolist() == [0.0, 0.0]


def test_activity_costs_empty_inputs():
    out = activity_costs(empty(ACTIVITY_COLS), empty(EFFORT_COLS), empty(ROLE_COLS), 12)
    assert out.empty
    assert list(out.columns) == ACTIVITY_COST_COLUMNS


def test_activity_costs_activities_without_any_effort(activities):
    out = activity_costs(activities, empty(EFFORT_COLS), empty(ROLE_COLS), 4)
    # Only other costs: Chase forms £100 a quarter, £400 a year; all others £0.
    assert out["cost_per_period"].tolist() == [100.0, 0.0, 0.0, 0.0]
    assert out["cost_per_year"].tolist() == [400.0, 0.0, 0.0, 0.0]
    assert out["staff_hours"].sum() == 0.0


# --- cost_by_classification ----------------------------------------------------------


def test_cost_by_classification_totals_and_shares(costs):
    # adds_value: 800 + 0 = £800 (2 activities, 35 h); necessary £500 (15 h);
    # unnecessary £300 (10 h). Total £1,600: shares 0.5, 0.3125, 0.1875.
    out = cost_by_classification(costs)
    assert list(out.columns) == CLASSIFICATION_COLUMNS
    assert out["classification"].tolist() == ["adds_value", "necessary", "unnecessary"]
    assert tuple(out["classification"]) == CLASSIFICATIONS
    assert out["activities"].tolist() == [2, 1, 1]
    assert out["staff_hours"].tolist() == [35.0, 15.0, 10.0]
    assert out["cost_per_period"].tolist() == [800.0, 500.0, 300.0]
    assert out["cost_per_year"].tolist() == [9600.0, 6000.0, 3600.0]
    assert out["share"].tolist() == pytest.approx([0.5, 0.3125, 0.1875])


def test_cost_by_classification_keeps_missing_classes_as_zero(costs):
    only_value = costs[costs["classification"] == "adds_value"]
    out = cost_by_classification(only_value)
    assert out["activities"].tolist() == [2, 0, 0]
    assert out["cost_per_period"].tolist() == [800.0, 0.0, 0.0]
    assert out["share"].tolist() == [1.0, 0.0, 0.0]


def test_cost_by_classification_empty():
    out = cost_by_classification(empty(ACTIVITY_COST_COLUMNS))
    assert out["classification"].tolist() == ["adds_value", "necessary", "unnecessary"]
    assert out["cost_per_period"].tolist() == [0.0, 0.0, 0.0]
    assert out["share"].isna().all()  # total is 0: no share


# --- unit_costs and failure_demand_cost ----------------------------------------------


def cost_rows(rows):
    """A costs frame (as activity_costs returns) from (id, name, class, hours, cost)."""
    frame = pd.DataFrame(
        rows, columns=["activity_id", "name", "classification", "staff_hours", "cost_per_period"]
    )
    return frame.assign(
        preventive=False,
        staff_cost=frame["cost_per_period"],
        other_costs=0.0,
        cost_per_year=frame["cost_per_period"] * 12,
    )[ACTIVITY_COST_COLUMNS]


def test_unit_costs_proportional_split():
    # Triage costs £900 (30 h) and handles A and B.
    # Weights: A 100 units * 6 min = 600; B 50 units * 12 min = 600 -> half each:
    # £450 and 15 h each; unit costs £450 / 100 = £4.50 and £450 / 50 = £9.00.
    costs = cost_rows([(10, "Triage", "adds_value", 30.0, 900.0)])
    links = pd.DataFrame([(10, 1), (10, 2)], columns=LINK_COLS)
    demand = pd.DataFrame(
        [(1, "A", "value", 6.0, 100.0), (2, "B", "failure", 12.0, 50.0)], columns=DEMAND_COLS
    )
    result = unit_costs(costs, links, demand)
    assert list(result.columns) == UNIT_COST_COLUMNS
    out = result.set_index("name")
    assert out.loc["A", "allocated_cost"] == pytest.approx(450.0)
    assert out.loc["B", "allocated_cost"] == pytest.approx(450.0)
    assert out.loc["A", "allocated_hours"] == pytest.approx(15.0)
    assert out.loc["A", "unit_cost"] == pytest.approx(4.50)
    assert out.loc["B", "unit_cost"] == pytest.approx(9.00)


@pytest.fixture
def demand():
    return pd.DataFrame(
        [
            (1, "A", "value", 6.0, 100.0),  # weight 600
            (2, "B", "failure", 12.0, 50.0),  # weight 600
            (3, "C", "failure", 10.0, 0.0),  # weight 0: no volume
            (4, "D", "unclassified", 5.0, float("nan")),  # volume unknown
        ],
        columns=DEMAND_COLS,
    )


@pytest.fixture
def mixed_units(demand):
    costs = cost_rows(
        [
            (10, "Triage", "adds_value", 30.0, 900.0),  # A, B: 600/600 -> 450 each
            (11, "Walk-in desk", "adds_value", 8.0, 200.0),  # B 600, C 0 -> all to B
            (12, "Outreach", "adds_value", 6.0, 120.0),  # C, D: no weight -> 60 each
            (13, "Team meeting", "necessary", 4.0, 250.0),  # no demand type: overhead
        ]
    )
    links = pd.DataFrame(
        [(10, 1), (10, 2), (11, 2), (11, 3), (12, 3), (12, 4), (12, 4)], columns=LINK_COLS
    )  # (12, 4) twice: duplicate links must not double count
    return costs, unit_costs(costs, links, demand)


def test_unit_costs_zero_weight_split_equally_and_overhead_left_out(mixed_units):
    # A: 450 (15 h). B: 450 + 200 = 650 (15 + 8 = 23 h). C: 120 / 2 = 60 (3 h). D: 60 (3 h).
    # Sorted by allocated cost: B, A, then C and D tie at 60 (by name).
    costs, out = mixed_units
    assert out["name"].tolist() == ["B", "A", "C", "D"]
    assert out["allocated_cost"].tolist() == pytest.approx([650.0, 450.0, 60.0, 60.0])
    assert out["allocated_hours"].tolist() == pytest.approx([23.0, 15.0, 3.0, 3.0])
    # B: 650 / 50 = £13.00; A: £4.50; C volume 0 and D volume unknown: no unit cost.
    assert out["unit_cost"].iloc[:2].tolist() == pytest.approx([13.0, 4.5])
    assert out["unit_cost"].iloc[2:].isna().all()
    # Overhead (Team meeting £250) is not allocated: 1,470 total - 1,220 allocated = 250.
    assert costs["cost_per_period"].sum() - out["allocated_cost"].sum() == pytest.approx(250.0)


def test_failure_demand_cost(mixed_units):
    # failure: B 650 + C 60 = 710; value: A 450; unclassified: D 60; total 1,220.
    _, out = mixed_units
    result = failure_demand_cost(out, periods_per_year=12)
    assert result["failure_cost_per_period"] == pytest.approx(710.0)
    assert result["value_cost_per_period"] == pytest.approx(450.0)
    assert result["unclassified_cost_per_period"] == pytest.approx(60.0)
    assert result["failure_cost_per_year"] == pytest.approx(8520.0)  # 710 * 12
    assert result["value_cost_per_year"] == pytest.approx(5400.0)  # 450 * 12
    assert result["unclassified_cost_per_year"] == pytest.approx(720.0)  # 60 * 12
    assert result["failure_share_of_demand_cost"] == pytest.approx(710 / 1220)
    assert "overhead_cost_per_period" not in result


def test_unit_costs_and_failure_cost_empty(demand):
    none = unit_costs(empty(ACTIVITY_COST_COLUMNS), empty(LINK_COLS), empty(DEMAND_COLS))
    assert none.empty
    assert list(none.columns) == UNIT_COST_COLUMNS
    # Demand types but no activities: every type listed, nothing allocated.
    no_costs = unit_costs(empty(ACTIVITY_COST_COLUMNS), empty(LINK_COLS), demand)
    assert no_costs["allocated_cost"].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert no_costs["unit_cost"].iloc[:2].tolist() == [0.0, 0.0]  # A, B have volume
    result = failure_demand_cost(none, periods_per_year=52)
    assert result["failure_cost_per_period"] == 0.0
    assert result["value_cost_per_year"] == 0.0
    assert math.isnan(result["failure_share_of_demand_cost"])


# --- stop_candidates and freed_capacity -----------------------------------------------


@pytest.fixture
def stop_costs():
    # Unnecessary: 26 h + 20 h = 46 h; £780 + £600 = £1,380 a month.
    return cost_rows(
        [
            (1, "Answer calls", "adds_value", 50.0, 2000.0),
            (2, "Legal records", "necessary", 25.0, 900.0),
            (3, "Duplicate data entry", "unnecessary", 20.0, 600.0),
            (4, "Print reports", "unnecessary", 26.0, 780.0),
        ]
    )


def test_stop_candidates_order(stop_costs):
    # Unnecessary first (by cost: 780 then 600), then necessary even though it costs more.
    out = stop_candidates(stop_costs)
    assert list(out.columns) == STOP_CANDIDATE_COLUMNS
    assert out["name"].tolist() == ["Print reports", "Duplicate data entry", "Legal records"]
    assert out["classification"].tolist() == ["unnecessary", "unnecessary", "necessary"]
    assert out["cumulative_hours"].tolist() == [26.0, 46.0, 71.0]  # 26, 26+20, 46+25
    assert out["cost_per_year"].tolist() == [9360.0, 7200.0, 10800.0]  # * 12


def test_stop_candidates_empty():
    out = stop_candidates(empty(ACTIVITY_COST_COLUMNS))
    assert out.empty
    assert list(out.columns) == STOP_CANDIDATE_COLUMNS


def test_freed_capacity_positive_gap(stop_costs):
    # 46 / 80 = 57.5% -> rounds half up to 58%.
    result = freed_capacity(stop_costs, 80.0)
    assert result["unnecessary_activities"] == 2
    assert result["hours_freed"] == 46.0
    assert result["cost_freed_per_period"] == 1380.0
    assert result["capacity_gap_hours"] == 80.0
    assert result["gap_covered_pct"] == pytest.approx(57.5)


def test_freed_capacity_covers_whole_gap(stop_costs):
    # 46 / 40 = 115%.
    result = freed_capacity(stop_costs, 40)
    assert result["gap_covered_pct"] == pytest.approx(115.0)


def test_freed_capacity_negative_gap(stop_costs):
    result = freed_capacity(stop_costs, -12.0)
    assert math.isnan(result["gap_covered_pct"])
    assert result["capacity_gap_hours"] == -12.0


@pytest.mark.parametrize("gap", [None, float("nan")])
def test_freed_capacity_unknown_gap(stop_costs, gap):
    result = freed_capacity(stop_costs, gap)
    assert result["capacity_gap_hours"] is None
    assert math.isnan(result["gap_covered_pct"])


def test_freed_capacity_no_unnecessary_activities(stop_costs):
    kept = stop_costs[stop_costs["classification"] != "unnecessary"]
    result = freed_capacity(kept, 80.0)
    assert result["unnecessary_activities"] == 0
    assert result["hours_freed"] == 0.0
    assert result["cost_freed_per_period"] == 0.0


def test_freed_capacity_single_activity_and_empty():
    one = cost_rows([(1, "Fax forms", "unnecessary", 1.0, 20.0)])
    assert freed_capacity(one, 0.0)["unnecessary_activities"] == 1
    result = freed_capacity(empty(ACTIVITY_COST_COLUMNS), None)
    assert result["hours_freed"] == 0.0
