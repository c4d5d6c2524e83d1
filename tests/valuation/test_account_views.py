"""The assessment page and its downloads, on the hand-computed world of test_scoring_engine.py.

Numbers worked out by hand there: overall 63.4375 (shown 63), disagreement
4.8714, Tenants 66.25, Funders 55, money £10,500 over the quarter, value for
money 18.13 points per £1,000 a month (63.4375 / 3.5).
"""

import csv
import io

import pytest
from django.urls import reverse

from stakeholders.models import Stakeholder
from tests.support.accessibility import accessibility_problems
from tests.support.account import account_page_url as page_url
from tests.support.account import repairs_world
from tests.support.html import text_of
from valuation.models import Judgement
from valuation.reports.account import TABLES


@pytest.fixture
def world(microsystem, users) -> dict:
    return repairs_world(microsystem)


def download(client, assessment, table: str | None = None):
    url = reverse(
        "valuation:assessment_download",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )
    return client.get(url if table is None else f"{url}?table={table}")


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_page_shows_the_hand_computed_assessment(world, client_for):
    response = client_for("lead").get(page_url(world["assessment"]))
    assert response.status_code == 200
    html = response.content.decode()
    words = text_of(html)

    # The period and status at the top.
    assert "Public value account: 2025 Q1" in words
    assert "1 January 2025 to 31 March 2025 (3 months)" in words
    assert "Status: Draft" in words
    # The overall value, its disagreement, and the range in words.
    assert "63 out of 100" in words
    assert "Disagreement: ± 4.9 points" in words
    assert "Stakeholders’ values range from 55 (Funders) to 66 (Tenants)." in words
    assert "Some voices count more than others: Tenants live with the repairs." in words
    # Dimension cards: Efficiency is contested (judged 4 and 8), in words, not only colour.
    assert "Contested: judgements range from 4 to 8 out of 10, 4 or more points apart." in words
    assert "Judged by one stakeholder only, so it cannot be contested yet." in words
    cards = response.context["report"].cards
    efficiency = next(card for card in cards if card.name == "Efficiency")
    assert (efficiency.measured, efficiency.blended, efficiency.flag) == (
        "70.0",
        "60.0",
        "contested",
    )
    assert [j["stakeholder"] for j in efficiency.judgements] == ["Funders", "Tenants"]
    # The account, costs beside benefits, and value for money.
    assert "Money spent on the activities £10,500 £3,500 a month from 2 activities" in words
    # Issue 13 item 4: named, so it is not mistaken for the staff page's cost of all hours.
    assert "from 2 activities: staff hours recorded against activities × hourly cost" in words
    assert "Staff time 450 hours 150 hours a month" in words
    assert "Of the money, handling failure demand £1,250 £417 a month" in words
    assert "Cost per repair £140 Mean of 3 periods" in words
    assert "Repairs in deprived areas 200 repairs scores 50.0" in words
    # 18.125 rounds half up (issue 13 item 3): 18.13.
    assert "18.13 points of public value for every £1,000 a month" in words
    # Two charts, each with its numbers and a CSV download beside it; plotly.js once, local.
    assert html.count('class="plotly-graph-div"') == 2
    assert html.count("vendor/plotly/plotly.min.js") == 1
    assert "cdn.plot.ly" not in html
    assert "?table=perspectives" in html and "?table=dimensions" in html


def test_how_it_was_computed_lets_a_reader_redo_every_number(world, client_for):
    words = text_of(client_for("lead").get(page_url(world["assessment"])).content.decode())
    assert "How was this computed?" in words
    # Measure scores.
    assert "100 × (140 − 200) ÷ (100 − 200) = 60" in words
    assert "100 × (12 − 20) ÷ (10 − 20) = 80" in words
    assert "100 × (200 − 100) ÷ (300 − 100) = 50" in words
    # Dimension measured scores.
    assert "(60 + 80) ÷ 2 = 70" in words
    # Blends, weights applied and contributions.
    assert "0.5 × 70 + 0.5 × 40 = 55" in words
    assert "0.5 × 70 + 0.5 × 80 = 75" in words
    assert "measured score alone: 50" in words
    assert "0.25 × 55 = 13.75" in words
    assert "0.75 × 70 = 52.5" in words
    assert "0.2 × 75 = 15" in words
    assert "0.8 × 50 = 40" in words
    assert "Tenants: perspective value V (the sum of the contributions) 66.25" in words
    assert "Funders: perspective value V (the sum of the contributions) 55" in words
    # Overall, disagreement and value for money.
    assert "Overall value = 25.0% × 55 + 75.0% × 66.25 = 63.44." in words
    assert "Disagreement = √(Σ share × (value − 63.44)²) = 4.87." in words
    # Issue 13 item 6: what kind of spread it is, in words (4.87 is the population form:
    # voice shares 3/4 and 1/4, values 66.25 and 55, mean 63.4375,
    # √(0.75 × 2.8125² + 0.25 × 8.4375²) = √(5.93 + 17.80) = 4.87).
    assert "voice-weighted population standard deviation of the stakeholders’" in words
    assert "63.44 ÷ (£3,500 a month ÷ 1,000) = 18.13 points per £1,000 a month." in words


def judge_activities(world: dict) -> None:
    Judgement.objects.bulk_create(
        Judgement(assessment=world["assessment"], stakeholder=who, dimension=dimension,
                  activity=activity, score=score, rationale="Seen it.")
        for who in (world["tenants"], world["funders"])
        for activity, dimension, score in (
            (world["emergency"], world["efficiency"], 6), (world["emergency"], world["equity"], 4),
            (world["planned"], world["efficiency"], 5), (world["planned"], world["equity"], 5),
        )
    )  # fmt: skip


def test_sensitivity_sentence_and_table(world, client_for):
    # Both stakeholders judge the two activities. C: Emergency repairs Efficiency 60,
    # Equity 40; Planned maintenance 50 and 50. Mean weights (voices 3:1): Efficiency
    # (3 x 0.25 + 0.2) / 4 = 0.2375, Equity 0.7625.
    #   Emergency: 0.2375 x 60 + 0.7625 x 40 = 44.75, per £1,000 of £2,500 = 17.9
    #   Planned:   50, per £1,000 of £1,000 = 50 -> first, under everyone's weights.
    assessment = world["assessment"]
    judge_activities(world)
    response = client_for("member").get(page_url(assessment))
    words = text_of(response.content.decode())
    assert (
        "Robust: whichever stakeholder’s weights are used, the same activities lead on the "
        "judged contribution per £1,000 of cost a month: Planned maintenance and Emergency "
        "repairs, with Planned maintenance first."
    ) in words
    table = response.context["report"].tables["activities"]
    assert table.rows[0][:5] == ["1", "Planned maintenance", "£1,000", "50", "50"]
    assert table.rows[1][:5] == ["2", "Emergency repairs", "£2,500", "44.75", "17.9"]
    # Effectiveness, accountability and probity rest on judgement alone, but no one judged
    # an activity on them: whatever their weight, Planned maintenance stays first.
    assert (
        "Probity rests on judgement alone (average weight 0). No change within 0..1: the "
        "same activity stays first whatever its weight."
    ) in words


def test_empty_assessment_says_what_to_enter_first(assessment, client_for, measure):
    words = text_of(client_for("lead").get(page_url(assessment)).content.decode())
    assert "What to enter first" in words
    assert "No stakeholders yet." in words
    assert "No measurements in this period." in words
    assert "No overall value yet. No stakeholders are recorded for this microsystem." in words
    assert "Value for money cannot be worked out yet." in words
    assert "No stakeholder has weights yet, so activities cannot be weighed." in words


def test_stakeholders_without_weights_are_told_to_enter_weights(assessment, client_for):
    Stakeholder.objects.create(microsystem=assessment.microsystem, name="Readers")
    response = client_for("lead").get(page_url(assessment))
    words = text_of(response.content.decode())
    assert "No weights yet." in words
    weights_url = reverse(
        "valuation:weights",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )
    assert f'href="{weights_url}"' in response.content.decode()
    assert "No overall value yet. No stakeholder has weights in this assessment." in words
    assert "Readers: No weights recorded, so left out of the overall value." in words


def test_populated_page_passes_the_accessibility_checks(world, client_for):
    html = client_for("manager").get(page_url(world["assessment"])).content.decode()
    assert accessibility_problems(html) == []


# --- downloads --------------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_every_table_downloads_as_csv(world, client_for, table):
    judge_activities(world)
    response = download(client_for("member"), world["assessment"], table)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"-{table}.csv" in response["Content-Disposition"]
    assert len(csv_rows(response)) > 1


def test_downloads_hold_exact_numbers(world, client_for):
    client = client_for("lead")
    decomposition = csv_rows(download(client, world["assessment"], "decomposition"))
    header = decomposition[0]
    rows = {(row[0], row[1]): dict(zip(header, row, strict=True)) for row in decomposition[1:]}
    tenants = rows["Tenants", "Efficiency"]
    assert tenants["Blended score D"] == "55.0"
    assert tenants["Weight applied"] == "0.25"
    assert tenants["Contribution to their value"] == "13.75"
    assert tenants["How blended"] == "0.5 × 70 + 0.5 × 40 = 55"

    perspectives = csv_rows(download(client, world["assessment"]))  # the default table
    assert perspectives[0][:4] == [
        "Stakeholder", "Perspective value (0 to 100)", "Voice weight", "Share of voice (%)"
    ]  # fmt: skip
    assert perspectives[1][:4] == ["Funders", "55.0", "1.0", "25.0"]
    assert perspectives[2][:4] == ["Tenants", "66.25", "3.0", "75.0"]

    account = {row[1]: row for row in csv_rows(download(client, world["assessment"], "account"))}
    assert account["Money spent on the activities"][2:4] == ["10500.0", "3500.0"]
    assert account["Overall public value"][2] == "63.4375"
    assert account["Overall value per £1,000 a month of money spent"][2] == "18.125"


def test_unknown_table_is_404(world, client_for):
    assert download(client_for("lead"), world["assessment"], "secrets").status_code == 404


def test_assessment_of_another_microsystem_is_404(world, client_for, other_organisation):
    from tests.support.factories import make_microsystem

    other = make_microsystem(other_organisation, "Southgate Library")
    url = reverse(
        "valuation:assessment", kwargs={"slug": other.slug, "assessment_id": world["assessment"].pk}
    )
    assert client_for("admin").get(url).status_code == 404


def test_names_are_escaped_in_the_prebuilt_tables(world, client_for):
    world["tenants"].name = "<script>alert(1)</script>"
    world["tenants"].save()
    html = client_for("lead").get(page_url(world["assessment"])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_cards_say_what_is_really_there_before_anyone_judges(world, client_for):
    """Issue 13 item 6: with no judgement, each stakeholder's blended score is just the
    measured score, so the card says that, not "Mean of 2 stakeholders' blended scores";
    a measure without a value in the period reads without a doubled "— —"."""
    from valuation.models import Measure

    Judgement.objects.filter(assessment=world["assessment"]).delete()
    Measure.objects.create(
        code="complaints", name="Complaints", dimension=world["equity"], baseline=10, target=0,
        direction="lower", rollup="sum", side="benefit", unit="complaints",
    )  # fmt: skip
    response = client_for("lead").get(page_url(world["assessment"]))
    words = text_of(response.content.decode())
    equity = next(card for card in response.context["report"].cards if card.name == "Equity")
    assert equity.blended_note == "No stakeholder has judged it yet, so the measured score alone."
    assert "stakeholders’ blended scores" not in words and "stakeholders' blended" not in words
    # (Table cells each hold their own "—"; within one phrase there is no doubled one.)
    assert "Complaints: — —" not in words and "— points" not in words
    assert "Complaints: not scored: No values recorded in this period." in words
