"""Password reset from the sign-in page, and one's own account."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.services import EMAIL_TAKEN
from tests.support.factories import make_user


def test_sign_in_page_offers_password_reset(client):
    body = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in body


def test_password_reset_end_to_end(db, client):
    make_user("ruth", email="ruth@example.org")
    response = client.post(reverse("password_reset"), {"email": "ruth@example.org"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ruth@example.org"]
    assert "You sign in as ruth" in mail.outbox[0].body
    link = re.search(r"http://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    page = client.get(link, follow=True)
    set_url = page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "quiet-meadow-77", "new_password2": "quiet-meadow-77"}
    )
    assert done.url == reverse("password_reset_complete")
    user = get_user_model().objects.get(username="ruth")
    assert user.check_password("quiet-meadow-77")
    assert "does not work any more" in client.get(link, follow=True).content.decode()


def test_no_reset_for_a_deactivated_account(db, client):
    make_user("gone", email="gone@example.org", is_active=False)
    client.post(reverse("password_reset"), {"email": "gone@example.org"})
    assert mail.outbox == []


def test_profile_changes_name_and_email(client_for, users):
    client = client_for("lead")
    response = client.post(
        reverse("profile"),
        {"first_name": "Lena", "last_name": "Ashby", "email": "Lena@Example.org"},
    )
    assert response.status_code == 302
    lead = get_user_model().objects.get(pk=users["lead"].pk)
    assert (lead.first_name, lead.last_name, lead.email) == ("Lena", "Ashby", "lena@example.org")
    assert lead.username == "lead"  # a chosen user name stays


def test_invited_person_signs_in_with_their_new_email(client_for, users, db):
    invited = make_user("nia@example.org", email="nia@example.org")
    from django.test import Client

    client = Client()
    client.force_login(invited)
    client.post(
        reverse("profile"), {"first_name": "Nia", "last_name": "O", "email": "nia@council.org"}
    )
    invited.refresh_from_db()
    assert invited.username == "nia@council.org"


def test_profile_refuses_an_email_in_use(client_for, users):
    users["member"].email = "member@example.org"
    users["member"].save()
    response = client_for("lead").post(
        reverse("profile"), {"first_name": "L", "last_name": "X", "email": "member@example.org"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        EMAIL_TAKEN.format(email="member@example.org")
    ]
    users["lead"].refresh_from_db()
    assert users["lead"].first_name == "Lead"


def test_profile_without_an_email_is_refused_with_the_error_summary(client_for, users):
    response = client_for("lead").post(
        reverse("profile"), {"first_name": "Lead", "last_name": "", "email": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in body
    assert response.context["form"].errors["email"] == ["This field is required."]
    assert "This field is required." in body
    users["lead"].refresh_from_db()
    assert users["lead"].first_name == "Lead"


def test_an_empty_post_to_ones_account_is_refused(client_for, users):
    """An empty post once read as no post at all: the page again, with no message."""
    response = client_for("lead").post(reverse("profile"), {})
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["This field is required."]
    assert 'id="error-summary"' in response.content.decode()
