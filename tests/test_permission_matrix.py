"""Every URL of the project, for every persona, GET and POST.

The URL list comes from the resolver, so a new URL without an entry in
URL_ACCESS fails `test_every_url_is_in_the_matrix` until someone decides who
may use it. The Django admin is left to Django's own staff check (tested below).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS

# Who may use a URL. Each level maps persona -> expected GET status when the
# persona is allowed, or the refusal status (302 to login, 403 or 404).
ALLOWED = "allowed"
LEVELS = {
    # The sign-in page: anyone; signed-in users are sent on (302).
    "public": dict.fromkeys(PERSONAS, ALLOWED),
    # Any signed-in user.
    "signed_in": {**dict.fromkeys(PERSONAS, ALLOWED), "anonymous": 302},
    # Viewers of the microsystem: members, leads, its managers, admins.
    "view": {
        "anonymous": 302,
        "outsider": 404,
        "other_manager": 404,
        "member": ALLOWED,
        "lead": ALLOWED,
        "manager": ALLOWED,
        "admin": ALLOWED,
    },
    # Editors of the microsystem's data: its leads and admins.
    "edit": {
        "anonymous": 302,
        "outsider": 404,
        "other_manager": 404,
        "member": 403,
        "lead": ALLOWED,
        "manager": 403,
        "admin": ALLOWED,
    },
    # Archive/restore: managers of its organisation and admins.
    "manage": {
        "anonymous": 302,
        "outsider": 404,
        "other_manager": 404,
        "member": 403,
        "lead": 403,
        "manager": ALLOWED,
        "admin": ALLOWED,
    },
    # Create a microsystem: anyone who manages an organisation, and admins.
    "create": {
        "anonymous": 302,
        "outsider": 404,
        "other_manager": ALLOWED,
        "member": 404,
        "lead": 404,
        "manager": ALLOWED,
        "admin": ALLOWED,
    },
    # Configuration pages (measures): admins only; everyone else signed in gets 403.
    "admin": {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "admin": ALLOWED},
}

# URL name -> (level, methods the view accepts).
URL_ACCESS = {
    "login": ("public", {"GET", "POST"}),
    "logout": ("signed_in", {"POST"}),
    "password_change": ("signed_in", {"GET", "POST"}),
    "password_change_done": ("signed_in", {"GET"}),
    "microsystems:home": ("signed_in", {"GET"}),
    "microsystems:create": ("create", {"GET", "POST"}),
    "microsystems:detail": ("view", {"GET"}),
    "microsystems:edit": ("edit", {"GET", "POST"}),
    "microsystems:archive": ("manage", {"GET", "POST"}),
    "microsystems:restore": ("manage", {"GET", "POST"}),
    "microsystems:demand": ("view", {"GET"}),
    "microsystems:demand_grid": ("edit", {"GET", "POST"}),
    "microsystems:demand_upload": ("edit", {"GET", "POST"}),
    "microsystems:demand_download": ("view", {"GET"}),
    "microsystems:demand_types": ("view", {"GET"}),
    "microsystems:demand_type_create": ("edit", {"GET", "POST"}),
    "microsystems:demand_type_edit": ("edit", {"GET", "POST"}),
    "microsystems:demand_type_delete": ("edit", {"GET", "POST"}),
    "microsystems:staff": ("view", {"GET"}),
    "microsystems:staff_role_create": ("edit", {"GET", "POST"}),
    "microsystems:staff_role_edit": ("edit", {"GET", "POST"}),
    "microsystems:staff_role_delete": ("edit", {"GET", "POST"}),
    "microsystems:activities": ("view", {"GET"}),
    "microsystems:activity_create": ("edit", {"GET", "POST"}),
    "microsystems:activity_edit": ("edit", {"GET", "POST"}),
    "microsystems:activity_delete": ("edit", {"GET", "POST"}),
    "microsystems:activities_download": ("view", {"GET"}),
    "stakeholders:list": ("view", {"GET"}),
    "stakeholders:create": ("edit", {"GET", "POST"}),
    "stakeholders:edit": ("edit", {"GET", "POST"}),
    "stakeholders:delete": ("edit", {"GET", "POST"}),
    "stakeholders:expectations": ("view", {"GET"}),
    "stakeholders:expectation_create": ("edit", {"GET", "POST"}),
    "stakeholders:expectation_edit": ("edit", {"GET", "POST"}),
    "stakeholders:expectation_delete": ("edit", {"GET", "POST"}),
    "stakeholders:download": ("view", {"GET"}),
    "valuation:assessments": ("view", {"GET"}),
    "valuation:assessment_create": ("edit", {"GET", "POST"}),
    "valuation:assessment_edit": ("edit", {"GET", "POST"}),
    "valuation:assessment_delete": ("edit", {"GET", "POST"}),
    "valuation:assessment_submit": ("edit", {"GET", "POST"}),
    "valuation:assessment_review": ("manage", {"GET", "POST"}),
    "valuation:voices": ("edit", {"GET", "POST"}),
    "valuation:review_queue": ("signed_in", {"GET"}),
    "valuation:weights": ("view", {"GET"}),
    "valuation:weights_points": ("edit", {"GET", "POST"}),
    "valuation:weights_pairwise": ("edit", {"GET", "POST"}),
    "valuation:judgements": ("view", {"GET"}),
    "valuation:judgements_edit": ("edit", {"GET", "POST"}),
    "valuation:activity_judgements_edit": ("edit", {"GET", "POST"}),
    "valuation:perspectives": ("view", {"GET"}),
    "valuation:perspectives_download": ("view", {"GET"}),
    "valuation:assessment": ("view", {"GET"}),
    "valuation:assessment_download": ("view", {"GET"}),
    "valuation:measures": ("admin", {"GET"}),
    "valuation:measure_create": ("admin", {"GET", "POST"}),
    "valuation:measure_edit": ("admin", {"GET", "POST"}),
    "valuation:measure_retire": ("admin", {"GET", "POST"}),
    "valuation:measurements": ("view", {"GET"}),
    "valuation:measurement_grid": ("edit", {"GET", "POST"}),
    "valuation:measurement_upload": ("edit", {"GET", "POST"}),
    "valuation:measurement_download": ("view", {"GET"}),
}


def project_url_patterns(resolver=None, namespace=""):
    """(qualified name, pattern) for every named URL outside the Django admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from project_url_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def all_url_names():
    return sorted({name for name, _ in project_url_patterns()})


def build_url(name: str, url_kwargs: dict) -> str:
    patterns = dict(project_url_patterns())
    needed = (
        list(patterns[name].pattern.converters)
        if hasattr(patterns[name].pattern, "converters")
        else []
    )
    return reverse(name, kwargs={key: url_kwargs[key] for key in needed})


def test_every_url_is_in_the_matrix():
    missing = set(all_url_names()) - set(URL_ACCESS)
    assert not missing, f"Add these URLs to URL_ACCESS with who may use them: {sorted(missing)}"
    stale = set(URL_ACCESS) - set(all_url_names())
    assert not stale, f"URL_ACCESS names URLs that no longer exist: {sorted(stale)}"


def expected_status(name: str, persona: str, method: str) -> int | str:
    level, methods = URL_ACCESS[name]
    expected = LEVELS[level][persona]
    if expected == 302 and persona == "anonymous":
        return 302  # LoginRequiredMiddleware answers before the view's method check.
    if method not in methods:
        return 405
    return expected


@pytest.mark.parametrize("persona", PERSONAS)
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
