"""The Content-Security-Policy in a real browser: every chart still draws, plotly's
hover labels, mode bar and PNG download still work, Bootstrap's menus still open,
and the console stays empty: no violation, no error, no warning.

The policy, and what plotly.js needs from it, are in config/content_security_policy.py.
"""

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from valuation.models import Assessment

UNIT = "/microsystems/north-housing-repairs"

# Every securitypolicyviolation event, with what was blocked, kept for the test to read.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
        + `"${event.sample}" at ${event.sourceFile}:${event.lineNumber}`
    );
});
"""
ALL_CHARTS_DRAWN = """() => {
    const blocks = [...document.querySelectorAll("script[data-chart-figure]")];
    return blocks.every((block) => block.parentElement.querySelector(".main-svg"));
}"""


def watch(page) -> list[str]:
    """Everything the page says in its console from now on, and every page error."""
    heard = []
    page.on("console", lambda message: heard.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: heard.append(f"page error: {error}"))
    page.add_init_script(RECORD_VIOLATIONS)
    return heard


def open_page(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")


def violations_on(page) -> list[str]:
    return [f"{page.url}: {violation}" for violation in page.evaluate("window.cspViolations")]


def hover_across(page, chart) -> bool:
    """Move the mouse across a chart; True once plotly shows a hover label (styled
    text: plotly's <b> becomes a <tspan> with a style attribute)."""
    chart.scroll_into_view_if_needed()
    box = chart.locator(".nsewdrag").first.bounding_box()
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.9):
        page.mouse.move(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)
        try:  # plotly draws the label a moment after the mouse moves
            chart.locator(".hoverlayer > *").first.wait_for(state="attached", timeout=1000)
            return True
        except PlaywrightTimeoutError:
            continue
    return False


def test_charts_draw_under_the_policy_with_nothing_in_the_console(signed_in, live_server):
    draft = Assessment.objects.get(microsystem__slug="north-housing-repairs", status="draft")
    approved = Assessment.objects.filter(
        microsystem__slug="north-housing-repairs", status="approved"
    ).first()
    pages = [
        (f"{UNIT}/demand/", 3),
        (f"{UNIT}/activities/", 3),
        (f"{UNIT}/stakeholders/", 1),
        (f"{UNIT}/assessments/{approved.pk}/", 2),
        (f"{UNIT}/assessments/{approved.pk}/perspectives/", 3),  # with a heatmap
        (f"{UNIT}/assessments/{draft.pk}/perspectives/", 3),
    ]
    page = signed_in("leader")
    heard = watch(page)
    violations, drawn, labelled = [], {}, {}
    for path, _ in pages:
        open_page(page, f"{live_server.url}{path}")
        page.wait_for_function(ALL_CHARTS_DRAWN)
        charts = page.locator(".js-plotly-plot")
        drawn[path] = charts.count()
        labelled[path] = [hover_across(page, charts.nth(i)) for i in range(charts.count())]
        violations += violations_on(page)

    # The mode bar of the last chart: zoom in, then back, then download it as a PNG.
    chart = page.locator(".js-plotly-plot").last
    chart.hover()
    chart.locator('.modebar-btn[data-title="Zoom in"]').click()
    chart.locator('.modebar-btn[data-title="Reset axes"]').click()
    assert chart.locator('.modebar-btn[data-title^="Share"]').count() == 0  # no cloud upload
    try:
        with page.expect_download(timeout=10_000) as download:
            chart.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
        downloaded = download.value.suggested_filename
    except PlaywrightTimeoutError:
        downloaded = "nothing"  # the violations below say why
    violations += violations_on(page)

    assert violations == []
    assert heard == []
    assert drawn == {path: expected for path, expected in pages}
    assert labelled == {path: [True] * expected for path, expected in pages}
    assert downloaded.endswith(".png")


def test_pages_without_charts_and_bootstrap_menus_work_under_the_policy(signed_in, live_server):
    draft = Assessment.objects.get(microsystem__slug="north-housing-repairs", status="draft")
    paths = [
        "/",
        f"{UNIT}/demand/enter/",
        f"{UNIT}/stakeholders/expectations/",
        f"{UNIT}/measurements/",
        f"{UNIT}/assessments/",
        f"{UNIT}/assessments/{draft.pk}/weights/",
        f"{UNIT}/assessments/{draft.pk}/submit/",
    ]
    page = signed_in("leader")
    heard = watch(page)
    violations = []
    for path in paths:
        open_page(page, f"{live_server.url}{path}")
        violations += violations_on(page)

    # Bootstrap's dropdown (the user menu) and collapse (the navigation on a narrow screen).
    page.get_by_role("button", name="Sam Okafor").click()
    page.get_by_role("link", name="Change password").wait_for(state="visible")
    page.set_viewport_size({"width": 600, "height": 900})
    page.get_by_role("button", name="Show or hide navigation").click()
    page.locator("#main-nav.show").wait_for(state="visible")
    violations += violations_on(page)
    assert violations == []
    assert heard == []


def test_the_django_admin_works_under_the_policy(signed_in, live_server):
    page = signed_in("admin")
    heard = watch(page)
    violations = []
    for path in ["/admin/", "/admin/microsystems/microsystem/"]:
        open_page(page, f"{live_server.url}{path}")
        violations += violations_on(page)
    page.locator("#result_list tbody th a").first.click()
    page.locator("#content-main form").wait_for()
    page.wait_for_load_state("networkidle")
    violations += violations_on(page)
    assert violations == []
    assert heard == []
