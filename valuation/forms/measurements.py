"""The grid of measurements: the shared PeriodGridForm (microsystems.forms.period_grid),
as for demand, with measures as rows and decimal values in the cells.

The upload form is every kind's PeriodDataUploadForm (microsystems.forms.period_upload).
"""

from dataclasses import dataclass
from decimal import Decimal

from microsystems.forms.period_grid import GridRow, PeriodGridForm
from valuation.measurement_files import decimal_text, parse_value
from valuation.models import Measure

GRID_CELL_MESSAGE = "{measure}, {period}: {problem}."
GRID_CONFLICT_MESSAGE = (
    "{measure}, {period}: someone else changed this from {expected} to {current} after you "
    "opened the page. Save again to keep yours ({new})."
)


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
