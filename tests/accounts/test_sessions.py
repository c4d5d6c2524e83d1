"""A session ends after a period without activity, and at a fixed age however active."""

import time

from django.conf import settings
from django.urls import reverse

from accounts.sessions import LAST_SEEN_AT, SIGNED_IN_AT


def age_the_session(client, *, signed_in_ago: float, last_seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now - signed_in_ago
    session[LAST_SEEN_AT] = now - last_seen_ago
    session.save()


def test_signing_in_stamps_the_session(client, users):
    before = time.time()
    client.post(reverse("login"), {"username": "lead", "password": "pw-for-tests-only"})
    session = client.session
    assert session[SIGNED_IN_AT] >= before - 1
    assert session[LAST_SEEN_AT] == session[SIGNED_IN_AT]


def test_a_session_in_use_stays_signed_in(client_for):
    client = client_for("lead")
    age_the_session(
        client,
        signed_in_ago=settings.SESSION_ABSOLUTE_AGE - 60,
        last_seen_ago=settings.SESSION_IDLE_TIMEOUT - 60,
    )
    assert client.get(reverse("microsystems:home")).status_code == 200
    # The visit counts as activity: the clock restarts.
    assert time.time() - client.session[LAST_SEEN_AT] < 60


def test_an_idle_session_is_signed_out_and_sent_to_sign_in(client_for):
    client = client_for("lead")
    age_the_session(
        client, signed_in_ago=settings.SESSION_IDLE_TIMEOUT + 60,
        last_seen_ago=settings.SESSION_IDLE_TIMEOUT + 1,
    )  # fmt: skip
    home = reverse("microsystems:home")
    response = client.get(home)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={home}"
    assert "_auth_user_id" not in client.session
    sign_in_page = client.get(response.url).content.decode()
    assert "You were signed out after 2 hours without activity" in sign_in_page
    # Signed out for good, not for one request.
    assert client.get(home).status_code == 302


def test_an_active_session_past_its_fixed_age_is_signed_out(client_for):
    client = client_for("lead")
    age_the_session(client, signed_in_ago=settings.SESSION_ABSOLUTE_AGE + 1, last_seen_ago=5)
    home = reverse("microsystems:home")
    response = client.get(home)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={home}"
    sign_in_page = client.get(response.url).content.decode()
    assert "You were signed out because you signed in more than 12 hours ago" in sign_in_page
    assert client.get(home).status_code == 302


def test_an_idle_admin_is_signed_out_of_the_admin(client_for):
    client = client_for("admin")
    age_the_session(
        client, signed_in_ago=settings.SESSION_IDLE_TIMEOUT + 60,
        last_seen_ago=settings.SESSION_IDLE_TIMEOUT + 1,
    )  # fmt: skip
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_a_session_without_stamps_is_stamped_not_ended(client_for):
    """Sessions signed in before this check existed carry no stamps: they start now."""
    client = client_for("lead")
    session = client.session
    del session[SIGNED_IN_AT]
    del session[LAST_SEEN_AT]
    session.save()
    assert client.get(reverse("microsystems:home")).status_code == 200
    assert time.time() - client.session[SIGNED_IN_AT] < 60


def test_the_cookie_lasts_no_longer_than_the_fixed_age():
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_AGE


def test_the_limits_come_from_the_environment():
    from tests.support.manage import run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_IDLE_TIMEOUT, "
        "s.SESSION_ABSOLUTE_AGE, s.AXES_FAILURE_LIMIT, s.SIGNIN_FAILURE_LIMITS, "
        "s.AXES_COOLOFF_TIME.total_seconds())",
        DEBUG="1",
        SESSION_IDLE_MINUTES="30",
        SESSION_MAX_HOURS="8",
        SIGNIN_FAILURE_LIMIT="3",
        SIGNIN_ADDRESS_FAILURE_LIMIT="40",
        SIGNIN_LOCKOUT_MINUTES="60",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "1800 28800 3 [3, 40] 3600.0"
