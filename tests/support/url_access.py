"""Who may use every URL of the project, and how to build each URL for the fixture world.

The personas are those of the `users` fixture (tests/conftest.py). URL_ACCESS is
the access matrix that tests/test_permission_matrix.py walks; the query-count,
accessibility and other site-wide tests walk the same list of pages.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

PERSONAS = ["anonymous", "outsider", "member", "lead", "other_manager", "manager", "admin"]

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
    # The unit's profile and team: its leads, managers of its organisation, admins.
    "profile": {
        "anonymous": 302,
        "outsider": 404,
        "other_manager": 404,
        "member": 403,
        "lead": ALLOWED,
        "manager": ALLOWED,
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
    # The portfolio: anyone who manages an organisation (their own units) and admins;
    # 404 to everyone else.
    "portfolio": {
        **dict.fromkeys(PERSONAS, 404),
        "anonymous": 302,
        "other_manager": ALLOWED,
        "manager": ALLOWED,
        "admin": ALLOWED,
    },
    # An organisation's people: its managers and admins; 404 to everyone else.
    "organisation": {
        **dict.fromkeys(PERSONAS, 404),
        "anonymous": 302,
        "manager": ALLOWED,
        "admin": ALLOWED,
    },
    # Restoring an earlier version from a History page: admins; viewers of the unit who
    # are not admins get 403, everyone else 404 (they may not know the unit exists).
    "admin_of_unit": {
        "anonymous": 302,
        "outsider": 404,
        "other_manager": 404,
        "member": 403,
        "lead": 403,
        "manager": 403,
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
    "password_reset": ("public", {"GET", "POST"}),
    "password_reset_done": ("public", {"GET"}),
    "password_reset_confirm": ("public", {"GET", "POST"}),
    "password_reset_complete": ("public", {"GET"}),
    "welcome": ("public", {"GET", "POST"}),
    "profile": ("signed_in", {"GET", "POST"}),
    "microsystems:home": ("signed_in", {"GET"}),
    "microsystems:team": ("profile", {"GET", "POST"}),
    "microsystems:hand_over": ("profile", {"GET", "POST"}),
    "microsystems:membership_change": ("profile", {"GET", "POST"}),
    "microsystems:membership_remove": ("profile", {"GET", "POST"}),
    "microsystems:organisations": ("create", {"GET"}),
    "microsystems:organisation_create": ("admin", {"GET", "POST"}),
    "microsystems:organisation_edit": ("admin", {"GET", "POST"}),
    "microsystems:organisation_managers": ("admin", {"GET", "POST"}),
    "microsystems:organisation_manager_remove": ("admin", {"GET", "POST"}),
    "microsystems:people": ("organisation", {"GET"}),
    "microsystems:invite": ("organisation", {"GET", "POST"}),
    "microsystems:person_deactivate": ("organisation", {"GET", "POST"}),
    "microsystems:person_reactivate": ("organisation", {"GET", "POST"}),
    "microsystems:create": ("create", {"GET", "POST"}),
    "microsystems:detail": ("view", {"GET"}),
    "microsystems:history": ("view", {"GET"}),
    "microsystems:history_restore": ("admin_of_unit", {"POST"}),
    "microsystems:edit": ("profile", {"GET", "POST"}),
    "microsystems:archive": ("manage", {"GET", "POST"}),
    "microsystems:restore": ("manage", {"GET", "POST"}),
    "microsystems:demand": ("view", {"GET"}),
    "microsystems:demand_grid": ("edit", {"GET", "POST"}),
    "microsystems:demand_upload": ("edit", {"GET", "POST"}),
    "microsystems:demand_download": ("view", {"GET"}),
    "microsystems:demand_run_chart_total": ("view", {"GET"}),
    "microsystems:demand_run_chart": ("view", {"GET"}),
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
    "valuation:dashboard": ("view", {"GET"}),
    "valuation:dashboard_download": ("view", {"GET"}),
    "valuation:dashboard_json": ("view", {"GET"}),
    "valuation:assessment_json": ("view", {"GET"}),
    "valuation:assessments": ("view", {"GET"}),
    "valuation:assessment_create": ("edit", {"GET", "POST"}),
    "valuation:assessment_edit": ("edit", {"GET", "POST"}),
    "valuation:assessment_delete": ("edit", {"GET", "POST"}),
    "valuation:assessment_submit": ("edit", {"GET", "POST"}),
    "valuation:assessment_review": ("manage", {"GET", "POST"}),
    "valuation:assessment_reopen": ("manage", {"GET", "POST"}),
    # Everyone who sees the assessment reads its voices; editors of a draft set them
    # (POST_LEVELS).
    "valuation:voices": ("view", {"GET", "POST"}),
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
    "valuation:assessment_history": ("view", {"GET"}),
    "valuation:assessment_history_restore": ("admin_of_unit", {"POST"}),
    "valuation:assessment_download": ("view", {"GET"}),
    "valuation:assessment_versions": ("view", {"GET"}),
    "valuation:assessment_version": ("view", {"GET"}),
    "valuation:assessment_version_download": ("view", {"GET"}),
    "valuation:dimensions": ("admin", {"GET"}),
    "valuation:dimension_create": ("admin", {"GET", "POST"}),
    "valuation:dimension_edit": ("admin", {"GET", "POST"}),
    "valuation:dimension_retire": ("admin", {"GET", "POST"}),
    "valuation:measures": ("admin", {"GET"}),
    "valuation:measure_create": ("admin", {"GET", "POST"}),
    "valuation:measure_edit": ("admin", {"GET", "POST"}),
    "valuation:measure_retire": ("admin", {"GET", "POST"}),
    "valuation:measurements": ("view", {"GET"}),
    "valuation:measurement_grid": ("edit", {"GET", "POST"}),
    "valuation:measurement_upload": ("edit", {"GET", "POST"}),
    "valuation:measurement_download": ("view", {"GET"}),
    # The whole unit to take away: anyone who may see it (404 for the rest, as its pages).
    "valuation:unit_export_workbook": ("view", {"GET"}),
    "valuation:unit_export_zip": ("view", {"GET"}),
    "valuation:measure_targets": ("view", {"GET"}),
    "valuation:measure_target_edit": ("manage", {"GET", "POST"}),
    "valuation:measure_target_delete": ("manage", {"GET", "POST"}),
    "valuation:measure_run_chart": ("view", {"GET"}),
    "valuation:improvements": ("view", {"GET"}),
    "valuation:improvement_create": ("edit", {"GET", "POST"}),
    "valuation:improvement": ("view", {"GET"}),
    "valuation:improvement_edit": ("edit", {"GET", "POST"}),
    "valuation:improvement_status": ("edit", {"GET", "POST"}),
    "valuation:portfolio": ("portfolio", {"GET"}),
    "valuation:portfolio_download": ("portfolio", {"GET"}),
}

# A page whose POST needs more than its GET: URL name -> the level of its POST.
POST_LEVELS = {"valuation:voices": "edit"}


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
