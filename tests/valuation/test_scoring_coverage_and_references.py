"""Two rules of the measure score, against the repairs desk worked out by hand in
tests/support/scoring.py (2025 Q1, monthly; its docstring gives every input):

- a measure with values for only some of the period's months is incomplete,
  names its missing months and is unscored, never set against a full-period
  reference;
- a microsystem's own baseline and target replace the organisation's default for
  that measure, and the result names which one applied.

With every input as in the docstring: cost-per-repair scores 60, days-to-repair
80, deprived-area-repairs 50; Efficiency is measured at 70, Equity at 50; the
overall value is 63.4375.
"""

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from tests.support.scoring import COST_PER_REPAIR, DEPRIVED_AREAS, hand_inputs
from valuation.reports.account_text import measure_reason, missing_text, missing_words
from valuation.scoring.common import coded
from valuation.scoring.engine import assess
from valuation.scoring.measures import WRONG_SIDE, expected_periods

MEASURE_COLUMNS = ["measure_id", "code", "name", "dimension_id", "unit", "direction",
                   "baseline", "target", "rollup", "side", "active"]  # fmt: skip


def without(inputs, measure_id: int, *days: date) -> pd.DataFrame:
    """The hand inputs' measurements less those of `measure_id` on `days`."""
    rows = inputs.measurements
    drop = (rows["measure_id"] == measure_id) & rows["period_start"].isin(days)
    return rows[~drop].reset_index(drop=True)


def with_unit_reference(inputs, measure_id: int, baseline, target, who, reason):
    measures = inputs.measures.copy()
    measures["unit_baseline"] = None
    measures["unit_target"] = None
    measures["unit_set_by"] = None
    measures["unit_reason"] = None
    row = measures["measure_id"] == measure_id
    measures.loc[row, ["unit_baseline", "unit_target", "unit_set_by", "unit_reason"]] = [
        baseline,
        target,
        who,
        reason,
    ]
    return measures


# ---------------------------------------------------------------- incomplete periods


def test_expected_periods_follow_the_units_granularity():
    assert expected_periods(date(2025, 1, 1), date(2025, 3, 31), "month") == [
        date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)
    ]  # fmt: skip
    assert expected_periods(date(2025, 1, 1), date(2025, 3, 31), "quarter") == [date(2025, 1, 1)]
    # Mondays on or after Wednesday 1 January 2025 up to Friday 31 January: 6, 13, 20, 27.
    assert expected_periods(date(2025, 1, 1), date(2025, 1, 31), "week") == [
        date(2025, 1, 6), date(2025, 1, 13), date(2025, 1, 20), date(2025, 1, 27)
    ]  # fmt: skip
    # A period that starts before the assessment is not one of its periods.
    assert expected_periods(date(2025, 1, 15), date(2025, 3, 31), "month") == [
        date(2025, 2, 1), date(2025, 3, 1)
    ]  # fmt: skip


def test_missing_periods_are_named_and_counted_beyond_six():
    assert missing_text([date(2025, 3, 1)], "month") == "Mar 2025"
    assert missing_text([date(2025, 2, 1), date(2025, 3, 1)], "month") == "Feb 2025 and Mar 2025"
    months = [date(2025, month, 1) for month in range(1, 9)]
    assert missing_text(months, "month") == (
        "Jan 2025, Feb 2025, Mar 2025, Apr 2025, May 2025, Jun 2025 and 2 more"
    )


def test_a_measure_with_two_of_three_months_is_incomplete_and_unscored():
    inputs = hand_inputs()
    # deprived-area-repairs without March: Jan 50 + Feb 60 = 110 of a reference
    # (100 -> 300) meant for three months. Scored as complete it would be
    # 100 * (110 - 100) / 200 = 5; it must not be scored at all.
    inputs = hand_inputs(measurements=without(inputs, DEPRIVED_AREAS, date(2025, 3, 1)))
    result = assess(inputs)
    measures = result.measures.set_index("code")
    deprived = measures.loc["deprived-area-repairs"]
    assert not deprived["complete"]
    assert deprived["missing_periods"] == "2025-03-01"
    assert missing_words(deprived["missing_periods"], "month") == "Mar 2025"
    assert deprived["expected_periods"] == 3 and deprived["periods"] == 2
    assert pd.isna(deprived["score"]) and not deprived["scored"]
    assert measure_reason(deprived) == (
        "Incomplete: values for 2 of the 3 months of the assessment; missing Mar 2025. "
        "Not scored until every month has a value."
    )
    # The other two measures are complete and score as before.
    assert measures.loc["cost-per-repair", "complete"]
    assert measures.loc["cost-per-repair", "score"] == pytest.approx(60)
    assert measures.loc["days-to-repair", "score"] == pytest.approx(80)

    dims = result.dimensions.set_index("name")
    # Equity has no scored measure left: no measured score (not 5, not 0).
    assert pd.isna(dims.loc["Equity", "measured"])
    assert dims.loc["Efficiency", "measured"] == pytest.approx(70)
    # Tenants: Efficiency 0.5 * 70 + 0.5 * 40 = 55; Equity on judgement alone, 90.
    # V = 0.25 * 55 + 0.75 * 90 = 13.75 + 67.5 = 81.25.
    # Funders: Efficiency 0.5 * 70 + 0.5 * 80 = 75; Equity has no score, so the
    # weights are rescaled over Efficiency alone: V = 75.
    # Overall (voices 3 : 1) = (3 * 81.25 + 75) / 4 = 318.75 / 4 = 79.6875.
    values = result.perspectives.set_index("name")["value"]
    assert values["Tenants"] == pytest.approx(81.25)
    assert values["Funders"] == pytest.approx(75)
    assert result.overall.value == pytest.approx(79.6875)


def test_a_measure_without_the_first_month_names_it_too():
    inputs = hand_inputs()
    inputs = hand_inputs(
        measurements=without(inputs, COST_PER_REPAIR, date(2025, 1, 1), date(2025, 2, 1))
    )
    row = assess(inputs).measures.set_index("code").loc["cost-per-repair"]
    assert missing_words(row["missing_periods"], "month") == "Jan 2025 and Feb 2025"
    assert measure_reason(row).startswith("Incomplete: values for 1 of the 3 months")
    assert pd.isna(row["score"])


def test_a_quarterly_unit_expects_one_value_for_a_quarter():
    # The same desk recording quarterly: one value on 1 January covers 2025 Q1.
    inputs = hand_inputs()
    rows = inputs.measurements
    quarterly = rows[rows["period_start"].isin([date(2025, 1, 1)])].reset_index(drop=True)
    result = assess(hand_inputs(granularity="quarter", measurements=quarterly))
    measures = result.measures.set_index("code")
    assert measures["complete"].all()
    assert measures["expected_periods"].tolist() == [1, 1, 1]
    # cost-per-repair: 100 * (160 - 200) / (100 - 200) = 40.
    assert measures.loc["cost-per-repair", "score"] == pytest.approx(40)


def test_a_measure_with_no_values_is_not_called_incomplete():
    inputs = hand_inputs()
    rows = inputs.measurements
    result = assess(hand_inputs(measurements=rows[rows["measure_id"] != DEPRIVED_AREAS]))
    deprived = result.measures.set_index("code").loc["deprived-area-repairs"]
    assert deprived["complete"] and deprived["missing_periods"] == ""
    assert measure_reason(deprived) == "No values recorded in this period."


# ---------------------------------------------------------------- the unit's own reference


def test_without_unit_references_the_organisation_default_applies():
    result = assess(hand_inputs())
    measures = result.measures.set_index("code")
    assert measures["reference"].tolist() == ["default", "default", "default"]
    assert measures.loc["cost-per-repair", "default_baseline"] == 200
    assert measures.loc["cost-per-repair", "baseline"] == 200


def test_a_units_own_baseline_and_target_replace_the_default_in_every_figure():
    inputs = hand_inputs()
    measures = with_unit_reference(
        inputs, COST_PER_REPAIR, Decimal(180), Decimal(120), "Sam Okafor", "Older housing stock."
    )
    result = assess(hand_inputs(measures=measures))
    scored = result.measures.set_index("code")
    cost = scored.loc["cost-per-repair"]
    # 100 * (140 - 180) / (120 - 180) = 100 * -40 / -60 = 66.666...
    assert cost["score"] == pytest.approx(200 / 3)
    assert (cost["baseline"], cost["target"]) == (180, 120)
    assert (cost["default_baseline"], cost["default_target"]) == (200, 100)
    assert cost["reference"] == "unit"
    assert cost["reference_set_by"] == "Sam Okafor"
    assert cost["reference_reason"] == "Older housing stock."
    assert scored.loc["days-to-repair", "reference"] == "default"
    assert pd.isna(scored.loc["days-to-repair", "reference_reason"])

    # Efficiency measured: (200/3 + 80) / 2 = 220/3 = 73.333...
    assert result.dimensions.set_index("name").loc["Efficiency", "measured"] == pytest.approx(
        220 / 3
    )
    # Tenants: Efficiency (220/3 + 40) / 2 = 170/3; Equity (50 + 90) / 2 = 70;
    # V = 0.25 * 170/3 + 0.75 * 70 = 42.5/3 + 52.5 = 200/3 = 66.666...
    # Funders: Efficiency (220/3 + 80) / 2 = 230/3; Equity 50;
    # V = 0.2 * 230/3 + 0.8 * 50 = 46/3 + 40 = 166/3 = 55.333...
    # Overall = (3 * 200/3 + 166/3) / 4 = (600 + 166) / 12 = 766/12 = 63.8333...
    values = result.perspectives.set_index("name")["value"]
    assert values["Tenants"] == pytest.approx(200 / 3)
    assert values["Funders"] == pytest.approx(166 / 3)
    assert result.overall.value == pytest.approx(766 / 12)


def test_a_unit_reference_on_the_wrong_side_is_unscored_with_the_reason():
    # An admin may turn the measure's direction after the unit set its target: the
    # unit's (now wrong-side) reference is not silently swapped for the default.
    inputs = hand_inputs()
    measures = with_unit_reference(
        inputs, COST_PER_REPAIR, Decimal(120), Decimal(180), "Sam Okafor", "Reason."
    )
    cost = assess(hand_inputs(measures=measures)).measures.set_index("code").loc["cost-per-repair"]
    assert pd.isna(cost["score"])
    assert cost["reason"] == coded(WRONG_SIDE, "lower")
    assert measure_reason(cost) == (
        "The target is on the wrong side of the baseline for “lower is better”."
    )
    assert cost["reference"] == "unit"
