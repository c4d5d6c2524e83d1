"""Stakeholders' weights and the public value account, in a real browser.

As in test_journeys: the ORM is touched only while no page is loading.
"""

import re

from stakeholders.models import Stakeholder
from valuation.models import Assessment, StakeholderWeight


def draft_of(slug: str) -> Assessment:
    return Assessment.objects.get(microsystem__slug=slug, status=Assessment.Status.DRAFT)


def stored_weights(assessment, stakeholder) -> list[float]:
    saved = StakeholderWeight.objects.filter(assessment=assessment, stakeholder=stakeholder)
    return [float(row.weight) for one in saved for row in one.dimension_weights.all()]


def test_leader_shares_100_points_with_a_running_total(signed_in, live_server):
    page = signed_in("leader")
    draft = draft_of("north-housing-repairs")
    tenants = Stakeholder.objects.filter(microsystem=draft.microsystem).order_by("name").first()
    before = stored_weights(draft, tenants)
    page.goto(
        f"{live_server.url}/microsystems/north-housing-repairs/assessments/{draft.pk}"
        f"/weights/{tenants.pk}/points/"
    )
    boxes = page.locator("input[data-points]")
    for index in range(boxes.count()):
        boxes.nth(index).fill("")
    boxes.nth(0).fill("60")
    boxes.nth(1).fill("50")
    total = page.locator("[data-points-total]")
    total.filter(has_text="10 too many").wait_for()

    # The server refuses the same total, naming it, and saves nothing.
    page.get_by_role("button", name="Save weights").click()
    page.get_by_text(re.compile(r"110")).first.wait_for()
    assert stored_weights(draft, tenants) == before

    page.locator("input[data-points]").nth(1).fill("40")
    page.locator("[data-points-total]").filter(has_text="Ready to save").wait_for()
    page.get_by_role("button", name="Save weights").click()
    page.get_by_role(
        "heading", level=1, name="How much each stakeholder values each dimension"
    ).wait_for()
    assert sorted(stored_weights(draft, tenants))[-2:] == [0.4, 0.6]
    assert sum(stored_weights(draft, tenants)) == 1


def test_manager_sees_the_account_and_where_stakeholders_disagree(signed_in, live_server):
    page = signed_in("manager")
    approved = (
        Assessment.objects.filter(
            microsystem__slug="eastfield-library", status=Assessment.Status.APPROVED
        )
        .order_by("-start_date")
        .first()
    )
    page.get_by_role("link", name="Eastfield Library").first.click()
    page.get_by_role("link", name="Assessments", exact=True).click()
    page.get_by_role("link", name=approved.period_label).first.click()

    page.get_by_role("heading", name="Overall public value").wait_for()
    page.locator(".plotly-graph-div .main-svg").first.wait_for()
    assert page.get_by_text(re.compile(r"Contested")).first.is_visible()
    page.get_by_text("How was this computed?").click()
    assert page.get_by_text(re.compile(r"voice-weighted mean")).first.is_visible()

    page.get_by_role("link", name="Perspectives").first.click()
    page.get_by_role("heading", level=1).filter(has_text="Perspectives").wait_for()
    page.locator(".plotly-graph-div .main-svg").first.wait_for()
    assert page.get_by_text(re.compile(r"Kendall")).first.is_visible()
