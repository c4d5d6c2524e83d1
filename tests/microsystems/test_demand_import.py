"""Tests for the demand file import (services.demand_import) and the download format.

Every refused file is checked for the exact message the user sees (row and
column named) and for leaving the database exactly as it was.
"""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from microsystems.demand_rows import DEMAND
from microsystems.models import DemandObservation, DemandType
from microsystems.period_data import files
from microsystems.selectors.demand_entry import demand_export_rows
from microsystems.services import demand_import as service
from microsystems.services.demand_import import (
    CELL_MESSAGE,
    Conflict,
    DemandImportError,
    demand_import,
)
from tests.support.factories import make_microsystem

NOT_XLSX = service.FILE_NOT_XLSX.format(name="demand.xlsx")
HEADER = "demand_type,period_start,volume\r\n"
GOOD_ROW = "Book loans,2026-02-01,10\r\n"


def upload(content: bytes | str, name: str = "demand.csv") -> SimpleUploadedFile:
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


def saved(microsystem) -> set[tuple[str, date, int]]:
    return set(demand_export_rows(microsystem))


def refusal(microsystem, content, name="demand.csv", replace=False) -> DemandImportError:
    """Import a bad file; check it is refused and the saved data did not change."""
    before = saved(microsystem)
    with pytest.raises(DemandImportError) as refused:
        demand_import(microsystem=microsystem, uploaded_file=upload(content, name), replace=replace)
    assert saved(microsystem) == before
    return refused.value


def cell(row: int, column: str, problem: str) -> str:
    return CELL_MESSAGE.format(row=row, column=column, problem=problem)


@pytest.fixture
def chasing(microsystem) -> DemandType:
    return DemandType.objects.create(microsystem=microsystem, name="Chasing calls")


@pytest.fixture
def existing(demand_type) -> DemandObservation:
    """One saved figure, so every refusal also proves nothing was deleted or changed."""
    return DemandObservation.objects.create(
        demand_type=demand_type, period_start=date(2026, 1, 1), volume=5
    )


def test_a_good_csv_saves_every_row(microsystem, demand_type, chasing):
    content = (
        "\ufeff"  # Excel's byte-order mark is accepted
        "Demand_Type , Period_Start,VOLUME\r\n"
        "book loans,2026-01-01,120\r\n"
        "  CHASING CALLS ,2026-01-01,0\r\n"
        "\r\n"  # blank lines are skipped
        "Book loans,2026-02-01,12.0\r\n"
    )
    result = demand_import(microsystem=microsystem, uploaded_file=upload(content), replace=False)
    assert (result.rows, result.created, result.replaced, result.unchanged) == (3, 3, 0, 0)
    assert result.summary == "Imported 3 rows (0 replaced)."
    assert saved(microsystem) == {
        ("Book loans", date(2026, 1, 1), 120),
        ("Chasing calls", date(2026, 1, 1), 0),
        ("Book loans", date(2026, 2, 1), 12),
    }


BAD_ROWS = [
    # (row 3 of the file, column, problem)
    ("Loans,2026-02-01,1", "A (demand_type)", service.TYPE_UNKNOWN.format(value="Loans")),
    (",2026-02-01,1", "A (demand_type)", service.TYPE_MISSING),
    (
        "Book loans,2026-03-15,1",
        "B (period_start)",
        "2026-03-15 is not the start of a month; use the 1st, such as 2026-03-01",
    ),
    ("Book loans,2026-02-30,1", "B (period_start)", "“2026-02-30” is not a date"),
    ("Book loans,01/03/2026,1", "B (period_start)", "“01/03/2026” is not a date"),
    ("Book loans,,1", "B (period_start)", "the date is empty"),
    ("Book loans,2026-03-01,-3", "C (volume)", service.VOLUME_NEGATIVE.format(value="-3")),
    ("Book loans,2026-03-01,lots", "C (volume)", service.VOLUME_NOT_A_NUMBER.format(value="lots")),
    ("Book loans,2026-03-01,2.5", "C (volume)", service.VOLUME_FRACTIONAL.format(value="2.5")),
    ("Book loans,2026-03-01,", "C (volume)", service.VOLUME_MISSING),
    (
        "Book loans,2026-03-01,3000000000",
        "C (volume)",
        service.VOLUME_TOO_LARGE.format(value=3_000_000_000, limit=service.MAX_VOLUME),
    ),
    # Longer than int() converts (4,300 digits), or than a float holds: quoted cut short.
    (
        "Book loans,2026-03-01," + "9" * 5000,
        "C (volume)",
        service.VOLUME_TOO_LARGE.format(value="9" * 39 + "…", limit=service.MAX_VOLUME),
    ),
    (
        "Book loans,2026-03-01,1" + "0" * 400 + ".0",
        "C (volume)",
        service.VOLUME_TOO_LARGE.format(value="1" + "0" * 38 + "…", limit=service.MAX_VOLUME),
    ),
    (
        "Book loans,2026-03-01,-" + "9" * 5000,
        "C (volume)",
        service.VOLUME_NEGATIVE.format(value="-" + "9" * 38 + "…"),
    ),
]


@pytest.mark.parametrize(("bad_row", "column", "problem"), BAD_ROWS)
def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_saved(
    microsystem, demand_type, existing, bad_row, column, problem
):
    error = refusal(microsystem, HEADER + GOOD_ROW + bad_row + "\r\n")
    assert len(error.messages) == 1
    assert error.messages[0].startswith(f"Row 3, column {column}: {problem}")


@pytest.mark.parametrize(
    ("granularity", "bad_date", "message"),
    [
        ("week", "2026-03-04", "2026-03-04 is not the start of a week; use a Monday, such as "
         "2026-03-02"),
        ("quarter", "2026-03-01", "2026-03-01 is not the start of a quarter; use 1 Jan, 1 Apr, "
         "1 Jul or 1 Oct, such as 2026-01-01"),
    ],
)  # fmt: skip
def test_a_date_that_is_not_a_period_start_says_what_a_valid_one_looks_like(
    microsystem, demand_type, granularity, bad_date, message
):
    microsystem.period_granularity = granularity
    microsystem.save()
    error = refusal(microsystem, f"{HEADER}Book loans,{bad_date},4\r\n")
    assert error.messages == [cell(2, "B (period_start)", message)]


@pytest.mark.parametrize("bad_date", ["9999-12-01", "0001-01-01", "2200-01-01", "1899-12-01"])
def test_a_date_outside_the_window_is_refused_naming_the_row(
    microsystem, demand_type, existing, bad_date
):
    error = refusal(microsystem, f"{HEADER}{GOOD_ROW}Book loans,{bad_date},3\r\n")
    problem = (
        f"{bad_date} is outside the years this service records; use a date from 1900-01-01 "
        "to 2199-12-31"
    )
    assert error.messages == [cell(3, "B (period_start)", problem)]


def test_a_volume_of_thousands_of_leading_zeros_is_read_as_the_number_it_is(
    microsystem, demand_type
):
    content = f"{HEADER}Book loans,2026-03-01,{'0' * 5000}7\r\n"
    demand_import(microsystem=microsystem, uploaded_file=upload(content), replace=False)
    assert saved(microsystem) == {("Book loans", date(2026, 3, 1), 7)}


def test_the_first_and_last_periods_of_the_window_are_accepted(microsystem, demand_type):
    content = f"{HEADER}Book loans,1900-01-01,1\r\nBook loans,2199-12-01,2\r\n"
    demand_import(microsystem=microsystem, uploaded_file=upload(content), replace=False)
    assert saved(microsystem) == {
        ("Book loans", date(1900, 1, 1), 1),
        ("Book loans", date(2199, 12, 1), 2),
    }


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "type,period_start,volume",
            [
                cell(1, "A (type)", service.HEADER_UNEXPECTED.format(value="type")),
                service.ROW_MESSAGE.format(
                    row=1, problem=service.HEADER_MISSING.format(column="demand_type")
                ),
            ],
        ),
        (
            "demand_type,period_start",
            [
                service.ROW_MESSAGE.format(
                    row=1, problem=service.HEADER_MISSING.format(column="volume")
                )
            ],
        ),
        (
            "demand_type,period_start,volume,volume",
            [cell(1, "D (volume)", service.HEADER_REPEATED.format(value="volume"))],
        ),
        (
            "demand_type;period_start;volume",
            [service.ROW_MESSAGE.format(row=1, problem=service.HEADER_SEMICOLONS)],
        ),
    ],
)
def test_wrong_or_missing_headers_are_named(microsystem, demand_type, existing, header, expected):
    assert refusal(microsystem, f"{header}\r\n{GOOD_ROW}").messages == expected


def test_a_duplicate_row_names_both_rows(microsystem, demand_type, existing):
    error = refusal(
        microsystem, HEADER + GOOD_ROW + "Book loans,2026-03-01,1\r\nbook loans,2026-02-01,9\r\n"
    )
    assert error.messages == [
        service.DUPLICATE_ROW.format(
            row=4,
            columns="A (demand_type) and B (period_start)",
            demand_type="Book loans",
            period="2026-02-01",
            first_row=2,
        )
    ]


def test_row_numbers_count_blank_lines_as_a_spreadsheet_does(microsystem, demand_type):
    error = refusal(microsystem, HEADER + "\r\n\r\n" + "Book loans,2026-02-01,x\r\n")
    assert error.messages[0].startswith("Row 4, column C (volume)")


def test_every_problem_of_a_row_is_reported(microsystem, demand_type):
    error = refusal(microsystem, HEADER + "Nope,2026-02-02,-1\r\n")
    assert [message.split(":")[0] for message in error.messages] == [
        "Row 2, column A (demand_type)",
        "Row 2, column B (period_start)",
        "Row 2, column C (volume)",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("demand.csv", b"", service.FILE_EMPTY),
        ("demand.csv", HEADER.encode(), service.NO_DATA_ROWS),
        ("demand.xlsx", xlsx_bytes([["demand_type", "period_start", "volume"]]),
         service.NO_DATA_ROWS),
    ],
)  # fmt: skip
def test_an_empty_file_names_the_demand_columns(
    microsystem, demand_type, existing, name, content, message
):
    # The file-level failures are tested once, in tests/microsystems/test_period_data.py.
    assert refusal(microsystem, content, name).messages == [message]


def test_demand_types_of_other_microsystems_are_unknown(microsystem, organisation, demand_type):
    other = make_microsystem(organisation, "Westfield Library")
    DemandType.objects.create(microsystem=other, name="Room bookings")
    error = refusal(microsystem, HEADER + "Room bookings,2026-02-01,1\r\n")
    assert error.messages == [
        cell(2, "A (demand_type)", service.TYPE_UNKNOWN.format(value="Room bookings"))
    ]


def test_names_that_fold_to_the_same_text_are_ambiguous():
    # The database refuses "Book loans" beside "BOOK LOANS", but casefold also
    # matches "Straße" with "STRASSE", which SQL LOWER keeps apart.
    from microsystems.demand_rows import demand_type_lookup

    lookup = demand_type_lookup([(1, "Straße repairs"), (2, "STRASSE repairs"), (3, "Loans")])
    assert lookup["strasse repairs"] == ("STRASSE repairs", "Straße repairs")
    assert lookup["loans"] == 3


def test_an_archived_microsystem_refuses_imports(microsystem, demand_type):
    microsystem.archived_at = datetime(2026, 1, 1, tzinfo=datetime.now().astimezone().tzinfo)
    microsystem.save()
    assert refusal(microsystem, HEADER + GOOD_ROW).messages == [service.ARCHIVED]


class TestExistingValues:
    FILE = HEADER + "Book loans,2026-01-01,7\r\nBook loans,2026-02-01,8\r\n"

    def test_a_changed_value_is_a_conflict_and_nothing_changes(self, microsystem, existing):
        error = refusal(microsystem, self.FILE)
        assert error.conflicts == [Conflict("Book loans", date(2026, 1, 1), 5, 7, row=2)]
        assert error.messages == [service.CONFLICTS_FOUND.format(count=1, plural="")]

    def test_replace_overwrites_the_conflicting_values(self, microsystem, existing):
        result = demand_import(
            microsystem=microsystem, uploaded_file=upload(self.FILE), replace=True
        )
        assert (result.created, result.replaced) == (1, 1)
        assert result.summary == "Imported 2 rows (1 replaced)."
        assert saved(microsystem) == {
            ("Book loans", date(2026, 1, 1), 7),
            ("Book loans", date(2026, 2, 1), 8),
        }

    def test_an_identical_value_is_not_a_conflict(self, microsystem, existing):
        content = HEADER + "Book loans,2026-01-01,5\r\nBook loans,2026-02-01,8\r\n"
        result = demand_import(
            microsystem=microsystem, uploaded_file=upload(content), replace=False
        )
        assert (result.created, result.replaced, result.unchanged) == (1, 0, 1)
        assert result.summary == "Imported 2 rows (0 replaced, 1 unchanged)."


def test_an_import_uses_a_fixed_number_of_queries(
    microsystem, demand_type, django_assert_max_num_queries
):
    microsystem.period_granularity = "week"
    microsystem.save()
    rows = "".join(
        f"Book loans,{date.fromordinal(date(2000, 1, 3).toordinal() + 7 * week)},{week}\r\n"
        for week in range(1_000)
    )
    # types + lock + existing + savepoint pair + 1,000 rows in at most 3 INSERTs on
    # SQLite (333 rows each) and 1 on PostgreSQL + the import event + the unit's
    # data_version bumped for the report cache: never a query per row.
    with django_assert_max_num_queries(11):
        result = demand_import(
            microsystem=microsystem, uploaded_file=upload(HEADER + rows), replace=False
        )
    assert result.created == 1_000


class TestDownloadFormat:
    def test_csv_download_is_byte_for_byte_what_was_uploaded(
        self, microsystem, demand_type, chasing
    ):
        content = (
            HEADER
            + "Book loans,2026-01-01,120\r\nBook loans,2026-02-01,0\r\n"
            + "Chasing calls,2026-01-01,31\r\n"
        ).encode("utf-8-sig")  # as Excel saves "CSV UTF-8"
        demand_import(microsystem=microsystem, uploaded_file=upload(content), replace=False)
        assert files.write_csv(DEMAND, demand_export_rows(microsystem)) == content

    def test_xlsx_round_trip_keeps_every_value(self, microsystem, demand_type, chasing):
        original = [
            ("Book loans", date(2026, 1, 1), 120),
            ("Chasing calls", date(2026, 2, 1), 31),
        ]
        DemandObservation.objects.bulk_create(
            DemandObservation(
                demand_type=demand_type if name == "Book loans" else chasing,
                period_start=start,
                volume=volume,
            )
            for name, start, volume in original
        )
        workbook = files.write_xlsx(DEMAND, demand_export_rows(microsystem))
        sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
        assert sheet["B2"].is_date  # a real Excel date cell, not text
        DemandObservation.objects.all().delete()
        result = demand_import(
            microsystem=microsystem, uploaded_file=upload(workbook, "back.xlsx"), replace=False
        )
        assert result.created == 2
        assert saved(microsystem) == set(original)

    def test_xlsx_accepts_date_cells_text_dates_and_whole_floats(self, microsystem, demand_type):
        workbook = xlsx_bytes([
            ["demand_type", "period_start", "volume", None],
            ["Book loans", datetime(2026, 1, 1), 4.0],
            [],
            ["Book loans", "2026-02-01", 6],
        ])  # fmt: skip
        demand_import(
            microsystem=microsystem, uploaded_file=upload(workbook, "d.XLSX"), replace=False
        )
        assert saved(microsystem) == {
            ("Book loans", date(2026, 1, 1), 4),
            ("Book loans", date(2026, 2, 1), 6),
        }

    def test_xlsx_errors_use_the_row_numbers_excel_shows(self, microsystem, demand_type):
        workbook = xlsx_bytes([
            ["demand_type", "period_start", "volume"],
            [],
            ["Book loans", datetime(2026, 1, 15), 2.5],
        ])  # fmt: skip
        error = refusal(microsystem, workbook, "demand.xlsx")
        assert error.messages == [
            cell(3, "B (period_start)", "2026-01-15 is not the start of a month; use the 1st, "
                 "such as 2026-01-01"),
            cell(3, "C (volume)", service.VOLUME_FRACTIONAL.format(value="2.5")),
        ]  # fmt: skip

    def test_xlsx_dates_outside_the_window_are_refused_naming_the_row(
        self, microsystem, demand_type
    ):
        workbook = xlsx_bytes([
            ["demand_type", "period_start", "volume"],
            ["Book loans", datetime(2300, 1, 1), 3],
            ["Book loans", "9999-12-01", 3],
        ])  # fmt: skip
        error = refusal(microsystem, workbook, "demand.xlsx")
        window = (
            "is outside the years this service records; use a date from 1900-01-01 to 2199-12-31"
        )
        assert error.messages == [
            cell(2, "B (period_start)", f"2300-01-01 {window}"),
            cell(3, "B (period_start)", f"9999-12-01 {window}"),
        ]

    def test_a_name_excel_would_run_as_a_formula_is_escaped_and_read_back(self, microsystem):
        DemandType.objects.create(microsystem=microsystem, name="=HYPERLINK(1)")
        content = (HEADER + "'=HYPERLINK(1),2026-01-01,3\r\n").encode("utf-8-sig")
        demand_import(microsystem=microsystem, uploaded_file=upload(content), replace=False)
        assert saved(microsystem) == {("=HYPERLINK(1)", date(2026, 1, 1), 3)}
        assert files.write_csv(DEMAND, demand_export_rows(microsystem)) == content
        workbook = files.write_xlsx(DEMAND, demand_export_rows(microsystem))
        name_cell = openpyxl.load_workbook(io.BytesIO(workbook)).active["A2"]
        assert (name_cell.value, name_cell.data_type) == ("=HYPERLINK(1)", "s")  # text, not formula
