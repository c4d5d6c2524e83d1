"""NPV, payback and the ranking of ideas, against figures worked out by hand."""

import pandas as pd
import pytest

from valuation.analysis import improvements as analysis

# Discount factors at 3.5%: 1/1.035 = 0.966184, /1.035^2 = 0.933511, ^3 0.901943,
# ^4 0.871442, ^5 0.841973; their sum (the 5-year annuity factor) 4.515052.
FACTORS = [0.966184, 0.933511, 0.901943, 0.871442, 0.841973]


def test_npv_and_payback_without_optimism_bias():
    # £1,000 a month = £12,000 a year; one-off £30,000.
    # NPV = 12,000 x 4.515052 - 30,000 = 54,180.63 - 30,000 = 24,180.63.
    # Payback = 30,000 / 12,000 = 2.5 years.
    value = analysis.present_value(monthly_saving=1000, one_off_cost=30000)
    assert value.discount_factors == pytest.approx(FACTORS, abs=1e-6)
    assert value.yearly_saving == 12000
    assert value.npv == pytest.approx(24180.63, abs=0.01)
    assert value.payback_years == pytest.approx(2.5)


def test_npv_and_payback_with_optimism_bias_on_costs():
    # A 20% uplift raises the one-off cost to £36,000, not the saving:
    # NPV = 54,180.63 - 36,000 = 18,180.63; payback 36,000 / 12,000 = 3 years.
    value = analysis.present_value(monthly_saving=1000, one_off_cost=30000, optimism_bias=0.2)
    assert value.one_off_cost == pytest.approx(36000)
    assert value.npv == pytest.approx(18180.63, abs=0.01)
    assert value.payback_years == pytest.approx(3.0)


def test_an_idea_that_costs_more_to_run_has_its_running_cost_uplifted_too():
    # -£100 a month = -£1,200 a year, uplifted 50% to -£1,800; over 2 years at 0%:
    # NPV = -1,800 x 2 - 0 = -3,600; it never pays back... but with no one-off cost,
    # there is nothing to pay back.
    value = analysis.present_value(
        monthly_saving=-100, one_off_cost=0, horizon_years=2, discount_rate=0, optimism_bias=0.5
    )
    assert value.npv == pytest.approx(-3600)
    assert value.payback_years == 0
    costly = analysis.present_value(monthly_saving=-100, one_off_cost=500)
    assert costly.payback_years is None


def test_a_one_year_horizon_at_ten_percent():
    # 12,000 / 1.1 = 10,909.09; less 10,000 = 909.09.
    value = analysis.present_value(
        monthly_saving=1000, one_off_cost=10000, horizon_years=1, discount_rate=0.1
    )
    assert value.npv == pytest.approx(909.09, abs=0.01)


@pytest.mark.parametrize(
    "arguments",
    [{"horizon_years": 0}, {"horizon_years": 31}, {"discount_rate": -0.01}],
)
def test_out_of_range_settings_are_refused(arguments):
    with pytest.raises(ValueError):
        analysis.present_value(monthly_saving=1, one_off_cost=1, **arguments)


IDEAS = pd.DataFrame(
    {"idea_id": [1, 2, 3], "title": ["Alpha", "Beta", "Gamma"], "net_cost": [2000.0, 1000.0, -50.0]}
)
# Alpha: 10 points on dimension 1; Beta: 10 points on dimension 2; Gamma: 1 point on 1.
BENEFITS = pd.DataFrame(
    {"idea_id": [1, 2, 3], "dimension_id": [1, 2, 1], "points": [10.0, 10.0, 1.0]}
)


def test_ranking_by_benefit_per_thousand_with_self_funding_ideas_first():
    # Equal weights (0.5 each): Alpha 5 points for £2,000 = 2.5 per £1,000; Beta 5 for
    # £1,000 = 5 per £1,000; Gamma pays for itself (net cost -£50) and ranks first.
    ranked = analysis.rank_ideas(IDEAS, BENEFITS, pd.Series({1: 1.0, 2: 1.0}))
    assert list(ranked["title"]) == ["Gamma", "Beta", "Alpha"]
    assert list(ranked["per_thousand"].iloc[1:]) == pytest.approx([5.0, 2.5])
    assert ranked["benefit"].iloc[0] == pytest.approx(0.5)


def test_contested_when_a_stakeholders_weights_change_the_first_idea():
    # Without Gamma: Ann weighs only dimension 1 (Alpha 10 / 2 = 5 per £1,000, Beta 0);
    # Bob only dimension 2 (Beta 10 per £1,000). Mean weights 0.5 each: Beta 5, Alpha
    # 2.5, so Beta is first, but not for Ann.
    weights = pd.DataFrame(
        {"stakeholder": ["Ann", "Ann", "Bob", "Bob"], "dimension_id": [1, 2, 1, 2],
         "weight": [1.0, 0.0, 0.0, 1.0]}
    )  # fmt: skip
    result = analysis.ranking_sensitivity(IDEAS.iloc[:2], BENEFITS.iloc[:2], weights)
    assert result.reference["title"].iloc[0] == "Beta"
    assert not result.robust
    assert result.changes_for == ["Ann"]
    # Bob alone: robust.
    robust = analysis.ranking_sensitivity(IDEAS.iloc[:2], BENEFITS.iloc[:2], weights.iloc[2:])
    assert robust.robust and robust.changes_for == []


def test_activities_monthly_cost_and_quadrants():
    activities = pd.DataFrame({"activity_id": [1, 2], "other_costs": [100.0, 20.0]})
    efforts = pd.DataFrame({"activity_id": [1, 1], "hours": [10.0, 2.0], "hourly_cost": [20, 30]})
    # Per period: 120 + 10 x 20 + 2 x 30 = 380; weekly: 380 x 52 / 12 = 1,646.67 a month.
    assert analysis.activities_monthly_cost(activities, efforts, 52) == pytest.approx(
        1646.667, abs=1e-3
    )
    assert analysis.activities_monthly_cost(activities.iloc[:0], efforts, 12) is None
    assert analysis.quadrant(100, 5) == "both"
    assert analysis.quadrant(-100, 5) == "benefit_at_a_cost"
    assert analysis.quadrant(100, -5) == "saving_at_a_loss"
    assert analysis.quadrant(-1, -1) == "neither"


# ---------------------------------------------------------------- costs from change history


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def history(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id", "history_date", "history_type", *columns])


# Activity 1: created on 1 Jan costing £100 a period besides staff, cut to £40 on 1 Mar.
ACTIVITIES = history(
    [(1, day("2026-01-01"), "+", 100.0), (1, day("2026-03-01"), "~", 40.0)], ["other_costs"]
)
# Its staff time: effort 10, 10 hours of role 7 from 1 Jan, 4 hours from 1 Mar; effort 11,
# 5 hours of role 7 from 1 Jan until deleted on 10 Feb.
EFFORTS = history(
    [
        (10, day("2026-01-01"), "+", 1, 7, 10.0),
        (10, day("2026-03-01"), "~", 1, 7, 4.0),
        (11, day("2026-01-01"), "+", 1, 7, 5.0),
        (11, day("2026-02-10"), "-", 1, 7, 5.0),
    ],
    ["activity_id", "staff_role_id", "hours_per_period"],
)
# Role 7 cost £20 an hour from 1 Jan, £30 from 1 Feb.
ROLES = history(
    [(7, day("2026-01-01"), "+", 20.0), (7, day("2026-02-01"), "~", 30.0)], ["hourly_cost"]
)


@pytest.mark.parametrize(
    "moment, expected",
    [
        # 15 Jan: 100 + (10 + 5) h x £20 = 400 a period.
        ("2026-01-15", 400.0),
        # 5 Feb: 100 + (10 + 5) h x £30 = 550.
        ("2026-02-05", 550.0),
        # 15 Feb, after effort 11 was deleted: 100 + 10 x 30 = 400.
        ("2026-02-15", 400.0),
        # 15 Mar: 40 + 4 x 30 = 160.
        ("2026-03-15", 160.0),
    ],
)
def test_monthly_cost_as_of_reads_each_record_as_it_stood(moment, expected):
    # Monthly periods: the per-period cost is the monthly cost.
    assert analysis.monthly_cost_as_of(
        ACTIVITIES, EFFORTS, ROLES, day(moment), 12
    ) == pytest.approx(expected)
    # Weekly periods: x 52 / 12.
    assert analysis.monthly_cost_as_of(
        ACTIVITIES, EFFORTS, ROLES, day(moment), 52
    ) == pytest.approx(expected * 52 / 12)


def test_realised_saving_from_history_before_and_after_adoption():
    # Adopted on 20 Feb: before, 400 a month; now (15 Mar), 160: it saves 240 a month.
    before = analysis.monthly_cost_as_of(ACTIVITIES, EFFORTS, ROLES, day("2026-02-20"), 12)
    after = analysis.monthly_cost_as_of(ACTIVITIES, EFFORTS, ROLES, day("2026-03-15"), 12)
    assert analysis.realised_monthly_saving(before, after) == pytest.approx(240.0)


def test_history_that_cannot_say_gives_no_figure():
    # Before any activity existed: nothing to cost.
    assert analysis.monthly_cost_as_of(ACTIVITIES, EFFORTS, ROLES, day("2025-12-01"), 12) is None
    # An activity whose first version is a change (it existed before its history was
    # kept): what it cost before then is unknown.
    older = pd.concat([ACTIVITIES, history([(2, day("2026-03-01"), "~", 70.0)], ["other_costs"])])
    assert analysis.monthly_cost_as_of(older, EFFORTS, ROLES, day("2026-02-20"), 12) is None
    # ... but after that version it is known: 40 + 70 + 4 x 30 = 230.
    assert analysis.monthly_cost_as_of(
        older, EFFORTS, ROLES, day("2026-03-15"), 12
    ) == pytest.approx(230.0)
    # An activity created after the moment simply did not exist yet.
    later = pd.concat([ACTIVITIES, history([(3, day("2026-03-01"), "+", 70.0)], ["other_costs"])])
    assert analysis.monthly_cost_as_of(
        later, EFFORTS, ROLES, day("2026-02-20"), 12
    ) == pytest.approx(400.0)
