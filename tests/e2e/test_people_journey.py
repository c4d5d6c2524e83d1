"""A manager brings in a new team leader, who sets a password and sees their unit.

E-mail goes to Django's locmem outbox (pytest-django's test setting), which the
live server's request threads share with the test: the test reads the link in
the invitation as the new team leader would in their inbox.
"""

import re

from django.core import mail


def test_manager_invites_a_lead_who_sets_a_password_and_sees_their_unit(
    signed_in, browser, live_server
):
    page = signed_in("manager")
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_role("link", name="People of Northbridge Public Services Partnership").click()
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("E-mail address").fill("nia.okafor@example.org")
    page.get_by_label("School Admissions Office").check()
    page.get_by_label("Role on these units").select_option("lead")
    page.get_by_role("button", name="Invite").click()
    page.get_by_text("Invited Nia Okafor").wait_for()
    row = page.get_by_role("row").filter(has_text="nia.okafor@example.org")
    assert "Team leader of School Admissions Office" in row.inner_text()

    link = re.search(r"http://\S+/accounts/welcome/\S+/", mail.outbox[-1].body).group(0)
    newcomer = browser.new_context().new_page()
    newcomer.goto(link)
    newcomer.get_by_role("heading", name="Welcome: choose your password").wait_for()
    newcomer.locator("#id_new_password1").fill("lantern-harbour-41")
    newcomer.locator("#id_new_password2").fill("lantern-harbour-41")
    newcomer.get_by_role("button", name="Set password").click()
    newcomer.get_by_role("link", name="Sign in").click()
    newcomer.get_by_label("Username").fill("nia.okafor@example.org")
    newcomer.get_by_label("Password").fill("lantern-harbour-41")
    newcomer.get_by_role("button", name="Sign in").click()
    newcomer.wait_for_url(f"{live_server.url}/")
    assert newcomer.get_by_role("link", name="School Admissions Office").is_visible()
    assert newcomer.get_by_role("link", name="Eastfield Library").count() == 0

    # The link worked once.
    newcomer.goto(link)
    newcomer.get_by_text("This link does not work any more").wait_for()
