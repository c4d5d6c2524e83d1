"""Numbers as people read them on a page: £1,480, 12.5 hours, 13%, a dash when unknown.

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
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return None if number.is_nan() else number


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
    number = _decimal(value)
    if number is None:
        # Not a number at all (a stray label) is shown as it is; missing is a dash.
        missing = value in (None, "") or (isinstance(value, float) and math.isnan(value))
        return NO_VALUE if missing else str(value)
    text = f"{number:,.{int(places)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def hours(value) -> str:
    """Staff hours to one decimal place: 1,234.5."""
    number = _decimal(value)
    return NO_VALUE if number is None else f"{number:,.1f}"


def volume(value) -> str:
    """A count or a mean count: whole when whole (1,200), else one decimal (1,183.3)."""
    number = _decimal(value)
    if number is None:
        return NO_VALUE
    return f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.1f}"


def percent(share) -> str:
    """A share between 0 and 1 as a whole percentage: 0.1376 -> 14%."""
    number = _decimal(share)
    return NO_VALUE if number is None else f"{number * 100:.0f}%"


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
