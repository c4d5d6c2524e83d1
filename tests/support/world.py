"""The fixture world: one microsystem with a row of every kind a URL names, and the
personas related to it.

tests/conftest.py makes each piece a function-scoped fixture (a test builds only
what it asks for); `build_url_world()` builds the whole world at once, for the
site-wide scans that walk every URL and would otherwise rebuild it for each of
hundreds of tests (`url_world_once_per_module`).
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model

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
from tests.support.shared_data import built_once_per_module
from valuation.models import (
    Assessment,
    ImprovementIdea,
    ImprovementStatusChange,
    Measure,
    ValueDimension,
)


def make_organisation() -> Organisation:
    return Organisation.objects.create(name="Northbridge Council", slug="northbridge")


def make_other_organisation() -> Organisation:
    return Organisation.objects.create(name="Southgate Trust", slug="southgate")


def make_demand_type(microsystem: Microsystem) -> DemandType:
    return DemandType.objects.create(
        microsystem=microsystem,
        name="Book loans",
        nature=DemandType.Nature.VALUE,
        unit="loans",
        handling_minutes=3,
    )


def make_staff_role(microsystem: Microsystem) -> StaffRole:
    return StaffRole.objects.create(
        microsystem=microsystem,
        title="Library assistant",
        fte=2,
        hours_per_fte=140,
        hourly_cost="18.50",
    )


def make_activity(microsystem: Microsystem, demand_type: DemandType, staff_role: StaffRole):
    activity = Activity.objects.create(
        microsystem=microsystem,
        name="Lending and returns",
        classification=Activity.Classification.ADDS_VALUE,
        contribution="Puts books in the hands of people who cannot afford to buy them.",
    )
    activity.demand_types.add(demand_type)
    ActivityEffort.objects.create(activity=activity, staff_role=staff_role, hours_per_period=80)
    return activity


def make_personas(organisation, other_organisation, microsystem) -> dict:
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


def add_two_years(microsystem: Microsystem) -> Microsystem:
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


def make_stakeholder(microsystem: Microsystem) -> Stakeholder:
    return Stakeholder.objects.create(
        microsystem=microsystem,
        name="Library users",
        kind=Stakeholder.Kind.SERVICE_USERS,
        power=2,
        interest=5,
        consultation="Survey at the counter, spring 2025.",
    )


def make_expectation(stakeholder: Stakeholder) -> Expectation:
    return Expectation.objects.create(
        stakeholder=stakeholder,
        statement="Books I want, when I want them.",
        kind=Expectation.Kind.BENEFIT,
        priority=Expectation.Priority.HIGH,
    )


def make_assessment(microsystem: Microsystem) -> Assessment:
    """A draft assessment of calendar year 2025."""
    return Assessment.objects.create(
        microsystem=microsystem,
        period_label="2025",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )


def make_measure() -> Measure:
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


def make_idea(microsystem: Microsystem, activity: Activity, measure: Measure):
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


def url_values(
    *, microsystem, demand_type, staff_role, activity, stakeholder, expectation,
    assessment, measure, idea, users,
) -> dict:  # fmt: skip
    """A value for every URL keyword argument but `version` (see `UrlKwargs`)."""
    return dict(
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
    """The url_kwargs dict, with values that are worked out when first looked up.

    The draft assessment has an approved version 1 behind it (approved, then
    reopened), made when a URL first asks for `version`: freezing runs the engine,
    which most of the hundreds of tests that take this fixture never need."""

    def __init__(self, *, lazy: dict, **values):
        super().__init__(**values)
        self._lazy = lazy

    def __missing__(self, key):
        if key not in self._lazy:
            raise KeyError(key)
        self[key] = value = self._lazy.pop(key)()
        return value

    @classmethod
    def for_assessment(cls, values: dict, *, assessment_id: int, manager_id: int):
        def version() -> int:
            # Read afresh: the world may be shared by many tests (build_url_world).
            assessment = Assessment.objects.get(pk=assessment_id)
            manager = get_user_model().objects.get(pk=manager_id)
            return superseded_version(assessment, by=manager).version

        return cls(lazy={"version": version}, **values)


def persona_ids(users: dict) -> dict:
    """persona -> user id (None for anonymous), to keep in data built once for many tests."""
    return {persona: user and user.pk for persona, user in users.items()}


def read_personas(person_ids: dict) -> dict:
    """The personas afresh from the database (one query): a test's own copies."""
    users = get_user_model().objects.in_bulk([pk for pk in person_ids.values() if pk])
    return {persona: users.get(pk) for persona, pk in person_ids.items()}


@dataclass(frozen=True)
class UrlWorld:
    """Primary keys only: each test reads its own copies of the rows (`personas`)."""

    person_ids: dict = field(default_factory=dict)  # persona -> user id (None: anonymous)
    values: dict = field(default_factory=dict)  # url_values()
    assessment_id: int = 0

    def personas(self) -> dict:
        return read_personas(self.person_ids)

    def url_kwargs(self) -> UrlKwargs:
        return UrlKwargs.for_assessment(
            self.values,
            assessment_id=self.assessment_id,
            manager_id=self.person_ids["manager"],
        )


def build_url_world(*, two_years: bool = False) -> UrlWorld:
    """What the conftest fixtures `users` and `url_kwargs` (and `two_years`) build, in
    the same order."""
    organisation, other_organisation = make_organisation(), make_other_organisation()
    microsystem = make_microsystem(organisation, "Eastfield Library")
    users = make_personas(organisation, other_organisation, microsystem)
    demand_type = make_demand_type(microsystem)
    staff_role = make_staff_role(microsystem)
    activity = make_activity(microsystem, demand_type, staff_role)
    stakeholder = make_stakeholder(microsystem)
    expectation = make_expectation(stakeholder)
    assessment = make_assessment(microsystem)
    measure = make_measure()
    idea = make_idea(microsystem, activity, measure)
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
    if two_years:
        add_two_years(microsystem)
    return UrlWorld(
        person_ids=persona_ids(users),
        values=values,
        assessment_id=assessment.pk,
    )


def url_world_once_per_module(*, two_years: bool = False):
    """`users` and `url_kwargs` fixtures for a module of scans over every URL: the world
    is built once for the module (tests/support/shared_data.py) and each test, in its
    own savepoint, reads its own copies of the personas and builds `version` anew when
    it asks for it. Use as `url_world, users, url_kwargs = url_world_once_per_module()`."""
    world = built_once_per_module(lambda: build_url_world(two_years=two_years))

    @pytest.fixture
    def users(url_world, db) -> dict:
        return url_world.personas()

    @pytest.fixture
    def url_kwargs(url_world, db) -> UrlKwargs:
        return url_world.url_kwargs()

    return world, users, url_kwargs
