"""Tests for reading uploaded files (core.tabular_files.read_table): bounded in time and size.

A small file must never tie up a worker: whatever a workbook claims (a sheet
covering every cell, millions of rows, a zip member that unpacks to far more
than it says), it is read or refused within a few seconds, with a clear message.
The limits on CPU time below are generous; before the bounded reader these files
took from ten seconds to ten minutes of it.
"""

import io
import zipfile
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import chain

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from core import tabular_files
from core.spreadsheets import exchange_xlsx_bytes
from core.tabular_files import (
    COLUMNS_READ,
    FILE_NOT_XLSX,
    FILE_TOO_MANY_ROWS,
    FILE_XLSX_TOO_LARGE,
    MAX_DATA_ROWS,
    MAX_XLSX_UNPACKED_BYTES,
)
from core.tabular_files import TabularFileError as DemandFileError
from tests.support.hostile_files import (
    SHEET_PATH,
    STRINGS_PATH,
    cpu_limit,
    declaring_size,
    repeated,
    workbook,
)

HEADERS = "demand_type, period_start, volume"
FILE_EMPTY = tabular_files.FILE_EMPTY.format(headers=HEADERS)


def read_table(name: str, content: bytes) -> tabular_files.Table:
    return tabular_files.read_table(name, content, headers=HEADERS)


def write_xlsx(rows) -> bytes:
    return exchange_xlsx_bytes("Demand", ("demand_type", "period_start", "volume"), rows)


NOT_XLSX = FILE_NOT_XLSX.format(name="demand.xlsx")
TOO_LARGE = FILE_XLSX_TOO_LARGE.format(limit_mb=MAX_XLSX_UNPACKED_BYTES // 2**20)
TOO_MANY_ROWS = FILE_TOO_MANY_ROWS.format(limit=MAX_DATA_ROWS)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>demand_type</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>period_start</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>volume</t></is></c></row>'
)
GOOD_ROW = (
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Book loans</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>2026-02-01</t></is></c><c r="C2"><v>10</v></c></row>'
)
FAR_CELL = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
# One demand row as Excel would save it, without row or cell references (which
# are optional): two million of them pack into well under a megabyte.
SAME_ROW = (
    b'<row><c t="inlineStr"><is><t>Book loans</t></is></c>'
    b'<c t="inlineStr"><is><t>2026-02-01</t></is></c><c><v>3</v></c></row>'
)


def refusal(content: bytes, name: str = "demand.xlsx", seconds: float = 5) -> str:
    with cpu_limit(seconds), pytest.raises(DemandFileError) as refused:
        read_table(name, content)
    return refused.value.message


@cache
def two_million_rows() -> bytes:
    return workbook(repeated(SAME_ROW, 2_000_000))


class TestWorkbookClaims:
    def test_a_sheet_claiming_every_cell_with_one_far_cell_is_read_at_once(self):
        # 1.4 KB; the reader used to visit all 17 billion cells the dimension claims.
        content = workbook(FAR_CELL, dimension="A1:XFD1048576")
        assert len(content) < 2_000
        assert refusal(content) == FILE_EMPTY

    def test_cells_past_the_columns_read_are_ignored_beside_good_rows(self):
        content = workbook(HEADER_ROW + GOOD_ROW + FAR_CELL, dimension="A1:XFD1048576")
        with cpu_limit(5):
            table = read_table("demand.xlsx", content)
        assert table.rows == [
            (1, ("demand_type", "period_start", "volume")),
            (2, ("Book loans", "2026-02-01", 10)),
        ]

    def test_a_header_past_the_expected_columns_is_still_read(self):
        stray = f'<row r="1"><c r="{openpyxl.utils.get_column_letter(COLUMNS_READ)}1" t="str">'
        stray += "<v>comments</v></c></row>"
        with cpu_limit(5):
            table = read_table("demand.xlsx", workbook(stray))
        assert table.rows == [(1, (None,) * (COLUMNS_READ - 1) + ("comments",))]

    # Seconds of parsing by design (it proves the limit holds): `make test-slow`.
    @pytest.mark.slow
    def test_two_million_rows_in_under_a_megabyte_are_refused_at_once(self):
        content = two_million_rows()
        assert len(content) < 1_000_000
        assert refusal(content) == TOO_LARGE

    # Seconds of parsing by design (it proves the limit holds): `make test-slow`.
    @pytest.mark.slow
    def test_rows_past_the_limit_are_refused_as_soon_as_the_limit_is_passed(self):
        # Rows small enough that the unpacked sheet stays under its cap.
        rows = repeated(b"<row><c><v>1</v></c></row>", MAX_DATA_ROWS + 1)
        assert refusal(workbook(rows)) == TOO_MANY_ROWS

    # Seconds of parsing by design (it proves the limit holds): `make test-slow`.
    @pytest.mark.slow
    def test_more_rows_than_a_sheet_can_have_are_refused(self):
        # Blank rows are not counted against the row limit, so a flood of them
        # is stopped where Excel stops: 1,048,576 rows.
        assert refusal(workbook(repeated(b"<row/>", 1_048_577))) == NOT_XLSX

    def test_a_row_past_the_last_row_a_sheet_can_have_is_refused(self):
        assert refusal(workbook('<row r="1048577"><c><v>1</v></c></row>')) == NOT_XLSX

    def test_more_cells_in_a_row_than_a_sheet_can_have_are_refused(self):
        rows = b"<row>" + b"".join(repeated(b"<c/>", 2_000_000)) + b"</row>"
        assert refusal(workbook(rows)) == NOT_XLSX

    def test_a_cell_longer_than_excel_allows_is_refused(self):
        # 20 MB of text in one cell; Excel holds at most 32,767 characters.
        text = b"".join(repeated(b"x", 20_000_000, per_chunk=1_000_000))
        rows = b'<row><c t="inlineStr"><is><t>' + text + b"</t></is></c></row>"
        assert refusal(workbook(rows)) == NOT_XLSX

    # Seconds of parsing by design (it proves the limit holds): `make test-slow`.
    @pytest.mark.slow
    def test_a_flood_of_cell_styles_costs_little(self):
        # 1.6 million date styles (30 MB): each was checked for being a date
        # format, a few microseconds apiece.
        styles = chain([b'<xf numFmtId="0"/>'], repeated(b'<xf numFmtId="164"/>', 1_600_000))
        content = workbook(HEADER_ROW + GOOD_ROW, cell_styles=styles)
        with cpu_limit(5):
            assert read_table("demand.xlsx", content).rows[1] == (
                2,
                ("Book loans", "2026-02-01", 10),
            )

    def test_a_document_type_declaration_is_refused(self):
        # The "billion laughs": nine levels of entities, each ten of the one
        # before, expand to gigabytes of text. No part of a workbook has a DTD.
        entities = '<!ENTITY lol0 "lol">' + "".join(
            f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
        )
        sheet = (
            f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row><c t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
            "</worksheet>"
        )
        content = _replace_member(workbook(HEADER_ROW), SHEET_PATH, sheet.encode())
        assert refusal(content) == NOT_XLSX


class TestZipBombs:
    def test_a_member_that_declares_more_than_the_limit_is_refused_before_it_is_read(self):
        # 68 MB of shared strings (four million of them) that pack into 170 KB.
        strings = repeated(b"<si><t>x</t></si>", 4_000_000)
        content = workbook(HEADER_ROW, shared_strings=strings)
        assert len(content) < 500_000
        assert refusal(content) == TOO_LARGE

    def test_a_member_that_declares_a_small_size_but_unpacks_to_more_is_refused(self):
        strings = b"".join(repeated(b"<si><t>x</t></si>", 2_000_000))
        honest = workbook(HEADER_ROW, shared_strings=strings)
        lying = declaring_size(honest, STRINGS_PATH, 1_000)
        assert refusal(lying) == NOT_XLSX

    def test_a_member_that_declares_a_huge_size_is_refused_without_reading_it(self):
        lying = declaring_size(workbook(HEADER_ROW + GOOD_ROW), SHEET_PATH, 4_000_000_000)
        assert refusal(lying, seconds=1) == TOO_LARGE

    def test_the_limit_counts_every_part_read(self):
        # Neither part alone passes the limit; together they do.
        half = MAX_XLSX_UNPACKED_BYTES // 2 + 1
        content = workbook(
            b"<row/>" + b" " * half, shared_strings=b"<si><t>x</t></si>" + b" " * half
        )
        assert refusal(content) == TOO_LARGE


class TestCsvBounds:
    def test_two_million_rows_are_refused_when_the_limit_is_passed(self):
        content = ("demand_type,period_start,volume\n" + "x\n" * 2_000_000).encode()
        assert refusal(content, name="demand.csv") == TOO_MANY_ROWS

    def test_cells_past_the_columns_read_are_left_out(self):
        # A 5 MB header row of 2.5 million columns used to produce 2.5 million
        # "not a column of this file" messages, one by one.
        content = ("demand_type,period_start,volume" + ",x" * 2_500_000 + "\n").encode()
        with cpu_limit(5):
            table = read_table("demand.csv", content)
        assert table.rows == [
            (1, ("demand_type", "period_start", "volume") + ("x",) * (COLUMNS_READ - 3))
        ]


def _replace_member(archive: bytes, path: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(archive))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == path else source.read(info))
    return buffer.getvalue()


def openpyxl_rows(content: bytes) -> list[tuple[int, tuple]]:
    """What openpyxl's own reader finds: the non-blank rows, trailing empty cells dropped."""
    workbook_read = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = []
    for number, cells in enumerate(workbook_read.worksheets[0].iter_rows(values_only=True), 1):
        cells = cells[:COLUMNS_READ]
        while cells and cells[-1] is None:
            cells = cells[:-1]
        if any(cell is not None and str(cell).strip() for cell in cells):
            rows.append((number, cells))
    workbook_read.close()
    return rows


def trimmed(rows: list[tuple[int, tuple]]) -> list[tuple[int, tuple]]:
    result = []
    for number, cells in rows:
        while cells and cells[-1] is None:
            cells = cells[:-1]
        result.append((number, cells))
    return result


class TestSameValuesAsOpenpyxl:
    """The bounded reader gives what openpyxl gives for every ordinary workbook."""

    @pytest.mark.parametrize("epoch", ["1900", "1904"])
    def test_a_workbook_excel_style_with_shared_strings(self, epoch):
        book = openpyxl.Workbook()
        if epoch == "1904":
            book.epoch = CALENDAR_MAC_1904
        sheet = book.active
        sheet.append(["demand_type", "period_start", "volume", None, "note"])
        sheet.append(["Book loans", date(2026, 2, 1), 10, None, "first"])
        sheet.append(["Book loans", datetime(2026, 3, 1, 12, 30), 10.5, True])
        sheet.append([])
        sheet.append(["  ", None, None])
        sheet.append(["Enquiries", "2026-04-01", -3, False, 1e20])
        sheet.append(["Enquiries", time(9, 30), 0])
        sheet["B9"] = "=1+1"
        sheet["C9"] = 7
        sheet["B9"].number_format = "0.00"
        sheet["A10"] = 46083
        sheet["A10"].number_format = "yyyy-mm-dd"
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
        assert trimmed(read_table("demand.xlsx", content).rows) == openpyxl_rows(content)

    def test_our_own_download(self):
        content = write_xlsx(
            [("Book loans", date(2026, 1, 1), 4), ("=SUM(A1)", date(2026, 2, 1), 0)]
        )
        rows = read_table("demand.xlsx", content).rows
        assert trimmed(rows) == openpyxl_rows(content)
        assert rows[2] == (3, ("=SUM(A1)", datetime(2026, 2, 1), 0))

    # openpyxl's remark on the hand-written stylesheet, which has no named styles.
    @pytest.mark.filterwarnings("ignore:Workbook contains no default style")
    def test_every_kind_of_cell_excel_writes(self):
        shared = (
            "<si><t>plain</t></si>"
            '<si><r><t>rich </t></r><r><rPr><b/></rPr><t xml:space="preserve">text </t></r>'
            '<rPh sb="0" eb="4"><t>phonetic</t></rPh></si>'
            "<si><t>_x005F_x000D_</t></si>"
        )
        rows = (
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
            '<c r="C1" t="s"><v>2</v></c></row>'
            '<row r="3" spans="1:6"><c r="A3" t="b"><v>1</v></c><c r="B3" t="e"><v>#N/A</v></c>'
            '<c r="C3" t="str"><f>A1&amp;"x"</f><v>plainx</v></c>'
            '<c r="D3"><f>1+1</f><v>2</v></c><c r="E3" t="d"><v>2026-02-01T00:00:00</v></c>'
            '<c r="F3" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>'
            '<row><c><v>1.5E3</v></c><c/><c><v> 7 </v></c><c t="inlineStr"/></row>'
            '<row r="9"><c r="B9"><v></v></c></row>'
            # Styles: 1 a date, 2 elapsed time, 3 a time of day, 9 none (past the last).
            '<row r="10"><c r="A10" s="1"><v>46054</v></c><c r="B10" s="2"><v>1.25</v></c>'
            '<c r="C10" s="3"><v>0.5</v></c><c r="D10" s="9"><v>46054</v></c>'
            '<c r="E10" s="1"><v>99999999</v></c><c r="F10" s="0"><v>3</v></c></row>'
        )
        styles = '<xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="46"/><xf numFmtId="21"/>'
        content = workbook(rows, dimension="A1:F10", shared_strings=shared, cell_styles=styles)
        with pytest.warns(UserWarning, match="outside the limits for dates"):
            expected = openpyxl_rows(content)
        assert expected[-1] == (
            10, (datetime(2026, 2, 1), timedelta(hours=30), time(12), 46054, "#VALUE!", 3)
        )  # fmt: skip
        assert trimmed(read_table("demand.xlsx", content).rows) == expected
