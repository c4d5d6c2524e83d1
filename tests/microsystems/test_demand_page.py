import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from microsystems.models import DemandObservation, DemandType, StaffRole


def page(microsystem, query=""):
    return reverse("microsystems:demand", args=[microsystem.slug]) + query


def test_page_shows_summary_charts_and_tables(client_for, two_years):
    response = client_for("member").get(page(two_years))
    body = response.content.decode()
    assert response.status_code == 200
    assert "How is demand changing?" in body
    assert "Failure demand rose from 9% to 21%" in body
    assert body.count('class="plotly-graph-div"') == 3
    assert body.count("Show the numbers") == 4  # a table beside every chart, plus year on year
    assert "/static/vendor/plotly/plotly.min.js" in body
    assert "cdn" not in body.lower()
    assert "Enter demand" not in body  # members only view


def test_lead_sees_entry_buttons(client_for, two_years):
    body = client_for("lead").get(page(two_years)).content.decode()
    assert "Enter demand" in body and "Upload CSV or Excel" in body


def test_chart_numbers_download_as_csv(client_for, two_years):
    response = client_for("member").get(page(two_years, "?table=capacity"))
    assert response["Content-Type"].startswith("text/csv")
    # With a byte-order mark, like every table download, so Excel reads names as UTF-8.
    assert response.content.decode("utf-8-sig").startswith("period_start,required_hours")
    assert client_for("member").get(page(two_years, "?table=secrets")).status_code == 404


def test_empty_states(client_for, microsystem):
    client = client_for("lead")
    assert "No demand types yet" in client.get(page(microsystem)).content.decode()
    DemandType.objects.create(microsystem=microsystem, name="Loans")
    body = client.get(page(microsystem)).content.decode()
    assert "No demand recorded yet" in body and "plotly-graph-div" not in body


def test_short_history_explains_what_is_missing(client_for, microsystem):
    loans = DemandType.objects.create(microsystem=microsystem, name="Loans", handling_minutes=5)
    DemandObservation.objects.create(demand_type=loans, period_start=dt.date(2026, 1, 1), volume=9)
    body = client_for("lead").get(page(microsystem)).content.decode()
    assert "Two full years are needed" in body
    assert "staff roles</a> to compare demand" in body
    shown = re.sub(r"<script\b.*?</script>", "", body, flags=re.DOTALL)  # not the chart data
    assert "nan" not in shown.lower()


def add_history(microsystem, types: int, months: int) -> None:
    StaffRole.objects.get_or_create(
        microsystem=microsystem,
        title="Assistant",
        defaults={"fte": 3, "hours_per_fte": 100, "hourly_cost": 15},
    )
    start = DemandType.objects.filter(microsystem=microsystem).count()
    created = DemandType.objects.bulk_create(
        DemandType(microsystem=microsystem, name=f"Type {start + n}", handling_minutes=5)
        for n in range(types)
    )
    DemandObservation.objects.bulk_create(
        DemandObservation(
            demand_type=demand_type,
            period_start=dt.date(2016 + m // 12, m % 12 + 1, 1),
            volume=40 + m % 7,
        )
        for demand_type in created
        for m in range(months)
    )


@pytest.mark.parametrize("persona", ["lead", "manager"])
def test_query_count_is_fixed_whatever_the_history(
    client_for, microsystem, persona, django_assert_num_queries
):
    client = client_for(persona)
    add_history(microsystem, types=2, months=12)
    client.get(page(microsystem))
    # session + user + microsystem + demand types + observations + staff + navigation role
    with django_assert_num_queries(7):
        client.get(page(microsystem))
    add_history(microsystem, types=20, months=120)
    with django_assert_num_queries(7):
        response = client.get(page(microsystem))
    assert response.context["report"].periods_recorded == 120


def test_capacity_section_lists_ideas_for_using_abilities(client_for, two_years):
    from microsystems.models import StaffRole

    client = client_for("member")
    body = client.get(page(two_years)).content.decode()
    assert "No ideas recorded yet" in body
    StaffRole.objects.filter(microsystem=two_years).update(new_uses="Call back before people chase")
    body = client.get(page(two_years)).content.decode()
    assert "<strong>Assistant:</strong> Call back before people chase" in body


def test_chart_numbers_open_formula_like_names_as_text(client_for, two_years):
    """Demand types are the demand table's column headers and year-on-year's first cells."""
    DemandType.objects.filter(microsystem=two_years, name="Loans").update(
        name='=HYPERLINK("http://x","y")'
    )
    client = client_for("member")
    demand = client.get(page(two_years, "?table=demand")).content.decode("utf-8-sig")
    headers = next(csv.reader(io.StringIO(demand)))
    assert sorted(headers) == ['\'=HYPERLINK("http://x","y")', "Chasing calls", "period_start"]
    year_on_year = client.get(page(two_years, "?table=year_on_year")).content.decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(year_on_year))][1:]
    assert sorted(names) == ['\'=HYPERLINK("http://x","y")', "All demand", "Chasing calls"]
