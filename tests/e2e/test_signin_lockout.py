"""In the browser: the locked-out sign-in page explains itself and passes axe."""

from django.conf import settings

from tests.support.axe import axe_violations


def test_a_locked_out_sign_in_says_so_on_an_accessible_page(browser, live_server, transactional_db):
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill("someone")
        page.get_by_label("Password").fill("a-wrong-guess")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert "Too many failed sign-in attempts" in alert.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    assert axe_violations(page) == []
    page.close()
