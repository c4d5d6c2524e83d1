"""Kendall's W, the widest gap and each stakeholder's priorities, against numbers worked out
by hand (their words: tests/valuation/test_perspectives_report.py)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valuation.analysis.agreement import (
    WidestGap,
    _snapped,
    dimension_ranks,
    judgement_spread,
    kendalls_w,
    most_weighted,
    tied_weights,
    wide_weights,
    widest_gap,
)
from valuation.reports.perspectives import (
    AGREEMENT_ALL_TIED,
    AGREEMENT_MISSING,
    agreement_in_words,
)


def weights(rows):
    return pd.DataFrame(rows, columns=["stakeholder", "dimension", "weight"])


def judgements(rows):
    return pd.DataFrame(rows, columns=["stakeholder", "dimension", "score"])


def ranked(stakeholder, values, dimensions=("Efficiency", "Equity", "Probity")):
    return [(stakeholder, d, v) for d, v in zip(dimensions, values, strict=True)]


def test_identical_rankings_give_w_of_one():
    agreement = agreement_in_words(
        kendalls_w(
            weights(
                ranked("Funders", [0.5, 0.3, 0.2])
                + ranked("Tenants", [0.6, 0.3, 0.1])
                + ranked("Staff", [0.4, 0.35, 0.25])
            )
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
    agreement = agreement_in_words(kendalls_w(weights(rows)))
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
    agreement = agreement_in_words(kendalls_w(weights(rows)))
    assert agreement.w == pytest.approx(0.0)
    assert agreement.reading == "weak agreement"


def test_w_is_missing_never_nan_without_two_stakeholders_and_two_dimensions():
    for rows in [
        [],
        ranked("Funders", [0.5, 0.3, 0.2]),
        [("Funders", "Equity", 1.0), ("Tenants", "Equity", 1.0)],
    ]:
        agreement = agreement_in_words(kendalls_w(weights(rows)))
        assert agreement.w is None
        assert agreement.sentence == AGREEMENT_MISSING


def test_w_is_missing_when_every_ranking_is_a_complete_tie():
    rows = [
        (stakeholder, dimension, 0.5)
        for stakeholder in ("Funders", "Tenants")
        for dimension in ("Efficiency", "Equity")
    ]
    assert kendalls_w(weights(rows)).all_tied
    agreement = agreement_in_words(kendalls_w(weights(rows)))
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


def test_the_widest_gap_names_everyone_at_the_top_and_the_bottom():
    gap = widest_gap(
        judgements(
            [
                ("Tenants", "Efficiency", 6),
                ("Finance", "Efficiency", 5),
                ("Tenants", "Equity", 9),
                ("Staff", "Equity", 9),
                ("Finance", "Equity", 2),
                ("Tenants", "Probity", 9),
                ("Finance", "Probity", 4),
            ]
        )
    )
    # Ranges: Efficiency 1, Equity 7, Probity 5; Equity and Probity are contested (4 or more).
    assert gap == WidestGap("Equity", 9.0, 2.0, ["Tenants", "Staff"], ["Finance"], contested=2)
    assert gap.range == 7.0
    # The first listed wins a tie; a dimension judged once is not compared.
    tied = widest_gap(judgements([("A", "Equity", 5), ("B", "Equity", 7), ("A", "Probity", 8),
                                  ("B", "Probity", 6), ("A", "Openness", 0)]))  # fmt: skip
    assert (tied.dimension, tied.range, tied.contested) == ("Equity", 2.0, 0)
    assert widest_gap(judgements([("Tenants", "Equity", 7)])) is None
    assert widest_gap(judgements([])) is None


def test_most_weighted_lists_every_dimension_sharing_the_top_weight():
    weight_rows = weights(ranked("Finance", [0.5, 0.2, 0.3]) + ranked("Staff", [0.2, 0.4, 0.4]))
    assert most_weighted(weight_rows).to_dict() == {
        "Finance": ["Efficiency"],
        "Staff": ["Equity", "Probity"],
    }
    assert most_weighted(weights([])).empty


# --- issue 13 item 2: weights equal within storage precision are ties ---------------------

# "Equally" on every question, as stored before the fix (remainder on the first) and after.
OLD_THIRDS = [0.333334, 0.333333, 0.333333]
NEW_THIRDS = [0.333333, 0.333333, 0.333333]


@pytest.mark.parametrize("thirds", [OLD_THIRDS, NEW_THIRDS])
def test_equal_weights_in_storage_are_tied_everywhere(thirds):
    five = weights([row for name in "ABCDE" for row in ranked(name, thirds)])
    # Every ranking a complete tie: no W, not "1.00: strong agreement".
    assert kendalls_w(five).all_tied
    assert dimension_ranks(five).loc["A"].tolist() == [2.0, 2.0, 2.0]
    assert most_weighted(five).loc["A"] == ["Efficiency", "Equity", "Probity"]


def test_a_near_tie_counts_as_a_tie_in_kendalls_w():
    # A ranks 1, 2, 3; B ties all three (2, 2, 2). Rank sums 3, 4, 5, mean 4, S = 2.
    # Ties: B's three tied give 3^3 - 3 = 24. m = 2, n = 3:
    # W = 12 * 2 / (2^2 * (27 - 3) - 2 * 24) = 24 / 48 = 0.5.
    # (Reading B's 0.333334 as first gave ranks 1, 2.5, 2.5 and W = 78 / 84 = 0.93.)
    rows = weights(ranked("A", [0.5, 0.3, 0.2]) + ranked("B", OLD_THIRDS))
    assert kendalls_w(rows).w == pytest.approx(0.5)


def test_weights_a_real_step_apart_are_not_tied():
    # 0.0001 apart is a hundredth of a percentage point: still a real difference.
    rows = weights(ranked("A", [0.3334, 0.3333, 0.3333]))
    assert most_weighted(rows).loc["A"] == ["Efficiency"]


def test_tied_weights_snaps_chained_near_ties_to_the_largest_with_or_without_gaps():
    # 0.5 and 0.499995 tie, and 0.49999 ties with 0.499995 (a chain), so all three
    # become 0.5; 0.2 stands alone. With a gap (NaN) the same weights snap the same.
    weights = pd.Series([0.2, 0.499995, 0.5, 0.49999], index=list("abcd"))
    assert tied_weights(weights).tolist() == [0.2, 0.5, 0.5, 0.5]
    with_gap = pd.Series([0.2, 0.499995, None, 0.5, 0.49999], index=list("abxcd"))
    assert tied_weights(with_gap).drop("x").tolist() == [0.2, 0.5, 0.5, 0.5]


def test_most_weighted_of_a_stakeholder_with_no_weight_known_is_nothing():
    rows = pd.DataFrame(
        {"stakeholder": ["A", "A", "B"], "dimension": ["Equity", "Probity", "Equity"],
         "weight": [0.6, 0.4, None]}
    )  # fmt: skip
    assert most_weighted(rows).to_dict() == {"A": ["Equity"], "B": []}


# --- the Python paths give what pandas' pivot and groupby gave ------------------------------

WEIGHT_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["Tenants", "Staff", "Finance", "Board"]),
        st.sampled_from(["Equity", "Probity", "Efficiency", "Openness"]),
        st.one_of(st.none(), st.sampled_from([0.0, 0.1, 0.25, 0.333333, 0.333334, 0.5, 1.0])),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(WEIGHT_ROWS)
def test_wide_weights_are_pandas_pivot_of_the_first_known_weight(rows):
    """The same cells as pandas' pivot; in the order of first appearance with a known
    weight (pandas' own order, with unknown weights about, is its own affair: nothing
    reads the order but the tests)."""
    frame = weights(rows).astype({"weight": "float64"})
    pivot = frame.pivot_table(
        index="stakeholder", columns="dimension", values="weight", aggfunc="first", sort=False
    )
    wide = wide_weights(frame)
    known = frame[frame["weight"].notna()]
    assert list(wide.index) == list(dict.fromkeys(known["stakeholder"]))
    assert list(wide.columns) == list(dict.fromkeys(known["dimension"]))
    pd.testing.assert_frame_equal(wide, pivot.reindex(index=wide.index, columns=wide.columns))


def most_weighted_by_groupby(frame: pd.DataFrame) -> dict:
    """Each stakeholder's top dimension(s) through pandas' groupby: the reference."""
    top = {}
    for stakeholder, rows in frame.groupby("stakeholder", sort=False):
        known = rows["weight"].to_numpy(dtype="float64")
        names = rows["dimension"].to_numpy()[~np.isnan(known)]
        snapped = _snapped(known[~np.isnan(known)])
        top[stakeholder] = [str(n) for n in names[snapped == snapped.max()]] if len(snapped) else []
    return top


@settings(max_examples=150, deadline=None)
@given(WEIGHT_ROWS.filter(bool))
def test_most_weighted_is_what_a_groupby_of_each_stakeholder_gives(rows):
    frame = weights(rows).astype({"weight": "float64"})
    result = most_weighted(frame)
    assert list(result.index) == list(most_weighted_by_groupby(frame))
    assert result.to_dict() == most_weighted_by_groupby(frame)


def test_widest_gap_from_a_spread_worked_out_before_is_the_same_gap():
    rows = judgements([("A", "Equity", 2), ("B", "Equity", 9), ("C", "Equity", 9),
                       ("A", "Probity", 5), ("B", "Probity", 6)])  # fmt: skip
    gap = widest_gap(rows, judgement_spread(rows))
    assert gap == widest_gap(rows)
    assert (gap.dimension, gap.highest_by, gap.lowest_by) == ("Equity", ["B", "C"], ["A"])
