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
