"""Forms for entering measurements: the file upload and the grid of values.

The grid is the shared PeriodGridForm (microsystems.forms.period_grid), as for
demand, with measures as rows and decimal values in the cells.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django import forms

from core.tabular_files import TabularFileError, check_name_and_size
from microsystems.forms.period_grid import MAX_CONFLICTS_SHOWN, GridRow, PeriodGridForm
from microsystems.periods import VALID_START_HINTS, period_label, recent_periods
from valuation.measurement_files import decimal_text, parse_value
from valuation.models import Measure
from valuation.services.measurements import Conflict

GRID_CELL_MESSAGE = "{measure}, {period}: {problem}."
GRID_CONFLICT_MESSAGE = (
    "{measure}, {period}: someone else changed this from {expected} to {current} after you "
    "opened the page. Save again to keep yours ({new})."
)
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
            check_name_and_size(upload.name, upload.size)
        except TabularFileError as error:
            raise forms.ValidationError(error.message) from None
        return upload


@dataclass
class MeasurementGridRow(GridRow):
    @property
    def measure(self) -> Measure:
        return self.item


class MeasurementGridForm(PeriodGridForm):
    """Values for measures (rows) by period (columns), with per-cell errors."""

    prefix = "m"
    row_name = "measure"
    cell_message = GRID_CELL_MESSAGE
    conflict_message = GRID_CONFLICT_MESSAGE
    input_mode = "decimal"
    input_size = 7

    def make_row(self, item: Measure) -> MeasurementGridRow:
        direction = item.get_direction_display().lower()
        detail = f"{item.unit} · {direction}" if item.unit else direction
        return MeasurementGridRow(item, detail=detail)

    def parse_cell(self, text: str, *, allow_grouping: bool) -> Decimal:
        return parse_value(text, allow_grouping=allow_grouping)

    def cell_text(self, value: Decimal | None) -> str:
        return decimal_text(value)


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
