"""The scoring engine against an assessment worked out entirely by hand.

A repairs desk, 2025 Q1 (January to March, monthly periods), judgement share 0.5.

Two dimensions: Efficiency (id 1) and Equity (id 2).
Three measures:
- cost-per-repair (Efficiency, lower is better, baseline 200, target 100, mean,
  cost side): Dec 2024 300 (outside the period), Jan 160, Feb 140, Mar 120.
- days-to-repair (Efficiency, lower is better, baseline 20, target 10, last
  value, benefit side): Jan 15, Feb 14, Mar 12.
- deprived-area-repairs (Equity, higher is better, baseline 100, target 300,
  sum, benefit side): Jan 50, Feb 60, Mar 90, Apr 999 (outside the period).
Two stakeholders: Tenants (id 21) and Funders (id 22).
- Tenants weigh Efficiency 0.25, Equity 0.75, judge Efficiency 4/10, Equity 9/10.
- Funders weigh Efficiency 0.2, Equity 0.8, judge Efficiency 8/10 (not Equity).
Voices: Tenants 3, Funders 1.
Activities (one staff role at £20 an hour):
- Emergency repairs: 100 hours + £500 other costs a month; handles repair
  requests (100 a month x 30 minutes) and chasing calls (failure demand, 50 a
  month x 12 minutes).
- Planned maintenance: 50 hours a month; handles repair requests.
"""

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from valuation.scoring.account import NO_MONEY, periods_covered
from valuation.scoring.engine import AssessmentInputs, assess
from valuation.scoring.perspectives import LEFT_OUT, NO_VOICE, NO_WEIGHTS
from valuation.scoring.sensitivity import NO_ACTIVITY_JUDGEMENTS

EFFICIENCY, EQUITY = 1, 2
COST_PER_REPAIR, DAYS_TO_REPAIR, DEPRIVED_AREAS = 11, 12, 13
TENANTS, FUNDERS = 21, 22


def frame(columns: list[str], rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=columns)


def hand_inputs(**changes) -> AssessmentInputs:
    months = {
        COST_PER_REPAIR: [(date(2024, 12, 1), 300), (date(2025, 1, 1), 160),
                          (date(2025, 2, 1), 140), (date(2025, 3, 1), 120)],
        DAYS_TO_REPAIR: [(date(2025, 1, 1), 15), (date(2025, 2, 1), 14), (date(2025, 3, 1), 12)],
        DEPRIVED_AREAS: [(date(2025, 1, 1), 50), (date(2025, 2, 1), 60),
                         (date(2025, 3, 1), 90), (date(2025, 4, 1), 999)],
    }  # fmt: skip
    inputs = {
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 3, 31),
        "granularity": "month",
        "judgement_share": Decimal("0.50"),
        "dimensions": frame(
            ["dimension_id", "name", "order", "active"],
            [(EFFICIENCY, "Efficiency", 10, True), (EQUITY, "Equity", 40, True)],
        ),
        "measures": frame(
            ["measure_id", "code", "name", "dimension_id", "unit", "direction", "baseline",
             "target", "rollup", "side", "active"],
            [
                (COST_PER_REPAIR, "cost-per-repair", "Cost per repair", EFFICIENCY, "£",
                 "lower", Decimal(200), Decimal(100), "mean", "cost", True),
                (DAYS_TO_REPAIR, "days-to-repair", "Days to complete a repair", EFFICIENCY,
                 "days", "lower", Decimal(20), Decimal(10), "last", "benefit", True),
                (DEPRIVED_AREAS, "deprived-area-repairs", "Repairs in deprived areas", EQUITY,
                 "repairs", "higher", Decimal(100), Decimal(300), "sum", "benefit", True),
            ],
        ),
        "measurements": frame(
            ["measure_id", "period_start", "value"],
            [(measure, day, Decimal(value)) for measure, rows in months.items()
             for day, value in rows],
        ),
        "stakeholders": frame(["stakeholder_id", "name"], [(TENANTS, "Tenants"),
                                                           (FUNDERS, "Funders")]),
        "weights": frame(
            ["stakeholder_id", "dimension_id", "weight"],
            [(TENANTS, EFFICIENCY, Decimal("0.25")), (TENANTS, EQUITY, Decimal("0.75")),
             (FUNDERS, EFFICIENCY, Decimal("0.2")), (FUNDERS, EQUITY, Decimal("0.8"))],
        ),
        "judgements": frame(
            ["stakeholder_id", "dimension_id", "score"],
            [(TENANTS, EFFICIENCY, 4), (TENANTS, EQUITY, 9), (FUNDERS, EFFICIENCY, 8)],
        ),
        "activity_judgements": frame(["activity_id", "dimension_id", "judges", "mean_score"], []),
        "voices": frame(["stakeholder_id", "weight"], [(TENANTS, Decimal(3)),
                                                       (FUNDERS, Decimal(1))]),
        "activities": frame(
            ["activity_id", "name", "classification", "preventive", "other_costs",
             "contribution"],
            [(31, "Emergency repairs", "adds_value", False, 500.0, "Safe homes."),
             (32, "Planned maintenance", "adds_value", True, 0.0, "Fewer emergencies.")],
        ),
        "efforts": frame(["activity_id", "staff_role_id", "hours_per_period"],
                         [(31, 41, 100.0), (32, 41, 50.0)]),
        "staff_roles": frame(["staff_role_id", "title", "hourly_cost", "fte", "hours_per_fte"],
                             [(41, "Repairs officer", 20.0, 1.0, 150.0)]),
        "activity_demand": frame(["activity_id", "demand_type_id"], [(31, 51), (31, 52), (32, 51)]),
        "demand": frame(
            ["demand_type_id", "name", "nature", "handling_minutes", "volume_per_period"],
            [(51, "Repair requests", "value", 30.0, 100.0),
             (52, "Chasing calls", "failure", 12.0, 50.0)],
        ),
    }  # fmt: skip
    inputs.update(changes)
    return AssessmentInputs(**inputs)


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
    # 63.4375 points / (£10,500 / 1,000) = 63.4375 / 10.5 = 6.0416...
    assert account.value_for_money == pytest.approx(63.4375 / 10.5)
    assert account.value_for_money == pytest.approx(6.041666667)


def test_no_activity_judgements_is_reported_not_guessed(result):
    assert result.sensitivity.status == NO_ACTIVITY_JUDGEMENTS
    assert result.sensitivity.top_three == []


def test_a_measure_without_values_is_unscored_and_left_out_of_its_dimension():
    inputs = hand_inputs()
    measurements = inputs.measurements[inputs.measurements["measure_id"] != DAYS_TO_REPAIR]
    result = assess(hand_inputs(measurements=measurements))
    days = by(result.measures, code="days-to-repair")
    assert pd.isna(days["score"]) and not days["scored"]
    assert days["reason"] == "No values recorded in this period."
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
    assert funders["note"] == LEFT_OUT.format(names="Equity")
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
    assert "Funders: " + NO_WEIGHTS in result.notes


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
    assert prevention["measured_note"] == "No measures."
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


def test_no_money_cost_means_no_value_for_money_not_infinity():
    no_activities = hand_inputs().activities.iloc[0:0]
    result = assess(hand_inputs(activities=no_activities))
    assert result.account.money == 0
    assert result.account.value_for_money is None
    assert result.account.value_for_money_reason == NO_MONEY
    assert result.overall.value == pytest.approx(63.4375)  # the value is still there
