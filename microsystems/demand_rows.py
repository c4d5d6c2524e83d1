"""Checking the rows of a demand file, and the messages that say what is wrong.

Pure Python: takes the cells read by microsystems.demand_files and a lookup of
the microsystem's demand types, returns the valid values or every problem found.
Messages name the row (as a spreadsheet numbers it: headers are row 1) and the
column ("column C (volume)"), and say what a valid value looks like. They are
module constants so that tests check the exact wording users see.
"""

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from microsystems import periods
from microsystems.demand_files import COLUMNS, unescape_formula

# The largest value a PositiveIntegerField holds on every supported database.
MAX_VOLUME = 2_147_483_647
MAX_ERRORS_SHOWN = 20

CELL_MESSAGE = "Row {row}, column {column}: {problem}."
ROW_MESSAGE = "Row {row}: {problem}."
MORE_ERRORS = "… and {count:,} more."

HEADERS_EXPECTED = "the first row must be the headers demand_type, period_start, volume"
HEADER_MISSING = "the column “{column}” is missing; " + HEADERS_EXPECTED
HEADER_UNEXPECTED = "“{value}” is not a column of this file; " + HEADERS_EXPECTED
HEADER_REPEATED = "the column “{value}” appears more than once"
HEADER_SEMICOLONS = (
    "the columns seem to be separated by semicolons; save the file as "
    "“CSV UTF-8 (Comma delimited)”, which uses commas"
)
NO_DATA_ROWS = (
    "The file has headers but no data rows. Add one row per demand type and period "
    "below the headers."
)

TYPE_MISSING = "the demand type is empty"
TYPE_UNKNOWN = (
    "“{value}” is not a demand type of this microsystem; check the spelling, or add the "
    "demand type first"
)
TYPE_AMBIGUOUS = (
    "“{value}” matches more than one demand type when capitals are ignored ({names}); "
    "rename one of them"
)
DATE_MISSING = "the date is empty; write it as YYYY-MM-DD, such as {example}"
DATE_UNPARSEABLE = "“{value}” is not a date; write it as YYYY-MM-DD, such as {example}"
VOLUME_MISSING = "the volume is empty; enter a whole number, 0 or more"
VOLUME_NOT_A_NUMBER = "“{value}” is not a number; enter a whole number, 0 or more"
VOLUME_FRACTIONAL = "{value} is not a whole number; volumes are counts, such as 12"
VOLUME_NEGATIVE = "{value} is negative; volumes are 0 or more"
VOLUME_TOO_LARGE = "{value} is more than the largest volume allowed, {limit:,}"
DUPLICATE_ROW = (
    "Row {row}, columns {columns}: “{demand_type}” for {period} is also in row {first_row}; "
    "keep one row per demand type and period."
)

_WHOLE = re.compile(r"[+-]?\d+(\.0*)?")
_DECIMAL = re.compile(r"[+-]?(\d+\.\d*|\.\d+)")
_GROUPED = re.compile(r"\d{1,3}([,\s]\d{3})+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHOWN_VALUE_LENGTH = 40


class CellProblem(ValueError):
    """A value that cannot be used; `problem` is a lower-case clause for a message."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


def shown(value: Any) -> str:
    """A cell value as a message quotes it, cut short so one cell cannot flood the page."""
    text = value.isoformat(sep=" ") if isinstance(value, datetime) else str(value).strip()
    if len(text) > _SHOWN_VALUE_LENGTH:
        return text[: _SHOWN_VALUE_LENGTH - 1] + "…"
    return text


def parse_volume(value: Any, *, allow_grouping: bool = False) -> int:
    """A whole number from 0 to MAX_VOLUME from a cell (text, int or float), or CellProblem.

    `allow_grouping` accepts thousands separators ("1,234"), as people type
    them into the grid; files keep to plain digits so a CSV comma is never
    mistaken for one.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellProblem(VOLUME_MISSING)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CellProblem(VOLUME_NOT_A_NUMBER.format(value=shown(value)))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellProblem(VOLUME_NOT_A_NUMBER.format(value=shown(value)))
        if value < 0:
            raise CellProblem(VOLUME_NEGATIVE.format(value=shown(value)))
        if not value.is_integer():
            raise CellProblem(VOLUME_FRACTIONAL.format(value=shown(value)))
        value = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if allow_grouping and _GROUPED.fullmatch(text):
            text = re.sub(r"[,\s]", "", text)
        if _WHOLE.fullmatch(text):
            value = _whole_number(text)
        elif _DECIMAL.fullmatch(text):
            problem = VOLUME_NEGATIVE if text.startswith("-") else VOLUME_FRACTIONAL
            raise CellProblem(problem.format(value=shown(text)))
        else:
            raise CellProblem(VOLUME_NOT_A_NUMBER.format(value=shown(text)))
    if value < 0:
        raise CellProblem(VOLUME_NEGATIVE.format(value=shown(value)))
    if value > MAX_VOLUME:
        raise CellProblem(VOLUME_TOO_LARGE.format(value=shown(value), limit=MAX_VOLUME))
    return value


def _whole_number(text: str) -> int:
    """The value of a text _WHOLE matches ("12", "-3", "+7", "12.000"), or CellProblem if
    it has more digits than any volume.

    Counted before converting: int() refuses a text of more than 4,300 digits, and a
    float turns anything past 1e308 into infinity, which int() refuses too.
    """
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("+-").split(".", 1)[0]
    # Leading zeros, in any script's digits (\d matches them, and int() reads them).
    first = 0
    while first < len(digits) - 1 and unicodedata.decimal(digits[first]) == 0:
        first += 1
    digits = digits[first:]
    if len(digits) > len(str(MAX_VOLUME)):
        problem = VOLUME_NEGATIVE if sign else VOLUME_TOO_LARGE
        raise CellProblem(problem.format(value=shown(text), limit=MAX_VOLUME))
    return int(sign + digits)


def parse_period_start(value: Any, granularity: str) -> date:
    """A period start from an ISO text or an Excel date cell, or CellProblem saying why not.

    Shared by the demand and measurement files; a date outside the window of
    periods.FIRST_DAY to LAST_DAY is refused like any other bad date.
    """
    example = periods.period_start_for(date.today(), granularity).isoformat()
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellProblem(DATE_MISSING.format(example=example))
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        day = value.date()
    elif isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:  # a well-formed but impossible date, such as 2026-02-30
            raise CellProblem(
                DATE_UNPARSEABLE.format(value=shown(value), example=example)
            ) from None
    else:
        raise CellProblem(DATE_UNPARSEABLE.format(value=shown(value), example=example))
    if not periods.within_window(day):
        raise CellProblem(periods.outside_window_message(day))
    if not periods.is_period_start(day, granularity):
        raise CellProblem(periods.not_a_period_start_message(day, granularity))
    return day


def demand_type_lookup(types: Iterable[tuple[int, str]]) -> dict[str, int | tuple[str, ...]]:
    """Case-insensitive name -> demand type id; names that differ only in case map to all names.

    The database refuses names that differ only in capitals (SQL LOWER), but
    Python's casefold goes further (German ß matches ss), so two stored names
    can still fold to one; a file naming either is then ambiguous.
    """
    lookup: dict[str, int | tuple[str, ...]] = {}
    names: dict[str, list[str]] = {}
    for type_id, name in types:
        key = name.strip().casefold()
        names.setdefault(key, []).append(name)
        lookup[key] = type_id if len(names[key]) == 1 else tuple(sorted(names[key]))
    return lookup


@dataclass
class ErrorList:
    """The first MAX_ERRORS_SHOWN messages, and how many there were in all."""

    shown: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.shown) < MAX_ERRORS_SHOWN:
            self.shown.append(message)

    @property
    def messages(self) -> list[str]:
        hidden = self.count - len(self.shown)
        return self.shown + ([MORE_ERRORS.format(count=hidden)] if hidden else [])

    def __bool__(self) -> bool:
        return self.count > 0


@dataclass
class ValidatedRows:
    """(demand_type_id, period_start) -> (volume, row number), plus every problem found."""

    values: dict[tuple[int, date], tuple[int, int]]
    errors: ErrorList


def column_label(index: int, header: str) -> str:
    """A spreadsheet column as people name it: "C (volume)" for the third."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"{letters} ({header})"


def header_positions(
    row_number: int,
    cells: tuple[Any, ...],
    errors: ErrorList,
    *,
    columns: Iterable[str] = COLUMNS,
    required: Iterable[str] | None = None,
    missing: str = HEADER_MISSING,
    unexpected: str = HEADER_UNEXPECTED,
) -> dict[str, int]:
    """Column name -> position in the row, reporting any unexpected, repeated or missing one.

    `columns` are the headers a file may have; `required` those it must have (all of
    `columns` unless given); `missing` and `unexpected` the messages naming them.
    Shared with the measurement files (valuation).
    """
    names = [("" if cell is None else str(cell)).strip().lower() for cell in cells]
    if len(names) == 1 and ";" in names[0]:
        errors.add(ROW_MESSAGE.format(row=row_number, problem=HEADER_SEMICOLONS))
        return {}
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue  # Excel often carries empty cells after the last header
        column = column_label(index, name)
        if name not in columns:
            problem = unexpected.format(value=shown(cells[index]))
            errors.add(CELL_MESSAGE.format(row=row_number, column=column, problem=problem))
        elif name in positions:
            problem = HEADER_REPEATED.format(value=name)
            errors.add(CELL_MESSAGE.format(row=row_number, column=column, problem=problem))
        else:
            positions[name] = index
    for name in columns if required is None else required:
        if name not in positions:
            problem = missing.format(column=name)
            errors.add(ROW_MESSAGE.format(row=row_number, problem=problem))
    return positions


def validate_rows(
    rows: list[tuple[int, tuple[Any, ...]]],
    *,
    type_lookup: dict[str, int | tuple[str, ...]],
    type_names: dict[int, str],
    granularity: str,
) -> ValidatedRows:
    """Check every row (the first is the headers); never stops at the first problem."""
    errors = ErrorList()
    values: dict[tuple[int, date], tuple[int, int]] = {}
    header_row, header_cells = rows[0]
    positions = header_positions(header_row, header_cells, errors)
    if errors:
        return ValidatedRows(values=values, errors=errors)
    if len(rows) == 1:
        errors.add(NO_DATA_ROWS)
        return ValidatedRows(values=values, errors=errors)

    type_at, date_at, volume_at = (positions[name] for name in COLUMNS)
    labels = [column_label(positions[name], name) for name in COLUMNS]
    width = max(positions.values()) + 1
    # A file has few distinct dates and many rows: check each date once.
    dates_seen: dict[Any, date | CellProblem] = {}
    for row_number, row_cells in rows[1:]:
        cells = row_cells if len(row_cells) >= width else (*row_cells, *[None] * width)
        problems: list[tuple[str, str]] = []

        type_id = None
        raw_name = cells[type_at]
        name = "" if raw_name is None else unescape_formula(str(raw_name).strip())
        if not name:
            problems.append((labels[0], TYPE_MISSING))
        else:
            found = type_lookup.get(name.casefold())
            if found is None:
                problems.append((labels[0], TYPE_UNKNOWN.format(value=shown(name))))
            elif isinstance(found, tuple):
                problem = TYPE_AMBIGUOUS.format(value=shown(name), names=", ".join(found))
                problems.append((labels[0], problem))
            else:
                type_id = found

        raw_date = cells[date_at]
        cache_key = raw_date.strip() if isinstance(raw_date, str) else raw_date
        period_start = dates_seen.get(cache_key)
        if period_start is None:
            try:
                period_start = parse_period_start(raw_date, granularity)
            except CellProblem as problem:
                period_start = problem
            dates_seen[cache_key] = period_start
        if isinstance(period_start, CellProblem):
            problems.append((labels[1], period_start.problem))

        try:
            volume = parse_volume(cells[volume_at])
        except CellProblem as problem:
            problems.append((labels[2], problem.problem))

        for column, problem in problems:
            errors.add(CELL_MESSAGE.format(row=row_number, column=column, problem=problem))
        if problems:
            continue
        key = (type_id, period_start)
        if key in values:
            errors.add(
                DUPLICATE_ROW.format(
                    row=row_number,
                    columns=f"{labels[0]} and {labels[1]}",
                    demand_type=type_names[type_id],
                    period=period_start.isoformat(),
                    first_row=values[key][1],
                )
            )
            continue
        values[key] = (volume, row_number)
    return ValidatedRows(values=values, errors=errors)
