"""The portfolio page and its downloads: who sees which units, sorting, filters,
pages, bad input, and the downloads holding what the table shows."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.support.accessibility import accessibility_problems
from tests.support.account import repairs_world
from tests.support.factories import make_microsystem
from tests.support.html import text_of
from tests.support.records import approve
from valuation.models import Assessment, AssessmentRecord, Measurement
from valuation.reports import portfolio as report_module

URL = reverse("valuation:portfolio")
DOWNLOAD = reverse("valuation:portfolio_download")


def approved(unit, label, start, **figures) -> AssessmentRecord:
    assessment = Assessment.objects.create(
        microsystem=unit, period_label=label, start_date=start,
        end_date=start + dt.timedelta(days=27), status=Assessment.Status.APPROVED,
    )  # fmt: skip
    now = timezone.now()
    return AssessmentRecord.objects.create(
        assessment=assessment, version=1, approved_at=now, frozen_at=now,
        inputs={}, result={}, perspectives={}, context={}, **figures,
    )  # fmt: skip


@pytest.fixture
def world(organisation, other_organisation, microsystem, users):
    """Eastfield (two approved: 50 then 62.5), Westfield (one: 40, cost £2,000), Northgate
    (a draft only); Southgate in the other organisation (value 99)."""
    westfield = make_microsystem(organisation, "Westfield Library")
    northgate = make_microsystem(organisation, "Northgate Library")
    southgate = make_microsystem(other_organisation, "Southgate Pool")
    approved(microsystem, "2024 Jan", dt.date(2024, 1, 1), overall_value=50.0)
    approved(microsystem, "2024 Feb", dt.date(2024, 2, 1), overall_value=62.5,
             money_per_month=8000.0, failure_demand_share=0.25, contested_dimension_count=1,
             contested_dimension_names=["Equity"], demand_per_month=100.0)  # fmt: skip
    approved(westfield, "2025 Jan", dt.date(2025, 1, 1), overall_value=40.0,
             money_per_month=2000.0, value_for_money=20.0)  # fmt: skip
    Assessment.objects.create(microsystem=northgate, period_label="2025", start_date=dt.date(
        2025, 1, 1), end_date=dt.date(2025, 12, 31))  # fmt: skip
    approved(southgate, "2024 Jan", dt.date(2024, 1, 1), overall_value=99.0,
             money_per_month=1.0)  # fmt: skip
    return {"westfield": westfield, "northgate": northgate, "southgate": southgate}


def units_in_table(response) -> list[str]:
    body = response.content.decode()
    table = body[body.index("<tbody>") : body.index("</tbody>")]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_manager_sees_only_their_organisations_units(client_for, world):
    response = client_for("manager").get(URL)
    assert response.status_code == 200
    assert units_in_table(response) == ["Eastfield Library", "Northgate Library",
                                        "Westfield Library"]  # fmt: skip
    assert "Southgate" not in response.content.decode()
    text = text_of(response.content.decode())
    assert "62.5 +12.5" in text  # Eastfield's value and its change since January
    assert "25%" in text and "Equity" in text
    assert accessibility_problems(response.content.decode()) == []


def test_the_other_manager_sees_theirs_and_an_admin_all(client_for, world):
    assert units_in_table(client_for("other_manager").get(URL)) == ["Southgate Pool"]
    assert len(units_in_table(client_for("admin").get(URL))) == 4


@pytest.mark.parametrize("persona", ["lead", "member", "outsider"])
def test_people_who_manage_nothing_are_refused(client_for, world, persona):
    assert client_for(persona).get(URL).status_code == 404
    assert client_for(persona).get(DOWNLOAD).status_code == 404


def test_sorting_by_value_puts_missing_last_both_ways(client_for, world):
    client = client_for("manager")
    assert units_in_table(client.get(URL, {"sort": "-value"})) == [
        "Eastfield Library", "Westfield Library", "Northgate Library"]  # fmt: skip
    assert units_in_table(client.get(URL, {"sort": "value"})) == [
        "Westfield Library", "Eastfield Library", "Northgate Library"]  # fmt: skip


def test_an_unknown_sort_says_so_and_sorts_by_name(client_for, world):
    response = client_for("manager").get(URL, {"sort": "password"})
    assert response.status_code == 200
    assert units_in_table(response)[0] == "Eastfield Library"
    assert any(message.startswith("Sort by:") for message in shown_messages(response))


def test_filters_by_state_and_period(client_for, world):
    client = client_for("manager")
    assert units_in_table(client.get(URL, {"state": "draft"})) == ["Northgate Library"]
    assert units_in_table(client.get(URL, {"period": "2025"})) == ["Westfield Library"]
    # 2024: Eastfield's February figures, Westfield not assessed that year.
    response = client.get(URL, {"period": "2024"})
    assert units_in_table(response) == ["Eastfield Library"]
    bogus = client.get(URL, {"period": "last week"})
    assert len(units_in_table(bogus)) == 3
    assert any(m.startswith("Period (year assessed):") for m in shown_messages(bogus))


def test_an_organisation_the_user_does_not_manage_shows_none_of_its_units(
    client_for, world, other_organisation
):
    for persona in ("manager", "lead"):
        response = client_for(persona).get(URL, {"organisation": other_organisation.pk})
        assert "Southgate" not in response.content.decode()
    response = client_for("manager").get(URL, {"organisation": other_organisation.pk})
    assert any(m.startswith("Organisation:") for m in shown_messages(response))
    download = client_for("manager").get(DOWNLOAD, {"organisation": other_organisation.pk})
    assert "Southgate" not in download.content.decode("utf-8-sig")


def test_pages_and_a_page_past_the_end(client_for, world, monkeypatch):
    monkeypatch.setattr(report_module, "PER_PAGE", 2)
    client = client_for("manager")
    second = client.get(URL, {"page": "2"})
    assert units_in_table(second) == ["Westfield Library"]
    past = client.get(URL, {"page": "9"})
    assert units_in_table(past) == ["Westfield Library"]
    assert "There is no page 9: there are 2 pages. Showing page 2." in shown_messages(past)
    bogus = client.get(URL, {"page": "-1e9"})
    assert units_in_table(bogus) == ["Eastfield Library", "Northgate Library"]
    assert any(m.startswith("Page:") for m in shown_messages(bogus))


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_and_excel_hold_the_table_as_filtered_and_sorted(client_for, world):
    client = client_for("manager")
    query = {"sort": "-value", "state": "approved"}
    rows = csv_rows(client.get(DOWNLOAD, {**query, "format": "csv"}))
    assert rows[0][:9] == ["Unit", "Organisation", "State", "Period", "Last approved",
                           "Overall value", "Change since previous approved", "Disagreement",
                           "Cost a month (£)"]  # fmt: skip
    assert [row[0] for row in rows[1:]] == units_in_table(client.get(URL, query))
    eastfield = dict(zip(rows[0], rows[1], strict=True))
    assert eastfield["Overall value"] == "62.5"
    assert eastfield["Change since previous approved"] == "12.5"
    assert eastfield["Failure demand (% of demand)"] == "25"
    assert eastfield["Contested dimension names"] == "Equity"
    assert eastfield["Disagreement"] == ""  # not known, blank as on the page's "—"
    workbook = load_workbook(io.BytesIO(client.get(DOWNLOAD, {**query, "format": "xlsx"}).content))
    sheet = [[same(cell) for cell in row] for row in workbook.active.iter_rows(values_only=True)]
    assert sheet == [[same(cell) for cell in row] for row in rows]


def same(cell):
    """A cell as either file holds it: blank as None, a number as a float, a date as text."""
    if cell in (None, ""):
        return None
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    try:
        return float(cell)
    except ValueError:
        return str(cell)


def test_a_real_approval_reaches_the_portfolio(client_for, microsystem, users):
    """The repairs desk approved through the services (figures worked out by hand in
    tests/valuation/test_record_portfolio_figures.py)."""
    world = repairs_world(microsystem)
    approve(world["assessment"], lead=users["lead"], manager=users["manager"])
    text = text_of(client_for("manager").get(URL).content.decode())
    assert "Eastfield Library 2025 Q1" in text
    assert "63.4" in text  # 63.4375
    assert "33%" in text and "Efficiency" in text


def test_units_are_ranked_on_a_chosen_measure(client_for, world, measure, microsystem):
    Measurement.objects.bulk_create([
        Measurement(microsystem=microsystem, measure=measure, period_start=dt.date(2024, 1, 1),
                    value=10),
        Measurement(microsystem=microsystem, measure=measure, period_start=dt.date(2024, 2, 1),
                    value=30),
        Measurement(microsystem=world["westfield"], measure=measure,
                    period_start=dt.date(2024, 1, 1), value=20),
        Measurement(microsystem=world["southgate"], measure=measure,
                    period_start=dt.date(2024, 1, 1), value=99),
    ])  # fmt: skip
    response = client_for("manager").get(URL, {"measure": measure.pk})
    table = response.context["report"].ranked_table
    assert [row[:2] for row in table.rows] == [["1", "Eastfield Library"],
                                               ["2", "Westfield Library"]]  # fmt: skip
    assert table.rows[0][-1] == "30.00"  # February's, the latest


@pytest.mark.parametrize(
    ("parameter", "value", "message_start"),
    [
        ("state", "frozen", "State:"),
        ("organisation", "acme", "Organisation:"),
        ("organisation", "99999999", "Organisation:"),
        ("sort", "-password", "Sort by:"),
    ],
)
def test_a_filter_or_sort_that_is_not_one_says_so_and_shows_every_unit_of_theirs(
    client_for, world, parameter, value, message_start
):
    response = client_for("manager").get(URL, {parameter: value})
    assert response.status_code == 200
    assert sorted(units_in_table(response)) == [
        "Eastfield Library", "Northgate Library", "Westfield Library"]  # fmt: skip
    assert any(m.startswith(message_start) for m in shown_messages(response))
    download = client_for("manager").get(DOWNLOAD, {parameter: value, "format": "csv"})
    assert download.status_code == 200
    assert "Southgate" not in download.content.decode("utf-8-sig")
