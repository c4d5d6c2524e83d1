"""Checking the rows of a period-data file against its kind's spec, and the shared messages.

Pure Python: takes the cells read by core.tabular_files, a spec and a lookup of
the microsystem's keys, and returns the valid values or every problem found.
Messages name the row (as a spreadsheet numbers it: headers are row 1) and the
column ("column C (volume)"), and say what a valid value looks like. They are
module constants so that tests check the exact wording users see.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from core.tabular_files import unescape_formula
from microsystems import periods
from microsystems.period_data.spec import PeriodDataSpec

MAX_ERRORS_SHOWN = 20

CELL_MESSAGE = "Row {row}, column {column}: {problem}."
ROW_MESSAGE = "Row {row}: {problem}."
MORE_ERRORS = "… and {count:,} more."

HEADER_REPEATED = "the column “{value}” appears more than once"
HEADER_SEMICOLONS = (
    "the columns seem to be separated by semicolons; save the file as "
    "“CSV UTF-8 (Comma delimited)”, which uses commas"
)
DATE_MISSING = "the date is empty; write it as YYYY-MM-DD, such as {example}"
DATE_UNPARSEABLE = "“{value}” is not a date; write it as YYYY-MM-DD, such as {example}"

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


def parse_period_start(value: Any, granularity: str) -> date:
    """A period start from an ISO text or an Excel date cell, or CellProblem saying why not.

    A date outside the window of periods.FIRST_DAY to LAST_DAY is refused like
    any other bad date.
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


class Choice(Protocol):
    """A key that takes values only under a condition (a measure that may be retired)."""

    id: int
    name: str
    # None when the microsystem may record values; otherwise the problem ({value},
    # {name}), which only a row that repeats the saved value escapes.
    refusal: str | None


# Case-insensitive key -> its id (or a Choice); keys that fold to the same text
# map to all of them, as written, so a file naming either is ambiguous.
Lookup = Mapping[str, "int | Choice | tuple[str, ...]"]


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


@dataclass(frozen=True)
class RowValue:
    value: Any
    note: str | None  # None when the file has no note column: saved notes stay as they are
    row: int


@dataclass
class ValidatedRows:
    """(key id, period_start) -> RowValue, plus every problem found."""

    values: dict[tuple[int, date], RowValue]
    errors: ErrorList
    has_note_column: bool = False


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
    columns: Iterable[str],
    required: Iterable[str] | None = None,
    missing: str,
    unexpected: str,
) -> dict[str, int]:
    """Column name -> position in the row, reporting any unexpected, repeated or missing one.

    `columns` are the headers a file may have; `required` those it must have (all of
    `columns` unless given); `missing` and `unexpected` the messages naming them.
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


def _find_key(spec: PeriodDataSpec, raw_key: Any, lookup: Lookup) -> tuple[str, Any]:
    """(the key as written, what the lookup holds for it or the problem with it as text)."""
    key = "" if raw_key is None else unescape_formula(str(raw_key).strip())
    if not key:
        return key, spec.key_missing
    found = lookup.get(key.casefold())
    if found is None:
        return key, spec.key_unknown.format(value=shown(key))
    if isinstance(found, tuple):
        names = ", ".join(found)
        return key, spec.key_ambiguous.format(value=shown(key), names=names, codes=names)
    return key, found


def validate_rows(
    spec: PeriodDataSpec,
    rows: list[tuple[int, tuple[Any, ...]]],
    *,
    lookup: Lookup,
    key_names: Mapping[int, str],
    granularity: str,
    frozen: Mapping[tuple[int, date], tuple[Any, str]] | None = None,
) -> ValidatedRows:
    """Check every row (the first is the headers); never stops at the first problem.

    `key_names` give each key as a duplicate row's message names it. `frozen`
    holds the saved values of keys that take no new values (a Choice with a
    refusal): a row for one of them is refused unless it repeats the saved
    value exactly, so a downloaded file can always be uploaded again unchanged.
    """
    errors = ErrorList()
    values: dict[tuple[int, date], RowValue] = {}
    header_row, header_cells = rows[0]
    positions = header_positions(
        header_row,
        header_cells,
        errors,
        columns=spec.columns,
        required=spec.required_columns,
        missing=spec.header_missing,
        unexpected=spec.header_unexpected,
    )
    if errors:
        return ValidatedRows(values=values, errors=errors)
    note_column = spec.note_column
    has_note = note_column is not None and note_column in positions
    if len(rows) == 1:
        errors.add(spec.no_data_rows)
        return ValidatedRows(values=values, errors=errors, has_note_column=has_note)

    key_column, _, value_column = spec.required_columns
    names = [*spec.required_columns, *([note_column] if has_note else [])]
    labels = {name: column_label(positions[name], name) for name in names}
    key_at, date_at, value_at = (positions[name] for name in spec.required_columns)
    note_at = positions[note_column] if has_note else None
    width = max(positions.values()) + 1
    parse_value, parse_note = spec.parse_value, spec.parse_note
    frozen = frozen or {}
    # A file has few distinct keys and dates and many rows: check each once.
    keys_seen: dict[Any, tuple[str, Any]] = {}
    dates_seen: dict[Any, date | CellProblem] = {}
    for row_number, row_cells in rows[1:]:
        cells = row_cells if len(row_cells) >= width else (*row_cells, *[None] * width)
        problems: list[tuple[str, str]] = []

        raw_key = cells[key_at]
        found = keys_seen.get(raw_key)
        if found is None:
            found = keys_seen[raw_key] = _find_key(spec, raw_key, lookup)
        key, choice = found
        if isinstance(choice, str):
            problems.append((labels[key_column], choice))
            choice = None

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
            problems.append((labels[value_column], problem.problem))

        note = None
        if note_at is not None:
            try:
                note = parse_note(cells[note_at])
            except CellProblem as problem:
                problems.append((labels[note_column], problem.problem))

        key_id = choice if type(choice) is int else getattr(choice, "id", None)
        refusal = getattr(choice, "refusal", None) if key_id is not None else None
        if refusal:
            saved = None if problems else frozen.get((key_id, period_start))
            unchanged = saved is not None and saved[0] == value and note in (None, saved[1])
            if not unchanged:
                problem = refusal.format(value=shown(key), name=choice.name)
                problems.insert(0, (labels[key_column], problem))

        if problems:
            for column, problem in problems:
                errors.add(CELL_MESSAGE.format(row=row_number, column=column, problem=problem))
            continue
        row_key = (key_id, period_start)
        if row_key in values:
            errors.add(
                spec.duplicate_row.format(
                    row=row_number,
                    columns=f"{labels[key_column]} and {labels['period_start']}",
                    period=period_start.isoformat(),
                    first_row=values[row_key].row,
                    **{key_column: key_names[key_id]},
                )
            )
            continue
        values[row_key] = RowValue(value=value, note=note, row=row_number)
    return ValidatedRows(values=values, errors=errors, has_note_column=has_note)
