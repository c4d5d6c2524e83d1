"""axe-core finds no WCAG 2.2 A/AA violations on the pages people use."""

import json

import pytest

from tests.support.axe import axe_violations

LEADER_PAGES = [
    "/",
    "/microsystems/north-housing-repairs/",
    "/microsystems/north-housing-repairs/edit/",
    "/microsystems/north-housing-repairs/demand/",
    "/microsystems/north-housing-repairs/demand/enter/",
    "/microsystems/north-housing-repairs/demand/upload/",
    "/microsystems/north-housing-repairs/demand/types/",
    "/microsystems/north-housing-repairs/demand/types/new/",
    "/microsystems/north-housing-repairs/staff/",
    "/microsystems/north-housing-repairs/staff/new/",
    "/microsystems/north-housing-repairs/activities/",
    "/microsystems/north-housing-repairs/activities/new/",
    "/accounts/password/",
    "/accounts/profile/",
    "/microsystems/north-housing-repairs/team/",
    "/microsystems/north-housing-repairs/team/hand-over/",
    "/microsystems/north-housing-repairs/stakeholders/",
    "/microsystems/north-housing-repairs/stakeholders/expectations/",
    "/microsystems/north-housing-repairs/stakeholders/new/",
    "/microsystems/north-housing-repairs/measurements/",
    "/microsystems/north-housing-repairs/measurements/enter/",
    "/microsystems/north-housing-repairs/assessments/",
    "/microsystems/north-housing-repairs/assessments/new/",
]
# Pages of the demo's draft assessment, found by label when the test runs.
LEADER_DRAFT_PAGES = ["", "weights/", "judgements/", "perspectives/", "voices/", "submit/"]
MANAGER_PAGES = [
    "/",
    "/microsystems/new/",
    "/microsystems/school-admissions/archive/",
    "/assessments/to-review/",
    "/microsystems/school-admissions/edit/",
    "/organisations/",
    "/organisations/northbridge-public-services/people/",
    "/organisations/northbridge-public-services/people/invite/",
]
ADMIN_PAGES = [
    "/measures/",
    "/measures/new/",
    "/dimensions/",
    "/dimensions/new/",
    "/organisations/",
    "/organisations/new/",
    "/organisations/southvale-health-care/managers/",
]


@pytest.mark.parametrize(
    "username, paths",
    [("leader", LEADER_PAGES), ("manager", MANAGER_PAGES), ("admin", ADMIN_PAGES)],
)
def test_pages_have_no_axe_violations(signed_in, live_server, username, paths):
    page = signed_in(username)
    found = {}
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}, json.dumps(found, indent=1)


def test_assessment_pages_have_no_axe_violations(signed_in, live_server):
    from valuation.models import Assessment

    draft = Assessment.objects.get(microsystem__slug="north-housing-repairs", status="draft")
    approved = Assessment.objects.filter(
        microsystem__slug="north-housing-repairs", status="approved"
    ).first()
    base = "/microsystems/north-housing-repairs/assessments"
    paths = [f"{base}/{draft.pk}/{page}" for page in LEADER_DRAFT_PAGES]
    paths += [f"{base}/{approved.pk}/", f"{base}/{approved.pk}/perspectives/"]
    page = signed_in("leader")
    found = {}
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}, json.dumps(found, indent=1)


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/"])
def test_signed_out_pages_have_no_axe_violations(browser, live_server, path):
    page = browser.new_page()
    page.goto(f"{live_server.url}{path}")
    assert axe_violations(page) == []
    page.close()


def test_axe_reports_a_real_problem(browser, live_server):
    """The check can fail: an unlabelled field on the page is reported."""
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=bare>')"
    )
    assert "label" in {violation["rule"] for violation in axe_violations(page)}
    page.close()
