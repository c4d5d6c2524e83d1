"""The upload page of a kind of period data in words: its format help and the conflicts.

The page (templates/includes/period_data_upload.html, rendered by
microsystems.views.period_data.period_data_upload) is the same for every kind:
what the spec names (columns, the key's noun) it says from the spec, and what
only a person can word (the help for each column, an example file) comes from
the kind's UploadWords (microsystems.reports.demand_upload,
valuation.reports.measurement_upload).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from microsystems.forms.period_grid import MAX_CONFLICTS_SHOWN
from microsystems.models import Microsystem
from microsystems.period_data.spec import PeriodDataSpec
from microsystems.periods import period_label


@dataclass(frozen=True)
class KeyList:
    """The keys the file may name, listed under the format help (measures' codes)."""

    heading: str
    entries: list[str]  # safe HTML, one a key
    empty: str  # said instead when there are none


@dataclass(frozen=True)
class UploadWords:
    """What one kind's upload page says beyond what its spec names."""

    heading: str  # "Upload demand": the page's title and h1
    values: str  # "figures": "overwrite figures already saved", "Figures the file would change"
    key_heading: str  # "Demand type": the key's column in the conflicts table
    key_help: Callable[[Microsystem], str]  # safe HTML: what the key column holds
    value_help: str
    # (items, granularity, today) -> {"rows": [tuples of the spec's columns], "hint": ...}
    example: Callable[[list, str, date], dict[str, Any]]
    note_help: str = ""  # when the spec has a note column
    key_as_code: bool = False  # keys are codes: shown as code in the conflicts table
    key_list: Callable[[Microsystem, list], KeyList] | None = None


def conflict_rows(spec: PeriodDataSpec, conflicts: list, granularity: str) -> list[dict]:
    """The first conflicts of a refused upload, as the page lists them.

    A conflict names its key by the spec's key column (`conflict.demand_type`,
    `conflict.measure`) and, when the kind has notes, carries both notes.
    """
    rows = []
    for conflict in conflicts[:MAX_CONFLICTS_SHOWN]:
        row = {
            "row": conflict.row,
            "key": getattr(conflict, spec.key_column),
            "period": period_label(conflict.period_start, granularity),
            "period_start": conflict.period_start.isoformat(),
            "existing": spec.value_text(conflict.existing),
            "new": spec.value_text(conflict.new),
        }
        if spec.note_column:
            row["existing_note"] = conflict.existing_note
            row["new_note"] = conflict.new_note
        rows.append(row)
    return rows


def more_conflicts(conflicts: list) -> int:
    """How many conflicts the page leaves out."""
    return max(0, len(conflicts) - MAX_CONFLICTS_SHOWN)
