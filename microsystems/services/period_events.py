"""One event per upload or grid save of period data, written in the save's own transaction.

Period data is written in plain multi-row SQL (microsystems.period_data.writes),
which no per-row history sees; an event records who changed which kind of
figures of which unit, when, from which file, and how many rows were added,
replaced, cleared or left as they were. A grid save (one page of cells) also
keeps each cell's old and new value; an upload's rows stay in its file.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from microsystems.models import Microsystem, PeriodDataEvent

# At most this many cells of a grid save keep their old and new value; a grid
# never holds more than DATA_UPLOAD_MAX_NUMBER_FIELDS cells anyway.
MAX_CHANGES_KEPT = 5_000


def _as_text(value: Any) -> str | None:
    return None if value is None else str(value)


def grid_changes(
    cells: Iterable[tuple[str, date, Any, Any]],
) -> list[dict[str, str | None]]:
    """(key name, period start, old value, new value) cells as the event keeps them."""
    return [
        {"key": key, "period": period_start.isoformat(), "from": _as_text(old), "to": _as_text(new)}
        for key, period_start, old, new in cells
    ][:MAX_CHANGES_KEPT]


def period_data_event_record(
    *,
    microsystem: Microsystem,
    kind: str,
    source: str,
    user: AbstractBaseUser | None,
    file_name: str = "",
    added: int = 0,
    replaced: int = 0,
    cleared: int = 0,
    unchanged: int = 0,
    changes: list[dict[str, str | None]] | None = None,
) -> PeriodDataEvent:
    """Record one save; the caller runs it inside the transaction that wrote the rows."""
    return PeriodDataEvent.objects.create(
        microsystem=microsystem,
        kind=kind,
        source=source,
        user=user if getattr(user, "is_authenticated", False) else None,
        file_name=(file_name or "")[:255],
        rows_added=added,
        rows_replaced=replaced,
        rows_cleared=cleared,
        rows_unchanged=unchanged,
        changes=changes or [],
    )
