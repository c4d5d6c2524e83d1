"""core.formatting: one rounding rule for every number on a page, halves up (issue 13
item 3). Before, "5.25" showed as 5.3 as a score and 5.2 as a number, and 12.5% as 12%
on one page and 13% on another."""

from decimal import Decimal

import pytest

from core.formatting import fixed, hours, money, percent, plain_number, round_half_up, volume


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (5.25, 1, Decimal("5.3")),  # Python's round(5.25, 1) and f"{5.25:.1f}": 5.2
        (12.5, 0, Decimal("13")),  # round(12.5): 12
        (0.5, 0, Decimal("1")),
        (2.675, 2, Decimal("2.68")),  # as written: binary floating point holds 2.67499...
        (-2.5, 0, Decimal("-3")),  # away from zero, so a loss reads like a gain
        (Decimal("18.125"), 2, Decimal("18.13")),
        (None, 0, None),
        (float("nan"), 0, None),
    ],
)
def test_halves_round_up(value, places, expected):
    assert round_half_up(value, places) == expected


def test_every_format_rounds_halves_up():
    assert plain_number(5.25, 1) == "5.3"
    assert plain_number(18.125) == "18.13"
    assert fixed(1234.5, 0) == "1,235"
    assert fixed(-0.4, 0) == "0"  # no "-0"
    assert hours(2.25) == "2.3"
    assert volume(1182.25) == "1,182.3"
    assert percent(0.125) == "13%"
    assert money(2.5) == "£3"
    import numpy as np

    assert fixed(np.float64(900.0), 0) == "900" and plain_number(np.float32(5.25), 1) == "5.3"


def test_the_pages_words_use_the_same_rule():
    from microsystems.reports.demand_text import _pct
    from valuation.reports.account_text import number, score, share_text

    # The same 5.25 as a score and as a number; the same 12.5% in every sentence.
    assert score(5.25) == number(5.25, 1) == "5.3"
    assert _pct(12.5) == percent(0.125) == "13%"
    assert share_text(0.12345) == "12.3%"
