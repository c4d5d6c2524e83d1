"""Security headers on every response: a Content-Security-Policy that lets only our
own files run or style the page (anything inline needs the request's nonce), a
Permissions-Policy that turns off the browser features we never use, and
`Cache-Control: no-store` on whatever a signed-in user is shown."""

import re

import pytest
from django.test import Client
from django.urls import reverse

DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def header_nonce(response) -> str:
    nonces = re.findall(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonces, "no nonce in the policy"
    assert len(set(nonces)) == 1, "one nonce per response"
    return nonces[0]


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def demand_url(two_years) -> str:
    """The demand page of a microsystem with data: it draws charts."""
    return reverse("microsystems:demand", kwargs={"slug": two_years.slug})


def test_signed_in_page_has_a_policy_of_our_own_files_only(client_for, demand_url):
    response = client_for("lead").get(demand_url)
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    for name in ["script-src", "style-src"]:
        values = directives[name]
        assert values[0] == "'self'", name
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(values), name
        assert not [value for value in values if value.startswith(("http:", "https:"))], name
    # Plotly's own style attributes are allowed by their exact text, never in general.
    assert "'unsafe-inline'" not in directives["style-src-attr"]
    assert directives["script-src-attr"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]


def test_the_sign_in_page_has_the_policy_too(db):
    response = Client().get(reverse("login"))
    assert csp_directives(response)["script-src"] == ["'self'"]
    assert "Permissions-Policy" in response


def test_nonce_is_new_for_every_request_and_is_the_one_the_page_uses(client_for, demand_url):
    client = client_for("lead")
    first, second = client.get(demand_url), client.get(demand_url)
    nonces = [header_nonce(first), header_nonce(second)]
    assert nonces[0] != nonces[1]
    assert all(len(nonce) >= 22 for nonce in nonces)  # at least 128 bits, base64
    for response, nonce in zip([first, second], nonces, strict=True):
        used = set(re.findall(r'nonce="([^"]*)"', response.content.decode()))
        assert used == {nonce}


def test_a_page_with_nothing_inline_gets_no_nonce(client_for, users):
    """No nonce in the policy of a page that needs none: nothing to guess or reuse."""
    response = client_for("lead").get(reverse("microsystems:home"))
    assert "'nonce-" not in response["Content-Security-Policy"]


def test_permissions_policy_denies_features_we_never_use(client_for, users):
    response = client_for("lead").get(reverse("microsystems:home"))
    features = dict(
        part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
    )
    for feature in DENIED_FEATURES:
        assert features.get(feature) == "()", feature


def test_signed_in_pages_are_never_stored(client_for, demand_url):
    client = client_for("lead")
    for url in [reverse("microsystems:home"), demand_url]:
        assert "no-store" in cache_directives(client.get(url)), url


def test_signed_in_downloads_are_never_stored(client_for, two_years):
    url = reverse("microsystems:demand_download", kwargs={"slug": two_years.slug})
    response = client_for("lead").get(url)
    assert response.status_code == 200 and response.has_header("Content-Disposition")
    assert "no-store" in cache_directives(response)


def test_anonymous_responses_are_left_to_their_views(db):
    """A redirect to sign in is not private to anyone: no no-store from us. (The
    sign-in page itself is never cached anyway: Django's login view says so.)"""
    response = Client().get(reverse("microsystems:home"))
    assert response.status_code == 302
    assert "no-store" not in cache_directives(response)


def test_static_files_stay_cacheable_for_signed_in_users(users, settings):
    # WhiteNoise serves straight from static/ here (collectstatic is not run in tests).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    client.force_login(users["lead"])
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    directives = cache_directives(response)
    assert "no-store" not in directives
    assert any(directive.startswith("max-age=") for directive in directives)
