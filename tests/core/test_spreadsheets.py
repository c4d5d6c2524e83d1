"""The download writers open every user-supplied text as text, headers as well as cells."""

import csv
import dataclasses
import io

import openpyxl
import pytest

from core.spreadsheets import csv_bytes, xlsx_bytes
from microsystems.demand_rows import DEMAND
from microsystems.period_data import files
from valuation.measurement_files import MEASUREMENTS

FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "+1+1", "-1+1", "@SUM(A1)"]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("name", FORMULA_LIKE)
def test_csv_headers_are_escaped_as_cells_are(name):
    rows = csv_rows(csv_bytes(["Stakeholder", f"{name} (%)"], [[name, 10]]))
    assert rows == [["Stakeholder", f"'{name} (%)"], [f"'{name}", "10"]]


@pytest.mark.parametrize("name", FORMULA_LIKE)
def test_xlsx_headers_are_text_not_formulas(name):
    content = xlsx_bytes([name, "Cost (£)"], [[name, 1.5]], sheet_title="Activities")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, cell = sheet["A1"], sheet["A2"]
    assert (header.value, header.data_type) == (f"'{name}", "s")
    assert (cell.value, cell.data_type) == (f"'{name}", "s")
    assert sheet["B1"].value == "Cost (£)" and sheet["B2"].value == 1.5


def test_numbers_and_ordinary_text_are_left_alone():
    rows = csv_rows(csv_bytes(["Name", "Change"], [["Loans", -5], ["Calls", None]]))
    assert rows == [["Name", "Change"], ["Loans", "-5"], ["Calls", ""]]


@pytest.mark.parametrize("spec", [DEMAND, MEASUREMENTS])
def test_exchange_files_write_their_headers_through_the_same_escaping(spec):
    """Their headers are fixed column names today; the escaping must not depend on that."""
    spec = dataclasses.replace(spec, key_column="=cmd")
    assert csv_rows(files.write_csv(spec, []))[0][0] == "'=cmd"
    sheet = openpyxl.load_workbook(io.BytesIO(files.write_xlsx(spec, []))).active
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("'=cmd", "s")
