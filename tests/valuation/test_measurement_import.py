"""Tests for the measurement file import (services.measurements) and the download format.

Every refused file is checked for the exact message the user sees (row and
column named) and for leaving the database exactly as it was.
"""

import io
import math
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from microsystems.period_data import files as period_files
from microsystems.period_data.rows import CELL_MESSAGE
from tests.support.factories import make_microsystem, make_user
from valuation import measurement_files as files
from valuation.measurement_files import MEASUREMENTS
from valuation.models import Measure, Measurement, ValueDimension
from valuation.selectors.measurements import measurement_export_rows
from valuation.services import measurements as service
from valuation.services.measurements import (
    Conflict,
    MeasurementImportError,
    measurement_import,
)

HEADER = "measure,period_start,value\r\n"
NOTE_HEADER = "measure,period_start,value,note\r\n"
GOOD_ROW = "users-satisfied,2026-02-01,71.5\r\n"


def upload(content: bytes | str, name: str = "measurements.csv") -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def saved(microsystem) -> set[tuple]:
    return set(
        Measurement.objects.filter(microsystem=microsystem).values_list(
            "measure__code", "period_start", "value", "note", "recorded_by__username"
        )
    )


def import_file(microsystem, content, *, name="measurements.csv", replace=False, user=None):
    return measurement_import(
        microsystem=microsystem, uploaded_file=upload(content, name), replace=replace, user=user
    )


def refusal(microsystem, content, name="measurements.csv", replace=False):
    """Import a bad file; check it is refused and the saved data did not change."""
    before = saved(microsystem)
    with pytest.raises(MeasurementImportError) as refused:
        import_file(microsystem, content, name=name, replace=replace)
    assert saved(microsystem) == before
    return refused.value


def cell(row: int, column: str, problem: str) -> str:
    return CELL_MESSAGE.format(row=row, column=column, problem=problem)


@pytest.fixture
def lead(users):
    return users["lead"]


@pytest.fixture
def repairs(db) -> Measure:
    """Lower is better; used only by the microsystems an admin chose."""
    return Measure.objects.create(
        name="Days to complete a repair",
        code="days-to-repair",
        dimension=ValueDimension.objects.get(slug="efficiency"),
        kind=Measure.Kind.TIME,
        unit="days",
        direction=Measure.Direction.LOWER,
        baseline=28,
        target=10,
        applies_to_all=False,
    )


@pytest.fixture
def existing(microsystem, measure) -> Measurement:
    """One saved value, so every refusal also proves nothing was deleted or changed."""
    return Measurement.objects.create(
        microsystem=microsystem,
        measure=measure,
        period_start=date(2026, 1, 1),
        value=Decimal("64.5"),
        note="Survey of 120 users",
    )


def test_a_good_csv_saves_every_row_with_who_recorded_it(microsystem, measure, repairs, lead):
    repairs.microsystems.add(microsystem)
    content = (
        "\ufeff"  # Excel's byte-order mark is accepted
        "Measure , Period_Start,VALUE,Note\r\n"
        "USERS-SATISFIED,2026-01-01,71.25,Small sample\r\n"
        "  days-to-repair ,2026-01-01,-0.5,\r\n"
        "\r\n"  # blank lines are skipped
        "users-satisfied,2026-02-01,70,'=not a formula\r\n"
    )
    result = import_file(microsystem, content, user=lead)
    assert (result.rows, result.created, result.replaced, result.unchanged) == (3, 3, 0, 0)
    assert result.summary == "Imported 3 rows (0 replaced)."
    assert saved(microsystem) == {
        ("users-satisfied", date(2026, 1, 1), Decimal("71.25"), "Small sample", "lead"),
        ("days-to-repair", date(2026, 1, 1), Decimal("-0.5"), "", "lead"),
        ("users-satisfied", date(2026, 2, 1), Decimal("70"), "=not a formula", "lead"),
    }


BAD_ROWS = [
    # (row 3 of the file, column, problem)
    ("nope,2026-02-01,1", "A (measure)", files.MEASURE_UNKNOWN.format(value="nope")),
    (",2026-02-01,1", "A (measure)", files.MEASURE_MISSING),
    (
        "users-satisfied,2026-03-15,1",
        "B (period_start)",
        "2026-03-15 is not the start of a month; use the 1st, such as 2026-03-01",
    ),
    ("users-satisfied,2026-02-30,1", "B (period_start)", "“2026-02-30” is not a date"),
    ("users-satisfied,01/03/2026,1", "B (period_start)", "“01/03/2026” is not a date"),
    ("users-satisfied,,1", "B (period_start)", "the date is empty"),
    ("users-satisfied,2026-03-01,lots", "C (value)", files.VALUE_NOT_A_NUMBER.format(value="lots")),
    ("users-satisfied,2026-03-01,85%", "C (value)", files.VALUE_NOT_A_NUMBER.format(value="85%")),
    ("users-satisfied,2026-03-01,", "C (value)", files.VALUE_MISSING),
    (
        "users-satisfied,2026-03-01,12345678901",
        "C (value)",
        files.VALUE_TOO_LARGE.format(value="12345678901"),
    ),
]


@pytest.mark.parametrize(("bad_row", "column", "problem"), BAD_ROWS)
def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_saved(
    microsystem, measure, existing, bad_row, column, problem
):
    error = refusal(microsystem, HEADER + GOOD_ROW + bad_row + "\r\n")
    assert len(error.messages) == 1
    assert error.messages[0].startswith(f"Row 3, column {column}: {problem}")


def test_a_note_over_300_characters_is_refused(microsystem, measure, existing):
    error = refusal(microsystem, NOTE_HEADER + "users-satisfied,2026-03-01,1," + "x" * 301 + "\r\n")
    assert error.messages == [
        cell(2, "D (note)", files.NOTE_TOO_LONG.format(length=301, limit=300))
    ]


def test_a_measure_this_microsystem_does_not_use_is_refused(microsystem, measure, repairs):
    other = make_microsystem(microsystem.organisation, "Westfield Library")
    repairs.microsystems.add(other)
    error = refusal(microsystem, HEADER + GOOD_ROW + "days-to-repair,2026-02-01,12\r\n")
    assert error.messages == [
        cell(
            3,
            "A (measure)",
            files.MEASURE_NOT_USED.format(value="days-to-repair", name=repairs.name),
        )
    ]


def test_a_retired_measure_takes_no_new_values(microsystem, measure, existing):
    Measure.objects.filter(pk=measure.pk).update(active=False)
    error = refusal(microsystem, HEADER + GOOD_ROW)
    assert error.messages == [
        cell(
            2,
            "A (measure)",
            files.MEASURE_RETIRED.format(value="users-satisfied", name="Users satisfied"),
        )
    ]
    # ... but a downloaded file with its history can still be uploaded unchanged.
    history = period_files.write_csv(MEASUREMENTS, measurement_export_rows(microsystem))
    assert import_file(microsystem, history).summary == "Imported 1 row (0 replaced, 1 unchanged)."


def test_an_xlsx_date_cell_outside_the_window_is_refused(microsystem, measure):
    workbook = xlsx_bytes(
        [["measure", "period_start", "value"], ["users-satisfied", datetime(2300, 1, 1), 4]]
    )
    error = refusal(microsystem, workbook, "measurements.xlsx")
    problem = (
        "2300-01-01 is outside the years this service records; use a date from 1900-01-01 "
        "to 2199-12-31"
    )
    assert error.messages == [cell(2, "B (period_start)", problem)]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "code,period_start,value",
            [
                cell(1, "A (code)", files.HEADER_UNEXPECTED.format(value="code")),
                files.ROW_MESSAGE.format(
                    row=1, problem=files.HEADER_MISSING.format(column="measure")
                ),
            ],
        ),
        (
            "measure,period_start",
            [files.ROW_MESSAGE.format(row=1, problem=files.HEADER_MISSING.format(column="value"))],
        ),
        (
            "measure,period_start,value,value",
            [cell(1, "D (value)", files.HEADER_REPEATED.format(value="value"))],
        ),
        (
            "measure;period_start;value",
            [files.ROW_MESSAGE.format(row=1, problem=files.HEADER_SEMICOLONS)],
        ),
    ],
)
def test_wrong_or_missing_headers_are_named(microsystem, measure, existing, header, expected):
    assert refusal(microsystem, f"{header}\r\n{GOOD_ROW}").messages == expected


def test_a_duplicate_row_names_both_rows(microsystem, measure, existing):
    error = refusal(
        microsystem,
        HEADER + GOOD_ROW + "users-satisfied,2026-03-01,1\r\nUsers-Satisfied,2026-02-01,9\r\n",
    )
    assert error.messages == [
        files.DUPLICATE_ROW.format(
            row=4,
            columns="A (measure) and B (period_start)",
            measure="users-satisfied",
            period="2026-02-01",
            first_row=2,
        )
    ]


def test_every_problem_of_a_row_is_reported_in_column_order(microsystem, measure):
    error = refusal(microsystem, NOTE_HEADER + "nope,2026-02-02,x," + "y" * 400 + "\r\n")
    assert [message.split(":")[0] for message in error.messages] == [
        "Row 2, column A (measure)",
        "Row 2, column B (period_start)",
        "Row 2, column C (value)",
        "Row 2, column D (note)",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("m.csv", b"", files.FILE_EMPTY),
        ("m.csv", HEADER.encode(), files.NO_DATA_ROWS),
        ("m.xlsx", xlsx_bytes([["measure", "period_start", "value"]]), files.NO_DATA_ROWS),
    ],
)
def test_an_empty_file_names_the_measurement_columns(
    microsystem, measure, existing, name, content, message
):
    # The file-level failures are tested once, in tests/microsystems/test_period_data.py.
    assert refusal(microsystem, content, name).messages == [message]


def test_an_archived_microsystem_refuses_imports(microsystem, measure):
    microsystem.archived_at = datetime(2026, 1, 1, tzinfo=datetime.now().astimezone().tzinfo)
    microsystem.save()
    assert refusal(microsystem, HEADER + GOOD_ROW).messages == [service.ARCHIVED]


class TestExistingValues:
    FILE = HEADER + "users-satisfied,2026-01-01,66\r\nusers-satisfied,2026-02-01,70\r\n"

    def test_a_changed_value_is_a_conflict_and_nothing_changes(self, microsystem, existing):
        error = refusal(microsystem, self.FILE)
        assert error.conflicts == [
            Conflict(
                "users-satisfied",
                date(2026, 1, 1),
                Decimal("64.5"),
                Decimal("66"),
                existing_note="Survey of 120 users",
                new_note="Survey of 120 users",
                row=2,
            )
        ]
        assert error.messages == [service.CONFLICTS_FOUND.format(count=1, plural="")]

    def test_replace_overwrites_the_value_and_keeps_the_note_without_a_note_column(
        self, microsystem, existing, lead
    ):
        result = import_file(microsystem, self.FILE, replace=True, user=lead)
        assert (result.created, result.replaced) == (1, 1)
        assert result.summary == "Imported 2 rows (1 replaced)."
        assert saved(microsystem) == {
            ("users-satisfied", date(2026, 1, 1), Decimal("66"), "Survey of 120 users", "lead"),
            ("users-satisfied", date(2026, 2, 1), Decimal("70"), "", "lead"),
        }

    def test_a_changed_note_is_a_conflict_too(self, microsystem, existing):
        content = NOTE_HEADER + "users-satisfied,2026-01-01,64.5,Survey of 95 users\r\n"
        error = refusal(microsystem, content)
        assert [(c.existing, c.new, c.new_note) for c in error.conflicts] == [
            (Decimal("64.5"), Decimal("64.5"), "Survey of 95 users")
        ]
        import_file(microsystem, content, replace=True)
        assert Measurement.objects.get().note == "Survey of 95 users"

    def test_an_identical_value_is_not_a_conflict_and_is_left_alone(self, microsystem, existing):
        content = HEADER + "users-satisfied,2026-01-01,64.50\r\nusers-satisfied,2026-02-01,70\r\n"
        result = import_file(microsystem, content, user=None)
        assert (result.created, result.replaced, result.unchanged) == (1, 0, 1)
        assert result.summary == "Imported 2 rows (0 replaced, 1 unchanged)."
        assert Measurement.objects.get(period_start=date(2026, 1, 1)).recorded_at == (
            existing.recorded_at
        )


def test_values_of_other_microsystems_are_never_touched(microsystem, measure, existing):
    other = make_microsystem(microsystem.organisation, "Westfield Library")
    theirs = Measurement.objects.create(
        microsystem=other, measure=measure, period_start=date(2026, 1, 1), value=1
    )
    import_file(microsystem, HEADER + "users-satisfied,2026-01-01,99\r\n", replace=True)
    theirs.refresh_from_db()
    assert theirs.value == 1


def test_an_import_uses_a_fixed_number_of_queries(
    microsystem, measure, django_assert_max_num_queries
):
    microsystem.period_granularity = "week"
    microsystem.save()
    rows = "".join(
        f"users-satisfied,{date.fromordinal(date(2000, 1, 3).toordinal() + 7 * week)},{week}.5\r\n"
        for week in range(1_000)
    )
    # measures + frozen values (none: no query) + lock + existing + savepoint pair, then
    # 1,000 rows in as few INSERTs as the database allows: 8 on SQLite (999 parameters, 7
    # columns a row), 1 on PostgreSQL, the import event and the unit's data_version bumped
    # for the report cache. Never a query per row.
    parameters = connection.features.max_query_params or 65_535
    per_insert = min(service.BATCH_SIZE, parameters // len(service.INSERT_COLUMNS))
    uploader = make_user("uploader")
    with django_assert_max_num_queries(7 + math.ceil(1_000 / per_insert)):
        result = import_file(microsystem, HEADER + rows, user=uploader)
    assert result.created == 1_000


class TestDownloadFormat:
    def test_csv_download_is_byte_for_byte_what_was_uploaded(self, microsystem, measure, repairs):
        repairs.microsystems.add(microsystem)
        content = (
            NOTE_HEADER
            + "days-to-repair,2026-01-01,-1.25,\r\n"
            + 'users-satisfied,2026-01-01,71.5,"Small sample, estimated"\r\n'
            + "users-satisfied,2026-02-01,0,'=1+1\r\n"
        ).encode("utf-8-sig")  # as Excel saves "CSV UTF-8"
        import_file(microsystem, content)
        assert period_files.write_csv(MEASUREMENTS, measurement_export_rows(microsystem)) == content

    def test_xlsx_round_trip_keeps_every_value(self, microsystem, measure, lead):
        original = {
            (date(2026, 1, 1), Decimal("1234567890.1234"), "=HYPERLINK(1)"),
            (date(2026, 2, 1), Decimal("-0.0001"), ""),
            (date(2026, 3, 1), Decimal("70"), "Fine"),
        }
        Measurement.objects.bulk_create(
            Measurement(
                microsystem=microsystem, measure=measure, period_start=start, value=value, note=note
            )
            for start, value, note in original
        )
        workbook = period_files.write_xlsx(MEASUREMENTS, measurement_export_rows(microsystem))
        sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
        assert sheet["B2"].is_date and sheet["C2"].data_type == "n"  # real dates and numbers
        assert (sheet["D2"].value, sheet["D2"].data_type) == ("=HYPERLINK(1)", "s")  # not a formula
        Measurement.objects.all().delete()
        result = import_file(microsystem, workbook, name="back.xlsx", user=lead)
        assert result.created == 3
        assert {(start, value, note) for _, start, value, note, _ in saved(microsystem)} == (
            original
        )

    def test_xlsx_errors_use_the_row_numbers_excel_shows(self, microsystem, measure):
        workbook = xlsx_bytes([
            ["measure", "period_start", "value"],
            [],
            ["users-satisfied", datetime(2026, 1, 15), "n/a"],
        ])  # fmt: skip
        error = refusal(microsystem, workbook, "m.xlsx")
        assert error.messages == [
            cell(3, "B (period_start)", "2026-01-15 is not the start of a month; use the 1st, "
                 "such as 2026-01-01"),
            cell(3, "C (value)", files.VALUE_NOT_A_NUMBER.format(value="n/a")),
        ]  # fmt: skip
