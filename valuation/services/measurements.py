"""Measurements written in bulk: file imports and the data-entry grid.

The same rules as demand (microsystems.services.demand_import): one value per
measure and period, each period aligned to the microsystem's granularity, all
or nothing in one transaction, and a value someone else saved is never
overwritten unseen. Only measures the microsystem uses, and that are active,
take new values. Every row written records who wrote it.

An import of 100,000 rows stays fast because no step touches the database per
row: the file is checked in Python with dict lookups (valuation.measurement_files),
existing measurements come in ONE query, and the writes are a few multi-row
INSERT and DELETE statements (microsystems.period_data.writes says why plain SQL).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.formatting import plural
from core.tabular_files import TabularFileError
from microsystems import periods
from microsystems.models import Microsystem, PeriodDataEvent
from microsystems.period_data.files import read_upload
from microsystems.period_data.writes import BATCH_SIZE as BATCH_SIZE
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
from valuation.measurement_files import (
    MAX_ABS_VALUE,
    MEASUREMENTS,
    QUANTUM,
    RowValue,
    measure_lookup,
    validate_rows,
)
from valuation.models import Measure, Measurement
from valuation.selectors.measurements import (
    frozen_values,
    measure_choices_for_import,
)

ARCHIVED = "This microsystem is archived, so its measurements cannot be changed."
SAVED_MEANWHILE = (
    "Someone else saved measurements for the same periods while this was being saved, so "
    "nothing was saved. Please try again."
)
GRID_CHANGED_MEANWHILE = (
    "Someone else changed some of these values after you opened the page, so nothing was "
    "saved. Their values are shown beside yours; save again to keep yours."
)
GRID_SUBJECT = "measurements"


@dataclass(frozen=True)
class Conflict:
    """A row of the file that would change a saved value (or its note)."""

    measure: str
    period_start: date
    existing: Decimal
    new: Decimal
    existing_note: str
    new_note: str
    row: int


class MeasurementSaveError(EntrySaveError):
    """Nothing was saved; `messages` say why, for the user, and `conflicts` list the clashes."""


class MeasurementImportError(MeasurementSaveError):
    """An upload was refused; `conflicts` is a list of Conflict."""


class MeasurementGridConflict(MeasurementSaveError):
    """A grid save was refused; `conflicts` is a list of GridConflict (may be empty)."""


def _delete_measurements(microsystem_id: int, pks: list[int]) -> None:
    delete_rows(Measurement, pks, microsystem_id=microsystem_id)


# Each row gives the first four; every row of one save shares the other three.
INSERT_COLUMNS = (
    "measure",
    "period_start",
    "value",
    "note",
    "microsystem",
    "recorded_by",
    "recorded_at",
)


def _insert_measurements(
    microsystem_id: int, recorded_by_id: int | None, rows: list[tuple[int, date, Decimal, str]]
) -> None:
    """INSERT (measure_id, period_start, value, note) rows, many to a statement."""
    insert_rows(
        Measurement,
        INSERT_COLUMNS[:4],
        rows,
        microsystem_id=microsystem_id,
        constants={
            "microsystem": microsystem_id,
            "recorded_by": recorded_by_id,
            "recorded_at": timezone.now(),
        },
    )


def measurement_import(
    *,
    microsystem: Microsystem,
    uploaded_file: UploadedFile,
    replace: bool,
    user: AbstractBaseUser | None,
) -> ImportResult:
    """Import a CSV/XLSX of measure, period_start, value (and note): every row, or none.

    A row whose period already has a different value (or, when the file has a
    note column, a different note) is a conflict: with `replace` it overwrites
    the saved one, otherwise the import is refused and the conflicts listed.
    Rows equal to the saved value are left as they are. Without a note column,
    saved notes are kept.
    """
    if microsystem.is_archived:
        raise MeasurementImportError([ARCHIVED])
    try:
        rows = read_upload(MEASUREMENTS, uploaded_file)
    except TabularFileError as error:
        raise MeasurementImportError([error.message]) from None

    choices = measure_choices_for_import(microsystem)
    validated = validate_rows(
        rows,
        lookup=measure_lookup(choices),
        granularity=microsystem.period_granularity,
        frozen=frozen_values(microsystem, [choice.id for choice in choices if choice.refusal]),
    )
    if validated.errors:
        raise MeasurementImportError(validated.errors.messages)
    codes = {choice.id: choice.code for choice in choices}
    try:
        return _write_import(
            microsystem,
            validated.values,
            codes,
            replace=replace,
            user=user,
            file_name=uploaded_file.name or "",
        )
    except IntegrityError:
        raise MeasurementImportError([SAVED_MEANWHILE]) from None


@transaction.atomic
def _write_import(
    microsystem: Microsystem,
    values: dict[tuple[int, date], RowValue],
    codes: dict[int, str],
    *,
    replace: bool,
    user: AbstractBaseUser | None,
    file_name: str,
) -> ImportResult:
    lock_entries_of(microsystem)
    period_starts = [period_start for _, period_start in values]
    existing = {
        (measure_id, period_start): (pk, value, note)
        for pk, measure_id, period_start, value, note in Measurement.objects.filter(
            microsystem=microsystem,
            period_start__range=(min(period_starts), max(period_starts)),
        ).values_list("pk", "measure_id", "period_start", "value", "note")
    }
    new_rows: list[tuple] = []
    replaced_pks: list[int] = []
    conflicts: list[Conflict] = []
    unchanged = 0
    recorded_by_id = user.pk if getattr(user, "is_authenticated", False) else None
    for (measure_id, period_start), row in values.items():
        note = row.note
        saved = existing.get((measure_id, period_start))
        if saved is not None:
            saved_pk, saved_value, saved_note = saved
            if saved_value == row.value and note in (None, saved_note):
                unchanged += 1
                continue
            if not replace:  # only a refusal lists them
                conflicts.append(
                    Conflict(
                        measure=codes[measure_id],
                        period_start=period_start,
                        existing=saved_value,
                        new=row.value,
                        existing_note=saved_note,
                        new_note=saved_note if note is None else note,
                        row=row.row,
                    )
                )
            replaced_pks.append(saved_pk)
            if note is None:
                note = saved_note  # no note column: the saved note stays
        new_rows.append((measure_id, period_start, row.value, note or ""))
    if conflicts:
        # Rows were read in file order, so the conflicts are in row order already.
        message = CONFLICTS_FOUND.format(count=len(conflicts), plural=plural(len(conflicts)))
        raise MeasurementImportError([message], conflicts=conflicts)
    _delete_measurements(microsystem.pk, replaced_pks)
    _insert_measurements(microsystem.pk, recorded_by_id, new_rows)
    result = ImportResult(
        rows=len(values),
        created=len(new_rows) - len(replaced_pks),
        replaced=len(replaced_pks),
        unchanged=unchanged,
    )
    period_data_event_record(
        microsystem=microsystem,
        kind=PeriodDataEvent.Kind.MEASUREMENTS,
        source=PeriodDataEvent.Source.UPLOAD,
        user=user,
        file_name=file_name,
        added=result.created,
        replaced=result.replaced,
        unchanged=result.unchanged,
    )
    return result


def measurement_grid_save(
    *,
    microsystem: Microsystem,
    values: dict[tuple[int, date], Decimal | None],
    expected: dict[tuple[int, date], Decimal | None] | None = None,
    user: AbstractBaseUser | None,
) -> GridSaveResult:
    """Save grid cells: (measure_id, period_start) -> value, or None to clear the cell.

    `expected` holds what the page showed for each cell. A cell whose saved
    value has changed since (someone else saved it) is a conflict: nothing is
    saved and MeasurementGridConflict lists them. Cells equal to their saved
    value are left alone; a changed value keeps the period's note.

    The form has already refused bad cells and shows only measures the
    microsystem may record, so a bad key or value here is a programming error:
    ValueError.
    """
    if microsystem.is_archived:
        raise ValueError("An archived microsystem's measurements cannot be changed.")
    granularity = microsystem.period_granularity
    for (_, period_start), value in values.items():
        if not periods.is_period_start(period_start, granularity):
            raise ValueError(periods.not_a_period_start_message(period_start, granularity))
        if value is not None and (abs(value) > MAX_ABS_VALUE or value != value.quantize(QUANTUM)):
            raise ValueError(f"Value {value} does not fit a measurement.")
    if not values:
        return GridSaveResult(created=0, changed=0, cleared=0, subject=GRID_SUBJECT)
    measure_ids = {measure_id for measure_id, _ in values}
    codes = dict(
        Measure.objects.used_by(microsystem)
        .filter(active=True, pk__in=measure_ids)
        .values_list("pk", "code")
    )
    usable = set(codes)
    if usable != measure_ids:
        raise ValueError(
            f"Measures {sorted(measure_ids - usable)} take no values in {microsystem}."
        )
    try:
        return _write_grid(microsystem, values, expected, user, codes)
    except IntegrityError:
        raise MeasurementGridConflict([SAVED_MEANWHILE]) from None


@transaction.atomic
def _write_grid(
    microsystem: Microsystem,
    values: dict[tuple[int, date], Decimal | None],
    expected: dict[tuple[int, date], Decimal | None] | None,
    user: AbstractBaseUser | None,
    codes: dict[int, str],
) -> GridSaveResult:
    lock_entries_of(microsystem)
    period_starts = [period_start for _, period_start in values]
    existing = {
        (measure_id, period_start): (pk, value, note)
        for pk, measure_id, period_start, value, note in Measurement.objects.filter(
            microsystem=microsystem,
            measure_id__in={measure_id for measure_id, _ in values},
            period_start__range=(min(period_starts), max(period_starts)),
        ).values_list("pk", "measure_id", "period_start", "value", "note")
    }
    recorded_by_id = user.pk if getattr(user, "is_authenticated", False) else None
    conflicts: list[GridConflict] = []
    to_delete: list[int] = []
    to_insert: list[tuple[int, date, Decimal, str]] = []
    cells: list[tuple[str, date, Decimal | None, Decimal | None]] = []
    created = changed = cleared = 0
    for (measure_id, period_start), value in values.items():
        pk, current, note = existing.get((measure_id, period_start), (None, None, ""))
        if value == current:
            continue
        # A cell the page did not show (no expected value) is written as it is.
        shown_value = (expected or {}).get((measure_id, period_start), current)
        if shown_value != current:
            conflicts.append(GridConflict(measure_id, period_start, shown_value, current, value))
            continue
        if pk is not None:
            to_delete.append(pk)
        if value is not None:
            to_insert.append((measure_id, period_start, value, note))  # the note stays
        cells.append((codes[measure_id], period_start, current, value))
        if current is None:
            created += 1
        elif value is None:
            cleared += 1
        else:
            changed += 1
    if conflicts:
        raise MeasurementGridConflict([GRID_CHANGED_MEANWHILE], conflicts=conflicts)
    _delete_measurements(microsystem.pk, to_delete)
    _insert_measurements(microsystem.pk, recorded_by_id, to_insert)
    if cells:
        period_data_event_record(
            microsystem=microsystem,
            kind=PeriodDataEvent.Kind.MEASUREMENTS,
            source=PeriodDataEvent.Source.GRID,
            user=user,
            added=created,
            replaced=changed,
            cleared=cleared,
            changes=grid_changes(cells),
        )
    return GridSaveResult(created=created, changed=changed, cleared=cleared, subject=GRID_SUBJECT)
