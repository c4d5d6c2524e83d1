"""No dead ends: every internal link a person is shown leads to a page they may open.

Renders every GET page of URL_ACCESS that each signed-in persona may open, on the
fixture world plus an approved assessment (so the approved pages' links are
walked too), collects every internal <a href> and follows it, failing on any 403
or 404. Links are followed once per persona (the same href from many pages is one
visit), with a cap so the test stays well under a minute.
"""

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.support.records import approve
from tests.support.url_access import ALLOWED, LEVELS, URL_ACCESS, build_url
from valuation.models import Assessment

PERSONAS = ["member", "lead", "manager", "admin"]
MAX_LINKS_PER_PERSONA = 250
# Links that leave the pages this test judges: Django's own admin, and the
# sign-out form's target, which takes POST only and is never an <a>.
SKIPPED_PREFIXES = ("/admin/", "/static/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        href, _ = urldefrag(href)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue  # external, mailto:, or a fragment on the same page
        if href.startswith(SKIPPED_PREFIXES):
            continue
        found.append(href)
    return found


def test_internal_links_find_only_internal_links():
    html = (
        '<a href="/a/">a</a><a href="https://example.org/">x</a><a href="#top">t</a>'
        '<a href="/b/?table=x#part">b</a><a href="mailto:x@example.org">m</a>'
        '<a href="/admin/">admin</a>'
    )
    assert internal_links(html) == ["/a/", "/b/?table=x"]


@pytest.fixture
def approved_too(microsystem, users) -> Assessment:
    """An approved assessment beside the fixture world's draft."""
    older = Assessment.objects.create(
        microsystem=microsystem,
        period_label="2024",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 12, 31),
    )
    return approve(older, lead=users["lead"], manager=users["manager"])


@pytest.mark.slow
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_on_every_page_opens(client_for, url_kwargs, approved_too, persona):
    client = client_for(persona)
    pages = [
        build_url(name, url_kwargs)
        for name, (level, methods) in URL_ACCESS.items()
        # The sign-in page sends a signed-in person on: it is no page of theirs.
        if "GET" in methods and LEVELS[level][persona] == ALLOWED and name != "login"
    ]
    # The approved assessment's pages, which offer links a draft's do not.
    pages += [
        build_url(name, {**url_kwargs, "assessment_id": approved_too.pk, "version": 1})
        for name in (
            "valuation:assessment",
            "valuation:assessment_versions",
            "valuation:assessment_version",
            "valuation:perspectives",
            "valuation:voices",
            "valuation:weights",
            "valuation:judgements",
        )
    ]
    links: dict[str, str] = {}  # href -> the page it was first seen on
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in internal_links(response.content.decode()):
            links.setdefault(href, page)
    assert links, "no links found: the parser is broken"

    dead = {}
    for href, page in list(links.items())[:MAX_LINKS_PER_PERSONA]:
        status = client.get(href).status_code
        if status in (403, 404):
            dead[href] = (status, f"linked from {page}")
    assert dead == {}
    assert len(links) <= MAX_LINKS_PER_PERSONA, (
        f"{len(links)} links: raise the cap or the test no longer follows them all"
    )
