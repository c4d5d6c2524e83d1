"""Small pieces of the assessment page's report: numbers as text and formulas."""

import pytest

from valuation.reports.account_text import contest_text, measure_formula, number, score, with_unit


@pytest.mark.parametrize(
    "value, expected", [(66.25, "66.3"), (63.4375, "63.4"), (0.05, "0.1"), (None, "—")]
)
def test_scores_round_halves_up(value, expected):
    assert score(value) == expected


@pytest.mark.parametrize(
    "value, unit, expected",
    [(140, "£", "£140"), (-2.5, "£", "-£2.5"), (12, "days", "12 days"), (75, "%", "75%"),
     (1234.5, "", "1,234.5"), (None, "£", "—")],
)  # fmt: skip
def test_values_carry_their_unit(value, unit, expected):
    assert with_unit(value, unit) == expected


def test_numbers_drop_trailing_zeros():
    assert [number(13.75), number(55.0), number(0.1234, 4), number(-0.001)] == [
        "13.75", "55", "0.1234", "0"
    ]  # fmt: skip


def test_a_clipped_measure_score_says_so():
    row = {"value": 5, "baseline": 20, "target": 10, "score": 100.0, "reason": ""}
    assert measure_formula(row) == "100 × (5 − 20) ÷ (10 − 20) = 150, kept within 0 to 100: 100"
    unscored = {**row, "score": None, "reason": "No target set."}
    assert measure_formula(unscored) == "No target set."


def test_contest_text_in_words():
    assert contest_text({"judges": 0}) == "No stakeholder has judged it yet."
    assert contest_text({"judges": 3, "lowest": 5.0, "highest": 7.0, "contested": False}) == (
        "Not contested: judgements range from 5 to 7 out of 10."
    )
