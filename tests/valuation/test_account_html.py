"""The assessment page's cards and account rows, joined in Python (valuation/reports/html.py),
are the markup the template language gave them: each is compared here with the template
it replaced, on the hand-computed world and on cards that take every other branch."""

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

from tests.support.account import account_page_url, repairs_world
from valuation.reports.account import Card, assessment_report
from valuation.reports.html import account_rows_html, cards_html, measured_scores_html
from valuation.selectors.records import live_source

# The templates as they were (templates/valuation/_account_card.html in a loop, and the
# loops of _account_computed.html and _account_costs.html).
REPLACED = Path(__file__).parent / "replaced_templates"
CARD_TEMPLATE = (REPLACED / "account_cards.html").read_text()
MEASURED_SCORES_TEMPLATE = (REPLACED / "account_measured_scores.html").read_text()
ACCOUNT_ROWS_TEMPLATE = (REPLACED / "account_rows.html").read_text()


def rendered(template: str, **context) -> str:
    return engines["django"].from_string(template).render(context)


def same_markup(html: str) -> str:
    """Whitespace between tags means nothing to the page; within text, one space as much as many."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


@pytest.fixture
def report(microsystem, users):
    assessment = repairs_world(microsystem)["assessment"]
    return assessment_report(assessment, live_source(assessment))


def every_branch(cards: list[Card]) -> list[Card]:
    """The world's cards and, beside them, a retired one judged by no one and resting on
    judgement alone, an agreed one, and text a browser must not read as markup."""
    first = cards[0]
    return [
        *cards,
        replace(first, name="Openness", active=False, flag="unknown", measures=[],
                judgements=[], rests_on_judgement=True),
        replace(first, flag="agreed", name="<b>Tom & Jerry's \"unit\"</b>",
                measures=[{**first.measures[0], "has_value": False, "scored": False,
                           "reason": "<i>none</i>"}] if first.measures else []),
    ]  # fmt: skip


def test_cards_are_the_templates_markup(report):
    cards = every_branch(report.cards)
    assert {card.flag for card in cards} == {"contested", "agreed", "unknown"}
    assert any(card.measures for card in cards) and any(card.judgements for card in cards)
    assert same_markup(cards_html(cards)) == same_markup(rendered(CARD_TEMPLATE, cards=cards))


def test_measured_scores_are_the_templates_markup(report):
    cards = every_branch(report.cards)
    assert measured_scores_html(cards) == rendered(MEASURED_SCORES_TEMPLATE, cards=cards).strip()


def test_account_rows_are_the_templates_markup(report):
    for rows in (report.costs, report.benefits, [("<b>", "£1 & 2", "'quoted'")]):
        assert same_markup(account_rows_html(rows)) == same_markup(
            rendered(ACCOUNT_ROWS_TEMPLATE, rows=rows)
        )


def computed_section(html: str) -> str:
    return html.split('id="computed"')[1].split("</details>")[0]


def test_the_sections_kept_with_the_report_follow_the_unit_and_the_assessment(
    microsystem, users, client_for
):
    """The sensitivity and "how was this computed?" sections are rendered once with the
    cached report: a repeat view reads them from the cache, and a change to the unit's name
    or the assessment's period shows on the next view."""
    assessment = repairs_world(microsystem)["assessment"]
    client = client_for("lead")
    url = account_page_url(assessment)
    with CaptureQueriesContext(connection) as first_view:
        first = client.get(url).content.decode()
    assert "Eastfield Library has its own for the measure" in computed_section(first)
    with CaptureQueriesContext(connection) as repeat_view:
        repeat = client.get(url).content.decode()
    assert computed_section(repeat) == computed_section(first)
    assert len(repeat_view) < len(first_view) - 10
    microsystem.name = "Westfield Library"
    microsystem.save()
    renamed = computed_section(client.get(url).content.decode())
    assert "Westfield Library has its own" in renamed and "Eastfield" not in renamed
    assessment.refresh_from_db()
    assessment.end_date = dt.date(2025, 2, 28)
    assessment.save()
    assert "and 28 Feb 2025 are rolled up" in computed_section(client.get(url).content.decode())
