"""The unit dashboard, its CSV and JSON, and the assessments list's figures, on the
hand-computed repairs world (tests/support/account.py).

2025 Q1 (approved), worked out by hand in tests/support/scoring.py: overall 63.4375,
disagreement 4.8714, £3,500 a month, failure demand £1,250 over the quarter
(£416.67 a month), value for money 18.125; Efficiency contested (judged 4 and 8).

2025 Q2 (a draft), worked out here: no measure has values for every month of the
quarter, so each dimension's score is its judgements alone.
Tenants judge Efficiency 4 (40) and Equity 9 (90), weights 0.25 and 0.75:
  V = 0.25 x 40 + 0.75 x 90 = 77.5.
Funders judge Efficiency 8 (80) and Equity 6 (60), weights 0.2 and 0.8:
  V = 0.2 x 80 + 0.8 x 60 = 64.
Voices 3 : 1, so overall = (3 x 77.5 + 64) / 4 = 74.125; change +10.6875.
Disagreement = sqrt(0.75 x 3.375² + 0.25 x 10.125²) = sqrt(34.171875) = 5.8457.
Same activities: £3,500 a month, value for money 74.125 / 3.5 = 21.1786.
Efficiency judged 4 and 8: contested; Equity 9 and 6 (3 apart): not.
"""

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.formatting import plain_number
from microsystems.data_versions import unit_changed
from microsystems.models import StaffRole
from microsystems.selectors.activities import activity_frames, cached_demand_frames
from tests.support.account import repairs_world, second_quarter
from tests.support.factories import make_microsystem
from tests.support.html import text_of
from tests.support.records import approve
from valuation.analysis.dashboard import Change, change_since_previous, series
from valuation.models import (
    Assessment,
    AssessmentRecord,
    ImprovementIdea,
    Judgement,
)
from valuation.reports.dashboard import FIRST_ASSESSMENT, change_sentence
from valuation.selectors.account import cached_activity_records

Q1_OVERALL = 63.4375
Q2_OVERALL = 74.125
Q2_DISAGREEMENT = (0.75 * 3.375**2 + 0.25 * 10.125**2) ** 0.5


@pytest.fixture
def world(microsystem, users) -> dict:
    return repairs_world(microsystem)


@pytest.fixture
def two_quarters(world, users) -> dict:
    approve(world["assessment"], lead=users["lead"], manager=users["manager"])
    return {**world, "q2": second_quarter(world)}


def dashboard_url(microsystem, name="valuation:dashboard") -> str:
    return reverse(name, kwargs={"slug": microsystem.slug})


def tiles_of(response) -> dict:
    return {tile.key: tile for tile in response.context["report"].tiles}


# ---------------------------------------------------------------- analysis and wording


def test_change_since_previous_is_the_latest_minus_the_one_before():
    frame = pd.DataFrame(
        {"period_label": ["2025 Q1", "2025 Q2", "2025 Q3"], "overall": [50.0, 60.0, 55.5]}
    )
    change = change_since_previous(frame)
    assert (change.previous_label, change.points) == ("2025 Q2", -4.5)
    assert change_since_previous(frame.iloc[:1]) is None
    assert change_since_previous(series([])) is None


@pytest.mark.parametrize(
    "change, sentence",
    [
        (Change("2025 Q1", 63.4375, 74.125), "Up 10.7 points since 2025 Q1."),
        (Change("2025 Q1", 74.125, 63.4375), "Down 10.7 points since 2025 Q1."),
        (Change("2025 Q1", 60.0, 60.04), "Unchanged since 2025 Q1."),
        (
            Change("2025 Q1", None, 60.0),
            "No change can be worked out: 2025 Q1 has no overall value.",
        ),
        (None, FIRST_ASSESSMENT),
    ],
)
def test_change_sentence_says_which_way_and_how_far(change, sentence):
    assert change_sentence(change) == sentence


# ---------------------------------------------------------------- the page


def test_tiles_show_the_hand_computed_figures_of_the_latest_assessment(two_quarters, client_for):
    microsystem = two_quarters["q2"].microsystem
    response = client_for("manager").get(dashboard_url(microsystem))
    assert response.status_code == 200
    tiles = tiles_of(response)
    assert tiles["overall"].figure == "74 out of 100"
    assert tiles["overall"].detail == "Up 10.7 points since 2025 Q1."
    assert tiles["disagreement"].figure == "± 5.8 points"
    assert tiles["cost"].figure == "£3,500"
    assert tiles["failure"].figure == "£417 a month"
    assert tiles["failure"].detail == "12% of the cost a month"  # 416.67 / 3,500
    assert tiles["value_for_money"].figure == "21.18"
    assert tiles["contested"].figure == "1"
    assert tiles["contested"].detail == "Contested: Efficiency."
    # Each tile links to the page that explains it.
    q2 = two_quarters["q2"]
    account = reverse(
        "valuation:assessment", kwargs={"slug": microsystem.slug, "assessment_id": q2.pk}
    )
    assert tiles["overall"].url == account
    assert tiles["failure"].url == reverse("microsystems:demand", kwargs={"slug": microsystem.slug})
    words = text_of(response.content.decode())
    assert "Latest assessment: 2025 Q2" in words
    assert "Provisional: 2025 Q2 is not approved yet" in words
    assert "Overall public value (provisional)" in words


def test_the_draft_is_marked_provisional_in_the_table_and_the_chart(two_quarters, client_for):
    response = client_for("lead").get(dashboard_url(two_quarters["q2"].microsystem))
    report = response.context["report"]
    rows = report.tables["series"].rows
    assert [row[:4] for row in rows] == [
        ["2025 Q1", "Approved", "63.4", "4.9"],
        ["2025 Q2", "Provisional: draft", "74.1", "5.8"],
    ]
    assert "2025 Q2 (provisional)" in report.charts["value"]
    assert "2025 Q1 (provisional)" not in report.charts["value"]
    assert "tile-provisional" in response.content.decode()


def test_approved_latest_is_not_provisional_and_the_first_has_no_change(world, users, client_for):
    approve(world["assessment"], lead=users["lead"], manager=users["manager"])
    response = client_for("member").get(dashboard_url(world["assessment"].microsystem))
    tiles = tiles_of(response)
    assert tiles["overall"].figure == "63 out of 100"
    assert tiles["overall"].detail == FIRST_ASSESSMENT
    html = response.content.decode()
    assert "provisional-note" not in html and "tile-provisional" not in html
    assert "Up " not in text_of(html) and "Down " not in text_of(html)


def test_no_assessment_yet_is_an_empty_state(microsystem, two_years, users, client_for):
    response = client_for("lead").get(dashboard_url(microsystem))
    assert response.status_code == 200
    words = text_of(response.content.decode())
    assert "No assessments yet" in words
    # 2025: loans 110 x 6 min + chasing 30 x 12 min = 17 hours a month needed, 20 available.
    assert "The team can give about 3.0 staff hours a month more than demand needs" in words
    assert response.context["report"].tiles == []


def test_approved_figures_come_from_the_record_not_todays_data(world, users, client_for):
    approve(world["assessment"], lead=users["lead"], manager=users["manager"])
    Judgement.objects.filter(assessment=world["assessment"]).update(score=0)  # behind its back
    tiles = tiles_of(client_for("manager").get(dashboard_url(world["assessment"].microsystem)))
    assert tiles["overall"].figure == "63 out of 100"


def test_costliest_activities_and_open_ideas(two_quarters, users, client_for):
    microsystem = two_quarters["q2"].microsystem
    for title, status in (("Text reminders", "planned"), ("Stop the paper log", "dropped")):
        ImprovementIdea.objects.create(microsystem=microsystem, title=title, owner=users["lead"],
                                       status=status)  # fmt: skip
    response = client_for("manager").get(dashboard_url(microsystem))
    # Emergency: 100 h x £20 + £500 = £2,500; planned: 50 h x £20 = £1,000 a month.
    assert response.context["report"].costliest == [
        ("Emergency repairs", "£2,500"),
        ("Planned maintenance", "£1,000"),
    ]
    assert response.context["open_ideas"] == 1
    words = text_of(response.content.decode())
    assert "Text reminders (Planned)" in words and "Stop the paper log" not in words


def test_csv_download_has_the_exact_figures(two_quarters, client_for):
    microsystem = two_quarters["q2"].microsystem
    response = client_for("manager").get(dashboard_url(microsystem, "valuation:dashboard_download"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:4] == ["Assessment", "State", "Overall value", "Disagreement"]
    q1, q2 = (dict(zip(header, row, strict=True)) for row in rows[1:])
    assert float(q1["Overall value"]) == pytest.approx(Q1_OVERALL)
    assert float(q2["Overall value"]) == pytest.approx(Q2_OVERALL)
    assert float(q2["Disagreement"]) == pytest.approx(Q2_DISAGREEMENT)
    assert float(q2["Value for money"]) == pytest.approx(Q2_OVERALL / 3.5)
    # Judged 4 by Tenants and 8 by Funders, voices 3 : 1: (3 x 40 + 80) / 4 = 50.
    assert float(q2["Efficiency"]) == pytest.approx(50.0)
    assert q2["State"] == "Provisional: draft"


def test_json_gives_the_numbers_the_page_shows(two_quarters, client_for):
    microsystem = two_quarters["q2"].microsystem
    client = client_for("manager")
    tiles = tiles_of(client.get(dashboard_url(microsystem)))
    data = json.loads(client.get(dashboard_url(microsystem, "valuation:dashboard_json")).content)
    latest = data["latest"]
    assert latest["period_label"] == "2025 Q2" and latest["provisional"] is True
    assert latest["overall_value"] == pytest.approx(Q2_OVERALL)
    assert f"{round(latest['overall_value'])} out of 100" == tiles["overall"].figure
    assert f"± {latest['disagreement']:.1f} points" == tiles["disagreement"].figure
    assert f"£{latest['money_per_month']:,.0f}" == tiles["cost"].figure
    assert f"£{latest['failure_cost_per_month']:,.0f} a month" == tiles["failure"].figure
    assert f"{latest['value_for_money']:.2f}" == tiles["value_for_money"].figure
    assert latest["contested_dimensions"] == ["Efficiency"]
    change = data["change_since_previous"]
    assert change["previous_period"] == "2025 Q1"
    assert change["points"] == pytest.approx(Q2_OVERALL - Q1_OVERALL)
    assert [row["status"] for row in data["assessments"]] == ["approved", "draft"]


def test_account_json_gives_the_numbers_the_account_page_shows(world, client_for):
    assessment = world["assessment"]
    kwargs = {"slug": assessment.microsystem.slug, "assessment_id": assessment.pk}
    client = client_for("lead")
    report = client.get(reverse("valuation:assessment", kwargs=kwargs)).context["report"]
    data = json.loads(client.get(reverse("valuation:assessment_json", kwargs=kwargs)).content)
    assert data["overall_value"] == pytest.approx(Q1_OVERALL)
    assert report.overall_exact == f"{data['overall_value']:.2f}".rstrip("0")
    assert report.disagreement == f"{data['disagreement']:.1f}"
    # 18.125, shown halves up as the page rounds.
    assert report.value_for_money == plain_number(data["account"]["value_for_money"]) == "18.13"
    assert data["account"]["money"] == pytest.approx(10_500)
    efficiency = next(row for row in data["dimensions"] if row["name"] == "Efficiency")
    card = next(card for card in report.cards if card.name == "Efficiency")
    assert (efficiency["contested"], f"{efficiency['blended']:.1f}") == (True, card.blended)
    assert data["assessment"]["provisional"] is True


def test_assessments_list_shows_value_and_disagreement(two_quarters, client_for):
    microsystem = two_quarters["q2"].microsystem
    client = client_for("member")
    url = reverse("valuation:assessments", kwargs={"slug": microsystem.slug})
    words = text_of(client.get(url).content.decode())
    assert "2025 Q1 1 Jan 2025 31 Mar 2025 Approved 63 ± 4.9" in words
    assert "Not worked out yet: open the assessment to work out its figures." in words
    # Once the draft's page has worked out its figures, the list shows them, provisional.
    client.get(
        reverse("valuation:assessment", kwargs={"slug": microsystem.slug,
                                                "assessment_id": two_quarters["q2"].pk})
    )  # fmt: skip
    words = text_of(client.get(url).content.decode())
    assert "Draft 74 Provisional ± 5.8" in words


def queries_of(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_query_counts_do_not_grow_with_approved_assessments(world, users, client_for):
    """One approved assessment, then five: the same queries for the dashboard and the list."""
    first = approve(world["assessment"], lead=users["lead"], manager=users["manager"])
    microsystem = first.microsystem
    client = client_for("manager")
    urls = [
        dashboard_url(microsystem),
        reverse("valuation:assessments", kwargs={"slug": microsystem.slug}),
    ]
    client.get(urls[0])  # warm the session
    before = [queries_of(client, url) for url in urls]
    record = AssessmentRecord.objects.get(assessment=first)
    later = Assessment.objects.bulk_create(
        Assessment(microsystem=microsystem, period_label=f"{year} Q1", status="approved",
                   start_date=dt.date(year, 1, 1), end_date=dt.date(year, 3, 31))
        for year in range(2026, 2030)
    )  # fmt: skip
    AssessmentRecord.objects.bulk_create(
        AssessmentRecord(assessment=assessment, version=1, approved_at=record.approved_at,
                         frozen_at=record.frozen_at, inputs=record.inputs, result=record.result,
                         perspectives=record.perspectives, context=record.context)
        for assessment in later
    )  # fmt: skip
    unit_changed(microsystem.pk, operations=False)
    assert [queries_of(client, url) for url in urls] == before
    response = client.get(urls[0])
    assert len(response.context["report"].tables["series"].rows) == 5


def test_json_never_gives_another_units_assessment(world, organisation, client_for):
    """An assessment of a unit the user may not see, asked for under a unit they may see,
    is not found: never another unit's data."""
    elsewhere = make_microsystem(organisation, "Westfield Library")
    theirs = Assessment.objects.create(
        microsystem=elsewhere, period_label="2025 Q1", start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 3, 31),
    )  # fmt: skip
    mine = world["assessment"].microsystem
    client = client_for("lead")  # leads `mine`, not a member of Westfield
    for name in ("valuation:assessment_json", "valuation:assessment"):
        url = reverse(name, kwargs={"slug": mine.slug, "assessment_id": theirs.pk})
        assert client.get(url).status_code == 404
        own = reverse(name, kwargs={"slug": elsewhere.slug, "assessment_id": theirs.pk})
        assert client.get(own).status_code == 404
    for persona in ("outsider", "other_manager"):
        for name in ("valuation:dashboard_json", "valuation:dashboard"):
            assert client_for(persona).get(dashboard_url(mine, name)).status_code == 404


def test_the_capacity_gap_reads_the_demand_frames_the_drafts_figures_worked_out(
    two_quarters, client_for
):
    """With a draft latest, the capacity gap is the one of the demand frames its figures
    have just cached (seven queries fewer than reading records and demand again), the
    same gap as from records read afresh; a staff role saved shows in the next view's
    gap, not the cached one."""
    microsystem = two_quarters["q2"].microsystem
    client = client_for("member")
    url = dashboard_url(microsystem, "valuation:dashboard_json")

    def shown_gap() -> float | None:
        return client.get(url).json()["capacity_gap_hours_per_period"]

    cache.clear()
    gap = shown_gap()
    assert cached_activity_records(microsystem) is not None
    # The draft's figures worked out the demand frames too: the gap is theirs.
    assert cached_demand_frames(microsystem) is not None
    assert gap == cached_demand_frames(microsystem).capacity_gap_hours
    assert gap is not None and gap == activity_frames(microsystem).capacity_gap_hours
    role = StaffRole.objects.filter(microsystem=microsystem).first()
    role.fte += 1
    role.save()
    assert cached_activity_records(microsystem) is None  # the records' key moved on
    assert cached_demand_frames(microsystem) is None  # and the operations' key
    changed = shown_gap()
    assert changed == activity_frames(microsystem).capacity_gap_hours
    assert changed == pytest.approx(gap - float(role.hours_per_fte))
