"""Kendall's W and the plain-language summary, against numbers worked out by hand."""

import math

import pandas as pd
import pytest

from valuation.analysis.perspectives import (
    AGREEMENT_ALL_TIED,
    AGREEMENT_MISSING,
    agreement_reading,
    dimension_ranks,
    kendalls_w,
    perspectives_summary,
    top_priorities,
    widest_disagreement,
)


def weights(rows):
    return pd.DataFrame(rows, columns=["stakeholder", "dimension", "weight"])


def judgements(rows):
    return pd.DataFrame(rows, columns=["stakeholder", "dimension", "score"])


def ranked(stakeholder, values, dimensions=("Efficiency", "Equity", "Probity")):
    return [(stakeholder, d, v) for d, v in zip(dimensions, values, strict=True)]


def test_identical_rankings_give_w_of_one():
    agreement = kendalls_w(
        weights(
            ranked("Funders", [0.5, 0.3, 0.2])
            + ranked("Tenants", [0.6, 0.3, 0.1])
            + ranked("Staff", [0.4, 0.35, 0.25])
        )
    )
    assert agreement.w == pytest.approx(1.0)
    assert (agreement.stakeholders, agreement.dimensions) == (3, 3)
    assert agreement.reading == "strong agreement"


def test_a_small_case_worked_by_hand():
    # Ranks (1 = most weight):  Efficiency  Equity  Probity
    #   Funders                     1          2        3
    #   Tenants                     1          3        2
    #   Staff                       2          1        3
    # Rank sums R = 4, 6, 8; mean 6; S = 4 + 0 + 4 = 8.
    # W = 12 S / (m^2 (n^3 - n)) = 96 / (9 x 24) = 4/9.
    rows = (
        ranked("Funders", [0.5, 0.3, 0.2])
        + ranked("Tenants", [0.5, 0.2, 0.3])
        + ranked("Staff", [0.3, 0.5, 0.2])
    )
    assert dimension_ranks(weights(rows)).loc["Tenants"].tolist() == [1.0, 3.0, 2.0]
    agreement = kendalls_w(weights(rows))
    assert agreement.w == pytest.approx(4 / 9)
    assert agreement.reading == "moderate agreement"
    assert "Kendall's W is 0.44: moderate agreement among 3 stakeholders" in agreement.sentence


def test_ties_get_average_ranks_and_the_tie_correction():
    # Funders tie Equity and Probity: ranks 1, 2.5, 2.5 (T = 2^3 - 2 = 6). Tenants: 1, 2, 3.
    # R = 2, 4.5, 5.5; mean 4; S = 4 + 0.25 + 2.25 = 6.5.
    # W = 12 x 6.5 / (2^2 x (27 - 3) - 2 x 6) = 78 / 84 = 13/14.
    rows = ranked("Funders", [0.5, 0.25, 0.25]) + ranked("Tenants", [0.6, 0.3, 0.1])
    assert dimension_ranks(weights(rows)).loc["Funders"].tolist() == [1.0, 2.5, 2.5]
    assert kendalls_w(weights(rows)).w == pytest.approx(13 / 14)


def test_opposite_rankings_give_w_of_zero():
    # R = 4, 4, 4: S = 0.
    rows = ranked("Funders", [0.5, 0.3, 0.2]) + ranked("Tenants", [0.2, 0.3, 0.5])
    agreement = kendalls_w(weights(rows))
    assert agreement.w == pytest.approx(0.0)
    assert agreement.reading == "weak agreement"


def test_w_is_missing_never_nan_without_two_stakeholders_and_two_dimensions():
    for rows in [
        [],
        ranked("Funders", [0.5, 0.3, 0.2]),
        [("Funders", "Equity", 1.0), ("Tenants", "Equity", 1.0)],
    ]:
        agreement = kendalls_w(weights(rows))
        assert agreement.w is None
        assert agreement.sentence == AGREEMENT_MISSING


def test_w_is_missing_when_every_ranking_is_a_complete_tie():
    rows = [
        (stakeholder, dimension, 0.5)
        for stakeholder in ("Funders", "Tenants")
        for dimension in ("Efficiency", "Equity")
    ]
    agreement = kendalls_w(weights(rows))
    assert agreement.w is None
    assert agreement.sentence == AGREEMENT_ALL_TIED
    assert not (isinstance(agreement.w, float) and math.isnan(agreement.w))


def test_only_dimensions_every_stakeholder_weighted_are_ranked():
    # Staff weighted a fourth dimension the others did not: it is left out (n = 3).
    rows = (
        ranked("Funders", [0.5, 0.3, 0.2])
        + ranked("Tenants", [0.6, 0.3, 0.1])
        + [("Tenants", "Openness", 0.0)]
    )
    agreement = kendalls_w(weights(rows))
    assert agreement.dimensions == 3
    assert agreement.w == pytest.approx(1.0)


@pytest.mark.parametrize(
    "w, reading",
    [(0.0, "weak agreement"), (0.29, "weak agreement"), (0.3, "moderate agreement"),
     (0.6, "moderate agreement"), (0.61, "strong agreement"), (1.0, "strong agreement")],
)  # fmt: skip
def test_agreement_bands(w, reading):
    assert agreement_reading(w) == reading


# --- the summary ----------------------------------------------------------------------


def test_the_widest_disagreement_is_named_with_who_scores_what():
    sentence = widest_disagreement(
        judgements(
            [
                ("Tenants", "Efficiency", 6),
                ("Finance", "Efficiency", 5),
                ("Tenants", "Equity", 8),
                ("Finance", "Equity", 3),
                ("Staff", "Equity", 6),
            ]
        )
    )
    assert sentence == (
        "Stakeholders disagree most about Equity: Tenants score it 8, Finance 3. A range of "
        "4 points or more makes a dimension contested; no other dimension is."
    )


def test_ties_at_the_top_or_bottom_name_every_group():
    sentence = widest_disagreement(
        judgements(
            [
                ("Tenants", "Equity", 9),
                ("Staff", "Equity", 9),
                ("Finance", "Equity", 2),
                ("Tenants", "Probity", 9),
                ("Finance", "Probity", 4),
            ]
        )
    )
    assert sentence.startswith(
        "Stakeholders disagree most about Equity: Tenants and Staff score it 9, Finance 2."
    )
    assert "1 other dimension is contested too." in sentence


def test_agreement_below_the_threshold_is_said_so():
    sentence = widest_disagreement(judgements([("Tenants", "Equity", 7), ("Finance", "Equity", 5)]))
    assert sentence == (
        "Stakeholders broadly agree: no dimension's judgements span 4 points or more. "
        "The widest gap is on Equity: Tenants score it 7, Finance 5."
    )
    single = widest_disagreement(judgements([("Tenants", "Equity", 7)]))
    assert single.startswith("No dimension has been judged by two or more stakeholders yet")


def test_top_priorities_and_the_whole_paragraph():
    weight_rows = weights(
        ranked("Finance", [0.5, 0.2, 0.3])
        + ranked("Tenants", [0.2, 0.5, 0.3])
        + ranked("Staff", [0.2, 0.4, 0.4])
    )
    assert top_priorities(weight_rows).to_dict() == {
        "Finance": "Efficiency",
        "Tenants": "Equity",
        "Staff": "Equity and Probity",
    }
    paragraph = perspectives_summary(
        judgements([("Tenants", "Equity", 8), ("Finance", "Equity", 3)]),
        weight_rows,
        kendalls_w(weight_rows),
    )
    assert paragraph.startswith("Stakeholders disagree most about Equity: Tenants score it 8")
    assert (
        "Finance give most weight to Efficiency; Tenants to Equity; Staff to Equity and Probity."
        in paragraph
    )
    assert "Their rankings of the dimensions show" in paragraph


def test_groups_sharing_a_priority_are_named_together():
    weight_rows = weights(ranked("Finance", [0.5, 0.2, 0.3]) + ranked("Tenants", [0.6, 0.2, 0.2]))
    paragraph = perspectives_summary(judgements([]), weight_rows, kendalls_w(weight_rows))
    assert paragraph.startswith("No stakeholder has judged a dimension yet.")
    assert "Finance and Tenants give most weight to Efficiency." in paragraph
