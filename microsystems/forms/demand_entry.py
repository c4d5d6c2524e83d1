"""Forms for entering demand: the file upload and the grid of volumes.

The grid is a plain class rather than a Django Form: its fields are one per
demand type and period, and the template lays them out as a table, so a list
of rows of cells (each with its label, value and error) is simpler to render
accessibly than a generated Form.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.http import QueryDict

from microsystems.demand_files import (
    EXTENSIONS,
    XLSX_CONTENT_TYPE,
    DemandFileError,
    check_name_and_size,
)
from microsystems.demand_rows import CellProblem, parse_volume
from microsystems.models import DemandType
from microsystems.periods import (
    VALID_START_HINTS,
    period_label,
    period_start_for,
    recent_periods,
    shift_periods,
)
from microsystems.services.demand_import import Conflict, GridConflict

GRID_PERIODS = 12
GRID_CELL_MESSAGE = "{demand_type}, {period}: {problem}."
GRID_CONFLICT_MESSAGE = (
    "{demand_type}, {period}: someone else changed this from {expected} to {current} after "
    "you opened the page. Save again to keep yours ({new})."
)
EMPTY_CELL = "empty"
MAX_CONFLICTS_SHOWN = 20
_END_PARAMETER = re.compile(r"\d{4}-\d{2}-\d{2}")


class DemandUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="A .csv (UTF-8) or .xlsx file of up to 5 MB, laid out as described on this page.",
        widget=forms.FileInput(
            attrs={"accept": ",".join([*EXTENSIONS, "text/csv", XLSX_CONTENT_TYPE])}
        ),
    )
    replace = forms.BooleanField(
        label="Replace existing values",
        required=False,
        help_text=(
            "Tick to overwrite figures already saved for the same demand type and period. "
            "Left unticked, a file that would change saved figures is refused and the "
            "differences are listed."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_name_and_size(upload.name, upload.size)
        except DemandFileError as error:
            raise forms.ValidationError(error.message) from None
        return upload


def grid_end(parameter: str | None, granularity: str, today: date) -> date:
    """The last period the grid shows: from `?end=YYYY-MM-DD`, else the current one.

    A bad or far-off value falls back to the current period rather than an
    error page; years are bounded so paging back cannot run off the calendar.
    """
    if parameter and _END_PARAMETER.fullmatch(parameter):
        try:
            requested = date.fromisoformat(parameter)
        except ValueError:
            requested = None
        if requested and 1900 <= requested.year <= 2999:
            return period_start_for(requested, granularity)
    return period_start_for(today, granularity)


def grid_paging(end: date, granularity: str, today: date) -> dict[str, str | None]:
    """`?end=` values for the Earlier and Later links (Later stops at the current period)."""
    current = period_start_for(today, granularity)
    later = min(shift_periods(end, granularity, GRID_PERIODS), current)
    return {
        "earlier_end": shift_periods(end, granularity, -GRID_PERIODS).isoformat(),
        "later_end": later.isoformat() if later > end else None,
    }


def _text(volume: int | None) -> str:
    # Plain digits: the template must not localise them to "1,234" inside an input.
    return "" if volume is None else str(volume)


def _volume_or_none(text: str, *, allow_grouping: bool = True) -> int | None:
    return parse_volume(text, allow_grouping=allow_grouping) if text.strip() else None


@dataclass
class GridCell:
    demand_type: DemandType
    period_start: date
    label: str
    name: str
    text: str
    original: str
    error: str = ""

    @property
    def key(self) -> tuple[int, date]:
        return (self.demand_type.pk, self.period_start)

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
    demand_type: DemandType
    cells: list[GridCell] = field(default_factory=list)


class DemandGridForm:
    """Volumes for demand types (rows) by period (columns), with per-cell errors.

    Each input is posted with a hidden copy of the value the page showed, so
    only the cells the user changed are saved and a cell someone else changed
    meanwhile is reported rather than silently overwritten. A cell missing from
    the POST is left as it is.
    """

    def __init__(
        self,
        *,
        demand_types: list[DemandType],
        period_starts: list[date],
        granularity: str,
        saved: dict[tuple[int, date], int],
        data: QueryDict | None = None,
    ):
        self.granularity = granularity
        self.period_starts = period_starts
        self.periods = [(start, period_label(start, granularity)) for start in self.period_starts]
        self.data = data
        self.messages: list[str] = []
        self.rows = [GridRow(demand_type) for demand_type in demand_types]
        for row in self.rows:
            for start, label in self.periods:
                name = f"v_{row.demand_type.pk}_{start:%Y%m%d}"
                saved_text = _text(saved.get((row.demand_type.pk, start)))
                posted = data is not None and name in data
                row.cells.append(
                    GridCell(
                        demand_type=row.demand_type,
                        period_start=start,
                        label=f"{row.demand_type.name}, {label}",
                        name=name,
                        text=data[name].strip() if posted else saved_text,
                        original=data.get(f"was_{name}", saved_text) if posted else saved_text,
                    )
                )
        self.changes: dict[tuple[int, date], int | None] = {}
        self.expected: dict[tuple[int, date], int | None] = {}

    @property
    def cells(self) -> list[GridCell]:
        return [cell for row in self.rows for cell in row.cells]

    @property
    def cells_with_errors(self) -> list[GridCell]:
        return [cell for cell in self.cells if cell.error]

    @property
    def has_errors(self) -> bool:
        return bool(self.messages or self.cells_with_errors)

    def is_valid(self) -> bool:
        """Check every posted cell; fills `changes` (new values) and `expected` (values shown)."""
        if self.data is None:
            return False
        for cell in self.cells:
            if cell.name not in self.data:
                continue
            try:
                new = _volume_or_none(cell.text)
            except CellProblem as problem:
                cell.error = GRID_CELL_MESSAGE.format(
                    demand_type=cell.demand_type.name,
                    period=period_label(cell.period_start, self.granularity),
                    problem=problem.problem,
                )
                continue
            try:
                shown = _volume_or_none(cell.original, allow_grouping=False)
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
            cell = by_key.get((conflict.demand_type_id, conflict.period_start))
            if cell is None:
                continue
            cell.original = _text(conflict.current)
            cell.error = GRID_CONFLICT_MESSAGE.format(
                demand_type=cell.demand_type.name,
                period=period_label(cell.period_start, self.granularity),
                expected=_text(conflict.expected) or EMPTY_CELL,
                current=_text(conflict.current) or EMPTY_CELL,
                new=_text(conflict.new) or EMPTY_CELL,
            )


def conflict_rows(conflicts: list[Conflict], granularity: str) -> list[dict]:
    """The first conflicts of a refused upload, as the page lists them."""
    return [
        {
            "row": conflict.row,
            "demand_type": conflict.demand_type,
            "period": period_label(conflict.period_start, granularity),
            "period_start": conflict.period_start.isoformat(),
            "existing": conflict.existing,
            "new": conflict.new,
        }
        for conflict in conflicts[:MAX_CONFLICTS_SHOWN]
    ]


def upload_example(demand_types: list[DemandType], granularity: str, today: date) -> dict:
    """An example file for the help text, using this microsystem's own names and periods."""
    names = [demand_type.name for demand_type in demand_types[:2]] or ["Enquiries"]
    starts = recent_periods(granularity, 2, ending=today)
    return {
        "rows": [
            (name, start.isoformat(), 10 * (index + 1) + offset)
            for index, name in enumerate(names)
            for offset, start in enumerate(starts)
        ],
        "hint": VALID_START_HINTS[granularity],
    }
