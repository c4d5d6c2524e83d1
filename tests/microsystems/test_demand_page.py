import csv
import datetime as dt
import io
import re

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
    # Issue 13 item 8: the band and how far to trust the forecast, on the page.
    assert "the shaded band is its 80% prediction interval" in body
    assert "How far to trust the forecast: made a year ago" in body
    assert "Forecast low (80% interval)" in body


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


def test_capacity_section_lists_ideas_for_using_abilities(client_for, two_years):

    client = client_for("member")
    body = client.get(page(two_years)).content.decode()
    assert "No ideas recorded yet" in body
    for role in StaffRole.objects.filter(microsystem=two_years):
        role.new_uses = "Call back before people chase"
        role.save()  # as the staff form does; a queryset update would skip the cache's version
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
