"""Number formats for people: 1,234.5 not 1234.50; £1,235 for money."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def plain_number(value, places: int = 2) -> str:
    """Thousands separators, at most `places` decimals, no trailing zeros."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return "—" if value in (None, "") else str(value)
    if number.is_nan():
        return "—"
    text = f"{number:,.{int(places)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


@register.filter
def money(value, places: int = 0) -> str:
    """Pounds with thousands separators; a dash when unknown."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return "—"
    if number.is_nan():
        return "—"
    sign = "-" if number < 0 else ""
    return f"{sign}£{abs(number):,.{int(places)}f}"
