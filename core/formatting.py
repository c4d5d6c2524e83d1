"""Numbers as people read them on a page: £1,480, 12.5 hours, 13%, a dash when unknown.

One rounding rule everywhere: halves round up, away from zero (5.25 -> 5.3, 12.5% ->
13%, -2.5 -> -3), as people expect, on the number as written (2.675 -> 2.68, never
the 2.67 that binary floating point gives). Python's round() and format() round
halves to even, so nothing on a page rounds with them: it comes through here.

One place for the web layer's formats, used by the reports and by the template
filters in templatetags/numbers.py. (Selectors and the pure analysis modules
format nothing: tests/test_architecture.py.)
"""

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NO_VALUE = "—"


def _decimal(value) -> Decimal | None:
    """The value as a Decimal, or None when it is missing or not a number."""
    if value is None or value == "":
        return None
    if hasattr(value, "item") and not isinstance(value, Decimal):
        # A numpy scalar: its repr is "np.float64(900.0)", so read the Python number.
        value = value.item()
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return None if number.is_nan() else number


def round_half_up(value, places: int = 0) -> Decimal | None:
    """The value rounded to `places` decimals, halves away from zero; None when missing."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return None
    return number.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def fixed(value, places: int = 0) -> str:
    """Exactly `places` decimals with thousands separators, halves up: 1,234.50, 13."""
    rounded = round_half_up(value, places)
    if rounded is None:
        return NO_VALUE
    text = f"{rounded:,.{int(places)}f}"
    return text[1:] if text.startswith("-") and not rounded else text


def money(value, places: int = 0) -> str:
    """Pounds with thousands separators, halves rounded up: £1,480, £4.50, -£1,380."""
    number = _decimal(value)
    if number is None:
        return NO_VALUE
    rounded = abs(number).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 and rounded else ""
    return f"{sign}£{rounded:,}"


def plain_number(value, places: int = 2) -> str:
    """Thousands separators, at most `places` decimals, no trailing zeros: 1.5, 1,234.57."""
    text = _plain_number_fast(value, places) if type(places) is int else None
    return _plain_number_exact(value, places) if text is None else text


# Below this size a float's repr is plain digits (no exponent), and it and any int
# round and print within Decimal's default 28 digits: the fast path stays exact.
_FAST_LIMIT = 10**15


def _plain_number_fast(value, places: int) -> str | None:
    """plain_number of a plain int or float, by rounding the digits of its repr in
    integers: the same text as the Decimal path (tests/core/test_formatting.py
    compares them), at a tenth of the cost, for pages with thousands of numbers.
    None for anything else (numpy scalars, Decimals, NaN, huge or tiny numbers)."""
    kind = type(value)
    if kind is int:
        return f"{value:,}" if -_FAST_LIMIT < value < _FAST_LIMIT else None
    if kind is not float or not -_FAST_LIMIT < value < _FAST_LIMIT or places < 0:
        return None  # NaN fails the comparison too
    text = repr(value)
    if "e" in text:
        return None
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").partition(".")
    # The magnitude in units of 10**-places, halves rounded up (away from zero).
    scaled = int(whole + fraction[:places].ljust(places, "0"))
    if len(fraction) > places and fraction[places] >= "5":
        scaled += 1
    if not scaled:
        return "0"
    integer, decimals = divmod(scaled, 10**places)
    text = f"{integer:,}"
    if decimals:
        text = f"{text}.{str(decimals).rjust(places, '0').rstrip('0')}"
    return f"-{text}" if negative else text


def _plain_number_exact(value, places: int = 2) -> str:
    """plain_number through Decimal: any value."""
    number = _decimal(value)
    if number is None:
        # Not a number at all (a stray label) is shown as it is; missing is a dash.
        missing = value in (None, "") or (isinstance(value, float) and math.isnan(value))
        return NO_VALUE if missing else str(value)
    text = fixed(number, places)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def hours(value) -> str:
    """Staff hours to one decimal place: 1,234.5."""
    return fixed(value, 1)


# Below this magnitude every whole float is exact, and every int fits the Decimal
# context's 28 digits, so int() and Python's own "," give the Decimal path's text.
_EXACT_WHOLE = 2**53


def volume(value) -> str:
    """A count or a mean count: whole when whole (1,200), else one decimal (1,183.3)."""
    if hasattr(value, "item") and not isinstance(value, Decimal):
        value = value.item()  # a numpy scalar, as _decimal reads it
    # A whole number, the most of a page's tables (thousands of cells), written
    # without the Decimal round trip: the same text (tests/core/test_formatting.py).
    kind = type(value)
    if (
        kind is int or (kind is float and value.is_integer())
    ) and -_EXACT_WHOLE < value < _EXACT_WHOLE:
        return f"{int(value):,}"
    number = _decimal(value)
    if number is None:
        return NO_VALUE
    return fixed(number, 0) if number == number.to_integral_value() else fixed(number, 1)


def volumes(values: list) -> list[str]:
    """`volume` of each value of a column at once (plain floats, as ndarray.tolist
    gives them, or anything `volume` takes): the same text, with the plain floats
    of a page's tables (thousands of cells) written without a call per cell.
    A fraction's one decimal is `plain_number`'s integer rounding of its repr,
    halves up like the Decimal path (tests/core/test_formatting.py compares them);
    one that rounds to a whole number ("3.0") goes through `volume`."""
    texts = []
    for value in values:
        if type(value) is float and -_EXACT_WHOLE < value < _EXACT_WHOLE:  # not NaN
            if value.is_integer():
                texts.append(f"{int(value):,}")
                continue
            text = _plain_number_fast(value, 1)
            if text is not None and "." in text:
                texts.append(text)
                continue
        texts.append(volume(value))
    return texts


def percent(share) -> str:
    """A share between 0 and 1 as a whole percentage: 0.1376 -> 14%."""
    number = _decimal(share)
    return NO_VALUE if number is None else f"{fixed(number * 100, 0)}%"


CURRENCY_UNITS = ("£", "$", "€")


def attach_unit(number: str, unit: str) -> str:
    """An already formatted number with its unit as people read it: £48, 85%, 11.5 days.

    Units are named in the plural ("days"), so one of them drops the "s": 1 day.
    """
    if number == NO_VALUE or not unit:
        return number
    if unit in CURRENCY_UNITS:
        return f"-{unit}{number[1:]}" if number.startswith("-") else f"{unit}{number}"
    if unit == "%":
        return f"{number}%"
    if number == "1" and len(unit) > 2 and unit.endswith("s") and not unit.endswith("ss"):
        unit = unit[:-1]
    return f"{number} {unit}"


def plural(count: int, one: str = "", many: str = "s") -> str:
    """The ending for `count` of something: "s" unless there is exactly one."""
    return one if count == 1 else many
