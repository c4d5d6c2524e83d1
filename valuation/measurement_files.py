"""The measurement exchange file, and checking its rows.

    measure,period_start,value,note
    days-to-repair,2026-03-01,11.5,Two operatives off sick

CSV (UTF-8) or Excel .xlsx; `note` is optional. The measure is named by its
code. Reading the file (size, type, encoding, blank rows, row numbers as a
spreadsheet shows them) is microsystems.demand_files' job; this module adds
what differs for measurements: the columns, decimal values that may be
negative, and the checks against the measures a microsystem uses.

Pure Python plus openpyxl: no Django, no database. Messages name the row and
the column ("Row 7, column C (value): ...") and are module constants, so the
tests check the exact wording users see.
"""

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell

from microsystems.demand_files import (
    FILE_EMPTY as DEMAND_FILE_EMPTY,
)
from microsystems.demand_files import (
    DemandFileError,
    check_name_and_size,
    escape_formula,
    read_table,
    unescape_formula,
)
from microsystems.demand_rows import (
    CELL_MESSAGE,
    CellProblem,
    ErrorList,
    column_label,
    header_positions,
    parse_period_start,
    shown,
)

# Re-exported: the row messages that demand and measurement files share.
from microsystems.demand_rows import HEADER_REPEATED as HEADER_REPEATED
from microsystems.demand_rows import HEADER_SEMICOLONS as HEADER_SEMICOLONS
from microsystems.demand_rows import ROW_MESSAGE as ROW_MESSAGE

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

HEADERS_EXPECTED = (
    "the first row must be the headers measure, period_start, value (and, if you wish, note)"
)
FILE_EMPTY = (
    "The file is empty. Its first row must be the headers: measure, period_start, value "
    "(and, if you wish, note)."
)
HEADER_MISSING = "the column “{column}” is missing; " + HEADERS_EXPECTED
HEADER_UNEXPECTED = "“{value}” is not a column of this file; " + HEADERS_EXPECTED
NO_DATA_ROWS = (
    "The file has headers but no data rows. Add one row per measure and period below the headers."
)
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
DUPLICATE_ROW = (
    "Row {row}, columns {columns}: “{measure}” for {period} is also in row {first_row}; "
    "keep one row per measure and period."
)

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


class MeasurementFileError(Exception):
    """The upload cannot be read as a measurement file at all; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_upload(name: str, size: int) -> None:
    """The checks that need no content (type, size), shared by the upload form and the import."""
    try:
        check_name_and_size(name, size)
    except DemandFileError as error:
        raise MeasurementFileError(error.message) from None


def read_measurement_table(name: str, content: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    """The non-blank rows of a .csv or .xlsx file, or MeasurementFileError saying why not."""
    try:
        return read_table(name, content).rows
    except DemandFileError as error:
        # The reader's "empty file" message names the demand columns; say ours.
        message = FILE_EMPTY if error.message == DEMAND_FILE_EMPTY else error.message
        raise MeasurementFileError(message) from None


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


@dataclass(frozen=True)
class RowValue:
    value: Decimal
    note: str | None  # None when the file has no note column: saved notes stay as they are
    row: int


@dataclass
class ValidatedRows:
    """(measure_id, period_start) -> RowValue, plus every problem found."""

    values: dict[tuple[int, date], RowValue]
    errors: ErrorList
    has_note_column: bool = False


def validate_rows(
    rows: list[tuple[int, tuple[Any, ...]]],
    *,
    lookup: dict[str, MeasureChoice | tuple[str, ...]],
    granularity: str,
    frozen: dict[tuple[int, date], tuple[Decimal, str]] | None = None,
) -> ValidatedRows:
    """Check every row (the first is the headers); never stops at the first problem.

    `frozen` holds the saved values of measures this microsystem may no longer
    change (retired, or no longer used here): a row for one of them is refused
    unless it repeats the saved value exactly, so a downloaded file can always
    be uploaded again unchanged.
    """
    errors = ErrorList()
    values: dict[tuple[int, date], RowValue] = {}
    header_row, header_cells = rows[0]
    positions = header_positions(
        header_row,
        header_cells,
        errors,
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        missing=HEADER_MISSING,
        unexpected=HEADER_UNEXPECTED,
    )
    if errors:
        return ValidatedRows(values=values, errors=errors)
    has_note = NOTE_COLUMN in positions
    if len(rows) == 1:
        errors.add(NO_DATA_ROWS)
        return ValidatedRows(values=values, errors=errors, has_note_column=has_note)

    names = [*REQUIRED_COLUMNS, *([NOTE_COLUMN] if has_note else [])]
    labels = {name: column_label(positions[name], name) for name in names}
    measure_at, date_at, value_at = (positions[name] for name in REQUIRED_COLUMNS)
    note_at = positions.get(NOTE_COLUMN)
    width = max(positions.values()) + 1
    frozen = frozen or {}
    # A file has few distinct codes and dates and many rows: check each once.
    codes_seen: dict[Any, tuple[str, MeasureChoice | str]] = {}
    dates_seen: dict[Any, date | CellProblem] = {}
    for row_number, row_cells in rows[1:]:
        cells = row_cells if len(row_cells) >= width else (*row_cells, *[None] * width)
        problems: list[tuple[str, str]] = []

        raw_code = cells[measure_at]
        found = codes_seen.get(raw_code)
        if found is None:
            found = codes_seen[raw_code] = _find_measure(raw_code, lookup)
        code, measure = found
        if isinstance(measure, str):
            problems.append((labels["measure"], measure))
            measure = None

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
            problems.append((labels["period_start"], period_start.problem))

        value = None
        try:
            value = parse_value(cells[value_at])
        except CellProblem as problem:
            problems.append((labels["value"], problem.problem))

        note = None
        if note_at is not None:
            try:
                note = parse_note(cells[note_at])
            except CellProblem as problem:
                problems.append((labels[NOTE_COLUMN], problem.problem))

        if measure is not None and measure.refusal:
            saved = None if problems else frozen.get((measure.id, period_start))
            unchanged = saved is not None and saved[0] == value and note in (None, saved[1])
            if not unchanged:
                refusal = measure.refusal.format(value=shown(code), name=measure.name)
                problems.insert(0, (labels["measure"], refusal))

        if problems:
            for column, problem in problems:
                errors.add(CELL_MESSAGE.format(row=row_number, column=column, problem=problem))
            continue
        key = (measure.id, period_start)
        if key in values:
            errors.add(
                DUPLICATE_ROW.format(
                    row=row_number,
                    columns=f"{labels['measure']} and {labels['period_start']}",
                    measure=measure.code,
                    period=period_start.isoformat(),
                    first_row=values[key].row,
                )
            )
            continue
        values[key] = RowValue(value=value, note=note, row=row_number)
    return ValidatedRows(values=values, errors=errors, has_note_column=has_note)


def _find_measure(
    raw_code: Any, lookup: dict[str, MeasureChoice | tuple[str, ...]]
) -> tuple[str, MeasureChoice | str]:
    """(the code as written, the measure or the problem with it)."""
    code = "" if raw_code is None else unescape_formula(str(raw_code).strip())
    if not code:
        return code, MEASURE_MISSING
    found = lookup.get(code.casefold())
    if found is None:
        return code, MEASURE_UNKNOWN.format(value=shown(code))
    if isinstance(found, tuple):
        return code, MEASURE_AMBIGUOUS.format(value=shown(code), codes=", ".join(found))
    return code, found


def _xlsx_number(value: Decimal) -> int | float:
    # A real number cell, so a spreadsheet can calculate with it. 14 significant
    # digits survive a float exactly, and the import rounds back to 4 places.
    return int(value) if value == value.to_integral_value() else float(value)


def write_csv(rows: Iterable[tuple[str, date, Decimal, str]]) -> bytes:
    """The CSV download: headers, then one line per measurement, UTF-8 without a BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([escape_formula(column) for column in COLUMNS])
    writer.writerows(
        (escape_formula(code), period_start.isoformat(), decimal_text(value), escape_formula(note))
        for code, period_start, value, note in rows
    )
    return buffer.getvalue().encode("utf-8")


def write_xlsx(rows: Iterable[tuple[str, date, Decimal, str]]) -> bytes:
    """The Excel download: the same columns; dates as date cells, values as number cells."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Measurements")
    sheet.append([escape_formula(column) for column in COLUMNS])

    def text_cell(text: str):
        if not text.startswith("="):
            return text or None
        # openpyxl stores text starting with "=" as a formula; force a text cell,
        # which Excel shows as it is and never runs.
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell

    for code, period_start, value, note in rows:
        sheet.append([text_cell(code), period_start, _xlsx_number(value), text_cell(note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
