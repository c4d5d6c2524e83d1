"""Shared fixtures: the personas of the access matrix and the world they live in.

Personas (STYLE.md): anonymous, outsider (signed in, no relation), member,
lead, other_manager (manages another organisation), manager (manages this
microsystem's organisation) and admin (staff).

Code the tests share other than fixtures (builders such as make_microsystem, the
URL access matrix) lives in tests/support; test modules import it from there.
"""

import pytest
from hypothesis import settings

from microsystems.models import Microsystem, Organisation
from tests.support.factories import make_microsystem
from tests.support.world import (
    UrlKwargs,
    add_two_years,
    make_activity,
    make_assessment,
    make_demand_type,
    make_expectation,
    make_idea,
    make_measure,
    make_organisation,
    make_other_organisation,
    make_personas,
    make_staff_role,
    make_stakeholder,
    url_values,
)

# No deadline on any property test: on a busy shared machine (two cores, xdist
# workers, other jobs) one pandas call can take longer than hypothesis's 200 ms,
# which failed tests that had nothing wrong with them. A test that asks for its
# own settings keeps this unless it names a deadline.
settings.register_profile("shared-machine", deadline=None)
settings.load_profile("shared-machine")


@pytest.fixture
def organisation(db) -> Organisation:
    return make_organisation()


@pytest.fixture
def other_organisation(db) -> Organisation:
    return make_other_organisation()


@pytest.fixture
def microsystem(organisation) -> Microsystem:
    return make_microsystem(organisation, "Eastfield Library")


@pytest.fixture
def demand_type(microsystem):
    return make_demand_type(microsystem)


@pytest.fixture
def staff_role(microsystem):
    return make_staff_role(microsystem)


@pytest.fixture
def activity(microsystem, demand_type, staff_role):
    return make_activity(microsystem, demand_type, staff_role)


@pytest.fixture
def users(db, organisation, other_organisation, microsystem) -> dict:
    """One user per persona (None for anonymous), related to `microsystem` as named."""
    return make_personas(organisation, other_organisation, microsystem)


@pytest.fixture
def client_for(client, users):
    """client_for("lead") -> the test client signed in as that persona."""

    def sign_in(persona: str):
        if users[persona] is not None:
            client.force_login(users[persona])
        return client

    return sign_in


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Real hashing costs ~100 ms a user; the tests create hundreds of users."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_report_cache():
    """Each test starts with nothing cached: a rolled-back test leaves cached reports
    under versions and ids (SQLite reuses them) that the next test's data takes again."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def static_files_without_collectstatic():
    """Production uses hashed file names from `collectstatic`; tests read static/ directly."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def two_years(microsystem):
    """24 months of two demand types (tests/support/world.py: add_two_years)."""
    return add_two_years(microsystem)


@pytest.fixture
def stakeholder(microsystem):
    return make_stakeholder(microsystem)


@pytest.fixture
def expectation(stakeholder):
    return make_expectation(stakeholder)


@pytest.fixture
def assessment(microsystem):
    """A draft assessment of calendar year 2025."""
    return make_assessment(microsystem)


@pytest.fixture
def measure(db):
    """Used by every microsystem; higher is better, baseline 60, target 90."""
    return make_measure()


@pytest.fixture
def idea(microsystem, activity, measure):
    """An adopted improvement idea touching `activity`, watched by `measure`."""
    return make_idea(microsystem, activity, measure)


@pytest.fixture
def url_kwargs(
    microsystem,
    demand_type,
    staff_role,
    activity,
    stakeholder,
    expectation,
    assessment,
    measure,
    idea,
    users,
):
    """A value for every URL keyword argument used in the project. The draft
    assessment has an approved version 1 behind it (approved, then reopened), made
    when a URL first asks for `version` (UrlKwargs)."""
    values = url_values(
        microsystem=microsystem,
        demand_type=demand_type,
        staff_role=staff_role,
        activity=activity,
        stakeholder=stakeholder,
        expectation=expectation,
        assessment=assessment,
        measure=measure,
        idea=idea,
        users=users,
    )
    return UrlKwargs.for_assessment(
        values, assessment_id=assessment.pk, manager_id=users["manager"].pk
    )


def pytest_collection_modifyitems(config, items):
    """Every test in tests/e2e drives a real browser: mark it so `make test` can leave it to
    `make test-browser`, without each module having to remember the marker."""
    e2e = config.rootpath / "tests" / "e2e"
    for item in items:
        if item.path.is_relative_to(e2e):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the test database lives in a file, not in memory.

    With an in-memory database the live server's request threads all share the
    test's one connection, so two requests at once would run inside each other's
    transaction; in a file, each thread has its own connection, as in production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test_settings = database.setdefault("TEST", {})
        if not test_settings.get("NAME"):
            test_settings["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")
