"""An improvement idea from proposal to a marked run chart, in a real browser.

As in test_journeys: the ORM is touched only while no page is loading.
"""

from microsystems.periods import shift_periods
from valuation.models import ImprovementIdea, Measure, Measurement


def test_leader_adds_an_idea_adopts_it_and_sees_the_marked_run_chart(signed_in, live_server):
    page = signed_in("leader")
    measure = Measure.objects.get(code="pct-satisfied")
    last = (
        Measurement.objects.filter(microsystem__slug="eastfield-library", measure=measure)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    adopted_on = shift_periods(last, "month", -11)

    page.goto(f"{live_server.url}/microsystems/eastfield-library/improvements/")
    page.get_by_role("link", name="Add an idea").click()
    page.get_by_label("Title").fill("Quiet study hours")
    page.get_by_label("Expected saving per month (£)").fill("150")
    page.get_by_label("One-off cost (£)").fill("-5")
    page.get_by_label(str(measure)).check()
    page.get_by_label("Owner").select_option(label="Sam Okafor")
    page.get_by_role("button", name="Save idea").click()
    # Refused beside its field, nothing saved.
    page.get_by_text("A one-off cost cannot be negative.").wait_for()
    assert not ImprovementIdea.objects.filter(title="Quiet study hours").exists()

    page.get_by_label("One-off cost (£)").fill("1200")
    page.get_by_role("button", name="Save idea").click()
    page.get_by_role("heading", level=1, name="Quiet study hours").wait_for()
    page.get_by_text("How was this computed?").click()
    page.get_by_text("Saving a year: 12 × £150.00 = £1,800.00").wait_for()

    page.get_by_role("link", name="Change status").click()
    page.get_by_label("Status").select_option("adopted")
    page.get_by_label("Date of the change").fill(adopted_on.isoformat())
    page.get_by_role("button", name="Save the change").click()
    page.get_by_role("heading", level=2, name="Did it work?").wait_for()
    page.get_by_text("Mean before adoption").wait_for()
    # plotly.js has drawn the chart with the adoption marked on it.
    page.locator(".js-plotly-plot .annotation-text", has_text="Adopted").wait_for()
    idea = ImprovementIdea.objects.get(title="Quiet study hours")
    assert idea.adopted_on == adopted_on
    assert list(idea.status_changes.order_by("pk").values_list("status", flat=True)) == [
        "idea",
        "adopted",
    ]
