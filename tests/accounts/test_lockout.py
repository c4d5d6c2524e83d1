"""Sign-in resists guessing: repeated failures lock out, an admin can unlock,
and an unknown username costs the same hashing as a wrong password."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

PASSWORD = "pw-for-tests-only"  # tests/support/factories.py make_user
LOCKED_OUT_TEXT = "Too many failed sign-in attempts"


def sign_in(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail_to_sign_in(client, username: str, times: int, address: str = "203.0.113.7") -> None:
    for _ in range(times):
        sign_in(client, username, "not-the-password", address)
        assert "_auth_user_id" not in client.session


def test_failures_below_the_limit_still_let_the_right_password_in(client, users):
    fail_to_sign_in(client, "lead", settings.AXES_FAILURE_LIMIT - 1)
    response = sign_in(client, "lead", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users["lead"].pk)


def test_the_right_password_is_refused_after_too_many_wrong_ones(client, users):
    fail_to_sign_in(client, "lead", settings.AXES_FAILURE_LIMIT)
    response = sign_in(client, "lead", PASSWORD)
    body = response.content.decode()
    assert response.status_code == 429
    assert LOCKED_OUT_TEXT in body
    # Our sign-in page in the site layout, not a bare error page.
    assert "<title>Sign in · Microsystem value</title>" in body
    assert 'for="id_username"' in body and "Skip to main content" in body
    assert "_auth_user_id" not in client.session


def test_the_attempt_that_reaches_the_limit_already_shows_the_lockout(client, users):
    fail_to_sign_in(client, "lead", settings.AXES_FAILURE_LIMIT - 1)
    response = sign_in(client, "lead", "not-the-password")
    assert response.status_code == 429
    assert LOCKED_OUT_TEXT in response.content.decode()


def test_a_lockout_holds_one_account_at_one_address_only(client, users):
    fail_to_sign_in(client, "lead", settings.AXES_FAILURE_LIMIT)
    # The same account from another address, another account from this one.
    assert sign_in(client, "lead", PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    assert sign_in(client, "member", PASSWORD).status_code == 302


def test_an_address_guessing_across_usernames_is_locked_out(client, users):
    address_limit = settings.SIGNIN_FAILURE_LIMITS[1]
    per_account = settings.AXES_FAILURE_LIMIT - 1  # never enough to lock one account
    usernames = [f"guess{number}" for number in range(address_limit // per_account + 1)]
    failures = 0
    for username in usernames:
        take = min(per_account, address_limit - failures)
        fail_to_sign_in(client, username, take)
        failures += take
        if failures == address_limit:
            break
    response = sign_in(client, "member", PASSWORD)
    assert response.status_code == 429
    assert LOCKED_OUT_TEXT in response.content.decode()
    # Another address is not affected.
    assert sign_in(client, "member", PASSWORD, address="198.51.100.20").status_code == 302


def test_unknown_usernames_lock_out_like_known_ones(client, users):
    """Otherwise the lockout itself would tell which usernames exist."""
    fail_to_sign_in(client, "nobody-by-this-name", settings.AXES_FAILURE_LIMIT - 1)
    response = sign_in(client, "nobody-by-this-name", "not-the-password")
    assert response.status_code == 429


def test_an_admin_unlocks_from_the_admin_and_sign_in_works_again(client, users):
    from axes.models import AccessAttempt

    fail_to_sign_in(client, "lead", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "lead", PASSWORD).status_code == 429

    admin_client = type(client)()
    admin_client.force_login(users["admin"])
    changelist = reverse("admin:axes_accessattempt_changelist")
    listed = admin_client.get(changelist, {"locked_out": "yes"})
    assert listed.status_code == 200
    attempt = AccessAttempt.objects.get(username="lead")
    assert "not-the-password" not in attempt.post_data  # recorded, but never the password
    assert f'value="{attempt.pk}"' in listed.content.decode()
    confirmed = admin_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert confirmed.status_code == 302
    assert not AccessAttempt.objects.filter(username="lead").exists()

    assert sign_in(client, "lead", PASSWORD).status_code == 302


@pytest.mark.parametrize("page", ["login", "admin:login"])
def test_an_overlong_username_gets_a_message_not_a_server_error(client, db, page):
    """Longer than axes' record of a username: PostgreSQL refused to store it."""
    response = client.post(reverse(page), {"username": "x" * 300, "password": "wrong"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


@pytest.mark.parametrize(
    "page",
    ["admin:axes_accessattempt_changelist", "admin:axes_accesslog_changelist"],
)
def test_the_sign_in_records_are_in_the_admin(client_for, page):
    assert client_for("admin").get(reverse(page)).status_code == 200


def test_the_admin_sign_in_page_is_throttled_too(client, users):
    admin_login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(admin_login, {"username": "admin", "password": "no"}, REMOTE_ADDR="203.0.113.7")
    response = client.post(
        admin_login, {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429
    assert LOCKED_OUT_TEXT in response.content.decode()


@pytest.mark.slow  # the production hasher, for real: seconds of PBKDF2
def test_unknown_user_and_wrong_password_run_the_hasher_equally(client, db, settings, monkeypatch):
    """Equal work, so equal time: the production hasher runs once either way.

    Counted rather than timed: a timing test would be slow and flaky. The
    counter wraps the real `encode` (which `verify` calls), it does not replace it.
    """
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ]
    get_user_model().objects.create_user(username="known", password=PASSWORD)
    hasher_class = type(get_hasher("default"))
    real_encode = hasher_class.encode
    calls = []

    def counting_encode(self, *args, **kwargs):
        calls.append(type(self).__name__)
        return real_encode(self, *args, **kwargs)

    monkeypatch.setattr(hasher_class, "encode", counting_encode)

    sign_in(client, "known", "not-the-password")
    wrong_password = len(calls)
    calls.clear()
    sign_in(client, "unknown", "not-the-password")
    unknown_user = len(calls)

    assert wrong_password == unknown_user == 1


def test_behind_the_proxy_the_address_is_the_one_the_balancer_added():
    from django.test import RequestFactory

    from accounts.lockout import address_behind_proxy

    factory = RequestFactory()
    forwarded = factory.get(
        "/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9", REMOTE_ADDR="10.0.0.2"
    )
    assert address_behind_proxy(forwarded) == "203.0.113.9"
    spoofed = factory.get("/", HTTP_X_FORWARDED_FOR="not-an-address", REMOTE_ADDR="10.0.0.2")
    assert address_behind_proxy(spoofed) == "10.0.0.2"
    assert address_behind_proxy(factory.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


def test_the_reset_command_in_the_readme_unlocks(client, users):
    from django.core.management import call_command

    fail_to_sign_in(client, "lead", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "lead", PASSWORD).status_code == 429
    call_command("axes_reset_username", "lead")
    assert sign_in(client, "lead", PASSWORD).status_code == 302
