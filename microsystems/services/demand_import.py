"""Demand observations written in bulk: file imports and the data-entry grid.

Both follow the same rules: one observation per demand type and period, each
period aligned to the microsystem's granularity, volumes whole numbers from 0,
and all or nothing, in one transaction.

An import of 100,000 rows stays fast because no step touches the database per
row: the file is checked in Python with dict lookups (microsystems.demand_rows),
existing observations come in ONE query, and the writes are a few multi-row
DELETE and INSERT statements (microsystems.period_data.writes says why plain SQL).
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from core.formatting import plural
from core.tabular_files import (
    FILE_BROKEN_CSV,
    FILE_NOT_CSV_TEXT,
    FILE_NOT_UTF8,
    FILE_NOT_XLSX,
    FILE_OLD_EXCEL,
    FILE_TOO_LARGE,
    FILE_TOO_MANY_ROWS,
    FILE_WRONG_EXTENSION,
    FILE_XLSX_TOO_LARGE,
    TabularFileError,
)
from microsystems import periods
from microsystems.demand_rows import (
    DEMAND,
    DUPLICATE_ROW,
    FILE_EMPTY,
    HEADER_MISSING,
    HEADER_UNEXPECTED,
    MAX_VOLUME,
    NO_DATA_ROWS,
    TYPE_AMBIGUOUS,
    TYPE_MISSING,
    TYPE_UNKNOWN,
    VOLUME_FRACTIONAL,
    VOLUME_MISSING,
    VOLUME_NEGATIVE,
    VOLUME_NOT_A_NUMBER,
    VOLUME_TOO_LARGE,
    demand_type_lookup,
)
from microsystems.models import DemandObservation, DemandType, Microsystem, PeriodDataEvent
from microsystems.period_data.files import read_upload
from microsystems.period_data.rows import (
    CELL_MESSAGE,
    DATE_MISSING,
    DATE_UNPARSEABLE,
    HEADER_REPEATED,
    HEADER_SEMICOLONS,
    MAX_ERRORS_SHOWN,
    MORE_ERRORS,
    ROW_MESSAGE,
    RowValue,
    validate_rows,
)
from microsystems.period_data.writes import delete_rows, insert_rows
from microsystems.services.period_entry import (
    CONFLICTS_FOUND,
    EntrySaveError,
    GridConflict,
    GridSaveResult,
    ImportResult,
    lock_entries_of,
)
from microsystems.services.period_events import grid_changes, period_data_event_record

# Re-exported so callers and tests find every message of an import in one module.
__all__ = [
    "FILE_BROKEN_CSV",
    "FILE_EMPTY",
    "FILE_NOT_CSV_TEXT",
    "FILE_NOT_UTF8",
    "FILE_NOT_XLSX",
    "FILE_OLD_EXCEL",
    "FILE_TOO_LARGE",
    "FILE_TOO_MANY_ROWS",
    "FILE_WRONG_EXTENSION",
    "FILE_XLSX_TOO_LARGE",
    "CELL_MESSAGE",
    "DATE_MISSING",
    "DATE_UNPARSEABLE",
    "DUPLICATE_ROW",
    "HEADER_MISSING",
    "HEADER_REPEATED",
    "HEADER_SEMICOLONS",
    "HEADER_UNEXPECTED",
    "MAX_ERRORS_SHOWN",
    "MAX_VOLUME",
    "MORE_ERRORS",
    "NO_DATA_ROWS",
    "ROW_MESSAGE",
    "TYPE_AMBIGUOUS",
    "TYPE_MISSING",
    "TYPE_UNKNOWN",
    "VOLUME_FRACTIONAL",
    "VOLUME_MISSING",
    "VOLUME_NEGATIVE",
    "VOLUME_NOT_A_NUMBER",
    "VOLUME_TOO_LARGE",
    "Conflict",
    "DemandGridConflict",
    "DemandImportError",
    "DemandSaveError",
    "GridConflict",
    "GridSaveResult",
    "ImportResult",
    "demand_grid_save",
    "demand_import",
]

SAVED_MEANWHILE = (
    "Someone else saved demand for the same periods while this was being saved, so nothing "
    "was saved. Please try again."
)
ARCHIVED = "This microsystem is archived, so its demand cannot be changed."
GRID_CHANGED_MEANWHILE = (
    "Someone else changed some of these figures after you opened the page, so nothing was "
    "saved. Their figures are shown beside yours; save again to keep yours."
)
GRID_SUBJECT = "demand"


@dataclass(frozen=True)
class Conflict:
    """A row of the file that would overwrite a saved value with a different one."""

    demand_type: str
    period_start: date
    existing: int
    new: int
    row: int


class DemandSaveError(EntrySaveError):
    """Nothing was saved; `messages` say why, for the user, and `conflicts` list the clashes."""


class DemandImportError(DemandSaveError):
    """An upload was refused; `conflicts` is a list of Conflict."""


class DemandGridConflict(DemandSaveError):
    """A grid save was refused; `conflicts` is a list of GridConflict (may be empty)."""


def _delete_observations(microsystem_id: int, pks: list[int]) -> None:
    delete_rows(DemandObservation, pks, microsystem_id=microsystem_id)


def _insert_observations(microsystem_id: int, rows: list[tuple[int, date, int]]) -> None:
    """INSERT (demand_type_id, period_start, volume) rows, many to a statement."""
    insert_rows(
        DemandObservation,
        ("demand_type", "period_start", "volume"),
        rows,
        microsystem_id=microsystem_id,
    )


def demand_import(
    *,
    microsystem: Microsystem,
    uploaded_file: UploadedFile,
    replace: bool,
    user: AbstractBaseUser | None = None,
) -> ImportResult:
    """Import a CSV/XLSX of demand_type, period_start, volume: every row, or none.

    Rows for a period that already has a different value are conflicts: with
    `replace` they overwrite it, otherwise the import is refused and the
    conflicts are listed. Rows equal to the saved value are left as they are.
    """
    if microsystem.is_archived:
        raise DemandImportError([ARCHIVED])
    try:
        rows = read_upload(DEMAND, uploaded_file)
    except TabularFileError as error:
        raise DemandImportError([error.message]) from None

    types = list(DemandType.objects.filter(microsystem=microsystem).values_list("id", "name"))
    type_names = dict(types)
    validated = validate_rows(
        DEMAND,
        rows,
        lookup=demand_type_lookup(types),
        key_names=type_names,
        granularity=microsystem.period_granularity,
    )
    if validated.errors:
        raise DemandImportError(validated.errors.messages)
    try:
        return _write_import(
            microsystem,
            validated.values,
            type_names,
            replace=replace,
            user=user,
            file_name=uploaded_file.name or "",
        )
    except IntegrityError:
        raise DemandImportError([SAVED_MEANWHILE]) from None


@transaction.atomic
def _write_import(
    microsystem: Microsystem,
    values: dict[tuple[int, date], RowValue],
    type_names: dict[int, str],
    *,
    replace: bool,
    user: AbstractBaseUser | None,
    file_name: str,
) -> ImportResult:
    lock_entries_of(microsystem)
    period_starts = [period_start for _, period_start in values]
    existing = {
        (type_id, period_start): (pk, volume)
        for pk, type_id, period_start, volume in DemandObservation.objects.filter(
            demand_type__microsystem=microsystem,
            period_start__range=(min(period_starts), max(period_starts)),
        ).values_list("pk", "demand_type_id", "period_start", "volume")
    }
    new_rows: list[tuple[int, date, int]] = []
    replaced_pks: list[int] = []
    conflicts: list[Conflict] = []
    unchanged = 0
    for (type_id, period_start), row in values.items():
        volume, row_number = row.value, row.row
        saved = existing.get((type_id, period_start))
        if saved is not None:
            if saved[1] == volume:
                unchanged += 1
                continue
            conflicts.append(
                Conflict(type_names[type_id], period_start, saved[1], volume, row_number)
            )
            replaced_pks.append(saved[0])
        new_rows.append((type_id, period_start, volume))
    if conflicts and not replace:
        conflicts.sort(key=lambda conflict: conflict.row)
        message = CONFLICTS_FOUND.format(count=len(conflicts), plural=plural(len(conflicts)))
        raise DemandImportError([message], conflicts=conflicts)
    _delete_observations(microsystem.pk, replaced_pks)
    _insert_observations(microsystem.pk, new_rows)
    result = ImportResult(
        rows=len(values),
        created=len(new_rows) - len(replaced_pks),
        replaced=len(replaced_pks),
        unchanged=unchanged,
    )
    period_data_event_record(
        microsystem=microsystem,
        kind=PeriodDataEvent.Kind.DEMAND,
        source=PeriodDataEvent.Source.UPLOAD,
        user=user,
        file_name=file_name,
        added=result.created,
        replaced=result.replaced,
        unchanged=result.unchanged,
    )
    return result


def demand_grid_save(
    *,
    microsystem: Microsystem,
    values: dict[tuple[int, date], int | None],
    expected: dict[tuple[int, date], int | None] | None = None,
    user: AbstractBaseUser | None = None,
) -> GridSaveResult:
    """Save grid cells: (demand_type_id, period_start) -> volume, or None to clear the cell.

    `expected` holds what the page showed for each cell. A cell whose saved
    value has changed since (someone else saved it) is a conflict: nothing is
    saved and DemandGridConflict lists them, so no one overwrites another's
    figure unseen. Cells equal to their saved value are left alone.

    The form has already refused bad cells, so a bad key or volume here is a
    programming error: ValueError.
    """
    if microsystem.is_archived:
        raise ValueError("An archived microsystem's demand cannot be changed.")
    granularity = microsystem.period_granularity
    for (_, period_start), volume in values.items():
        if not periods.is_period_start(period_start, granularity):
            raise ValueError(periods.not_a_period_start_message(period_start, granularity))
        if volume is not None and not (0 <= volume <= MAX_VOLUME):
            raise ValueError(f"Volume {volume} is out of range.")
    if not values:
        return GridSaveResult(created=0, changed=0, cleared=0, subject=GRID_SUBJECT)
    type_ids = {type_id for type_id, _ in values}
    type_names = dict(
        DemandType.objects.filter(microsystem=microsystem, pk__in=type_ids).values_list(
            "pk", "name"
        )
    )
    owned = set(type_names)
    if owned != type_ids:
        raise ValueError(f"Demand types {sorted(type_ids - owned)} are not in {microsystem}.")
    try:
        return _write_grid(microsystem, values, expected, user, type_names)
    except IntegrityError:
        raise DemandGridConflict([SAVED_MEANWHILE]) from None


@transaction.atomic
def _write_grid(
    microsystem: Microsystem,
    values: dict[tuple[int, date], int | None],
    expected: dict[tuple[int, date], int | None] | None,
    user: AbstractBaseUser | None,
    type_names: dict[int, str],
) -> GridSaveResult:
    lock_entries_of(microsystem)
    period_starts = [period_start for _, period_start in values]
    existing = {
        (type_id, period_start): (pk, volume)
        for pk, type_id, period_start, volume in DemandObservation.objects.filter(
            demand_type_id__in={type_id for type_id, _ in values},
            period_start__range=(min(period_starts), max(period_starts)),
        ).values_list("pk", "demand_type_id", "period_start", "volume")
    }
    conflicts: list[GridConflict] = []
    to_delete: list[int] = []
    to_create: list[tuple[int, date, int]] = []
    cells: list[tuple[str, date, int | None, int | None]] = []
    created = changed = cleared = 0
    for (type_id, period_start), volume in values.items():
        pk, current = existing.get((type_id, period_start), (None, None))
        if volume == current:
            continue
        # A cell the page did not show (no expected value) is written as it is.
        shown_value = (expected or {}).get((type_id, period_start), current)
        if shown_value != current:
            conflicts.append(GridConflict(type_id, period_start, shown_value, current, volume))
            continue
        if pk is not None:
            to_delete.append(pk)
        if volume is not None:
            to_create.append((type_id, period_start, volume))
        cells.append((type_names[type_id], period_start, current, volume))
        if current is None:
            created += 1
        elif volume is None:
            cleared += 1
        else:
            changed += 1
    if conflicts:
        raise DemandGridConflict([GRID_CHANGED_MEANWHILE], conflicts=conflicts)
    _delete_observations(microsystem.pk, to_delete)
    _insert_observations(microsystem.pk, to_create)
    if cells:
        period_data_event_record(
            microsystem=microsystem,
            kind=PeriodDataEvent.Kind.DEMAND,
            source=PeriodDataEvent.Source.GRID,
            user=user,
            added=created,
            replaced=changed,
            cleared=cleared,
            changes=grid_changes(cells),
        )
    return GridSaveResult(created=created, changed=changed, cleared=cleared, subject=GRID_SUBJECT)
