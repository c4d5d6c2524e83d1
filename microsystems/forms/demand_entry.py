"""The grid of demand volumes: the shared PeriodGridForm (microsystems.forms.period_grid)
with demand types as rows and whole-number volumes in the cells.

The upload form is every kind's PeriodDataUploadForm (microsystems.forms.period_upload).
"""

import re
from dataclasses import dataclass

from microsystems.demand_rows import MAX_VOLUME, parse_volume
from microsystems.forms.period_grid import (
    GRID_PERIODS,
    MAX_CONFLICTS_SHOWN,
    GridRow,
    PeriodGridForm,
    grid_end,
    grid_paging,
)
from microsystems.models import DemandType

# Re-exported: the views and tests find the grid's settings beside the form.
__all__ = [
    "GRID_CELL_MESSAGE",
    "GRID_CONFLICT_MESSAGE",
    "GRID_PERIODS",
    "MAX_CONFLICTS_SHOWN",
    "DemandGridForm",
    "grid_end",
    "grid_paging",
]

_PLAIN_DIGITS = re.compile(rf"[0-9]{{1,{len(str(MAX_VOLUME))}}}")

GRID_CELL_MESSAGE = "{demand_type}, {period}: {problem}."
GRID_CONFLICT_MESSAGE = (
    "{demand_type}, {period}: someone else changed this from {expected} to {current} after "
    "you opened the page. Save again to keep yours ({new})."
)


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

    def plainly_unchanged(self, text: str) -> bool:
        # Plain digits, no more than the largest volume's: parse_volume reads them
        # alike with and without grouping, and never refuses them.
        return text == "" or (_PLAIN_DIGITS.fullmatch(text) is not None and int(text) <= MAX_VOLUME)

    def cell_text(self, value: int | None) -> str:
        # Plain digits: the template must not localise them to "1,234" inside an input.
        return "" if value is None else str(value)
