"""A draft's figures in the unit workbook: today's, marked provisional, and read from the
report cache when present (valuation/reports/unit_export.py).

Built on a fresh unit of the conftest library, not test_unit_export.py's world shared by
the module, because each test approves and edits its own repairs world.
"""

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from microsystems.models import Microsystem
from microsystems.report_cache import configuration_version
from tests.support.account import repairs_world, second_quarter
from tests.support.records import approve
from valuation.models import Judgement
from valuation.selectors.records import live_source


def sheets(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def test_a_drafts_figures_are_todays_and_marked_provisional(microsystem, users, client_for):
    """2025 Q2 of the repairs world, worked out by hand in tests/valuation/test_dashboard.py."""
    world = repairs_world(microsystem)
    approve(world["assessment"], lead=users["lead"], manager=users["manager"])
    q2 = second_quarter(world)
    client = client_for("member")
    url = reverse("valuation:unit_export_workbook", kwargs={"slug": microsystem.slug})
    workbook = sheets(client.get(url).content)
    header, approved, draft = workbook["Assessments"]
    figures = dict(zip(header, draft, strict=True))
    assert (figures["Period"], figures["Status"]) == ("2025 Q2", "Draft")
    assert figures["Approved version"] is None and figures["Approved on"] is None
    assert figures["Overall value (0-100)"] == pytest.approx(74.125)
    assert figures["Disagreement (points)"] == pytest.approx(
        (0.75 * 3.375**2 + 0.25 * 10.125**2) ** 0.5
    )
    assert figures["Cost per month (£)"] == pytest.approx(3_500)
    assert figures["Value for money (points per £1,000 a month)"] == pytest.approx(74.125 / 3.5)
    assert figures["Note"].startswith("Draft: provisional, not approved")
    # Each dimension's score as the dashboard gives it, marked as the draft's.
    dashboard = client.get(reverse("valuation:dashboard_json", kwargs={"slug": microsystem.slug}))
    draft_scores = dashboard.json()["assessments"][-1]["dimension_scores"]
    rows = [row for row in workbook["Dimension scores"][1:] if row[0] == "2025 Q2"]
    assert {name: score for _, name, score, _ in rows} == pytest.approx(draft_scores)
    assert {state for *_, state in rows} == {"Provisional: draft"}
    assert {row[3] for row in workbook["Dimension scores"][1:] if row[0] == "2025 Q1"} == {
        "Approved"
    }

    # A changed input shows on the next export: tenants now judge Efficiency 8, so their
    # value is 0.25 x 80 + 0.75 x 90 = 87.5 and the overall (3 x 87.5 + 64) / 4 = 81.625.
    judgement = Judgement.objects.get(
        assessment=q2, stakeholder=world["tenants"], dimension=world["efficiency"]
    )
    judgement.score = 8
    judgement.save()
    header, _, draft = sheets(client.get(url).content)["Assessments"]
    assert draft[header.index("Overall value (0-100)")] == pytest.approx(81.625)


def microsystem_with_versions(pk: int) -> Microsystem:
    return Microsystem.objects.annotate(configuration_version=configuration_version()).get(pk=pk)


def test_a_drafts_figures_come_from_the_cache_when_present(microsystem, users, client_for):
    world = repairs_world(microsystem)
    drafts = [world["assessment"], second_quarter(world)]
    # Loaded as the access helper loads it, with the versions that key the caches.
    unit = microsystem_with_versions(microsystem.pk)
    for draft in drafts:
        draft.microsystem = unit
    cache.clear()
    # What working out both drafts reads (the unit's operations, read once, serve both).
    with CaptureQueriesContext(connection) as engine_inputs:
        for draft in drafts:
            live_source(draft)
    client = client_for("member")
    url = reverse("valuation:unit_export_workbook", kwargs={"slug": microsystem.slug})
    cache.clear()
    with CaptureQueriesContext(connection) as worked_out:
        first = client.get(url)
    with CaptureQueriesContext(connection) as cached:
        again = client.get(url)
    # Two drafts (2025 Q1 and Q2) worked out once each, then read from the cache.
    assert len(worked_out) - len(cached) == len(engine_inputs) > 0
    assert sheets(first.content)["Assessments"] == sheets(again.content)["Assessments"]
