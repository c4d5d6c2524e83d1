"""The printed report: in print media, the unit dashboard and the assessment account
hide the navigation and buttons and show the print-only header (static/css/print.css)."""

import pytest

from valuation.models import Assessment

UNIT = "/microsystems/north-housing-repairs"

pytestmark = pytest.mark.browser


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def check_print_view(page, url: str, period: str, state: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    # On screen: the navigation, no print header.
    assert visible(page, ".app-navbar") and visible(page, ".nav-tabs")
    assert not visible(page, ".print-header")
    page.emulate_media(media="print")
    assert not visible(page, ".app-navbar")
    assert not visible(page, ".nav-tabs")
    assert not visible(page, ".breadcrumb")
    assert page.locator(".btn:not(.sort-button)").evaluate_all(
        "buttons => buttons.every(button => getComputedStyle(button).display === 'none')"
    )
    header = page.locator(".print-header")
    assert header.is_visible()
    words = header.inner_text()
    assert "North Area Housing Repairs" in words
    assert f"Period: {period}" in words and f"State: {state}" in words
    assert "Printed on" in words
    # Charts no wider than the page.
    widths = page.locator(".chart-figure").evaluate_all(
        "charts => charts.map(chart => chart.getBoundingClientRect().width)"
    )
    page_width = page.evaluate("document.documentElement.clientWidth")
    assert all(width <= page_width for width in widths)


def test_dashboard_prints_without_navigation_and_with_its_header(signed_in, live_server):
    page = signed_in("manager")
    latest = (
        Assessment.objects.filter(microsystem__slug="north-housing-repairs")
        .order_by("-start_date")
        .first()
    )
    state = "Approved" if latest.status == "approved" else "Provisional"
    check_print_view(page, f"{live_server.url}{UNIT}/dashboard/", latest.period_label, state)


def test_account_prints_without_navigation_and_with_its_header(signed_in, live_server):
    page = signed_in("manager")
    approved = Assessment.objects.filter(
        microsystem__slug="north-housing-repairs", status="approved"
    ).first()
    url = f"{live_server.url}{UNIT}/assessments/{approved.pk}/"
    check_print_view(page, url, approved.period_label, "Approved")
