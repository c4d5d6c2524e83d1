"""The scoring engine against the assessment worked out entirely by hand in
tests/support/scoring.py (a repairs desk, 2025 Q1: its docstring gives every input)."""

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from tests.support.scoring import (
    DAYS_TO_REPAIR,
    DEPRIVED_AREAS,
    EQUITY,
    FUNDERS,
    TENANTS,
    frame,
    hand_inputs,
)
from valuation.reports.account_text import measure_reason
from valuation.scoring.account import NO_MONEY, periods_covered
from valuation.scoring.dimensions import NO_MEASURES
from valuation.scoring.engine import assess
from valuation.scoring.perspective_values import LEFT_OUT, NO_VOICE, NO_WEIGHTS
from valuation.scoring.sensitivity import NO_ACTIVITY_JUDGEMENTS


def by(frame_: pd.DataFrame, **keys) -> pd.Series:
    mask = pd.Series(True, index=frame_.index)
    for column, value in keys.items():
        mask &= frame_[column] == value
    assert mask.sum() == 1, keys
    return frame_[mask].iloc[0]


@pytest.fixture(scope="module")
def result():
    return assess(hand_inputs())


def test_roll_ups_use_only_the_period_and_each_measures_rule(result):
    measures = result.measures.set_index("code")
    # cost-per-repair, mean of Jan..Mar: (160 + 140 + 120) / 3 = 140 (Dec's 300 is outside).
    assert measures.loc["cost-per-repair", "value"] == 140
    # days-to-repair, last value: March's 12.
    assert measures.loc["days-to-repair", "value"] == 12
    # deprived-area-repairs, sum: 50 + 60 + 90 = 200 (April's 999 is outside).
    assert measures.loc["deprived-area-repairs", "value"] == 200
    assert measures["periods"].tolist() == [3, 3, 3]


def test_measure_scores(result):
    measures = result.measures.set_index("code")
    # 100 * (140 - 200) / (100 - 200) = 100 * -60 / -100 = 60
    assert measures.loc["cost-per-repair", "score"] == pytest.approx(60)
    # 100 * (12 - 20) / (10 - 20) = 100 * -8 / -10 = 80
    assert measures.loc["days-to-repair", "score"] == pytest.approx(80)
    # 100 * (200 - 100) / (300 - 100) = 100 * 100 / 200 = 50
    assert measures.loc["deprived-area-repairs", "score"] == pytest.approx(50)
    assert measures["scored"].all()
    assert measures["reason"].tolist() == ["", "", ""]


def test_dimension_measured_scores(result):
    dims = result.dimensions.set_index("name")
    # Efficiency: mean of 60 and 80 = 70. Equity: its one measure, 50.
    assert dims.loc["Efficiency", "measured"] == pytest.approx(70)
    assert dims.loc["Equity", "measured"] == pytest.approx(50)
    assert dims["scored_measures"].tolist() == [2, 1]
    assert not dims["rests_on_judgement"].any()


def test_blended_scores_per_stakeholder(result):
    blend = result.blend
    # Tenants on Efficiency: 0.5 * 70 + 0.5 * (4 x 10 = 40) = 35 + 20 = 55
    tenants_eff = by(blend, stakeholder="Tenants", dimension="Efficiency")
    assert (tenants_eff["judged"], tenants_eff["blended"]) == (40, pytest.approx(55))
    assert tenants_eff["source"] == "blend"
    # Tenants on Equity: 0.5 * 50 + 0.5 * 90 = 25 + 45 = 70
    assert by(blend, stakeholder="Tenants", dimension="Equity")["blended"] == pytest.approx(70)
    # Funders on Efficiency: 0.5 * 70 + 0.5 * 80 = 35 + 40 = 75
    assert by(blend, stakeholder="Funders", dimension="Efficiency")["blended"] == pytest.approx(75)
    # Funders did not judge Equity: the measured score alone, 50.
    funders_eq = by(blend, stakeholder="Funders", dimension="Equity")
    assert funders_eq["blended"] == pytest.approx(50)
    assert funders_eq["source"] == "measured"
    assert pd.isna(funders_eq["judgement"])


def test_perspective_values_and_their_decomposition(result):
    values = result.perspectives.set_index("name")["value"]
    # V_Tenants = 0.25 * 55 + 0.75 * 70 = 13.75 + 52.5 = 66.25
    assert values["Tenants"] == pytest.approx(66.25)
    # V_Funders = 0.2 * 75 + 0.8 * 50 = 15 + 40 = 55
    assert values["Funders"] == pytest.approx(55)
    contributions = result.blend.set_index(["stakeholder", "dimension"])["contribution"]
    assert contributions["Tenants", "Efficiency"] == pytest.approx(13.75)
    assert contributions["Tenants", "Equity"] == pytest.approx(52.5)
    assert contributions["Funders", "Efficiency"] == pytest.approx(15)
    assert contributions["Funders", "Equity"] == pytest.approx(40)


def test_overall_value_and_disagreement(result):
    overall = result.overall
    # Voices 3 and 1: shares 0.75 and 0.25.
    shares = result.perspectives.set_index("name")["voice_share"]
    assert (shares["Tenants"], shares["Funders"]) == (0.75, 0.25)
    # Overall = 0.75 * 66.25 + 0.25 * 55 = 49.6875 + 13.75 = 63.4375
    assert overall.value == pytest.approx(63.4375)
    # Deviations: 66.25 - 63.4375 = 2.8125; 55 - 63.4375 = -8.4375.
    # Variance = 0.75 * 2.8125^2 + 0.25 * 8.4375^2
    #          = 0.75 * 7.91015625 + 0.25 * 71.19140625 = 5.9326171875 + 17.7978515625
    #          = 23.73046875; disagreement = sqrt(23.73046875) = 4.8713929...
    assert overall.disagreement == pytest.approx(4.871392896)
    assert overall.lowest == ("Funders", pytest.approx(55))
    assert overall.highest == ("Tenants", pytest.approx(66.25))
    assert (overall.counted, overall.equal_voices) == (2, False)


def test_dimension_cards_blend_across_stakeholders_and_flag_contest(result):
    dims = result.dimensions.set_index("name")
    # Efficiency: (3 * 55 + 1 * 75) / 4 = 240 / 4 = 60. Equity: (3 * 70 + 1 * 50) / 4 = 65.
    assert dims.loc["Efficiency", "blended"] == pytest.approx(60)
    assert dims.loc["Equity", "blended"] == pytest.approx(65)
    # Efficiency judged 4 and 8: a range of 4, contested. Equity: one judge, not contested.
    assert dims.loc["Efficiency", ["judges", "lowest", "highest", "range"]].tolist() == [2, 4, 8, 4]
    assert bool(dims.loc["Efficiency", "contested"]) is True
    assert bool(dims.loc["Equity", "contested"]) is False


def test_public_value_account_and_value_for_money(result):
    account = result.account
    # 2025 Q1 is 3 whole months.
    assert account.periods == 3
    # Emergency repairs 100 h x £20 + £500 = £2,500; planned maintenance 50 h x £20 = £1,000.
    assert account.money_per_period == pytest.approx(3500)
    assert account.money == pytest.approx(10500)  # 3 x £3,500
    assert account.staff_hours == pytest.approx(450)  # 3 x 150 hours
    # Chasing calls take 50 x 12 = 600 of emergency repairs' 600 + 100 x 30 = 3,600
    # minutes: 1/6 of £2,500 = £416.67 a month, £1,250 over the quarter.
    assert account.failure_cost_per_period == pytest.approx(2500 / 6)
    assert account.failure_cost == pytest.approx(1250)
    assert account.cost_measures["code"].tolist() == ["cost-per-repair"]
    assert account.benefit_measures["code"].tolist() == ["days-to-repair", "deprived-area-repairs"]
    # Per £1,000 a month (issue 13 item 5; it read 6.04 per £1,000 over the quarter, a
    # figure that shrank with the assessment's length): 63.4375 / (£3,500 / 1,000)
    # = 63.4375 / 3.5 = 18.125.
    assert account.money_per_month == pytest.approx(3500)
    assert account.value_for_money == pytest.approx(18.125)


def test_no_activity_judgements_is_reported_not_guessed(result):
    assert result.sensitivity.status == NO_ACTIVITY_JUDGEMENTS
    assert result.sensitivity.top_three == []


def test_a_measure_without_values_is_unscored_and_left_out_of_its_dimension():
    inputs = hand_inputs()
    measurements = inputs.measurements[inputs.measurements["measure_id"] != DAYS_TO_REPAIR]
    result = assess(hand_inputs(measurements=measurements))
    days = by(result.measures, code="days-to-repair")
    assert pd.isna(days["score"]) and not days["scored"]
    assert measure_reason(days) == "No values recorded in this period."
    # Efficiency is now cost-per-repair's 60 alone (not (60 + 0) / 2 = 30).
    assert by(result.dimensions, name="Efficiency")["measured"] == pytest.approx(60)


def test_missing_dimension_score_rescales_the_weights_and_says_so():
    # Without Equity's measure and Tenants' Equity judgement, Funders have no Equity score.
    inputs = hand_inputs()
    result = assess(
        hand_inputs(
            measurements=inputs.measurements[inputs.measurements["measure_id"] != DEPRIVED_AREAS],
            judgements=inputs.judgements[inputs.judgements["dimension_id"] != EQUITY],
        )
    )
    funders = by(result.perspectives, name="Funders")
    # Only Efficiency has a score: its weight 0.2 is rescaled to 0.2 / 0.2 = 1, V = 75.
    assert funders["value"] == pytest.approx(75)
    assert funders["left_out"] == "Equity"
    assert funders["note"] == LEFT_OUT
    applied = by(result.blend, stakeholder="Funders", dimension="Efficiency")["weight_applied"]
    assert applied == pytest.approx(1)


def test_stakeholder_without_weights_is_left_out_and_named():
    inputs = hand_inputs()
    result = assess(
        hand_inputs(weights=inputs.weights[inputs.weights["stakeholder_id"] != FUNDERS])
    )
    funders = by(result.perspectives, name="Funders")
    assert not funders["has_weights"] and pd.isna(funders["value"])
    assert funders["note"] == NO_WEIGHTS
    assert result.overall.value == pytest.approx(66.25)  # Tenants alone
    assert result.overall.disagreement == 0
    # The engine names no one in sentences: the page builds "Funders: ..." from this row.
    assert result.notes == []


def test_missing_voice_row_counts_zero_when_others_have_one():
    inputs = hand_inputs()
    result = assess(hand_inputs(voices=inputs.voices[inputs.voices["stakeholder_id"] == TENANTS]))
    funders = by(result.perspectives, name="Funders")
    assert funders["voice"] == 0 and not funders["counted"]
    assert NO_VOICE in funders["note"]
    assert result.overall.value == pytest.approx(66.25)


def test_no_voice_rows_means_equal_voices():
    result = assess(hand_inputs(voices=frame(["stakeholder_id", "weight"], [])))
    # (66.25 + 55) / 2 = 60.625; disagreement = |66.25 - 55| / 2 = 5.625.
    assert result.overall.value == pytest.approx(60.625)
    assert result.overall.disagreement == pytest.approx(5.625)
    assert result.overall.equal_voices


@pytest.mark.parametrize(
    "start, end, granularity, expected",
    [
        (date(2025, 1, 1), date(2025, 3, 31), "month", 3),
        (date(2025, 1, 1), date(2025, 12, 31), "quarter", 4),
        (date(2025, 1, 1), date(2025, 1, 14), "month", 14 / 31),
        # 2025-01-01 is a Wednesday: 5 of the first week's 7 days, then 12 whole weeks
        # (to Sunday 30 March), then Monday 31 March: 5/7 + 12 + 1/7.
        (date(2025, 1, 1), date(2025, 3, 31), "week", 12 + 6 / 7),
        (date(2025, 3, 31), date(2025, 1, 1), "month", 0),
    ],
)
def test_periods_covered(start, end, granularity, expected):
    assert periods_covered(start, end, granularity) == pytest.approx(expected)


def test_periods_covered_counts_only_days_inside_the_window():
    # 300 years of months, 1900 to 2199; without the window this would loop over
    # 520,000 weeks and then step past the last date Python knows.
    assert periods_covered(date(1, 1, 1), date(9999, 12, 31), "month") == 3600
    assert periods_covered(date(1, 1, 1), date(9999, 12, 31), "week") == pytest.approx(
        periods_covered(date(1900, 1, 1), date(2199, 12, 31), "week")
    )
    assert periods_covered(date(9000, 1, 1), date(9000, 3, 31), "month") == 0


def test_dates_outside_the_window_never_break_the_engine_and_do_not_count():
    inputs = hand_inputs()
    far_off = frame(
        ["measure_id", "period_start", "value"],
        [(DEPRIVED_AREAS, date(9999, 12, 1), Decimal(5000)),
         (DEPRIVED_AREAS, date(1, 1, 1), Decimal(7000))],
    )  # fmt: skip
    result = assess(
        hand_inputs(
            start_date=date(1, 1, 1),
            end_date=date(9999, 12, 31),
            measurements=pd.concat([inputs.measurements, far_off], ignore_index=True),
        )
    )
    measures = result.measures.set_index("code")
    # Every value inside the window counts (50 + 60 + 90 + 999); the far-off ones do not.
    assert measures.loc["deprived-area-repairs", "value"] == 1199
    assert measures.loc["deprived-area-repairs", "periods"] == 4
    assert result.account.periods == 3600


def test_a_dimension_without_measures_rests_on_judgement_alone():
    inputs = hand_inputs()
    result = assess(
        hand_inputs(
            dimensions=pd.concat(
                [inputs.dimensions, frame(["dimension_id", "name", "order", "active"],
                                          [(3, "Prevention", 50, True)])]
            ),
            judgements=pd.concat(
                [inputs.judgements, frame(["stakeholder_id", "dimension_id", "score"],
                                          [(TENANTS, 3, 7)])]
            ),
        )
    )  # fmt: skip
    prevention = by(result.dimensions, name="Prevention")
    assert prevention["measured_note"] == NO_MEASURES
    assert pd.isna(prevention["measured"]) and bool(prevention["rests_on_judgement"])
    # Tenants' 7 -> 70 alone; Funders did not judge it, so they have no score for it.
    assert by(result.blend, stakeholder="Tenants", dimension="Prevention")["source"] == "judged"
    assert by(result.blend, stakeholder="Funders", dimension="Prevention")["source"] == "missing"
    assert prevention["blended"] == pytest.approx(70)
    # Nobody weighs it, so the perspective values do not change.
    assert result.overall.value == pytest.approx(63.4375)


def test_retired_dimensions_count_only_where_this_assessment_uses_them():
    inputs = hand_inputs()
    result = assess(
        hand_inputs(
            dimensions=pd.concat(
                [inputs.dimensions,
                 frame(["dimension_id", "name", "order", "active"],
                       [(4, "Old unused", 60, False), (5, "Old judged", 70, False)])]
            ),
            judgements=pd.concat(
                [inputs.judgements, frame(["stakeholder_id", "dimension_id", "score"],
                                          [(FUNDERS, 5, 2)])]
            ),
        )
    )  # fmt: skip
    assert result.dimensions["name"].tolist() == ["Efficiency", "Equity", "Old judged"]
    assert not by(result.dimensions, name="Old judged")["active"]


def test_value_for_money_does_not_depend_on_the_assessments_length():
    """Issue 13 item 5: £3,500 a month and 63.4375 points read 18.125 per £1,000 a month
    for a 1-month and a 12-month assessment alike (per £1,000 over the whole assessment
    they read 18.13 and 1.51); weekly costs turn into months at 52 / 12 weeks a month."""
    import pandas as pd

    from valuation.scoring.account import public_value_account

    costs = pd.DataFrame({"cost_per_period": [3500.0], "staff_hours": [150.0]})
    measures = pd.DataFrame({"side": pd.Series([], dtype=object)})
    for periods in (1, 12):
        account = public_value_account(activity_costs=costs, failure_cost_per_period=0,
                                       scored_measures=measures, overall=63.4375,
                                       periods=periods)  # fmt: skip
        assert account.value_for_money == pytest.approx(18.125)
    # £807.69 a week x 52 / 12 = £3,500 a month.
    weekly = public_value_account(
        activity_costs=costs.assign(cost_per_period=3500 * 12 / 52),
        failure_cost_per_period=0, scored_measures=measures, overall=63.4375, periods=13,
        periods_per_year=52,
    )  # fmt: skip
    assert weekly.money_per_month == pytest.approx(3500)
    assert weekly.value_for_money == pytest.approx(18.125)


def test_no_money_cost_means_no_value_for_money_not_infinity():
    no_activities = hand_inputs().activities.iloc[0:0]
    result = assess(hand_inputs(activities=no_activities))
    assert result.account.money == 0
    assert result.account.value_for_money is None
    assert result.account.value_for_money_reason == NO_MONEY
    assert result.overall.value == pytest.approx(63.4375)  # the value is still there
