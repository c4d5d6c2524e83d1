"""No page carries inline script or style that the Content-Security-Policy would block.

Every page a signed-in user can GET (as in test_accessibility) is scanned for a
<script> without src or nonce, a <style> without nonce, a style="..." attribute and
an on...="..." event handler. A JSON data block (<script type="application/json">)
is data, never run, so the policy does not apply to it. An element with a nonce
must carry this response's nonce.
"""

import re
from html.parser import HTMLParser

import pytest

from tests.support.url_access import ALLOWED, LEVELS, URL_ACCESS, build_url
from tests.support.world import url_world_once_per_module

DATA_BLOCK_TYPES = {"application/json"}

PAGES = sorted(
    (name, persona)
    for name, (level, methods) in URL_ACCESS.items()
    if "GET" in methods
    for persona in ("anonymous", "lead", "manager", "admin")
    if LEVELS[level][persona] == ALLOWED and (name == "login") == (persona == "anonymous")
)


class _InlineCodeFinder(HTMLParser):
    def __init__(self, nonce: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []
        self.charts = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = f"<{tag}{' id=' + attributes['id'] if attributes.get('id') else ''}>"
        if "nonce" in attributes and attributes["nonce"] != self.nonce:
            self.problems.append(f"{where} carries a nonce that is not this response's")
        if tag == "script":
            kind = (attributes.get("type") or "").lower()
            if kind in DATA_BLOCK_TYPES:
                self.charts += "data-chart-figure" in attributes
            elif not attributes.get("src") and "nonce" not in attributes:
                self.problems.append(f"inline {where} without a nonce")
        if tag == "style" and "nonce" not in attributes:
            self.problems.append(f"inline {where} without a nonce")
        if "style" in attributes:
            self.problems.append(f'{where} with style="{attributes["style"]}"')
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f'{where} with {name}="{value}"')


def inline_code_problems(html: str, nonce: str | None = None) -> list[str]:
    finder = _InlineCodeFinder(nonce)
    finder.feed(html)
    finder.close()
    return finder.problems


def chart_count(html: str) -> int:
    finder = _InlineCodeFinder(None)
    finder.feed(html)
    return finder.charts


def response_nonce(response) -> str | None:
    found = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    return found.group(1) if found else None


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
def test_page_has_no_inline_code_the_policy_would_block(name, persona, client_for, url_kwargs):
    response = client_for(persona).get(build_url(name, url_kwargs))
    assert response.status_code == 200, (name, persona, response.status_code)
    if not response["Content-Type"].startswith("text/html"):
        return  # downloads
    assert inline_code_problems(response.content.decode(), response_nonce(response)) == []


def test_chart_pages_were_scanned_with_their_charts(client_for, url_kwargs):
    """The scan above covers the chart markup too: the demand page draws three."""
    client = client_for("lead")
    html = client.get(build_url("microsystems:demand", url_kwargs)).content.decode()
    assert chart_count(html) == 3


def test_finder_finds_inline_code():
    html = (
        "<html><head><script>alert(1)</script><script src='/s.js'></script>"
        '<script nonce="abc">ok()</script><script nonce="old">no()</script>'
        "<style>p{}</style><style nonce='abc'></style>"
        '<script type="application/json">{"data": []}</script></head>'
        '<body><p style="color: red" onclick="go()">x</p><img src="x.png" onerror="bad()"></body>'
        "</html>"
    )
    assert inline_code_problems(html, "abc") == [
        "inline <script> without a nonce",
        "<script> carries a nonce that is not this response's",
        "inline <style> without a nonce",
        '<p> with style="color: red"',
        '<p> with onclick="go()"',
        '<img> with onerror="bad()"',
    ]
