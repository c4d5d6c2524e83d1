"""The upload page every kind of period data shares (microsystems.views.period_data).

What the page does with a file is tested once for each kind (a good file, a bad
row, conflicts); what only the file's reading decides (its type, size, hostile
workbooks) once, through demand's page; what each kind's page says about its
own columns, in its own test.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.tabular_files import (
    FILE_EMPTY,
    FILE_WRONG_EXTENSION,
    MAX_FILE_BYTES,
)
from microsystems.demand_rows import TYPE_UNKNOWN
from microsystems.models import DemandObservation
from microsystems.period_data.rows import CELL_MESSAGE
from tests.support.accessibility import accessibility_problems
from tests.support.hostile_files import cpu_limit, workbook
from valuation.measurement_files import MEASURE_UNKNOWN, VALUE_NOT_A_NUMBER
from valuation.models import Measurement


def saved_demand(microsystem) -> dict:
    return {
        (name, start): str(volume)
        for name, start, volume in DemandObservation.objects.filter(
            demand_type__microsystem=microsystem
        ).values_list("demand_type__name", "period_start", "volume")
    }


def saved_measurements(microsystem) -> dict:
    return {
        (code, start): str(value.normalize())
        for code, start, value in Measurement.objects.filter(microsystem=microsystem).values_list(
            "measure__code", "period_start", "value"
        )
    }


@dataclass(frozen=True)
class Kind:
    url_name: str
    done_url_name: str  # where a good file leads
    key_fixture: str
    key: str  # the key as the file names it
    header: str
    saved: object  # microsystem -> {(key, period_start): value as text}
    unknown_key: str  # the kind's message for a key it does not know (CELL_MESSAGE's problem)

    def url(self, microsystem, name: str | None = None) -> str:
        return reverse(name or self.url_name, kwargs={"slug": microsystem.slug})


DEMAND = Kind(
    url_name="microsystems:demand_upload",
    done_url_name="microsystems:demand_grid",
    key_fixture="demand_type",
    key="Book loans",
    header="demand_type,period_start,volume\r\n",
    saved=saved_demand,
    unknown_key=TYPE_UNKNOWN,
)
MEASUREMENTS = Kind(
    url_name="valuation:measurement_upload",
    done_url_name="valuation:measurements",
    key_fixture="measure",
    key="users-satisfied",
    header="measure,period_start,value\r\n",
    saved=saved_measurements,
    unknown_key=MEASURE_UNKNOWN,
)
KINDS = pytest.mark.parametrize("kind", [DEMAND, MEASUREMENTS], ids=["demand", "measurements"])


def post_file(client, url: str, content: bytes, name: str = "f.csv", **fields):
    return client.post(url, {"file": SimpleUploadedFile(name, content), **fields})


@KINDS
class TestEveryKind:
    @pytest.fixture(autouse=True)
    def key_object(self, request, kind):
        return request.getfixturevalue(kind.key_fixture)

    def test_a_good_file_is_imported_and_the_user_sent_on(self, kind, client_for, microsystem):
        client = client_for("lead")
        content = f"{kind.header}{kind.key},2026-01-01,4\r\n".encode()
        response = post_file(client, kind.url(microsystem), content)
        assert response.status_code == 302
        assert response.url == kind.url(microsystem, kind.done_url_name)
        assert kind.saved(microsystem) == {(kind.key, date(2026, 1, 1)): "4"}
        assert "Imported 1 row (0 replaced)." in client.get(response.url).content.decode()

    def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_saved(
        self, kind, client_for, microsystem
    ):
        content = f"{kind.header}{kind.key},2026-01-01,4\r\nNope,2026-01-01,1\r\n".encode()
        response = post_file(client_for("lead"), kind.url(microsystem), content)
        assert response.status_code == 200
        column = f"A ({kind.header.split(',')[0]})"
        problem = kind.unknown_key.format(value="Nope")
        message = CELL_MESSAGE.format(row=3, column=column, problem=problem)
        html = response.content.decode()
        assert f"<li>{message}</li>" in html.replace("&quot;", '"')
        assert accessibility_problems(html) == []
        assert kind.saved(microsystem) == {}

    def test_a_post_without_a_file_is_refused_by_the_form(self, kind, client_for, microsystem):
        response = client_for("lead").post(kind.url(microsystem), {})
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == ["This field is required."]
        assert "Please correct the highlighted field." in response.content.decode()

    def test_the_form_and_cancel_lead_back_to_the_kinds_page(self, kind, client_for, microsystem):
        html = client_for("lead").get(kind.url(microsystem)).content.decode()
        assert f'href="{kind.url(microsystem, kind.done_url_name)}">Cancel</a>' in html
        assert accessibility_problems(html) == []


class TestConflicts:
    def test_demand_lists_each_changed_figure_until_replace_is_ticked(
        self, client_for, microsystem, demand_type
    ):
        DemandObservation.objects.create(
            demand_type=demand_type, period_start=date(2026, 1, 1), volume=5
        )
        content = f"{DEMAND.header}Book loans,2026-01-01,6\r\n".encode()
        client = client_for("lead")
        refused = post_file(client, DEMAND.url(microsystem), content)
        assert refused.status_code == 200
        assert refused.context["conflicts"] == [
            {"row": 2, "key": "Book loans", "period": "Jan 2026",
             "period_start": "2026-01-01", "existing": "5", "new": "6"}
        ]  # fmt: skip
        html = refused.content.decode()
        assert "Figures the file would change" in html and "Saved note" not in html
        assert accessibility_problems(html) == []
        assert saved_demand(microsystem) == {("Book loans", date(2026, 1, 1)): "5"}
        replaced = post_file(client, DEMAND.url(microsystem), content, replace="on")
        assert replaced.status_code == 302
        assert saved_demand(microsystem) == {("Book loans", date(2026, 1, 1)): "6"}

    def test_measurements_list_values_and_notes_until_replace_is_ticked(
        self, client_for, microsystem, measure
    ):
        Measurement.objects.create(
            microsystem=microsystem, measure=measure, period_start=date(2026, 1, 1), value=5,
            note="First survey",
        )  # fmt: skip
        content = f"{MEASUREMENTS.header}users-satisfied,2026-01-01,6.5\r\n".encode()
        client = client_for("lead")
        refused = post_file(client, MEASUREMENTS.url(microsystem), content)
        assert refused.status_code == 200
        assert refused.context["conflicts"] == [
            {"row": 2, "key": "users-satisfied", "period": "Jan 2026",
             "period_start": "2026-01-01", "existing": "5", "new": "6.5",
             "existing_note": "First survey", "new_note": "First survey"}
        ]  # fmt: skip
        html = refused.content.decode()
        assert "Values the file would change" in html and "<code>users-satisfied</code>" in html
        assert accessibility_problems(html) == []
        assert saved_measurements(microsystem) == {("users-satisfied", date(2026, 1, 1)): "5"}
        replaced = post_file(client, MEASUREMENTS.url(microsystem), content, replace="on")
        assert replaced.status_code == 302
        assert saved_measurements(microsystem) == {("users-satisfied", date(2026, 1, 1)): "6.5"}


class TestEachKindsFormat:
    def test_demand_explains_its_columns_with_this_microsystems_names(
        self, client_for, microsystem, demand_type
    ):
        response = client_for("lead").get(DEMAND.url(microsystem))
        html = response.content.decode()
        assert response.status_code == 200
        assert "<title>Upload demand: Eastfield Library" in html
        assert (
            "headers <code>demand_type</code>, <code>period_start</code>, <code>volume</code>, "
            "then one row per demand type and month."
        ) in html
        assert "<strong>volume</strong>: a whole number, 0 or more." in html
        assert "use the 1st" in html and "<td>Book loans</td>" in html
        assert reverse("microsystems:demand_types", args=[microsystem.slug]) in html
        download = reverse("microsystems:demand_download", args=[microsystem.slug])
        assert f"{download}?format=csv" in html
        assert "<code>note</code>" not in html
        assert "overwrite figures already saved for the same demand type and period" in html

    def test_measurements_explain_their_columns_and_list_the_codes(
        self, client_for, microsystem, measure
    ):
        response = client_for("lead").get(MEASUREMENTS.url(microsystem))
        html = response.content.decode()
        assert "<title>Upload measurements: Eastfield Library" in html
        assert (
            "<code>measure</code>, <code>period_start</code>, <code>value</code> and, if you "
            "wish, <code>note</code>, then one row per measure and month."
        ) in html
        assert "<strong>note</strong> (optional): up to 300 characters" in html
        assert "use the 1st" in html and "<td>users-satisfied</td>" in html
        assert "Codes of the measures Eastfield Library records" in html
        assert "<li><code>users-satisfied</code>: Users satisfied (%)</li>" in html
        url = reverse("valuation:measurement_download", args=[microsystem.slug])
        assert f"{url}?format=csv" in html
        assert "overwrite values already saved for the same measure and period" in html

    def test_measurements_without_measures_say_an_administrator_configures_them(
        self, client_for, microsystem
    ):
        html = client_for("lead").get(MEASUREMENTS.url(microsystem)).content.decode()
        assert "None yet: an administrator configures the measures" in html
        assert "<td>days-to-repair</td>" in html  # the example falls back to a made-up code

    def test_a_measurement_value_must_be_a_number(self, client_for, microsystem, measure):
        content = f"{MEASUREMENTS.header}users-satisfied,2026-02-01,n/a\r\n".encode()
        response = post_file(client_for("lead"), MEASUREMENTS.url(microsystem), content)
        problem = VALUE_NOT_A_NUMBER.format(value="n/a")
        message = CELL_MESSAGE.format(row=2, column="C (value)", problem=problem)
        assert f"<li>{message}</li>" in response.content.decode().replace("&quot;", '"')
        assert not Measurement.objects.exists()


class TestTheFileItself:
    """Decided by reading the file, whatever its kind: tested through demand's page."""

    @pytest.mark.parametrize(
        ("name", "size", "message"),
        [
            ("d.pdf", 10, FILE_WRONG_EXTENSION.format(name="d.pdf")),
            ("d.csv", MAX_FILE_BYTES + 1, "the limit is 5 MB"),
        ],
    )
    def test_the_form_refuses_other_file_types_and_big_files(
        self, client_for, microsystem, demand_type, name, size, message
    ):
        response = post_file(client_for("lead"), DEMAND.url(microsystem), b"x" * size, name)
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["file"])

    def test_a_small_workbook_claiming_a_huge_sheet_is_refused_at_once(
        self, client_for, microsystem, demand_type
    ):
        # Every other hostile workbook (zip bombs, millions of rows) is refused by
        # core.tabular_files before any kind's rules: tests/core/test_tabular_files.py.
        # 1.4 KB: a <dimension> claiming every cell of the sheet, one cell in the last.
        content = workbook(
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', dimension="A1:XFD1048576"
        )
        message = FILE_EMPTY.format(headers="demand_type, period_start, volume")
        with cpu_limit(10):
            response = post_file(client_for("lead"), DEMAND.url(microsystem), content, "d.xlsx")
        assert response.status_code == 200
        assert f"<li>{message}</li>" in response.content.decode()
        assert not DemandObservation.objects.exists()

    def test_cells_far_past_the_columns_are_ignored(self, client_for, microsystem, demand_type):
        rows = (
            '<row r="1"><c r="A1" t="inlineStr"><is><t>demand_type</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>period_start</t></is></c>'
            '<c r="C1" t="inlineStr"><is><t>volume</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>Book loans</t></is></c>'
            '<c r="B2" t="inlineStr"><is><t>2026-01-01</t></is></c><c r="C2"><v>7</v></c></row>'
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        )
        content = workbook(rows, dimension="A1:XFD1048576")
        with cpu_limit(10):
            response = post_file(client_for("lead"), DEMAND.url(microsystem), content, "d.xlsx")
        assert response.status_code == 302
        assert saved_demand(microsystem) == {("Book loans", date(2026, 1, 1)): "7"}


def test_decimal_values_keep_their_digits_in_the_conflicts(client_for, microsystem, measure):
    """The conflicts show values as the file writes them (the spec's value_text): no
    exponent, no trailing zeros."""
    Measurement.objects.create(
        microsystem=microsystem, measure=measure, period_start=date(2026, 1, 1),
        value=Decimal("70.5000"),
    )  # fmt: skip
    content = f"{MEASUREMENTS.header}users-satisfied,2026-01-01,0.0125\r\n".encode()
    refused = post_file(client_for("lead"), MEASUREMENTS.url(microsystem), content)
    [conflict] = refused.context["conflicts"]
    assert (conflict["existing"], conflict["new"]) == ("70.5", "0.0125")
