"""core.formatting: one rounding rule for every number on a page, halves up (issue 13
item 3). Before, "5.25" showed as 5.3 as a score and 5.2 as a number, and 12.5% as 12%
on one page and 13% on another."""

from decimal import Decimal, InvalidOperation

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.formatting import (
    NO_VALUE,
    _decimal,
    fixed,
    hours,
    money,
    percent,
    plain_number,
    round_half_up,
    volume,
)


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


def _values_to_format() -> list:
    """Plain ints and floats of every size and sign, with halves at each place, and
    what the fast path hands to the Decimal one (numpy scalars, Decimals, NaN, None,
    infinities, huge and tiny numbers, bools, labels)."""
    import random

    import numpy as np

    rng = random.Random(13)
    values: list = [0, -0.0, 0.0, 1, -1, 5.25, -5.25, 2.675, 18.125, 0.5, -0.5, 0.005, -0.005,
                    0.0049, -0.0049, 1234.5, 999.995, -999.995, 999_999.999, 10**15 - 1,
                    -(10**15) + 1, 10**15, 10**20, 1e15, -1e15, 999_999_999_999_999.9,
                    123_456_789_012_345.67, 1e16, 1.5e-5, -1e-7, 2**53, float(2**53),
                    float("nan"), float("inf"), float("-inf"), None, "", "n/a", True, False,
                    Decimal("18.125"), Decimal("-0.005"), Decimal("NaN"), np.float64(900.0),
                    np.float64(-2.5), np.float32(5.25), np.int64(-1234), np.int64(0),
                    np.float64("nan")]  # fmt: skip
    for _ in range(3000):
        magnitude = 10 ** rng.randint(-6, 16)
        value = rng.uniform(-magnitude, magnitude)
        values += [value, round(value, rng.randint(0, 6)), float(int(value)), int(value)]
        # Exact halves at one to five places.
        places = rng.randint(1, 5)
        values.append(
            float(f"{rng.randint(-(10**6), 10**6)}.{rng.randint(0, 10**places - 1):0{places}d}5")
        )
    return values


def test_plain_numbers_fast_path_gives_the_decimal_paths_text():
    from core.formatting import _plain_number_exact

    for value in _values_to_format():
        for places in (0, 1, 2, 3, 4, 6):
            assert plain_number(value, places) == _plain_number_exact(value, places), (
                value,
                places,
            )


# --- volume's whole-number shortcut gives the Decimal path's text -----------------------


def volume_through_decimal(value) -> str:
    """volume as it was before its shortcut for whole numbers: every value through Decimal."""
    number = _decimal(value)
    if number is None:
        return NO_VALUE
    return fixed(number, 0) if number == number.to_integral_value() else fixed(number, 1)


def outcome(format_, value):
    """The text, or the kind of error (beyond 28 digits Decimal refuses to round)."""
    try:
        return format_(value)
    except ArithmeticError as error:
        return type(error)


def assert_same_as_decimal(value):
    assert outcome(volume, value) == outcome(volume_through_decimal, value), value


NEAR_WHOLE = [0.0, -0.0, 0.5, -0.5, 2.5, -2.5, 1e15, -1e15, 1e15 + 0.5, 2.0**53 - 1, 2.0**53,
              -(2.0**53), 2.0**53 + 2, 1e16, 1e22, 1234567.0, 999.95, 1183.25, 1e-7,
              float("nan"), float("inf"), float("-inf")]  # fmt: skip


@pytest.mark.parametrize("value", NEAR_WHOLE)
def test_volume_shortcut_near_its_edges(value):
    assert_same_as_decimal(value)
    assert_same_as_decimal(np.float64(value))


@pytest.mark.parametrize(
    "value", [0, 7, -7, 1_000_000, 2**53 - 1, -(2**53) + 1, 2**53, 10**27, None, "", True, False]
)
def test_volume_shortcut_for_ints_and_others(value):
    assert_same_as_decimal(value)


def test_volume_of_a_count_beyond_decimals_precision_still_refuses():
    # More digits than the Decimal context holds: refused before the shortcut, and still.
    assert outcome(volume_through_decimal, 10**30) is outcome(volume, 10**30)
    assert outcome(volume, 10**30) is InvalidOperation
    assert outcome(volume, 1e28) is outcome(volume_through_decimal, 1e28)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_volume_of_any_float_is_the_decimal_paths(value):
    assert_same_as_decimal(value)
    assert_same_as_decimal(np.float64(value))


@given(st.integers(min_value=-(2**60), max_value=2**60))
def test_volume_of_any_whole_number_is_the_decimal_paths(value):
    assert_same_as_decimal(value)
    assert_same_as_decimal(np.int64(value))
    assert_same_as_decimal(float(value))
    assert_same_as_decimal(value + 0.5)


@given(st.integers(min_value=-(10**7), max_value=10**7), st.integers(0, 9))
def test_volume_of_tenths_is_the_decimal_paths(whole, tenth):
    value = whole + tenth / 10
    assert_same_as_decimal(value)
