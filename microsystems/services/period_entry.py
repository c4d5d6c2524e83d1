"""What demand and measurement entry share: results, refusals and the writers' lock.

Both write one value per object (a demand type, a measure) and period, from a
file import or the data-entry grid, all or nothing, and never overwrite unseen
a value someone else saved. The services (microsystems.services.demand_import,
valuation.services.measurements) keep their own rules and writes; the types
here are what their callers, the views and forms, rely on.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.formatting import plural
from microsystems.models import Microsystem

CONFLICTS_FOUND = (
    "{count:,} row{plural} would change values already saved, so nothing was imported. "
    "Tick “Replace existing values” to replace them, or remove those rows from the file."
)
IMPORTED = "Imported {rows:,} row{plural} ({replaced:,} replaced{unchanged})."
GRID_SAVED = "Saved {subject}: {created:,} added, {changed:,} changed, {cleared:,} cleared."
NO_GRID_CHANGES = "No changes to save."


@dataclass(frozen=True)
class GridConflict:
    """A grid cell someone else changed after the page was loaded.

    `row_id` is the pk of the grid row's object (a demand type, a measure).
    """

    row_id: int
    period_start: date
    expected: Any
    current: Any
    new: Any


class EntrySaveError(Exception):
    """Nothing was saved; `messages` say why, for the user, and `conflicts` list the clashes."""

    def __init__(self, messages: list[str], *, conflicts: list | None = None):
        super().__init__("; ".join(messages))
        self.messages = messages
        self.conflicts = conflicts or []


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    replaced: int
    unchanged: int

    @property
    def summary(self) -> str:
        return IMPORTED.format(
            rows=self.rows,
            plural=plural(self.rows),
            replaced=self.replaced,
            unchanged=f", {self.unchanged:,} unchanged" if self.unchanged else "",
        )


@dataclass(frozen=True)
class GridSaveResult:
    created: int
    changed: int
    cleared: int
    subject: str  # what was saved, as the message names it: "demand", "measurements"

    @property
    def summary(self) -> str:
        if not (self.created or self.changed or self.cleared):
            return NO_GRID_CHANGES
        return GRID_SAVED.format(
            subject=self.subject, created=self.created, changed=self.changed, cleared=self.cleared
        )


def lock_entries_of(microsystem: Microsystem) -> None:
    """Serialise writers of one microsystem's entries, so the existing-rows read stays true.

    A row lock on PostgreSQL; SQLite already lets one writer at a time in.
    """
    list(Microsystem.objects.select_for_update().filter(pk=microsystem.pk).values_list("pk"))
