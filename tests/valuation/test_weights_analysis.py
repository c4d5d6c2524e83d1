"""valuation.analysis.weights against numbers worked out by hand (no database).

The warning the numbers lead to is worded by valuation.reports.weights.
"""

import re
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from valuation.analysis.weights import (
    CONSISTENCY_LIMIT,
    RANDOM_INDEX,
    WeightsRefusal,
    ahp,
    normalise_points,
    pairs,
    pairwise_matrix,
    rounded_weights,
    scale_value,
)
from valuation.reports.weights import consistency_warning
from valuation.services.weights import refusal_message


def refused(call) -> str:
    """Why `call` refused its input, in the words a person is shown."""
    with pytest.raises(WeightsRefusal) as caught:
        call()
    return refusal_message(caught.value)


# --- points -------------------------------------------------------------------------


def test_points_become_weights_that_add_up_to_one():
    weights = normalise_points(pd.Series({"Efficiency": 40, "Equity": 35, "Probity": 25}))
    assert weights.to_dict() == {"Efficiency": 0.40, "Equity": 0.35, "Probity": 0.25}
    assert weights.sum() == pytest.approx(1.0)


def test_zero_points_are_a_zero_weight():
    weights = normalise_points(pd.Series({"Efficiency": 100, "Equity": 0}))
    assert weights.to_dict() == {"Efficiency": 1.0, "Equity": 0.0}


@pytest.mark.parametrize(
    "points, message",
    [
        ([40, 30, 20], "The points add up to 90, not 100. Add 10 more so that they add up to"),
        ([50, 40, 20], "The points add up to 110, not 100. Take 10 off so that they add up to"),
        ([0, 0, 0], "The points add up to 0, not 100. Add 100 more"),
    ],
)
def test_points_not_adding_to_100_are_refused_naming_the_total(points, message):
    assert re.search(
        message,
        refused(
            lambda: normalise_points(pd.Series(points, index=["Efficiency", "Equity", "Probity"]))
        ),
    )


def test_negative_or_missing_points_are_refused():
    assert re.search(
        r"Points cannot be negative \(Equity: -10\)",
        refused(lambda: normalise_points(pd.Series({"Efficiency": 110, "Equity": -10}))),
    )
    assert re.search(
        "missing: Equity",
        refused(lambda: normalise_points(pd.Series({"Efficiency": 100, "Equity": None}))),
    )


# --- the scale ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer, exact",
    [(1, Fraction(1)), (9, Fraction(9)), ("1/3", Fraction(1, 3)), (1 / 7, Fraction(1, 7)),
     (0.3333333333333333, Fraction(1, 3)), ("5", Fraction(5)), (0.5, Fraction(1, 2))],
)  # fmt: skip
def test_answers_on_the_scale_are_read_exactly(answer, exact):
    assert scale_value(answer) == exact


@pytest.mark.parametrize("answer", [0, 10, 2.5, -3, "1/10", "abc", "1/0", "", float("nan"), True])
def test_answers_off_the_scale_are_refused(answer):
    assert re.search("not on the scale", refused(lambda: scale_value(answer)))


def test_a_matrix_needs_every_pair_once_and_only_known_items():
    items = ["Efficiency", "Equity", "Probity"]
    assert re.search(
        "Compare Equity with Probity: every pair",
        refused(
            lambda: pairwise_matrix(
                items, [("Efficiency", "Equity", 3), ("Efficiency", "Probity", 5)]
            )
        ),
    )
    assert re.search(
        "compared more than once",
        refused(
            lambda: pairwise_matrix(
                items, [("Efficiency", "Equity", 3), ("Equity", "Efficiency", "1/3")]
            )
        ),
    )
    assert re.search(
        "Openness is not one of the dimensions",
        refused(lambda: pairwise_matrix(items, [("Efficiency", "Openness", 3)])),
    )
    assert re.search(
        "cannot be compared with itself",
        refused(lambda: pairwise_matrix(items, [("Equity", "Equity", 1)])),
    )
    assert re.search(
        "not on the scale", refused(lambda: pairwise_matrix(items, [("Efficiency", "Equity", 12)]))
    )


def test_n_items_give_n_times_n_minus_1_over_2_questions():
    assert pairs(list("ABCD")) == [
        ("A", "B"), ("A", "C"), ("A", "D"), ("B", "C"), ("B", "D"), ("C", "D")
    ]  # fmt: skip
    assert len(pairs(list(range(5)))) == 10


# --- AHP: a perfectly consistent matrix ----------------------------------------------


def test_consistent_3x3_gives_the_weights_it_was_built_from_and_cr_zero():
    # Built from w = (0.6, 0.3, 0.1): a_ij = w_i / w_j, so 2, 6 and 3.
    answers = [("Efficiency", "Equity", 2), ("Efficiency", "Probity", 6), ("Equity", "Probity", 3)]
    result = ahp(["Efficiency", "Equity", "Probity"], answers)
    assert result.matrix.loc["Equity", "Efficiency"] == pytest.approx(0.5)
    assert result.matrix.loc["Probity", "Efficiency"] == pytest.approx(1 / 6)
    assert result.weights.tolist() == pytest.approx([0.6, 0.3, 0.1], abs=1e-12)
    assert result.lambda_max == pytest.approx(3.0, abs=1e-12)
    assert result.consistency_index == pytest.approx(0.0, abs=1e-12)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-12)
    assert result.is_consistent
    assert result.most_inconsistent is None
    assert consistency_warning(result, stakeholder="Funders") == ""


def test_the_reciprocal_encoding_means_the_second_matters_more():
    # "1/3": Equity matters moderately more than Efficiency -> same as (Equity, Efficiency, 3).
    one_way = ahp(["Efficiency", "Equity"], [("Efficiency", "Equity", "1/3")])
    other_way = ahp(["Efficiency", "Equity"], [("Equity", "Efficiency", 3)])
    assert one_way.weights.tolist() == pytest.approx([0.25, 0.75])
    assert other_way.weights.tolist() == pytest.approx([0.25, 0.75])
    # Two items cannot be inconsistent.
    assert one_way.consistency_ratio == 0.0


# --- AHP: an inconsistent 4x4 matrix ------------------------------------------------

DIMENSIONS = ["Efficiency", "Effectiveness", "Equity", "Probity"]
# Consistent with 8 : 4 : 2 : 1 except Efficiency against Probity, answered the wrong
# way round (1/8 where 8 fits).
INCONSISTENT_ANSWERS = [
    ("Efficiency", "Effectiveness", 2),
    ("Efficiency", "Equity", 4),
    ("Efficiency", "Probity", "1/8"),
    ("Effectiveness", "Equity", 2),
    ("Effectiveness", "Probity", 4),
    ("Equity", "Probity", 2),
]


def test_inconsistent_4x4_weights_match_numpy_and_cr_matches_the_formula():
    result = ahp(DIMENSIONS, INCONSISTENT_ANSWERS)

    # The matrix written out by hand, and its principal eigenvector found independently.
    by_hand = np.array(
        [
            [1, 2, 4, 1 / 8],
            [1 / 2, 1, 2, 4],
            [1 / 4, 1 / 2, 1, 2],
            [8, 1 / 4, 1 / 2, 1],
        ]
    )
    assert result.matrix.to_numpy() == pytest.approx(by_hand)
    values, vectors = np.linalg.eig(by_hand)
    principal = np.argmax(values.real)
    vector = np.abs(vectors[:, principal].real)
    expected_weights = vector / vector.sum()
    lambda_max = values[principal].real
    assert result.weights.tolist() == pytest.approx(expected_weights.tolist(), abs=1e-9)
    assert result.weights.sum() == pytest.approx(1.0)
    assert result.lambda_max == pytest.approx(lambda_max)

    # By hand: CI = (lambda_max - n) / (n - 1), CR = CI / RI with RI(4) = 0.90.
    consistency_index = (lambda_max - 4) / 3
    assert result.consistency_index == pytest.approx(consistency_index)
    assert result.consistency_ratio == pytest.approx(consistency_index / 0.90)
    assert result.consistency_ratio > CONSISTENCY_LIMIT
    assert not result.is_consistent


def test_the_flipped_answer_is_named_as_the_least_consistent_in_words():
    result = ahp(DIMENSIONS, INCONSISTENT_ANSWERS)
    assert result.most_inconsistent == ("Efficiency", "Probity")
    warning = consistency_warning(result, stakeholder="Funders")
    assert (
        "For Funders, the comparison of Efficiency with Probity is the least consistent "
        "with the rest" in warning
    )
    assert f"the consistency ratio is {result.consistency_ratio:.2f}, above 0.10" in warning
    assert "the answer was Probity matters very strongly to extremely more than Efficiency" in (
        warning
    )


def test_names_map_items_to_words():
    ids = [11, 12, 13, 14]
    answers = [
        (ids[DIMENSIONS.index(a)], ids[DIMENSIONS.index(b)], v) for a, b, v in INCONSISTENT_ANSWERS
    ]
    result = ahp(ids, answers)
    warning = consistency_warning(
        result, stakeholder="Tenants", names=dict(zip(ids, DIMENSIONS, strict=True))
    )
    assert "For Tenants, the comparison of Efficiency with Probity" in warning


def test_saatys_random_index_and_the_size_limit():
    assert RANDOM_INDEX == {1: 0, 2: 0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41,
                            9: 1.45, 10: 1.49}  # fmt: skip
    items = list(range(11))
    assert re.search(
        "up to 10 dimensions", refused(lambda: ahp(items, [(a, b, 1) for a, b in pairs(items)]))
    )


# --- storing ------------------------------------------------------------------------


def test_rounded_weights_keep_equal_weights_equal():
    # Issue 13 item 2: the old rule gave the rounding remainder to the first, storing
    # 0.333334 for A and making "equally" read as "A matters most".
    thirds = rounded_weights(pd.Series({"A": 1 / 3, "B": 1 / 3, "C": 1 / 3}))
    assert thirds == {"A": Decimal("0.333333"), "B": Decimal("0.333333"), "C": Decimal("0.333333")}
    # 0.999999: the engine rescales each stakeholder's weights to add up to 1.
    assert sum(thirds.values()) == Decimal("0.999999")

    sevenths = rounded_weights(pd.Series({"A": 4 / 7, "B": 2 / 7, "C": 1 / 7}))
    # 0.5714285.. -> 0.571429, 0.2857142.. -> 0.285714, 0.1428571.. -> 0.142857.
    assert sevenths == {
        "A": Decimal("0.571429"),
        "B": Decimal("0.285714"),
        "C": Decimal("0.142857"),
    }
    assert sum(sevenths.values()) == Decimal(1)


def test_rounded_weights_of_an_inconsistent_matrix_add_up_to_one_within_rounding():
    stored = rounded_weights(ahp(DIMENSIONS, INCONSISTENT_ANSWERS).weights)
    # Each is within half a millionth of its share, so the sum within n/2 millionths.
    assert abs(sum(stored.values()) - Decimal(1)) <= Decimal("0.0000005") * len(stored)
    assert all(value.as_tuple().exponent == -6 for value in stored.values())
