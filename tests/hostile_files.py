"""Uploads built to tie up the server, and a CPU-time limit to keep such tests from hanging.

The workbooks are written by hand (the XML parts zipped up as Excel does), so a
test can say exactly what a sheet claims: a <dimension> covering the whole sheet,
a cell at XFD1048576, two million rows, a zip member whose header lies about its
size. Large sheets are streamed into the zip from an iterable of chunks, so the
test never holds the unpacked XML in memory.
"""

import signal
import struct
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from io import BytesIO

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_PATH = "xl/worksheets/sheet1.xml"
STRINGS_PATH = "xl/sharedStrings.xml"
STYLES_PATH = "xl/styles.xml"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{strings}</Types>"
)
STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
ROOT_RELS = (
    f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
    f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    "{strings}</Relationships>"
)
STRINGS_REL = (
    f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>'
)


def _write(
    archive: zipfile.ZipFile, path: str, head: str, body: bytes | str | Iterable[bytes], tail: str
) -> None:
    """One member; a body given as an iterable of chunks is streamed (with zip64 sizes)."""
    if isinstance(body, str | bytes):
        content = body.encode() if isinstance(body, str) else body
        archive.writestr(path, head.encode() + content + tail.encode())
        return
    with archive.open(path, "w", force_zip64=True) as member:
        member.write(head.encode())
        for chunk in body:
            member.write(chunk)
        member.write(tail.encode())


def workbook(
    rows: bytes | str | Iterable[bytes] = b"",
    *,
    dimension: str | None = None,
    shared_strings: bytes | str | Iterable[bytes] | None = None,
    cell_styles: bytes | str | Iterable[bytes] | None = None,
) -> bytes:
    """An .xlsx whose first sheet's <sheetData> holds `rows` (XML), as Excel lays it out.

    `shared_strings` is the XML inside <sst>, `cell_styles` the <xf>s inside <cellXfs>.
    """
    sheet_head = f'<worksheet xmlns="{MAIN}">'
    if dimension:
        sheet_head += f'<dimension ref="{dimension}"/>'
    strings = shared_strings is not None
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml", CONTENT_TYPES.format(strings=STRINGS_TYPE * strings)
        )
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(strings=STRINGS_REL * strings)
        )
        _write(archive, SHEET_PATH, f"{sheet_head}<sheetData>", rows, "</sheetData></worksheet>")
        if strings:
            _write(archive, STRINGS_PATH, f'<sst xmlns="{MAIN}">', shared_strings, "</sst>")
        if cell_styles is not None:
            # The one number format every date style below may use: 164, yyyy-mm-dd.
            head = (
                f'<styleSheet xmlns="{MAIN}"><numFmts count="1">'
                '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs>'
            )
            _write(archive, STYLES_PATH, head, cell_styles, "</cellXfs></styleSheet>")
    return buffer.getvalue()


def repeated(text: bytes, times: int, *, per_chunk: int = 10_000) -> Iterator[bytes]:
    """`text` `times` times over, in chunks, for streaming into a zip member."""
    full, rest = divmod(times, per_chunk)
    block = text * per_chunk
    for _ in range(full):
        yield block
    yield text * rest


def declaring_size(archive: bytes, member: str, size: int) -> bytes:
    """The zip with the uncompressed size its headers give for `member` replaced by `size`.

    For a member `workbook` was given as bytes (streamed members keep their sizes
    in zip64 records, which this leaves alone).
    """
    data = bytearray(archive)
    name = member.encode()
    found = 0
    # Local file header: signature, then the uncompressed size at offset 22 and the
    # name at 30. Central directory header: size at 24, name at 46.
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = data.find(signature)
        while start >= 0:
            if data[start + name_at : start + name_at + len(name)] == name:
                struct.pack_into("<I", data, start + size_at, size)
                found += 1
            start = data.find(signature, start + 4)
    assert found == 2, f"{member} not found once in each header table"
    return bytes(data)


class TookTooLong(BaseException):
    """Raised by `cpu_limit`; a BaseException so that no `except Exception` swallows it."""


@contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """Fail the block, interrupting it, once it has used `seconds` of CPU time.

    CPU time is what a hostile upload takes from a server, and unlike the time
    on the clock it hardly changes when other work shares the machine. The
    interruption (SIGPROF) keeps a test of a file that used to take minutes from
    hanging CI; it works in the main thread on Unix, where pytest runs tests.
    """

    def interrupt(signum, frame):
        raise TookTooLong(f"still running after {seconds} s of CPU time")

    previous = signal.signal(signal.SIGPROF, interrupt)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
