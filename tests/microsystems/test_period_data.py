"""The period-data pipeline, tested once for every kind: file-level failures and row checks.

A made-up kind (targets per period) stands for any kind: it needs only a spec.
Each kind's own rules (its key lookup, its value parser, its writes) are tested
with the kind (tests/microsystems/test_demand_import.py,
tests/valuation/test_measurement_import.py).
"""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import tabular_files
from core.tabular_files import MAX_FILE_BYTES, TabularFileError
from microsystems.period_data.files import read_upload
from microsystems.period_data.rows import (
    CELL_MESSAGE,
    HEADER_REPEATED,
    HEADER_SEMICOLONS,
    MAX_ERRORS_SHOWN,
    MORE_ERRORS,
    ROW_MESSAGE,
    CellProblem,
    RowValue,
    validate_rows,
)
from microsystems.period_data.spec import PeriodDataSpec


def parse_target(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise CellProblem(f"“{value}” is not a target") from None


TARGETS = PeriodDataSpec(
    kind="targets",
    key_column="measure",
    key_noun="measure",
    value_column="target",
    parse_value=parse_target,
    value_text=str,
    value_cell=int,
    key_missing="the measure is empty",
    key_unknown="“{value}” is not a measure",
    key_ambiguous="“{value}” matches {names}",
    sheet_title="Targets",
)
HEADER = "measure,period_start,target\r\n"
GOOD_ROW = "waits,2026-02-01,10\r\n"
LOOKUP = {"waits": 1, "calls": 2}
NAMES = {1: "waits", 2: "calls"}


def read(content: bytes | str, name: str = "targets.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return read_upload(TARGETS, SimpleUploadedFile(name, data))


def messages(content: bytes | str, name: str = "targets.csv", granularity: str = "month"):
    """What an upload of this file is told: the file's problem, or every row's."""
    try:
        rows = read(content, name)
    except TabularFileError as error:
        return [error.message]
    validated = validate_rows(
        TARGETS, rows, lookup=LOOKUP, key_names=NAMES, granularity=granularity
    )
    return validated.errors.messages


def cell(row: int, column: str, problem: str) -> str:
    return CELL_MESSAGE.format(row=row, column=column, problem=problem)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


NOT_XLSX = tabular_files.FILE_NOT_XLSX.format(name="targets.xlsx")
FILE_EMPTY = tabular_files.FILE_EMPTY.format(headers="measure, period_start, target")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("targets.csv", b"", FILE_EMPTY),
        ("targets.csv", b"\r\n  \r\n", FILE_EMPTY),
        ("targets.csv", HEADER.encode(), TARGETS.no_data_rows),
        ("targets.xlsx", xlsx_bytes([["measure", "period_start", "target"]]),
         TARGETS.no_data_rows),
        ("t.txt", HEADER.encode(), tabular_files.FILE_WRONG_EXTENSION.format(name="t.txt")),
        ("targets", HEADER.encode(), tabular_files.FILE_WRONG_EXTENSION.format(name="targets")),
        ("t.xls", b"\xd0\xcf\x11\xe0rest", tabular_files.FILE_OLD_EXCEL.format(name="t.xls")),
        (
            "targets.csv",
            xlsx_bytes([["measure"]]),
            tabular_files.FILE_NOT_CSV_TEXT.format(
                name="targets.csv", looks_like="an Excel workbook or another zip file"
            ),
        ),
        (
            "targets.csv",
            (HEADER + GOOD_ROW).encode("utf-16"),
            tabular_files.FILE_NOT_CSV_TEXT.format(name="targets.csv", looks_like="UTF-16 text"),
        ),
        ("targets.xlsx", (HEADER + GOOD_ROW).encode(), NOT_XLSX),
        ("targets.xlsx", b"PK\x03\x04 not really a zip", NOT_XLSX),
        (
            "targets.csv",
            (HEADER + GOOD_ROW + "Café,2026-02-01,£3\r\n").encode("cp1252"),
            tabular_files.FILE_NOT_UTF8.format(row=3),
        ),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(name, content, message):
    assert messages(content, name) == [message]


def test_a_file_over_five_megabytes_is_refused_before_it_is_read():
    padding = GOOD_ROW * (MAX_FILE_BYTES // len(GOOD_ROW) + 1)
    error = messages(HEADER + padding)
    assert error == [tabular_files.FILE_TOO_LARGE.format(size_mb=len(HEADER + padding) / 2**20)]
    assert "the limit is 5 MB" in error[0]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "type,period_start,target\r\n",
            [
                cell(1, "A (type)", TARGETS.header_unexpected.format(value="type")),
                ROW_MESSAGE.format(row=1, problem=TARGETS.header_missing.format(column="measure")),
            ],
        ),
        (
            "measure,period_start\r\n",
            [ROW_MESSAGE.format(row=1, problem=TARGETS.header_missing.format(column="target"))],
        ),
        (
            "measure,period_start,target,target\r\n",
            [cell(1, "D (target)", HEADER_REPEATED.format(value="target"))],
        ),
        (
            "measure;period_start;target\r\n",
            [ROW_MESSAGE.format(row=1, problem=HEADER_SEMICOLONS)],
        ),
        # Headers in any order and any case, with empty cells after them.
        ("Target,MEASURE,period_start,,\r\n", None),
    ],
)
def test_wrong_or_missing_headers_are_named(header, expected):
    if expected is None:
        assert messages("Target,MEASURE,period_start\r\n10,waits,2026-02-01\r\n") == []
    else:
        assert messages(header + GOOD_ROW) == expected


def test_only_the_first_twenty_errors_are_listed_then_a_count():
    rows = "".join(f"waits,2026-02-01,x{number}\r\n" for number in range(25))
    error = messages(HEADER + rows)
    assert len(error) == MAX_ERRORS_SHOWN + 1
    assert error[0] == cell(2, "C (target)", "“x0” is not a target")
    assert error[-1] == MORE_ERRORS.format(count=5) == "… and 5 more."


def test_a_duplicate_row_names_both_rows_and_the_key_as_saved():
    error = messages(HEADER + GOOD_ROW + "calls,2026-03-01,1\r\nWAITS,2026-02-01,9\r\n")
    assert error == [
        "Row 4, columns A (measure) and B (period_start): “waits” for 2026-02-01 is also in "
        "row 2; keep one row per measure and period."
    ]


@pytest.mark.parametrize(
    ("granularity", "bad_date", "problem"),
    [
        ("month", "2026-02-03", "2026-02-03 is not the start of a month; use the 1st, such as "
         "2026-02-01"),
        ("week", "2026-02-04", "2026-02-04 is not the start of a week; use a Monday, such as "
         "2026-02-02"),
        ("quarter", "2026-03-01", "2026-03-01 is not the start of a quarter; use 1 Jan, 1 Apr, "
         "1 Jul or 1 Oct, such as 2026-01-01"),
    ],
)  # fmt: skip
def test_a_date_off_the_period_boundary_says_what_a_valid_one_looks_like(
    granularity, bad_date, problem
):
    error = messages(f"{HEADER}waits,{bad_date},4\r\n", granularity=granularity)
    assert error == [cell(2, "B (period_start)", problem)]


@pytest.mark.parametrize("bad_date", ["9999-12-01", "0001-01-01", "2200-01-01", "1899-12-01"])
def test_a_date_outside_the_window_is_refused_naming_the_row(bad_date):
    problem = (
        f"{bad_date} is outside the years this service records; use a date from 1900-01-01 "
        "to 2199-12-31"
    )
    assert messages(f"{HEADER}{GOOD_ROW}waits,{bad_date},3\r\n") == [
        cell(3, "B (period_start)", problem)
    ]


def test_every_problem_of_a_row_is_reported_in_column_order():
    assert messages(HEADER + "nobody,2026-02-30,x\r\n") == [
        cell(2, "A (measure)", "“nobody” is not a measure"),
        cell(2, "B (period_start)", "“2026-02-30” is not a date; write it as YYYY-MM-DD, such as "
             + date.today().replace(day=1).isoformat()),
        cell(2, "C (target)", "“x” is not a target"),
    ]  # fmt: skip


def test_a_kind_needs_only_a_spec_to_be_read_checked_and_written():
    rows = read(HEADER + GOOD_ROW + "\r\ncalls,2026-03-01,7\r\n")
    validated = validate_rows(TARGETS, rows, lookup=LOOKUP, key_names=NAMES, granularity="month")
    assert not validated.errors
    assert validated.values == {
        (1, date(2026, 2, 1)): RowValue(10, None, 2),
        (2, date(2026, 3, 1)): RowValue(7, None, 4),  # the blank line still counts
    }
