"""The data-entry grid shared by demand and measurements: rows by periods, one input a cell.

The grid is a plain class rather than a Django Form: its fields are one per
row and period, and the template (includes/period_grid.html) lays them out as
a table, so a list of rows of cells (each with its label, value and error) is
simpler to render accessibly than a generated Form.

Each input is posted with a hidden copy of the value the page showed, so only
the cells the user changed are saved and a cell someone else changed meanwhile
is reported rather than silently overwritten. A cell missing from the POST is
left as it is; an empty cell clears the value ("not recorded").

A subclass says what differs: the prefix of the input names, how a cell's text
is parsed and how a value is written back, the messages, and the name those
messages give the row object (a demand type, a measure).
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, ClassVar

from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe

from core.table_html import escape_text
from microsystems.period_data.rows import CellProblem
from microsystems.periods import (
    FIRST_DAY,
    LAST_DAY,
    outside_window_message,
    period_label,
    period_start_for,
    shift_periods,
    within_window,
)
from microsystems.services.period_entry import GridConflict

GRID_PERIODS = 12
EMPTY_CELL = "empty"
MAX_CONFLICTS_SHOWN = 20
_END_PARAMETER = re.compile(r"\d{4}-\d{2}-\d{2}")
GRID_END_OUTSIDE_WINDOW = "{problem}. The current periods are shown instead."


def _grid_end_bounds(granularity: str) -> tuple[date, date]:
    """The first and last `end` that keep every period the grid shows inside the window."""
    first_start = period_start_for(FIRST_DAY, granularity)  # FIRST_DAY itself, by design
    return (
        shift_periods(first_start, granularity, GRID_PERIODS - 1),
        period_start_for(LAST_DAY, granularity),
    )


def _requested_end(parameter: str | None) -> date | None:
    """The date `?end=` names, if it is a real YYYY-MM-DD date."""
    if not parameter or not _END_PARAMETER.fullmatch(parameter):
        return None
    try:
        return date.fromisoformat(parameter)
    except ValueError:
        return None


def grid_end_refusal(parameter: str | None) -> str:
    """What the page says when `?end=` names a date outside the window, else ""."""
    requested = _requested_end(parameter)
    if requested is None or within_window(requested):
        return ""
    return GRID_END_OUTSIDE_WINDOW.format(problem=outside_window_message(requested))


def grid_end(parameter: str | None, granularity: str, today: date) -> date:
    """The last period the grid shows: from `?end=YYYY-MM-DD`, else the current one.

    A bad value, or one outside the window of dates the app records
    (periods.FIRST_DAY to LAST_DAY), falls back to the current period rather
    than an error page; near the window's edges the grid shifts so that it never
    offers a period outside it.
    """
    end = period_start_for(today, granularity)
    requested = _requested_end(parameter)
    if requested and within_window(requested):
        end = period_start_for(requested, granularity)
    earliest, latest = _grid_end_bounds(granularity)
    return min(max(end, earliest), latest)


def grid_paging(end: date, granularity: str, today: date) -> dict[str, str | None]:
    """`?end=` values for the Earlier and Later links (None where the grid cannot go).

    Earlier stops at the window's first periods; Later at the current period.
    """
    earliest, _latest = _grid_end_bounds(granularity)
    current = period_start_for(today, granularity)
    earlier = max(shift_periods(end, granularity, -GRID_PERIODS), earliest)
    later = min(shift_periods(end, granularity, GRID_PERIODS), current)
    return {
        "earlier_end": earlier.isoformat() if earlier < end else None,
        "later_end": later.isoformat() if later > end else None,
    }


# Texts an attribute or a cell can hold as they are: nothing in them to escape.
_NOTHING_TO_ESCAPE = re.compile(r"[\w-]*", re.ASCII)


def _escaped(text: str) -> str:
    """escape_text(text), skipping the escaping of a text with nothing to escape."""
    return text if _NOTHING_TO_ESCAPE.fullmatch(text) else escape_text(text)


@dataclass
class GridCell:
    item: Any  # the row's object: a demand type, a measure
    period_start: date
    label: str
    name: str
    text: str
    original: str
    error: str = ""

    @property
    def key(self) -> tuple[int, date]:
        return (self.item.pk, self.period_start)

    @property
    def id(self) -> str:
        return f"id_{self.name}"

    @property
    def error_id(self) -> str:
        return f"{self.id}_error"

    @property
    def original_name(self) -> str:
        return f"was_{self.name}"


@dataclass
class GridRow:
    item: Any
    detail: str = ""  # shown under the row's name, such as its unit
    cells: list[GridCell] = field(default_factory=list)


@dataclass(frozen=True)
class ShownGrid:
    """A grid as a GET shows it (nothing posted, so no errors): what the pages read
    of a PeriodGridForm, its rows without their cells (already written into
    rows_html), so that it can be kept in the report cache and shown again without
    reading the values or building hundreds of cells."""

    granularity: str
    period_starts: list[date]
    periods: list[tuple[date, str]]
    rows: list[GridRow]
    rows_html: SafeString
    has_errors: ClassVar[bool] = False
    messages: ClassVar[tuple[str, ...]] = ()
    cells_with_errors: ClassVar[tuple[GridCell, ...]] = ()


class PeriodGridForm:
    """Values for objects (rows) by period (columns), with per-cell errors.

    Fills `changes` (the new value of each changed cell) and `expected` (the
    value the page showed for it) for the save service, which reports clashes
    as GridConflict for `add_conflicts`.
    """

    prefix: ClassVar[str]  # input names are <prefix>_<row pk>_<yyyymmdd>
    row_name: ClassVar[str]  # the keyword the messages use for the row's name
    cell_message: ClassVar[str]  # {<row_name>}, {period}, {problem}
    conflict_message: ClassVar[str]  # {<row_name>}, {period}, {expected}, {current}, {new}
    input_mode: ClassVar[str] = "numeric"
    input_size: ClassVar[int] = 6

    def __init__(
        self,
        *,
        items: list,
        period_starts: list[date],
        granularity: str,
        saved: dict[tuple[int, date], Any],
        data: QueryDict | None = None,
    ):
        self.granularity = granularity
        self.period_starts = period_starts
        self.periods = [(start, period_label(start, granularity)) for start in period_starts]
        self.data = data
        self.messages: list[str] = []
        self.rows = [self.make_row(item) for item in items]
        # Each period's part of the input names, written once, not once a cell.
        stamps = [(start, label, f"{start:%Y%m%d}") for start, label in self.periods]
        for row in self.rows:
            for start, label, stamp in stamps:
                name = f"{self.prefix}_{row.item.pk}_{stamp}"
                saved_text = self.cell_text(saved.get((row.item.pk, start)))
                posted = data is not None and name in data
                row.cells.append(
                    GridCell(
                        item=row.item,
                        period_start=start,
                        label=f"{row.item.name}, {label}",
                        name=name,
                        text=data[name].strip() if posted else saved_text,
                        original=data.get(f"was_{name}", saved_text) if posted else saved_text,
                    )
                )
        self.changes: dict[tuple[int, date], Any] = {}
        self.expected: dict[tuple[int, date], Any] = {}

    def make_row(self, item) -> GridRow:
        return GridRow(item)

    def parse_cell(self, text: str, *, allow_grouping: bool):
        """The value of a non-empty cell; raises CellProblem."""
        raise NotImplementedError

    def cell_text(self, value) -> str:
        """A value as the input shows it; "" for None."""
        raise NotImplementedError

    def plainly_unchanged(self, text: str) -> bool:
        """Whether a cell posted with the very `text` the page showed is certainly
        valid and parses alike with and without grouping, so is_valid can pass it by
        without parsing it twice (most of a grid's hundreds of cells on every save).
        Only "" here; a kind that knows its texts says more."""
        return text == ""

    def _value_or_none(self, text: str, *, allow_grouping: bool = True):
        return self.parse_cell(text, allow_grouping=allow_grouping) if text.strip() else None

    def _message(self, template: str, cell: GridCell, **values) -> str:
        return template.format(
            **{self.row_name: cell.item.name},
            period=period_label(cell.period_start, self.granularity),
            **values,
        )

    @property
    def cells(self) -> list[GridCell]:
        return [cell for row in self.rows for cell in row.cells]

    @property
    def cells_with_errors(self) -> list[GridCell]:
        return [cell for cell in self.cells if cell.error]

    def _cell_html(self, cell: GridCell) -> str:
        # escape_text, not Django's escape(): a sixth of the time over a grid's cells;
        # and none for what holds nothing to escape (names of digits, figures as shown).
        invalid = " is-invalid" if cell.error else ""
        cell_id = _escaped(cell.id)
        described = ""
        error = ""
        if cell.error:
            error_id = escape_text(cell.error_id)
            described = f' aria-invalid="true" aria-describedby="{error_id}"'
            error = (
                f'<div class="invalid-feedback text-start" id="{error_id}">'
                f"{escape_text(cell.error)}</div>"
            )
        return (
            f'<td class="num"><label class="visually-hidden" for="{cell_id}">'
            f"{escape_text(cell.label)}</label>"
            f'<input type="text" inputmode="{self.input_mode}" autocomplete="off" '
            f'size="{self.input_size}" class="form-control form-control-sm text-end{invalid}" '
            f'id="{cell_id}" name="{_escaped(cell.name)}" value="{_escaped(cell.text)}"'
            f"{described}>"
            f'<input type="hidden" name="{_escaped(cell.original_name)}" '
            f'value="{_escaped(cell.original)}">{error}</td>'
        )

    @property
    def rows_html(self) -> SafeString:
        """The grid's body, as templates/includes/period_grid.html lays it out.

        Joined here, every text escaped: a grid of 30 rows by 12 periods is
        thousands of values, which the template language takes tens of
        milliseconds to render on every view and every save.
        """
        rows = []
        for row in self.rows:
            cells = "".join([self._cell_html(cell) for cell in row.cells])
            rows.append(
                f'<tr><th scope="row">{escape_text(row.item.name)} <span class="d-block small '
                f'fw-normal text-body-secondary">{escape_text(row.detail)}</span></th>{cells}</tr>'
            )
        return mark_safe("".join(rows))  # every piece of text above is escaped

    @property
    def has_errors(self) -> bool:
        return bool(self.messages or self.cells_with_errors)

    def shown(self) -> ShownGrid:
        """The grid as a GET shows it (a form built without posted data)."""
        return ShownGrid(
            granularity=self.granularity,
            period_starts=self.period_starts,
            periods=self.periods,
            rows=[replace(row, cells=[]) for row in self.rows],
            rows_html=self.rows_html,
        )

    def is_valid(self) -> bool:
        """Check every posted cell; fills `changes` (new values) and `expected` (values shown)."""
        if self.data is None:
            return False
        for cell in self.cells:
            if cell.name not in self.data:
                continue
            if cell.text == cell.original and self.plainly_unchanged(cell.text):
                continue  # a figure posted back as shown: neither changed nor wrong
            try:
                new = self._value_or_none(cell.text)
            except CellProblem as problem:
                cell.error = self._message(self.cell_message, cell, problem=problem.problem)
                continue
            try:
                shown = self._value_or_none(cell.original, allow_grouping=False)
            except CellProblem:
                # A tampered hidden value: nothing to compare with, so the service
                # writes the cell if it differs from what is saved.
                self.changes[cell.key] = new
                continue
            if new != shown:
                self.changes[cell.key] = new
                self.expected[cell.key] = shown
        return not self.has_errors

    def add_conflicts(self, messages: list[str], conflicts: list[GridConflict]) -> None:
        """Show cells someone else changed; their value becomes the one the page "showed",
        so saving again deliberately replaces it."""
        self.messages = list(messages)
        by_key = {cell.key: cell for cell in self.cells}
        for conflict in conflicts:
            cell = by_key.get((conflict.row_id, conflict.period_start))
            if cell is None:
                continue
            cell.original = self.cell_text(conflict.current)
            cell.error = self._message(
                self.conflict_message,
                cell,
                expected=self.cell_text(conflict.expected) or EMPTY_CELL,
                current=self.cell_text(conflict.current) or EMPTY_CELL,
                new=self.cell_text(conflict.new) or EMPTY_CELL,
            )
