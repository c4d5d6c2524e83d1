"""What a team leader and a manager do, in a real browser.

The live server and these tests share one database connection (in-memory
SQLite), so the tests touch the ORM only while no page is loading: after a
wait for something the finished page shows.
"""

import re

from microsystems.models import DemandObservation, DemandType, Microsystem


def test_leader_enters_demand_and_sees_it_on_the_demand_page(signed_in, live_server):
    page = signed_in("leader")
    chasing = DemandType.objects.get(name="Calls chasing a repair")
    latest = DemandObservation.objects.filter(demand_type=chasing).latest("period_start")

    page.get_by_role("link", name="North Area Housing Repairs").click()
    page.get_by_role("link", name="Demand", exact=True).click()
    page.get_by_role("link", name="Enter demand").click()
    cell = page.get_by_label(
        re.compile(r"^Calls chasing a repair, .*" + latest.period_start.strftime("%b %Y"))
    )
    cell.fill("612")
    page.get_by_role("button", name="Save demand").click()

    page.get_by_role("status").filter(has_text="Saved").wait_for()
    saved = DemandObservation.objects.get(demand_type=chasing, period_start=latest.period_start)
    assert saved.volume == 612

    page.get_by_role("link", name="Demand", exact=True).click()
    # plotly.js draws every chart from our static files: three figures with SVG.
    page.locator(".plotly-graph-div .main-svg").first.wait_for()
    assert page.locator(".plotly-graph-div").count() == 3
    assert page.get_by_text("How is demand changing?").is_visible()


def test_skip_link_appears_on_focus_and_moves_to_main(signed_in, live_server):
    page = signed_in("leader")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.is_visible()
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"  # focus is visible, not only a colour change
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_bad_upload_names_the_row_and_column_and_saves_nothing(signed_in, live_server, tmp_path):
    page = signed_in("leader")
    before = DemandObservation.objects.count()
    bad = tmp_path / "demand.csv"
    bad.write_text("demand_type,period_start,volume\nRepair requests,2026-01-01,-4\n")
    page.goto(f"{live_server.url}/microsystems/north-housing-repairs/demand/upload/")
    page.get_by_label("CSV or Excel file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and import").click()
    page.get_by_text(re.compile(r"Row 2, column C \(volume\)")).first.wait_for()
    assert DemandObservation.objects.count() == before


def test_manager_archives_after_confirming(signed_in, live_server):
    page = signed_in("manager")
    page.goto(f"{live_server.url}/microsystems/school-admissions/")
    page.get_by_role("link", name="Archive").click()
    page.get_by_role("heading", name="Archive School Admissions Office?").wait_for()
    page.get_by_role("button", name="Archive microsystem").click()
    page.get_by_text("This microsystem is read-only").wait_for()
    assert Microsystem.objects.get(slug="school-admissions").is_archived
