"""Forms for entering demand: the file upload and the grid of volumes.

The grid is the shared PeriodGridForm (microsystems.forms.period_grid) with
demand types as rows and whole-number volumes in the cells.
"""

from dataclasses import dataclass
from datetime import date

from django import forms

from core.tabular_files import (
    EXTENSIONS,
    XLSX_CONTENT_TYPE,
    TabularFileError,
    check_name_and_size,
)
from microsystems.demand_rows import parse_volume
from microsystems.forms.period_grid import (
    GRID_PERIODS,
    MAX_CONFLICTS_SHOWN,
    GridRow,
    PeriodGridForm,
    grid_end,
    grid_paging,
)
from microsystems.models import DemandType
from microsystems.periods import VALID_START_HINTS, period_label, recent_periods
from microsystems.services.demand_import import Conflict

# Re-exported: the views and tests find the grid's settings beside the form.
__all__ = [
    "GRID_CELL_MESSAGE",
    "GRID_CONFLICT_MESSAGE",
    "GRID_PERIODS",
    "MAX_CONFLICTS_SHOWN",
    "DemandGridForm",
    "DemandUploadForm",
    "conflict_rows",
    "grid_end",
    "grid_paging",
    "upload_example",
]

GRID_CELL_MESSAGE = "{demand_type}, {period}: {problem}."
GRID_CONFLICT_MESSAGE = (
    "{demand_type}, {period}: someone else changed this from {expected} to {current} after "
    "you opened the page. Save again to keep yours ({new})."
)


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
        except TabularFileError as error:
            raise forms.ValidationError(error.message) from None
        return upload


@dataclass
class DemandGridRow(GridRow):
    @property
    def demand_type(self) -> DemandType:
        return self.item


class DemandGridForm(PeriodGridForm):
    """Volumes for demand types (rows) by period (columns), with per-cell errors."""

    prefix = "v"
    row_name = "demand_type"
    cell_message = GRID_CELL_MESSAGE
    conflict_message = GRID_CONFLICT_MESSAGE

    def make_row(self, item: DemandType) -> DemandGridRow:
        return DemandGridRow(item, detail=item.unit)

    def parse_cell(self, text: str, *, allow_grouping: bool) -> int:
        return parse_volume(text, allow_grouping=allow_grouping)

    def cell_text(self, value: int | None) -> str:
        # Plain digits: the template must not localise them to "1,234" inside an input.
        return "" if value is None else str(value)


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
