"""Every page a signed-in user can GET passes the static accessibility checks."""

import pytest

from tests.support.accessibility import accessibility_problems
from tests.support.url_access import (
    ALLOWED,
    LEVELS,
    URL_ACCESS,
    build_url,
)
from tests.support.world import url_world_once_per_module

# Each page as each persona allowed to GET it (sign-in is checked signed out).
PAGES = sorted(
    (name, persona)
    for name, (level, methods) in URL_ACCESS.items()
    if "GET" in methods
    for persona in ("anonymous", "lead", "manager", "admin")
    if LEVELS[level][persona] == ALLOWED and (name == "login") == (persona == "anonymous")
)


# The world with two years of demand, built once for the module; each page is read in
# a savepoint of its own.
url_world, users, url_kwargs = url_world_once_per_module(two_years=True)


# An admin's pages are a manager's with more links: their cases run in `make test-slow`
# (CI, both databases), keeping `make test` quick.
@pytest.mark.parametrize(
    "name, persona",
    [
        pytest.param(name, persona, marks=[pytest.mark.slow] if persona == "admin" else [])
        for name, persona in PAGES
    ],
)
def test_page_passes_accessibility_checks(name, persona, client_for, url_kwargs):
    client = client_for(persona)
    response = client.get(build_url(name, url_kwargs))
    assert response.status_code == 200, (name, persona, response.status_code)
    if response["Content-Type"].startswith("application/json"):
        return  # read-only JSON for other tools: no page to check
    if not response["Content-Type"].startswith("text/html"):
        # Downloads (CSV, Excel) have no page structure to check.
        assert response.has_header("Content-Disposition"), name
        return
    assert accessibility_problems(response.content.decode()) == []


def test_checker_finds_problems():
    html = (
        '<html><head><title> </title></head><body><main id="main"><h1>A</h1><h3>B</h3>'
        '<input name="q"><img src="x.png"><table><tr><td>1</td></tr></table></main></body></html>'
    )
    problems = accessibility_problems(html)
    assert "<html> has no lang" in problems
    assert "no <title>" in problems
    assert "heading jumps from h1 to h3" in problems
    assert "no skip link to the main landmark" in problems
    assert "unlabelled <input name='q'>" in problems
    assert "image without alt: x.png" in problems
    assert "table 1 has no caption or aria-label" in problems
