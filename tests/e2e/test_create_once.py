"""Back and Save again on a create form adds nothing, in a real browser.

Chromium fetches the form again on Back (always with `Cache-Control: no-store`,
and here even without it) and puts back what was typed, but the page comes with
a new token; static/js/submission-token.js puts back the token the form was
first shown with. As in test_journeys: the ORM is touched only between pages.
"""

import pytest

from microsystems.services.submissions import ALREADY_SAVED
from stakeholders.models import Expectation, Stakeholder

STATEMENT = "Open on Sundays, please."


def add_no_store(route):
    """As the site's signed-in pages are served: never kept by the browser."""
    if route.request.method != "GET" or route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "cache-control": "no-store"})


def expectation_form(page, live_server):
    group = (
        Stakeholder.objects.filter(microsystem__slug="eastfield-library").order_by("name").first()
    )
    page.goto(
        f"{live_server.url}/microsystems/eastfield-library/stakeholders/{group.pk}"
        "/expectations/new/"
    )
    page.get_by_label("The expectation").fill(STATEMENT)
    page.get_by_label("A benefit to gain").check()


def saved() -> int:
    return Expectation.objects.filter(statement=STATEMENT).count()


@pytest.mark.parametrize("no_store", [False, True], ids=["cacheable", "no-store"])
def test_back_and_save_again_adds_nothing(signed_in, live_server, no_store):
    page = signed_in("leader")
    if no_store:
        page.route("**/*", add_no_store)
    expectation_form(page, live_server)
    page.get_by_role("button", name="Save expectation").click()
    page.get_by_text("Saved an expectation of").wait_for()
    assert saved() == 1

    page.go_back()
    assert page.get_by_label("The expectation").input_value() == STATEMENT
    page.get_by_role("button", name="Save expectation").click()
    page.get_by_text(ALREADY_SAVED).wait_for()
    assert saved() == 1


def test_a_form_opened_again_or_left_unsaved_still_creates(signed_in, live_server):
    page = signed_in("leader")
    expectation_form(page, live_server)
    page.get_by_role("button", name="Save expectation").click()
    page.get_by_text("Saved an expectation of").wait_for()

    # Opened afresh: a second, deliberate entry of the same words.
    expectation_form(page, live_server)
    page.get_by_role("button", name="Save expectation").click()
    page.get_by_text("Saved an expectation of").wait_for()
    assert saved() == 2

    # Filled in, left for another page without saving, then Back: its token was never used.
    expectation_form(page, live_server)
    page.goto(f"{live_server.url}/")
    page.go_back()
    page.get_by_label("The expectation").fill(STATEMENT)
    page.get_by_label("A benefit to gain").check()
    page.get_by_role("button", name="Save expectation").click()
    page.get_by_text("Saved an expectation of").wait_for()
    assert saved() == 3
