"""Measurements as period data: their spec, the value parser and the messages about their cells.

    measure,period_start,value,note
    days-to-repair,2026-03-01,11.5,Two operatives off sick

CSV (UTF-8) or Excel .xlsx; `note` is optional. The measure is named by its
code. The pipeline (reading the file, checking rows, writing, the grid) is
microsystems.period_data; this module adds what differs for measurements: the
columns, decimal values that may be negative, the note, and measures that take
no new values (retired, or not used by the microsystem).

Pure Python: no database. Messages are module constants, so the tests check the
exact wording users see.
"""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from core.tabular_files import FILE_EMPTY as EMPTY_FILE
from core.tabular_files import unescape_formula
from microsystems.period_data.rows import CELL_MESSAGE as CELL_MESSAGE

# Re-exported: the row messages that every kind of period data shares.
from microsystems.period_data.rows import HEADER_REPEATED as HEADER_REPEATED
from microsystems.period_data.rows import HEADER_SEMICOLONS as HEADER_SEMICOLONS
from microsystems.period_data.rows import ROW_MESSAGE as ROW_MESSAGE
from microsystems.period_data.rows import (
    CellProblem,
    ValidatedRows,
    shown,
)
from microsystems.period_data.rows import RowValue as RowValue
from microsystems.period_data.rows import validate_rows as validate_period_rows
from microsystems.period_data.spec import PeriodDataSpec

REQUIRED_COLUMNS = ("measure", "period_start", "value")
NOTE_COLUMN = "note"
COLUMNS = (*REQUIRED_COLUMNS, NOTE_COLUMN)

# The model's DecimalField(max_digits=14, decimal_places=4).
DECIMAL_PLACES = 4
MAX_ABS_VALUE = Decimal("9999999999.9999")
QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
NOTE_MAX_LENGTH = 300
_TOO_LARGE = Decimal(10) ** (14 - DECIMAL_PLACES)
_ZERO = Decimal(0).quantize(QUANTUM)

MEASURE_MISSING = "the measure code is empty"
MEASURE_UNKNOWN = (
    "“{value}” is not the code of any measure; the measurements page lists the codes this "
    "microsystem uses"
)
MEASURE_AMBIGUOUS = (
    "“{value}” matches more than one measure code when capitals are ignored ({codes}); ask an "
    "administrator to rename one of them"
)
MEASURE_NOT_USED = (
    "“{value}” ({name}) is not one of the measures this microsystem uses; an administrator "
    "decides which microsystems use each measure"
)
MEASURE_RETIRED = (
    "“{value}” ({name}) is retired, so it takes no new or changed values; an administrator "
    "can restore it"
)
VALUE_MISSING = "the value is empty; enter a number such as 12.5, or leave the row out"
VALUE_NOT_A_NUMBER = (
    "“{value}” is not a number; use digits with a full stop for decimals, such as 12.5 or -3, "
    "without units or a % sign"
)
VALUE_TOO_LARGE = (
    "{value} is too large; a value lies between -9,999,999,999.9999 and 9,999,999,999.9999"
)
NOTE_TOO_LONG = "the note is {length:,} characters long; keep it to {limit} or fewer"

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def decimal_text(value: Decimal | int | float | None) -> str:
    """A value as plain digits, without exponent or trailing zeros: 12.5, -3, 0.0125."""
    if value is None:
        return ""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def parse_value(value: Any, *, allow_grouping: bool = False) -> Decimal:
    """A number from a cell (text, int or float), kept to 4 decimal places, or CellProblem.

    Values may be negative (a budget variance) and decimal (days, £, %).
    `allow_grouping` accepts thousands separators ("1,234.5"), as people type
    them into the grid; files keep to plain digits so a CSV comma is never
    mistaken for one.
    """
    if type(value) is str and not allow_grouping:
        # The common case in a CSV, checked first: 100,000 rows pass through here.
        text = value.strip()
        if _NUMBER.fullmatch(text):
            return _stored(Decimal(text))
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellProblem(VALUE_MISSING)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise CellProblem(VALUE_NOT_A_NUMBER.format(value=shown(value)))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellProblem(VALUE_NOT_A_NUMBER.format(value=shown(value)))
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if allow_grouping and _GROUPED.fullmatch(text):
            text = text.replace(",", "")
        if not _NUMBER.fullmatch(text):
            raise CellProblem(VALUE_NOT_A_NUMBER.format(value=shown(text)))
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            raise CellProblem(VALUE_NOT_A_NUMBER.format(value=shown(text))) from None
    else:
        number = Decimal(value)
    return _stored(number)


def _stored(number: Decimal) -> Decimal:
    """The number as the database keeps it (4 places, half up), or CellProblem if too large."""
    # Bounded before rounding too: quantize() fails on numbers of more than 28 digits.
    rounded = None if abs(number) >= _TOO_LARGE else number.quantize(QUANTUM, ROUND_HALF_UP)
    if rounded is None or abs(rounded) > MAX_ABS_VALUE:
        raise CellProblem(VALUE_TOO_LARGE.format(value=shown(decimal_text(number))))
    return _ZERO if rounded.is_zero() else rounded


def parse_note(value: Any) -> str:
    if value is None or value == "":
        return ""
    text = unescape_formula(str(value).strip())
    if len(text) > NOTE_MAX_LENGTH:
        raise CellProblem(NOTE_TOO_LONG.format(length=len(text), limit=NOTE_MAX_LENGTH))
    return text


@dataclass(frozen=True)
class MeasureChoice:
    """What the file check needs to know about one measure, for one microsystem."""

    id: int
    code: str
    name: str
    # None when the microsystem may record values; otherwise the problem (retired,
    # not used here), which only a row that changes nothing escapes.
    refusal: str | None = None


def measure_lookup(measures: Iterable[MeasureChoice]) -> dict[str, MeasureChoice | tuple[str, ...]]:
    """Case-insensitive code -> measure; codes that fold to the same text map to all of them."""
    lookup: dict[str, MeasureChoice | tuple[str, ...]] = {}
    codes: dict[str, list[str]] = {}
    for measure in measures:
        key = measure.code.strip().casefold()
        codes.setdefault(key, []).append(measure.code)
        lookup[key] = measure if len(codes[key]) == 1 else tuple(sorted(codes[key]))
    return lookup


def _xlsx_number(value: Decimal) -> int | float:
    # A real number cell, so a spreadsheet can calculate with it. 14 significant
    # digits survive a float exactly, and the import rounds back to 4 places.
    return int(value) if value == value.to_integral_value() else float(value)


def validate_rows(
    rows: list[tuple[int, tuple[Any, ...]]],
    *,
    lookup: dict[str, MeasureChoice | tuple[str, ...]],
    granularity: str,
    frozen: dict[tuple[int, date], tuple[Decimal, str]] | None = None,
) -> ValidatedRows:
    """The period-data row checks with the measurements spec; duplicates named by code.

    `frozen` holds the saved values of measures this microsystem may no longer
    change (retired, or no longer used here): a row for one of them is refused
    unless it repeats the saved value exactly.
    """
    codes = {found.id: found.code for found in lookup.values() if isinstance(found, MeasureChoice)}
    return validate_period_rows(
        MEASUREMENTS, rows, lookup=lookup, key_names=codes, granularity=granularity, frozen=frozen
    )


MEASUREMENTS = PeriodDataSpec(
    kind="measurements",
    key_column="measure",
    key_noun="measure",
    value_column="value",
    parse_value=parse_value,
    value_text=decimal_text,
    value_cell=_xlsx_number,
    key_missing=MEASURE_MISSING,
    key_unknown=MEASURE_UNKNOWN,
    key_ambiguous=MEASURE_AMBIGUOUS,
    sheet_title="Measurements",
    note_column=NOTE_COLUMN,
    parse_note=parse_note,
    headers_listed="measure, period_start, value (and, if you wish, note)",
)
HEADERS_EXPECTED = MEASUREMENTS.headers_expected
HEADER_MISSING = MEASUREMENTS.header_missing
HEADER_UNEXPECTED = MEASUREMENTS.header_unexpected
NO_DATA_ROWS = MEASUREMENTS.no_data_rows
DUPLICATE_ROW = MEASUREMENTS.duplicate_row
FILE_EMPTY = EMPTY_FILE.format(headers=MEASUREMENTS.headers_text)
