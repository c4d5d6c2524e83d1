"""A table as CSV or XLSX bytes: report downloads, and exchange files read back on upload.

Text that a spreadsheet would read as a formula (=, +, -, @ first) is prefixed
with an apostrophe, in the header row as in every cell: an activity or a value
dimension named "=HYPERLINK(...)" must open as text, not run (CSV injection).
"""

import csv
import io
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.tabular_files import escape_formula

MONEY_FORMAT = '"£"#,##0.00'


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows £ correctly; blank for unknown."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([escape_formula(header) for header in headers])
    for row in rows:
        writer.writerow(["" if value is None else escape_formula(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title, header row, rows, and which columns hold money."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    money_columns: frozenset[int] = frozenset()


def xlsx_bytes(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet_title: str,
    money_columns: frozenset[int] = frozenset(),
) -> bytes:
    """One sheet: a bold header row, numbers kept as numbers, money as £0.00."""
    return workbook_bytes([Sheet(sheet_title, headers, rows, money_columns)])


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Several sheets, each as xlsx_bytes writes one; titles cut to Excel's 31 characters."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in sheets:
        sheet = workbook.create_sheet(table.title[:31])  # Excel's limit on sheet names
        sheet.append([escape_formula(header) for header in table.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([escape_formula(value) for value in row])
        for column in table.money_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
                cell.number_format = MONEY_FORMAT
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def exchange_csv_bytes(
    headers: Sequence[str], rows: Iterable[Sequence], *, text_columns: Collection[int]
) -> bytes:
    """A file made to be uploaded again: UTF-8 with a byte-order mark, as every CSV we
    write has (Excel needs it to show £ and accented names; the upload reader takes a
    file with or without one), one line per row.

    Only `text_columns` are escaped against formulas: the others hold numbers
    and dates written as text (such as -3), which must stay as they are.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([escape_formula(header) for header in headers])
    escaped = frozenset(text_columns)
    writer.writerows(
        [escape_formula(value) if index in escaped else value for index, value in enumerate(row)]
        for row in rows
    )
    return buffer.getvalue().encode("utf-8-sig")


def exchange_xlsx_bytes(
    sheet_title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> bytes:
    """The same file as a workbook: dates as date cells, numbers as number cells.

    Text is stored as text, never as a formula, and empty text as an empty cell.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append([escape_formula(header) for header in headers])

    def cell(value):
        if type(value) is not str:
            return value
        if not value.startswith("="):
            return value or None
        # openpyxl stores text starting with "=" as a formula; force a text cell,
        # which Excel shows as it is and never runs.
        text_cell = WriteOnlyCell(sheet, value=value)
        text_cell.data_type = "s"
        return text_cell

    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
