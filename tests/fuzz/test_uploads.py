"""Every upload, fed random bytes and randomly broken CSV and XLSX files: never a server
error; a refused file is named on the page with the reason, and nothing is saved.

The files start from what the page asks for (the right headers, this microsystem's
demand types or measure codes, periods that start where they should) and are then
broken in the ways files from the wild are: another encoding, a byte-order mark,
another delimiter, dates out of the window or malformed, numbers that are not
finite or too large or written the local way, huge and empty rows, columns missing
or extra; workbooks truncated, with random sheet XML, a false dimension, shared
strings referred to but missing, and cells of every type. An accepted file is
followed by a look at the pages that show what it saved (issue 10: one stored date
once broke them for everyone).
"""

import csv
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from microsystems.models import DemandObservation, DemandType
from tests.support import hostile_files
from tests.support.fuzzing import (
    DATES,
    FUZZ,
    NUMBERS,
    REQUEST_CPU_SECONDS,
    assert_answered,
    assert_refused_cleanly,
    changed_tables,
    rolled_back,
    server_errors,
    shown,
    snapshot,
)
from tests.support.hostile_files import cpu_limit
from valuation.models import Measurement

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Upload:
    url_name: str
    headers: tuple[str, ...]
    table: type  # where an accepted file's rows go
    follow: tuple[str, ...]  # pages that show what was saved


UPLOADS = {
    "demand": Upload(
        "microsystems:demand_upload",
        ("demand_type", "period_start", "volume"),
        DemandObservation,
        ("microsystems:demand", "microsystems:activities", "valuation:assessment"),
    ),
    "measurements": Upload(
        "valuation:measurement_upload",
        ("measure", "period_start", "value", "note"),
        Measurement,
        ("valuation:measurements", "valuation:assessment", "valuation:assessments"),
    ),
}

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252"]
DELIMITERS = [",", ";", "\t", "|", " "]
NAMES = ["data.csv", "data.xlsx", "data.CSV", "data.XLSX", "data.xls", "data.txt", "data", ".csv"]
GOOD_STARTS = ["2025-01-01", "2025-02-01", "2025-03-01", "2025-12-01"]
# Values at the edges of what is allowed, or just past them: files of these are
# often accepted, so the fuzz reaches the saving and the pages that show what was saved.
EDGE_STARTS = [
    "1900-01-01", "2199-12-01", "1899-12-01", "2200-01-01", "2025-01-31", "2025-1-01",
    " 2025-04-01 ", "2025-05-01T00:00:00", "01/06/2025",
]  # fmt: skip
EDGE_NUMBERS = [
    "0", "-0", "+5", "5.0", " 7 ", "2147483647", "2147483648", "0.0001", "0.00005",
    "-99999999.9999", "9999999999.9999", "1e3", "1E-4", ".5", "5.", "007", "=1+1", "'12",
]  # fmt: skip


def cell_text(keys: list[str], *, xml: bool = False) -> st.SearchStrategy[str]:
    """A cell as someone might fill it in: a right value, a near miss, or nonsense
    (in a workbook, text XML can hold: a control character makes the whole sheet unreadable)."""
    characters = st.characters(exclude_categories=["Cs", "Cc"]) if xml else st.characters()
    return st.one_of(
        st.sampled_from(keys),
        st.sampled_from(GOOD_STARTS + DATES),
        st.sampled_from(NUMBERS[:-2] + ["12", "0", "3.5", "-4"]),
        st.text(characters, max_size=20),
        st.just(""),
    )


@st.composite
def csv_files(draw, upload: Upload, keys: list[str]) -> bytes:
    headers = list(upload.headers)
    shape = draw(
        st.sampled_from(["as asked"] * 4 + ["missing", "extra", "shuffled", "none", "random"])
    )
    if shape == "missing":
        headers.pop(draw(st.integers(0, len(headers) - 1)))
    elif shape == "extra":
        headers.append(draw(st.sampled_from(["comment", "", "volume", "Value", "x" * 300])))
    elif shape == "shuffled":
        headers = draw(st.permutations(headers))
    elif shape == "random":
        headers = draw(st.lists(st.text(max_size=12), max_size=5))
    rows = [headers] if shape != "none" else []
    width = len(upload.headers)
    good_row = st.tuples(st.sampled_from(keys), st.sampled_from(GOOD_STARTS), st.just("7"))
    edge_row = st.tuples(
        st.sampled_from(keys),
        st.sampled_from(GOOD_STARTS + EDGE_STARTS),
        st.sampled_from(EDGE_NUMBERS),
        st.sampled_from(["", "a note", "=cmd|' /C calc'!A0", "x" * 2000, "tab\there"]),
    )
    plausible = draw(st.booleans())  # rows at the edges only, for a file often accepted
    kinds = ["good", "edge", "edge"]
    if not plausible:
        kinds = ["good", "broken", "short", "long", "empty", "huge"]
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(kinds))
        if kind == "good":
            row = list(draw(good_row)) + [""] * (width - 3)
        elif kind == "edge":
            row = list(draw(edge_row))[:width]
        elif kind == "broken":
            row = draw(st.lists(cell_text(keys), min_size=width, max_size=width))
        elif kind == "short":
            row = draw(st.lists(cell_text(keys), max_size=width - 1))
        elif kind == "long":
            row = draw(st.lists(cell_text(keys), min_size=width + 1, max_size=width + 30))
        elif kind == "empty":
            row = [""] * draw(st.integers(0, width))
        else:
            row = [draw(st.sampled_from(keys)), GOOD_STARTS[0], "9" * 100_000][:width]
        rows.append(row)
    text = io.StringIO()
    writer = csv.writer(
        text,
        delimiter="," if plausible else draw(st.sampled_from(DELIMITERS)),
        lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])),
    )
    writer.writerows(rows)
    body = text.getvalue()
    if plausible:
        return body.encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])))
    if draw(st.booleans()):  # a stray quote, NUL or cut-off last line
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.sampled_from(['"', "\x00", "", "\n\n\n", "\ufeff"]))
    return body.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


# A breakage applied one time in four, so that many workbooks can be read and reach the rows.
SOMETIMES = st.sampled_from([False, False, False, True])


def xml_cell(reference: str, kind: str, value: str) -> str:
    if kind == "inlineStr":
        return f'<c r="{reference}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    kind_attribute = f' t="{kind}"' if kind else ""
    return f'<c r="{reference}"{kind_attribute}><v>{escape(value)}</v></c>'


@st.composite
def xlsx_files(draw, upload: Upload, keys: list[str]) -> bytes:
    kinds = ["", "n", "s", "str", "inlineStr", "b", "e", "d"]
    rows_xml = []
    header_cells = "".join(
        xml_cell(f"{column}1", "inlineStr", header)
        for column, header in zip("ABCD", upload.headers, strict=False)
    )
    if draw(st.booleans()):
        rows_xml.append(f'<row r="1">{header_cells}</row>')
    for number in range(2, 2 + draw(st.integers(0, 5))):
        cells = []
        for column in draw(st.lists(st.sampled_from("ABCDEZ"), max_size=6)):
            kind = draw(st.sampled_from(kinds))
            if kind == "s":  # an index into the shared strings, which may not hold it
                value = draw(st.sampled_from(["0", "1", "7", "-1", "x"]))
            else:
                value = draw(
                    st.one_of(cell_text(keys, xml=True), st.sampled_from(["45000", "1e308"]))
                )
            row_number = draw(st.sampled_from([number] * 8 + [1, 1048576]))
            cells.append(xml_cell(f"{column}{row_number}", kind, value))
        rows_xml.append(f'<row r="{number}">{"".join(cells)}</row>')
    if draw(SOMETIMES):  # random sheet XML among the rows
        rows_xml.insert(
            draw(st.integers(0, len(rows_xml))),
            draw(st.sampled_from(["<row>", "</c>", "<row r='x'><c r='!!'/></row>", "&bogus;"]))
            + escape(draw(st.text(max_size=30))),
        )
    strings = draw(
        st.sampled_from([None, None, "", "<si><t>Book loans</t></si>", "<si><t>x</t></si><si>"])
    )
    styles = draw(
        st.sampled_from(
            [None, None, '<xf numFmtId="164" applyNumberFormat="1"/>', '<xf numFmtId="14"/>',
             "<xf/"]
        )
    )  # fmt: skip
    content = hostile_files.workbook(
        "".join(rows_xml),
        dimension=draw(st.sampled_from([None, "A1:D3", "A1:XFD1048576", "B2:A1", "nonsense"])),
        shared_strings=strings,
        cell_styles=styles,
    )
    if draw(SOMETIMES):  # truncated, or a byte changed
        at = draw(st.integers(0, len(content) - 1))
        if draw(st.booleans()):
            content = content[:at]
        else:
            content = content[:at] + bytes([content[at] ^ 0xFF]) + content[at + 1 :]
    return content


def files(upload: Upload, keys: list[str]) -> st.SearchStrategy[tuple[str, bytes]]:
    csv_file = st.tuples(st.sampled_from(["data.csv", "data.CSV"]), csv_files(upload, keys))
    return st.one_of(
        st.tuples(st.sampled_from(NAMES), st.binary(max_size=3000)),
        csv_file,
        csv_file,
        csv_file,
        st.tuples(st.sampled_from(["data.xlsx", "data.XLSX"]), xlsx_files(upload, keys)),
        # A workbook named .csv and a CSV named .xlsx.
        st.tuples(st.just("data.csv"), xlsx_files(upload, keys)),
        st.tuples(st.just("data.xlsx"), csv_files(upload, keys)),
    )


@pytest.fixture
def keys(microsystem, demand_type, measure, activity, assessment, other_organisation):
    """What the first column may name: this microsystem's and another one's."""
    from tests.support.factories import make_microsystem

    elsewhere = make_microsystem(other_organisation, "Westfield Pool")
    DemandType.objects.create(microsystem=elsewhere, name="Swims", nature="value")
    return {
        "demand": [demand_type.name, demand_type.name.upper(), "Swims", " Book loans "],
        "measurements": [measure.code, measure.code.upper(), "no-such-measure", measure.name],
    }


@pytest.mark.parametrize("kind", UPLOADS)
@FUZZ
@given(data=st.data())
def test_an_upload_of_a_random_or_broken_file_never_fails(kind, data, client_for, url_kwargs, keys):
    upload = UPLOADS[kind]
    client = client_for("lead")
    client.raise_request_exception = False
    name, content = data.draw(files(upload, keys[kind]), label="file")
    replace = data.draw(st.booleans(), label="replace")
    posted = {"file": SimpleUploadedFile(name, content)}
    if replace:
        posted["replace"] = "on"
    slug = url_kwargs["slug"]
    with rolled_back():
        before = snapshot()
        with server_errors() as caught:
            with cpu_limit(REQUEST_CPU_SECONDS):
                response = client.post(reverse(upload.url_name, args=[slug]), posted)
            described = (name, content[:300])
            assert_answered(response, caught, described)
            event(f"answered {response.status_code}")  # --hypothesis-show-statistics
            if response.status_code == 200:
                assert_refused_cleanly(response, before, described)
                refusal = response.context.get("import_error")
                event(f"refused: {refusal.messages[0][:25] if refusal else 'form'}")
            elif response.status_code == 400:
                assert not changed_tables(before, snapshot()), shown(described)
            else:
                assert upload.table.objects.exists()
                for url_name in upload.follow:
                    kwargs = {"slug": slug}
                    if url_name == "valuation:assessment":
                        kwargs["assessment_id"] = url_kwargs["assessment_id"]
                    page = client.get(reverse(url_name, kwargs=kwargs))
                    assert_answered(page, caught, described)
                    assert page.status_code == 200, (url_name, shown(described))


@pytest.mark.parametrize("kind", UPLOADS)
def test_the_file_strategies_make_files_the_upload_accepts(kind, client_for, url_kwargs, keys):
    """Unbroken, the files the fuzz starts from are accepted: it breaks real uploads."""
    upload = UPLOADS[kind]
    client = client_for("lead")
    key = keys[kind][0]
    row = [key, "2025-01-01", "7", "a note"][: len(upload.headers)]
    lines = [",".join(upload.headers), ",".join(row)]
    csv_file = SimpleUploadedFile("data.csv", "\n".join(lines).encode())
    url = reverse(upload.url_name, args=[url_kwargs["slug"]])
    assert client.post(url, {"file": csv_file}).status_code == 302
    cells = "".join(
        xml_cell(f"{column}2", kind_, value)
        for column, kind_, value in zip("ABCD", ["inlineStr", "str", "n", "str"], row, strict=False)
    )
    header = "".join(
        xml_cell(f"{column}1", "inlineStr", h)
        for column, h in zip("ABCD", upload.headers, strict=False)
    )
    workbook = hostile_files.workbook(f'<row r="1">{header}</row><row r="2">{cells}</row>')
    response = client.post(
        url, {"file": SimpleUploadedFile("data.xlsx", workbook), "replace": "on"}
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
