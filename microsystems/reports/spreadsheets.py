"""A download table as CSV or XLSX bytes.

Text that a spreadsheet would read as a formula (=, +, -, @ first) is prefixed
with an apostrophe, in the header row as in every cell: an activity or a value
dimension named "=HYPERLINK(...)" must open as text, not run (CSV injection).
"""

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from microsystems.demand_files import escape_formula

MONEY_FORMAT = '"£"#,##0.00'


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows £ correctly; blank for unknown."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([escape_formula(header) for header in headers])
    for row in rows:
        writer.writerow(["" if value is None else escape_formula(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet_title: str,
    money_columns: frozenset[int] = frozenset(),
) -> bytes:
    """One sheet: a bold header row, numbers kept as numbers, money as £0.00."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # Excel's limit on sheet names
    sheet.append([escape_formula(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_formula(value) for value in row])
    for column in money_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = MONEY_FORMAT
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
