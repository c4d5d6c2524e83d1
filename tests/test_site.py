"""Site-wide behaviour: sign-in, error pages, production settings."""

from django.test import Client
from django.urls import reverse

from tests.support.manage import run_manage


def test_anonymous_user_is_sent_to_sign_in_with_next(db, client):
    response = client.get("/microsystems/anything/")
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/microsystems/anything/"


def test_sign_in_page_renders_labelled_fields(db, client):
    body = client.get(reverse("login")).content.decode()
    assert 'for="id_username"' in body and 'for="id_password"' in body
    assert "<title>Sign in · Microsystem value</title>" in body


def test_wrong_password_gets_a_message_not_a_traceback(db, client, users):
    response = client.post(reverse("login"), {"username": "lead", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_sign_out_is_a_post(client_for):
    client = client_for("lead")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("microsystems:home")).status_code == 302


def test_password_change(client_for, users):
    client = client_for("lead")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-for-tests-only",
            "new_password1": "a-much-longer-passphrase-42",
            "new_password2": "a-much-longer-passphrase-42",
        },
    )
    assert response.status_code == 302
    users["lead"].refresh_from_db()
    assert users["lead"].check_password("a-much-longer-passphrase-42")


def test_server_error_page_uses_the_layout(db):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body and "Skip to main content" in body


def test_a_crash_shows_the_500_page_not_a_traceback(db, users, settings, monkeypatch):
    from microsystems.views import home as home_module

    def explode(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(home_module, "home_microsystems", explode)
    client = Client(raise_request_exception=False)
    client.force_login(users["lead"])
    response = client.get(reverse("microsystems:home"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "RuntimeError" not in response.content.decode()


def test_secret_key_is_required_when_debug_is_off():
    result = run_manage("check", DEBUG="0", SECURE_SSL_REDIRECT="1")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_passes_with_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "production-like-secret-key-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="value.example.org",
        SECURE_SSL_REDIRECT="1",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_no_page_crashes_on_garbage_query_parameters(client_for, url_kwargs, two_years):
    from tests.support.url_access import URL_ACCESS, build_url

    client = client_for("admin")
    garbage = {"end": "31/02/2026", "format": "pdf", "table": "../../etc", "next": "//evil"}
    for name, (_, methods) in URL_ACCESS.items():
        if "GET" not in methods or name == "login":
            continue
        response = client.get(build_url(name, url_kwargs), garbage)
        assert response.status_code < 500, (name, response.status_code)
