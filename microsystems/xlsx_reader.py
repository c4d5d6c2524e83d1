"""The rows of an uploaded .xlsx workbook's first sheet, read in bounded time and memory.

openpyxl's reader trusts the workbook, and an upload is not to be trusted: in
read-only mode openpyxl pads every row out to the <dimension> the sheet claims
(A1:XFD1048576 is 17 billion cells), parses every cell of a row however far to
the right it lies, reads a sheet that has no <dimension> twice, and unpacks
whatever the zip holds. This reader instead

- checks the size the zip declares for each part before opening it, and counts
  the bytes (and the tags) as they unpack, against one budget for all the parts
  it reads (zipfile itself also refuses a part that unpacks to more than it
  declared);
- streams each part through expat without building a tree, keeps only the
  first `columns` cells of each row, and stops at the end of the sheet's data;
- refuses what Excel cannot hold (a row after 1,048,576, more than 16,384 cells
  in a row, more than 32,767 characters in a cell) and any document type
  declaration, which is how a small XML file expands into gigabytes of entities.

So the work done is proportional to the budget, whatever the file claims.

The values are those openpyxl gives (load_workbook(read_only=True,
data_only=True)), converted by openpyxl's own helpers: shared and inline
strings; numbers as int or float; dates, times and durations by the cell's
number format, in the 1900 or 1904 calendar; booleans; error codes as text;
formulas as the value last calculated. Pure Python plus openpyxl's helpers.
"""

import posixpath
import zipfile
from array import array
from collections.abc import Iterator
from contextlib import closing
from io import BytesIO
from typing import Any
from xml.etree.ElementTree import XMLParser

from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)
from openpyxl.xml.constants import (
    ARC_CONTENT_TYPES,
    ARC_STYLE,
    ARC_WORKBOOK,
    CONTYPES_NS,
    PKG_REL_NS,
    REL_NS,
    SHARED_STRINGS,
    SHEET_MAIN_NS,
    XLSM,
    XLSX,
    XLTM,
    XLTX,
)

# Excel's own limits; a sheet past them is not one Excel wrote.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_CELL_TEXT = 32_767
CHUNK_BYTES = 64 * 1024
TAG_BYTES = 8
_DIGITS = "0123456789"
# In openpyxl's order of preference, for a package that names more than one.
WORKBOOK_TYPES = (XLTM, XLTX, XLSM, XLSX)

_ROW, _C, _V, _IS, _T, _RPH, _SI, _SHEET_DATA, _SHEET, _WORKBOOK_PR, _CELL_XFS, _XF, _NUM_FMT = (
    f"{{{SHEET_MAIN_NS}}}{tag}"
    for tag in (
        "row", "c", "v", "is", "t", "rPh", "si", "sheetData", "sheet", "workbookPr", "cellXfs",
        "xf", "numFmt",
    )
)  # fmt: skip
_OVERRIDE = f"{{{CONTYPES_NS}}}Override"
_DEFAULT = f"{{{CONTYPES_NS}}}Default"
_RELATIONSHIP = f"{{{PKG_REL_NS}}}Relationship"
_RELATIONSHIP_ID = f"{{{REL_NS}}}id"


class WorkbookTooLarge(Exception):
    """The parts of the workbook that must be read unpack to more than the budget."""


class WorkbookUnreadable(Exception):
    """Not a workbook that can be read: not a zip, damaged, or past what Excel can hold."""


def iter_first_sheet(
    content: bytes, *, columns: int, max_unpacked_bytes: int
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number as Excel shows it, values of the row's first `columns` cells), row by row.

    Rows come in the file's order; a row with no cell in those columns is left
    out, and a row's values stop at its last cell stored there (cells may be
    empty: None, or blank text). Raises WorkbookTooLarge or WorkbookUnreadable,
    and nothing else, as soon as it knows. Stop iterating at any point and no
    more of the file is read.
    """
    try:
        yield from _first_sheet_rows(content, columns, max_unpacked_bytes)
    except (WorkbookTooLarge, WorkbookUnreadable):
        raise
    except Exception as error:
        # zipfile, expat and the value conversions report a damaged or foreign
        # file with many exception types (BadZipFile, KeyError, ParseError,
        # ValueError, IndexError...); for the caller they all mean one thing.
        raise WorkbookUnreadable(f"{type(error).__name__}: {error}") from error


def _first_sheet_rows(
    content: bytes, columns: int, max_unpacked_bytes: int
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    parts = _Parts(zipfile.ZipFile(BytesIO(content)), max_unpacked_bytes)
    workbook_path, strings_path = _package_parts(parts)
    sheet_path, epoch = _first_sheet_of(parts, workbook_path)
    style_kinds = _style_kinds(parts)
    strings = _shared_strings(parts, strings_path) if strings_path else []
    rows = _SheetRows(columns, strings, style_kinds, epoch)
    parser = XMLParser(target=rows)
    with closing(parts.chunks(sheet_path)) as chunks:
        try:
            for chunk in chunks:
                parser.feed(chunk)
                yield from rows.take()
            parser.close()
        except _EndOfSheetData:
            pass  # the rest of the sheet (formatting, print setup) is not needed
    yield from rows.take()


class _Parts:
    """The zip's members, unpacked within one budget of bytes for all of them.

    Parsing costs about the same for every tag, however short: 32 MB of "<c/>"
    costs twice what 32 MB of real cells does. So the tags are counted too,
    against one per TAG_BYTES of the budget, which bounds the time a file of
    empty tags can take. Our downloads have one tag per 10 bytes or so and
    Excel's densest sheets one per 7 or 8, so real files meet this limit at or
    a little before the one on bytes.
    """

    def __init__(self, archive: zipfile.ZipFile, budget: int):
        self.archive = archive
        self.names = set(archive.namelist())
        self.left = budget
        self.tags_left = budget // TAG_BYTES

    def exists(self, path: str) -> bool:
        return path in self.names

    def chunks(self, path: str) -> Iterator[bytes]:
        info = self.archive.getinfo(path)
        # Refused before unpacking anything when the zip says it is too large...
        if info.file_size > self.left:
            raise WorkbookTooLarge(path)
        with self.archive.open(info) as member:
            while chunk := member.read(CHUNK_BYTES):
                # ...and while unpacking when it lied (zipfile stops at the size
                # declared and fails the checksum; this does not rely on it).
                self.left -= len(chunk)
                self.tags_left -= chunk.count(b"<")
                if self.left < 0 or self.tags_left < 0:
                    raise WorkbookTooLarge(path)
                yield chunk

    def parse(self, path: str, target: "_Target") -> None:
        parser = XMLParser(target=target)
        with closing(self.chunks(path)) as chunks:
            for chunk in chunks:
                parser.feed(chunk)
        parser.close()


class _Target:
    """An expat target that builds nothing; subclasses keep what they need."""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        # No part of a workbook has one; entities declared in it can expand a
        # few kilobytes into gigabytes ("billion laughs").
        raise WorkbookUnreadable("document type declaration")


class _ContentTypes(_Target):
    def __init__(self):
        self.parts: dict[str, str] = {}
        self.default_workbook = False

    def start(self, tag, attrib):
        if tag == _OVERRIDE:
            content_type = attrib.get("ContentType")
            if content_type not in self.parts and attrib.get("PartName"):
                self.parts[content_type] = attrib["PartName"].removeprefix("/")
        elif tag == _DEFAULT and attrib.get("ContentType") in WORKBOOK_TYPES:
            self.default_workbook = True


def _package_parts(parts: _Parts) -> tuple[str, str | None]:
    """(the workbook's path, the shared strings' path or None), from [Content_Types].xml."""
    types = _ContentTypes()
    parts.parse(ARC_CONTENT_TYPES, types)
    workbook = next((types.parts[kind] for kind in WORKBOOK_TYPES if kind in types.parts), None)
    if workbook is None and not types.default_workbook:
        raise WorkbookUnreadable("no workbook part")
    return workbook or ARC_WORKBOOK, types.parts.get(SHARED_STRINGS)


class _Workbook(_Target):
    def __init__(self):
        self.sheet_ids: list[str] = []
        self.epoch = CALENDAR_WINDOWS_1900

    def start(self, tag, attrib):
        if tag == _SHEET:
            if attrib.get(_RELATIONSHIP_ID):
                self.sheet_ids.append(attrib[_RELATIONSHIP_ID])
        elif tag == _WORKBOOK_PR:
            # As openpyxl reads a boolean attribute: anything but false, f or 0.
            date1904 = attrib.get("date1904")
            if date1904 and date1904 not in ("false", "f", "0"):
                self.epoch = CALENDAR_MAC_1904


class _Relationships(_Target):
    def __init__(self, parent_folder: str):
        self.parent_folder = parent_folder
        self.by_id: dict[str, tuple[str, str]] = {}

    def start(self, tag, attrib):
        if tag != _RELATIONSHIP:
            return
        target = attrib.get("Target", "")
        if attrib.get("TargetMode") != "External":
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(self.parent_folder, target))
        self.by_id[attrib.get("Id", "")] = (attrib.get("Type", ""), target)


def _first_sheet_of(parts: _Parts, workbook_path: str) -> tuple[str, Any]:
    """(the path of the first worksheet, the workbook's calendar), as openpyxl finds them."""
    workbook = _Workbook()
    parts.parse(workbook_path, workbook)
    folder, name = posixpath.split(workbook_path)
    relationships = _Relationships(folder)
    parts.parse(posixpath.join(folder, "_rels", f"{name}.rels"), relationships)
    for sheet_id in workbook.sheet_ids:
        kind, target = relationships.by_id[sheet_id]
        # Chart sheets hold no cells; openpyxl's worksheets[0] passes over them too.
        if parts.exists(target) and "chartsheet" not in kind:
            return target, workbook.epoch
    raise WorkbookUnreadable("no worksheet")


# What a cell style shows, by its number format.
NUMBER, DATE, DURATION = 0, 1, 2


class _Styles(_Target):
    """The number format of each cell style (its position in cellXfs), and the custom formats."""

    def __init__(self):
        self.custom_formats: dict[int, str] = {}
        self.in_cell_styles = False
        self.style_formats = array("q")

    def start(self, tag, attrib):
        if tag == _XF:
            if self.in_cell_styles:
                self.style_formats.append(int(attrib.get("numFmtId", 0)))
        elif tag == _NUM_FMT:
            self.custom_formats[int(attrib["numFmtId"])] = attrib.get("formatCode", "")
        elif tag == _CELL_XFS:
            self.in_cell_styles = True

    def end(self, tag):
        if tag == _CELL_XFS:
            self.in_cell_styles = False

    def kinds(self) -> bytes:
        """NUMBER, DATE or DURATION for each style, as openpyxl decides it."""
        # A workbook has few formats and may have many styles: each format is
        # looked at once (a regular expression or two, microseconds apiece).
        kind_of_format: dict[int, int] = {}
        kinds = bytearray()
        for format_id in self.style_formats:
            kind = kind_of_format.get(format_id)
            if kind is None:
                if format_id in self.custom_formats:
                    code = self.custom_formats[format_id]
                else:
                    code = builtin_format_code(format_id)
                # openpyxl converts cells whose format shows a date; of those, the
                # ones whose format shows elapsed time ([h]:mm) become durations.
                kind = NUMBER
                if is_date_format(code):
                    kind = DURATION if is_timedelta_format(code) else DATE
                kind_of_format[format_id] = kind
            kinds.append(kind)
        return bytes(kinds)


def _style_kinds(parts: _Parts) -> bytes:
    """NUMBER, DATE or DURATION for each cell style; all numbers without a stylesheet."""
    styles = _Styles()
    if parts.exists(ARC_STYLE):
        parts.parse(ARC_STYLE, styles)
    return styles.kinds()


class _SharedStrings(_Target):
    def __init__(self):
        self.strings: list[str] = []
        self.pieces: list[str] | None = None
        self.in_text = False
        self.in_phonetic = False

    def start(self, tag, attrib):
        if tag == _T:
            self.in_text = self.pieces is not None and not self.in_phonetic
        elif tag == _SI:
            self.pieces = []
        elif tag == _RPH:
            self.in_phonetic = True

    def data(self, text):
        if self.in_text:
            self.pieces.append(text)

    def end(self, tag):
        if tag == _T:
            self.in_text = False
        elif tag == _SI:
            # Plain text and the runs of rich text, without phonetic guides; the
            # x005F_ unescaping is openpyxl's.
            self.strings.append("".join(self.pieces).replace("x005F_", ""))
            self.pieces = None
        elif tag == _RPH:
            self.in_phonetic = False


def _shared_strings(parts: _Parts, path: str) -> list[str]:
    strings = _SharedStrings()
    parts.parse(path, strings)
    return strings.strings


class _EndOfSheetData(Exception):
    """Raised from inside the parser to stop it once the last row has been read."""


class _SheetRows(_Target):
    """Rows as they stream past: only the cells of the first `columns` columns are kept."""

    def __init__(self, columns, strings, style_kinds, epoch):
        self.columns = columns
        self.strings = strings
        self.style_kinds = style_kinds
        self.epoch = epoch
        self.finished: list[tuple[int, tuple[Any, ...]]] = []
        self.rows_read = 0
        self.row_number = 0
        self.cells: list[Any] = []
        self.cells_in_row = 0
        self.column = 0
        self.column_of: dict[str, int] = {}
        # The cell being read, when it is one of the columns kept.
        self.keeping = False
        self.cell_type = "n"
        self.cell_style: str | None = None
        self.value_text: str | None = None
        self.inline_text: str | None = None
        # Text being collected: a <v>, or the <t>s of an inline string.
        self.text = ""
        self.in_text = False
        self.in_inline = False
        self.in_phonetic = False

    def take(self) -> list[tuple[int, tuple[Any, ...]]]:
        finished, self.finished = self.finished, []
        return finished

    # start() and end() run for every element of the sheet, millions of times for
    # a large one: the common cases come first, and the work of a cell is inline.
    def start(self, tag, attrib):
        if tag == _C:
            self.cells_in_row += 1
            if self.cells_in_row > EXCEL_MAX_COLUMNS:
                raise WorkbookUnreadable(f"row {self.row_number} has too many cells")
            reference = attrib.get("r")
            if reference is None:
                self.column += 1
            else:
                letters = reference.rstrip(_DIGITS)
                column = self.column_of.get(letters)
                if column is None:
                    column = self.column_of[letters] = column_index_from_string(letters.upper())
                self.column = column
            self.keeping = self.column <= self.columns
            if self.keeping:
                self.cell_type = attrib.get("t", "n")
                self.cell_style = attrib.get("s")
                self.value_text = self.inline_text = None
        elif tag == _V:
            if self.keeping:
                self.text = ""
                self.in_text = True
        elif tag == _ROW:
            self._start_row(attrib.get("r"))
        elif tag == _T:
            if self.in_inline and not self.in_phonetic:
                self.in_text = True
        elif tag == _IS:
            if self.keeping:
                self.text = ""
                self.in_inline = True
        elif tag == _RPH:
            self.in_phonetic = True

    def data(self, text):
        if self.in_text:
            self.text += text
            # Excel's own limit, which also keeps the joining above cheap.
            if len(self.text) > EXCEL_MAX_CELL_TEXT:
                raise WorkbookUnreadable(f"a cell in row {self.row_number} is too long")

    def end(self, tag):
        if tag == _V:
            if self.in_text:
                self.value_text = self.text
                self.in_text = False
        elif tag == _C:
            if self.keeping:
                self.keeping = False
                value = self._value()
                cells, position = self.cells, self.column - 1
                if position == len(cells):
                    cells.append(value)
                elif position > len(cells):
                    cells.extend([None] * (position - len(cells)))
                    cells.append(value)
                else:
                    cells[position] = value  # a cell stored twice, or out of order: the last wins
        elif tag == _ROW:
            # A row with nothing in the columns kept is not worth handing on.
            if self.cells:
                self.finished.append((self.row_number, tuple(self.cells)))
        elif tag == _T:
            self.in_text = False
        elif tag == _IS:
            if self.in_inline:
                self.inline_text = self.text
                self.in_inline = False
        elif tag == _RPH:
            self.in_phonetic = False
        elif tag == _SHEET_DATA:
            raise _EndOfSheetData

    def _start_row(self, reference: str | None) -> None:
        self.rows_read += 1
        if reference is None:
            self.row_number += 1
        else:
            try:
                self.row_number = int(reference)
            except ValueError:
                number = float(reference)  # openpyxl accepts "7.0"
                if not number.is_integer():
                    raise WorkbookUnreadable(f"row number {reference}") from None
                self.row_number = int(number)
        if not 1 <= self.row_number <= EXCEL_MAX_ROWS or self.rows_read > EXCEL_MAX_ROWS:
            raise WorkbookUnreadable(f"row {self.row_number} is past the last row of a sheet")
        self.cells = []
        self.cells_in_row = 0
        self.column = 0

    def _value(self) -> Any:
        """The cell's value as openpyxl's read-only reader gives it (with data_only)."""
        cell_type = self.cell_type
        if cell_type == "inlineStr":
            return self.inline_text
        text = self.value_text or None
        if text is None:
            return None
        if cell_type == "n":
            number = float(text) if "." in text or "E" in text or "e" in text else int(text)
            style = int(self.cell_style) if self.cell_style else 0
            kind = self.style_kinds[style] if 0 <= style < len(self.style_kinds) else NUMBER
            if kind == NUMBER:
                return number
            try:
                return from_excel(number, self.epoch, timedelta=kind == DURATION)
            except (OverflowError, ValueError):
                return "#VALUE!"  # a date cell out of range, as openpyxl shows it
        if cell_type == "s":
            return self.strings[int(text)]
        if cell_type == "b":
            return bool(int(text))
        if cell_type == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error such as #N/A), or unknown
