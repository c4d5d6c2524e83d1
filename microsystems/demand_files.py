"""The demand exchange file: CSV (UTF-8) or Excel .xlsx with three columns.

    demand_type,period_start,volume
    Book loans,2026-03-02,120

This module only reads and writes the file format; what the values mean and
whether they are valid is decided in microsystems.services.demand_import.
Pure Python plus openpyxl: no Django, no database.
"""

import csv
import io
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell

from microsystems.xlsx_reader import WorkbookTooLarge, WorkbookUnreadable, iter_first_sheet

COLUMNS = ("demand_type", "period_start", "volume")
EXTENSIONS = (".csv", ".xlsx")
MAX_FILE_BYTES = 5 * 1024 * 1024
# 5 MB of CSV is at most ~500,000 short rows; the cap stops a small but highly
# compressed .xlsx from expanding into millions of rows in memory. Reading stops
# at the first row past it.
MAX_DATA_ROWS = 500_000
# Columns A to Z are read. The files have three or four, and a few more let the
# header check name a stray one; cells further right are ignored, so a sheet
# that reaches column XFD costs no more than one that stops at D.
COLUMNS_READ = 26
# An .xlsx is a zip: the parts read (the sheet, its shared strings, the workbook
# and styles) may unpack to this much in all. 32 MB holds about 200,000 rows of
# our demand download (150,000 measurements with notes), read in about 3 seconds.
MAX_XLSX_UNPACKED_BYTES = 32 * 1024 * 1024
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Excel runs a cell that starts with one of these as a formula ("CSV injection"),
# so every download (headers and cells) prefixes such text with an apostrophe
# (escape_formula) and imports remove it again (unescape_formula).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

FILE_TOO_LARGE = "The file is {size_mb:.1f} MB; the limit is 5 MB. Split it into smaller files."
FILE_WRONG_EXTENSION = (
    "“{name}” is not a CSV or Excel file. Upload a file whose name ends in .csv or .xlsx."
)
FILE_OLD_EXCEL = (
    "“{name}” is an old Excel workbook (.xls). In Excel, use Save As and choose "
    "“Excel Workbook (.xlsx)” or “CSV UTF-8 (Comma delimited)”."
)
FILE_NOT_CSV_TEXT = (
    "“{name}” ends in .csv but is not CSV text (it looks like {looks_like}). In Excel, use "
    "Save As and choose “CSV UTF-8 (Comma delimited)”."
)
FILE_NOT_XLSX = (
    "“{name}” ends in .xlsx but is not an Excel workbook that can be read. Open it in Excel, "
    "save it again as .xlsx, or upload a .csv file."
)
FILE_NOT_UTF8 = (
    "The file is not UTF-8 text (the first unreadable character is in row {row}). In Excel, "
    "use Save As and choose “CSV UTF-8 (Comma delimited)”."
)
FILE_BROKEN_CSV = "Row {row}: the CSV cannot be read ({reason})."
FILE_EMPTY = (
    "The file is empty. Its first row must be the headers: demand_type, period_start, volume."
)
FILE_TOO_MANY_ROWS = "The file has more than {limit:,} rows. Split it into smaller files."
FILE_XLSX_TOO_LARGE = (
    "The workbook unpacks to more than {limit_mb} MB of data, more than one upload may hold. "
    "Split it into smaller files."
)


class DemandFileError(Exception):
    """The upload cannot be read as a demand file at all; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Table:
    """The non-blank rows of a file as (row number as a spreadsheet shows it, cell values)."""

    rows: list[tuple[int, tuple[Any, ...]]]


def extension_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def check_name_and_size(name: str, size: int) -> None:
    """The checks that need no content, shared by the upload form and the import."""
    if size > MAX_FILE_BYTES:
        raise DemandFileError(FILE_TOO_LARGE.format(size_mb=size / (1024 * 1024)))
    if extension_of(name) == ".xls":
        raise DemandFileError(FILE_OLD_EXCEL.format(name=name))
    if extension_of(name) not in EXTENSIONS:
        raise DemandFileError(FILE_WRONG_EXTENSION.format(name=name))


def read_table(name: str, content: bytes) -> Table:
    """Rows of a .csv or .xlsx file, checked against its extension; blank rows left out."""
    check_name_and_size(name, len(content))
    read = _read_xlsx if extension_of(name) == ".xlsx" else _read_csv
    rows = read(name, content)
    if not rows:
        raise DemandFileError(FILE_EMPTY)
    return Table(rows=rows)


def _looks_like(content: bytes) -> str | None:
    """What a binary file that claims to be CSV really is, or None if it may be text."""
    if content.startswith(b"PK\x03\x04"):
        return "an Excel workbook or another zip file"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Excel .xls workbook"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text"
    if b"\x00" in content:
        return "a binary file"
    return None


def _read_csv(name: str, content: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    looks_like = _looks_like(content)
    if looks_like:
        raise DemandFileError(FILE_NOT_CSV_TEXT.format(name=name, looks_like=looks_like))
    try:
        # utf-8-sig accepts the byte-order mark Excel writes and plain UTF-8 alike.
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = content[: error.start].count(b"\n") + 1
        raise DemandFileError(FILE_NOT_UTF8.format(row=row)) from None
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row_number, cells in enumerate(reader, start=1):
            # map() keeps the blank check out of Python bytecode: 500,000 rows pass here.
            if any(map(str.strip, cells)):
                rows.append((row_number, tuple(cells[:COLUMNS_READ])))
                if len(rows) > MAX_DATA_ROWS:
                    raise DemandFileError(FILE_TOO_MANY_ROWS.format(limit=MAX_DATA_ROWS))
    except csv.Error as error:
        raise DemandFileError(FILE_BROKEN_CSV.format(row=reader.line_num, reason=error)) from None
    return rows


def _has_value(cells: tuple[Any, ...]) -> bool:
    """Whether a row read from a workbook holds anything but empty cells and blank text."""
    # A plain loop, not any() over a generator: four times faster, and up to
    # 500,000 rows pass through here.
    for cell in cells:  # noqa: SIM110
        # Only text can be blank: numbers, dates and booleans always show something.
        if cell is not None and (type(cell) is not str or cell.strip()):
            return True
    return False


def _read_xlsx(name: str, content: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    if not content.startswith(b"PK\x03\x04"):
        raise DemandFileError(FILE_NOT_XLSX.format(name=name))
    rows = []
    sheet = iter_first_sheet(
        content, columns=COLUMNS_READ, max_unpacked_bytes=MAX_XLSX_UNPACKED_BYTES
    )
    try:
        with closing(sheet) as sheet_rows:
            for row_number, cells in sheet_rows:
                if _has_value(cells):
                    rows.append((row_number, cells))
                    if len(rows) > MAX_DATA_ROWS:
                        # The rest of the sheet is never unpacked.
                        raise DemandFileError(FILE_TOO_MANY_ROWS.format(limit=MAX_DATA_ROWS))
    except WorkbookTooLarge:
        limit_mb = MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)
        raise DemandFileError(FILE_XLSX_TOO_LARGE.format(limit_mb=limit_mb)) from None
    except WorkbookUnreadable:
        raise DemandFileError(FILE_NOT_XLSX.format(name=name)) from None
    return rows


def unescape_formula(text: str) -> str:
    """Undo the apostrophe that exports put before names Excel would run as formulas."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def escape_formula(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, with an apostrophe first; anything else as is.

    The one escape for every CSV and XLSX download, header rows included.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(rows: Iterable[tuple[str, date, int]]) -> bytes:
    """The CSV download: headers, then one line per observation, UTF-8 without a BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([escape_formula(column) for column in COLUMNS])
    writer.writerows(
        (escape_formula(name), period_start.isoformat(), volume)
        for name, period_start, volume in rows
    )
    return buffer.getvalue().encode("utf-8")


def write_xlsx(rows: Iterable[tuple[str, date, int]]) -> bytes:
    """The Excel download: the same columns; period_start as real date cells (yyyy-mm-dd)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Demand")
    sheet.append([escape_formula(column) for column in COLUMNS])
    for name, period_start, volume in rows:
        if name.startswith("="):
            # openpyxl stores text starting with "=" as a formula; force a text cell,
            # which Excel shows as it is and never runs.
            name_cell = WriteOnlyCell(sheet, value=name)
            name_cell.data_type = "s"
            sheet.append([name_cell, period_start, volume])
        else:
            sheet.append([name, period_start, volume])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
