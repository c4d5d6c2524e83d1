"""Forms for entering measurements: the file upload and the grid of values.

The grid mirrors the demand grid (microsystems.forms.demand_entry): a plain
class whose rows are measures and whose columns are periods, each cell posted
with a hidden copy of the value the page showed, so only changed cells are
saved and a cell someone else changed meanwhile is reported, not overwritten.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.http import QueryDict

from microsystems.demand_rows import CellProblem
from microsystems.forms.demand_entry import MAX_CONFLICTS_SHOWN
from microsystems.periods import VALID_START_HINTS, period_label, recent_periods
from valuation.measurement_files import (
    MeasurementFileError,
    check_upload,
    decimal_text,
    parse_value,
)
from valuation.models import Measure
from valuation.services.measurements import Conflict, GridConflict

GRID_CELL_MESSAGE = "{measure}, {period}: {problem}."
GRID_CONFLICT_MESSAGE = (
    "{measure}, {period}: someone else changed this from {expected} to {current} after you "
    "opened the page. Save again to keep yours ({new})."
)
EMPTY_CELL = "empty"
UPLOAD_ACCEPT = (
    ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)


class MeasurementUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        help_text="A .csv (UTF-8) or .xlsx file of up to 5 MB, laid out as described on this page.",
        widget=forms.FileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )
    replace = forms.BooleanField(
        label="Replace existing values",
        required=False,
        help_text=(
            "Tick to overwrite values already saved for the same measure and period. Left "
            "unticked, a file that would change saved values is refused and the differences "
            "are listed."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)
        except MeasurementFileError as error:
            raise forms.ValidationError(error.message) from None
        return upload


def _value_or_none(text: str, *, allow_grouping: bool = True) -> Decimal | None:
    return parse_value(text, allow_grouping=allow_grouping) if text.strip() else None


@dataclass
class GridCell:
    measure: Measure
    period_start: date
    label: str
    name: str
    text: str
    original: str
    error: str = ""

    @property
    def key(self) -> tuple[int, date]:
        return (self.measure.pk, self.period_start)

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
    measure: Measure
    cells: list[GridCell] = field(default_factory=list)


class MeasurementGridForm:
    """Values for measures (rows) by period (columns), with per-cell errors.

    A cell missing from the POST is left as it is; an empty cell clears the
    value ("not recorded").
    """

    def __init__(
        self,
        *,
        measures: list[Measure],
        period_starts: list[date],
        granularity: str,
        saved: dict[tuple[int, date], Decimal],
        data: QueryDict | None = None,
    ):
        self.granularity = granularity
        self.period_starts = period_starts
        self.periods = [(start, period_label(start, granularity)) for start in period_starts]
        self.data = data
        self.messages: list[str] = []
        self.rows = [GridRow(measure) for measure in measures]
        for row in self.rows:
            for start, label in self.periods:
                name = f"m_{row.measure.pk}_{start:%Y%m%d}"
                saved_text = decimal_text(saved.get((row.measure.pk, start)))
                posted = data is not None and name in data
                row.cells.append(
                    GridCell(
                        measure=row.measure,
                        period_start=start,
                        label=f"{row.measure.name}, {label}",
                        name=name,
                        text=data[name].strip() if posted else saved_text,
                        original=data.get(f"was_{name}", saved_text) if posted else saved_text,
                    )
                )
        self.changes: dict[tuple[int, date], Decimal | None] = {}
        self.expected: dict[tuple[int, date], Decimal | None] = {}

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
                new = _value_or_none(cell.text)
            except CellProblem as problem:
                cell.error = GRID_CELL_MESSAGE.format(
                    measure=cell.measure.name,
                    period=period_label(cell.period_start, self.granularity),
                    problem=problem.problem,
                )
                continue
            try:
                shown = _value_or_none(cell.original, allow_grouping=False)
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
            cell = by_key.get((conflict.measure_id, conflict.period_start))
            if cell is None:
                continue
            cell.original = decimal_text(conflict.current)
            cell.error = GRID_CONFLICT_MESSAGE.format(
                measure=cell.measure.name,
                period=period_label(cell.period_start, self.granularity),
                expected=decimal_text(conflict.expected) or EMPTY_CELL,
                current=decimal_text(conflict.current) or EMPTY_CELL,
                new=decimal_text(conflict.new) or EMPTY_CELL,
            )


def conflict_rows(conflicts: list[Conflict], granularity: str) -> list[dict]:
    """The first conflicts of a refused upload, as the page lists them."""
    return [
        {
            "row": conflict.row,
            "measure": conflict.measure,
            "period": period_label(conflict.period_start, granularity),
            "period_start": conflict.period_start.isoformat(),
            "existing": decimal_text(conflict.existing),
            "new": decimal_text(conflict.new),
            "existing_note": conflict.existing_note,
            "new_note": conflict.new_note,
        }
        for conflict in conflicts[:MAX_CONFLICTS_SHOWN]
    ]


def upload_example(measures: list[Measure], granularity: str, today: date) -> dict:
    """An example file for the help text, using this microsystem's own codes and periods."""
    examples = [(measure.code, measure.baseline) for measure in measures[:2]] or [
        ("days-to-repair", Decimal("14"))
    ]
    starts = recent_periods(granularity, 2, ending=today)
    rows = []
    for code, baseline in examples:
        base = baseline if baseline is not None else Decimal(10)
        for offset, start in enumerate(starts):
            note = "" if rows else "Estimated: the survey closed early"
            rows.append((code, start.isoformat(), decimal_text(base + offset), note))
    return {"rows": rows, "hint": VALID_START_HINTS[granularity]}
