"""A kind's exchange file: reading an upload into rows, and writing the download.

The download is the file an upload takes back unchanged: the spec's columns,
dates as YYYY-MM-DD (date cells in a workbook), values as the spec writes them.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from core.spreadsheets import exchange_csv_bytes, exchange_xlsx_bytes
from core.tabular_files import check_name_and_size, read_table
from microsystems.period_data.spec import PeriodDataSpec


def read_upload(spec: PeriodDataSpec, uploaded_file: UploadedFile) -> list[tuple[int, tuple]]:
    """The non-blank rows of an upload, or core.tabular_files.TabularFileError saying why not."""
    name = uploaded_file.name or ""
    # Checked before reading, so a huge upload is never loaded into memory.
    check_name_and_size(name, uploaded_file.size or 0)
    return read_table(name, uploaded_file.read(), headers=spec.headers_text).rows


def write_csv(spec: PeriodDataSpec, rows: Iterable[tuple[Any, ...]]) -> bytes:
    """The CSV download: headers, then one line per value, UTF-8 with a BOM, as every CSV we write.

    Rows are (key, period_start, value) and, for a kind with notes, the note.
    """
    value_text = spec.value_text
    text_columns = (0, 3) if spec.note_column else (0,)
    return exchange_csv_bytes(
        spec.columns,
        ((key, start.isoformat(), value_text(value), *rest) for key, start, value, *rest in rows),
        text_columns=text_columns,
    )


def write_xlsx(spec: PeriodDataSpec, rows: Iterable[tuple[str, date, Any]]) -> bytes:
    """The Excel download: the same columns; dates as date cells, values as number cells."""
    value_cell = spec.value_cell
    return exchange_xlsx_bytes(
        spec.sheet_title,
        spec.columns,
        ((key, start, value_cell(value), *rest) for key, start, value, *rest in rows),
    )
