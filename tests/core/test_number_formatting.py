"""core.formatting's plain_number and money, which the templates use as filters
({% load numbers %}: microsystems/templatetags/numbers.py registers them as they are)."""

from decimal import Decimal

import pytest

from core.formatting import money, plain_number


@pytest.mark.parametrize(
    "value, places, expected",
    [
        (Decimal("1.50"), 2, "1.5"),
        (Decimal("10.00"), 2, "10"),
        (Decimal("1234.567"), 2, "1,234.57"),
        (209.6, 0, "210"),
        (float("nan"), 2, "—"),
        (None, 2, "—"),
        (Decimal("-0.001"), 2, "0"),
    ],
)
def test_plain_number(value, places, expected):
    assert plain_number(value, places) == expected


@pytest.mark.parametrize(
    "value, places, expected",
    [(Decimal("5040"), 0, "£5,040"), (18.5, 2, "£18.50"), (-1380.4, 0, "-£1,380"), (None, 0, "—")],
)
def test_money(value, places, expected):
    assert money(value, places) == expected
