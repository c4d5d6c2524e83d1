"""Every URL of the project, for every persona, GET and POST.

The URL list comes from the resolver, so a new URL without an entry in
URL_ACCESS (tests/support/url_access.py) fails `test_every_url_is_in_the_matrix`
until someone decides who may use it. The Django admin is left to Django's own
staff check (tested below).
"""

import pytest
from django.urls import reverse

from tests.support.url_access import (
    ALLOWED,
    LEVELS,
    PERSONAS,
    POST_LEVELS,
    URL_ACCESS,
    all_url_names,
    build_url,
)
from tests.support.world import url_world_once_per_module

# The world every case reads, built once for the module; each case runs in its own
# savepoint, so what an allowed POST changes is gone before the next case.
url_world, users, url_kwargs = url_world_once_per_module()


def test_every_url_is_in_the_matrix():
    missing = set(all_url_names()) - set(URL_ACCESS)
    assert not missing, f"Add these URLs to URL_ACCESS with who may use them: {sorted(missing)}"
    stale = set(URL_ACCESS) - set(all_url_names())
    assert not stale, f"URL_ACCESS names URLs that no longer exist: {sorted(stale)}"


def expected_status(name: str, persona: str, method: str) -> int | str:
    level, methods = URL_ACCESS[name]
    if method == "POST":
        level = POST_LEVELS.get(name, level)
    expected = LEVELS[level][persona]
    if expected == 302 and persona == "anonymous":
        return 302  # LoginRequiredMiddleware answers before the view's method check.
    if method not in methods:
        return 405
    return expected


# Kept quick for `make test`: a member sees what a lead sees without editing, and an
# admin what a manager sees and more, so their cases (a third of the matrix) run in
# `make test-slow`, which CI runs on both databases; the boundaries (signed out, no
# membership, another organisation's manager, lead, manager) stay in the fast suite.
SLOW_PERSONAS = {"member", "admin"}


@pytest.mark.parametrize(
    "persona",
    [
        pytest.param(persona, marks=pytest.mark.slow) if persona in SLOW_PERSONAS else persona
        for persona in PERSONAS
    ],
)
@pytest.mark.parametrize("name", all_url_names())
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_permission_matrix(name, persona, method, client_for, url_kwargs):
    client = client_for(persona)
    url = build_url(name, url_kwargs)
    response = client.get(url) if method == "GET" else client.post(url, {})
    expected = expected_status(name, persona, method)

    if expected == ALLOWED:
        # A GET of an allowed page renders it; sign-in redirects a signed-in
        # user. An empty POST either re-shows the form with errors or succeeds.
        allowed = {200, 302} if (method == "POST" or name == "login") else {200}
        assert response.status_code in allowed, (name, persona, method, response.status_code)
    else:
        assert response.status_code == expected, (name, persona, method, response.status_code)
        if expected == 302:
            assert response.url.startswith(reverse("login")), response.url


@pytest.mark.parametrize("persona", ["outsider", "member", "lead", "manager"])
def test_django_admin_is_for_staff_only(persona, client_for):
    response = client_for(persona).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_django_admin_opens_for_admin(client_for):
    assert client_for("admin").get(reverse("admin:index")).status_code == 200
