"""The microsystem's section tabs mark the section a page belongs to, and only that one."""

import re

import pytest

from tests.support.url_access import build_url


def active_tabs(html: str) -> list[str]:
    """The active links of the section tabs only (pages may have their own sub-navigation)."""
    sections = re.search(r'<nav aria-label="Sections of .*?</nav>', html, re.S).group(0)
    return re.findall(r'class="nav-link active"[^>]*>([^<]+)</a>', sections)


@pytest.mark.parametrize(
    "url_name, tab",
    [
        ("microsystems:activities", "Activities and costs"),
        ("microsystems:activity_edit", "Activities and costs"),
        ("microsystems:demand_type_edit", "Demand types"),
        ("stakeholders:list", "Stakeholders"),
        ("stakeholders:expectations", "Stakeholders"),
        ("valuation:measurements", "Measurements"),
        ("valuation:assessments", "Assessments"),
        # Its URL name starts like the activities pages' but it is an assessment page.
        ("valuation:activity_judgements_edit", "Assessments"),
        ("valuation:perspectives", "Assessments"),
    ],
)
def test_one_tab_is_active_and_it_is_the_pages_section(url_name, tab, client_for, url_kwargs):
    response = client_for("lead").get(build_url(url_name, url_kwargs))
    assert response.status_code == 200
    assert active_tabs(response.content.decode()) == [tab]


def test_every_page_of_a_microsystem_declares_a_registered_section():
    from microsystems.extensions import extensions
    from tests.support.url_access import project_url_patterns

    registered = {found.key for found in extensions.sections()}
    undeclared = {
        name: getattr(pattern.callback, "section", None)
        for name, pattern in project_url_patterns()
        if "slug" in pattern.pattern.converters
        and getattr(pattern.callback, "section", None) not in registered
    }
    assert undeclared == {}


def test_each_sections_main_page_is_its_current_tab(client_for, url_kwargs):
    from microsystems.extensions import extensions

    for found in extensions.sections():
        html = client_for("lead").get(build_url(found.url_name, url_kwargs)).content.decode()
        sections = re.search(r'<nav aria-label="Sections of .*?</nav>', html, re.S).group(0)
        current = re.findall(
            r'class="nav-link active" aria-current="page"[^>]*>([^<]+)</a>', sections
        )
        assert current == [found.label], found.url_name


def test_a_page_showing_the_tabs_without_declaring_its_section_fails_loudly(rf, microsystem):
    from django.core.exceptions import ImproperlyConfigured
    from django.template.loader import render_to_string
    from django.urls import resolve

    request = rf.get(microsystem.get_absolute_url())
    request.resolver_match = resolve(request.path)
    with pytest.raises(ImproperlyConfigured, match="microsystems:detail"):
        render_to_string("microsystems/_nav.html", {"microsystem": microsystem}, request=request)
