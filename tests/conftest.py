"""Shared fixtures: the personas of the access matrix and the world they live in.

Personas (STYLE.md): anonymous, outsider (signed in, no relation), member,
lead, other_manager (manages another organisation), manager (manages this
microsystem's organisation) and admin (staff).

Code the tests share other than fixtures (builders such as make_microsystem, the
URL access matrix) lives in tests/support; test modules import it from there.
"""

import datetime as dt

import pytest

from microsystems.models import (
    Activity,
    ActivityEffort,
    DemandObservation,
    DemandType,
    Membership,
    Microsystem,
    Organisation,
    StaffRole,
)
from stakeholders.models import Expectation, Stakeholder
from tests.support.factories import make_microsystem, make_user
from tests.support.records import superseded_version
from valuation.models import (
    Assessment,
    ImprovementIdea,
    ImprovementStatusChange,
    Measure,
    ValueDimension,
)


@pytest.fixture
def organisation(db) -> Organisation:
    return Organisation.objects.create(name="Northbridge Council", slug="northbridge")


@pytest.fixture
def other_organisation(db) -> Organisation:
    return Organisation.objects.create(name="Southgate Trust", slug="southgate")


@pytest.fixture
def microsystem(organisation) -> Microsystem:
    return make_microsystem(organisation, "Eastfield Library")


@pytest.fixture
def demand_type(microsystem) -> DemandType:
    return DemandType.objects.create(
        microsystem=microsystem,
        name="Book loans",
        nature=DemandType.Nature.VALUE,
        unit="loans",
        handling_minutes=3,
    )


@pytest.fixture
def staff_role(microsystem) -> StaffRole:
    return StaffRole.objects.create(
        microsystem=microsystem,
        title="Library assistant",
        fte=2,
        hours_per_fte=140,
        hourly_cost="18.50",
    )


@pytest.fixture
def activity(microsystem, demand_type, staff_role) -> Activity:
    activity = Activity.objects.create(
        microsystem=microsystem,
        name="Lending and returns",
        classification=Activity.Classification.ADDS_VALUE,
        contribution="Puts books in the hands of people who cannot afford to buy them.",
    )
    activity.demand_types.add(demand_type)
    ActivityEffort.objects.create(activity=activity, staff_role=staff_role, hours_per_period=80)
    return activity


@pytest.fixture
def users(db, organisation, other_organisation, microsystem) -> dict:
    """One user per persona (None for anonymous), related to `microsystem` as named."""
    people = {
        "anonymous": None,
        "outsider": make_user("outsider"),
        "member": make_user("member"),
        "lead": make_user("lead"),
        "other_manager": make_user("other_manager"),
        "manager": make_user("manager"),
        "admin": make_user("admin", is_staff=True, is_superuser=True),
    }
    Membership.objects.create(
        user=people["member"], microsystem=microsystem, role=Membership.Role.MEMBER
    )
    Membership.objects.create(
        user=people["lead"], microsystem=microsystem, role=Membership.Role.LEAD
    )
    organisation.managers.add(people["manager"])
    other_organisation.managers.add(people["other_manager"])
    return people


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
    """24 months of two demand types with volumes easy to add up by hand.

    Loans: 100 every month of 2024, 110 every month of 2025.
    Chasing calls (failure): 10 a month in 2024, 30 a month in 2025.
    """
    loans = DemandType.objects.create(
        microsystem=microsystem, name="Loans", nature="value", handling_minutes=6
    )
    chasing = DemandType.objects.create(
        microsystem=microsystem, name="Chasing calls", nature="failure", handling_minutes=12
    )
    rows = []
    for year, loan_volume, chasing_volume in [(2024, 100, 10), (2025, 110, 30)]:
        for month in range(1, 13):
            start = dt.date(year, month, 1)
            rows.append(
                DemandObservation(demand_type=loans, period_start=start, volume=loan_volume)
            )
            rows.append(
                DemandObservation(demand_type=chasing, period_start=start, volume=chasing_volume)
            )
    DemandObservation.objects.bulk_create(rows)
    # 2 FTE x 10 hours = 20 hours a month available.
    StaffRole.objects.create(
        microsystem=microsystem, title="Assistant", fte=2, hours_per_fte=10, hourly_cost=15
    )
    return microsystem


@pytest.fixture
def stakeholder(microsystem) -> Stakeholder:
    return Stakeholder.objects.create(
        microsystem=microsystem,
        name="Library users",
        kind=Stakeholder.Kind.SERVICE_USERS,
        power=2,
        interest=5,
        consultation="Survey at the counter, spring 2025.",
    )


@pytest.fixture
def expectation(stakeholder) -> Expectation:
    return Expectation.objects.create(
        stakeholder=stakeholder,
        statement="Books I want, when I want them.",
        kind=Expectation.Kind.BENEFIT,
        priority=Expectation.Priority.HIGH,
    )


@pytest.fixture
def assessment(microsystem) -> Assessment:
    """A draft assessment of calendar year 2025."""
    return Assessment.objects.create(
        microsystem=microsystem,
        period_label="2025",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )


@pytest.fixture
def measure(db) -> Measure:
    """Used by every microsystem; higher is better, baseline 60, target 90."""
    return Measure.objects.create(
        name="Users satisfied",
        code="users-satisfied",
        dimension=ValueDimension.objects.get(slug="effectiveness"),
        kind=Measure.Kind.SATISFACTION,
        unit="%",
        direction=Measure.Direction.HIGHER,
        baseline=60,
        target=90,
        rollup=Measure.Rollup.MEAN,
    )


@pytest.fixture
def idea(microsystem, activity, measure):
    """An adopted improvement idea touching `activity`, watched by `measure`."""
    owner = make_user("idea-owner")
    Membership.objects.create(user=owner, microsystem=microsystem, role=Membership.Role.MEMBER)
    idea = ImprovementIdea.objects.create(
        microsystem=microsystem, title="Self-service renewals", owner=owner,
        monthly_saving=500, one_off_cost=2000, status=ImprovementIdea.Status.ADOPTED,
        adopted_on=dt.date(2025, 1, 1), activities_monthly_cost_at_adoption=900,
    )  # fmt: skip
    idea.activities.add(activity)
    idea.measures.add(measure)
    ImprovementStatusChange.objects.create(
        idea=idea, status="adopted", changed_on=dt.date(2025, 1, 1)
    )
    return idea


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
    when a URL first asks for `version`: freezing runs the engine, which most of the
    hundreds of tests that take this fixture never need."""
    return UrlKwargs(
        lazy={"version": lambda: superseded_version(assessment, by=users["manager"]).version},
        org_slug=microsystem.organisation.slug,
        user_id=users["member"].pk,
        manager_id=users["manager"].pk,
        dimension_id=measure.dimension_id,
        # A set-password link that is not (or no longer) valid: the page says so.
        uidb64="MA",
        token="set-password-link-expired",
        slug=microsystem.slug,
        demand_type_id=demand_type.pk,
        staff_role_id=staff_role.pk,
        activity_id=activity.pk,
        stakeholder_id=stakeholder.pk,
        expectation_id=expectation.pk,
        assessment_id=assessment.pk,
        measure_id=measure.pk,
        idea_id=idea.pk,
        # A History page's restore: a kind of record and one of its versions.
        kind="staff_role",
        history_id=staff_role.history.latest().history_id,
    )


class UrlKwargs(dict):
    """The url_kwargs dict, with values that are worked out when first looked up."""

    def __init__(self, *, lazy: dict, **values):
        super().__init__(**values)
        self._lazy = lazy

    def __missing__(self, key):
        if key not in self._lazy:
            raise KeyError(key)
        self[key] = value = self._lazy.pop(key)()
        return value


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
