from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from microsystems.models import (
    Activity,
    DemandObservation,
    DemandType,
    Membership,
    Microsystem,
    StaffRole,
)
from tests.support.factories import make_microsystem, make_user


def test_microsystem_name_is_unique_within_an_organisation(organisation, microsystem):
    with pytest.raises(IntegrityError), transaction.atomic():
        Microsystem.objects.create(
            organisation=organisation,
            name=microsystem.name,
            slug="another-slug",
            purpose="p",
            public_value_goal="g",
        )


def test_same_name_is_allowed_in_another_organisation(other_organisation, microsystem):
    twin = make_microsystem(other_organisation, microsystem.name, slug="eastfield-library-2")
    assert twin.pk != microsystem.pk


def test_one_membership_per_user_and_microsystem(microsystem):
    user = make_user("pat")
    Membership.objects.create(user=user, microsystem=microsystem, role=Membership.Role.MEMBER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, microsystem=microsystem, role=Membership.Role.LEAD)


def test_active_and_archived_querysets(organisation, microsystem):
    from django.utils import timezone

    archived = make_microsystem(organisation, "Old depot", archived_at=timezone.now())
    assert list(Microsystem.objects.active()) == [microsystem]
    assert list(Microsystem.objects.archived()) == [archived]
    assert archived.is_archived and not microsystem.is_archived


def test_activity_needs_a_contribution_unless_unnecessary(microsystem):
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(
            microsystem=microsystem, name="Filing", classification="adds_value", contribution=""
        )
    stoppable = Activity.objects.create(
        microsystem=microsystem, name="Duplicate log", classification="unnecessary"
    )
    assert stoppable.pk


def test_every_model_has_a_readable_str(microsystem, activity, users):
    membership = Membership.objects.get(user=users["lead"])
    assert str(microsystem) == "Eastfield Library"
    assert str(membership) == "lead — Team leader of Eastfield Library"
    assert str(activity) == "Lending and returns"
    assert "80" in str(activity.efforts.get())


@pytest.mark.parametrize(
    "make",
    [
        lambda ms: DemandType.objects.create(microsystem=ms, name="CHASING calls"),
        lambda ms: StaffRole.objects.create(
            microsystem=ms, title="LIBRARIAN", fte=1, hours_per_fte=1, hourly_cost=1
        ),
        lambda ms: Activity.objects.create(
            microsystem=ms, name="FILING", classification="unnecessary"
        ),
    ],
)
def test_names_are_unique_ignoring_case_in_the_database(microsystem, make):
    DemandType.objects.create(microsystem=microsystem, name="Chasing calls")
    StaffRole.objects.create(
        microsystem=microsystem, title="Librarian", fte=1, hours_per_fte=1, hourly_cost=1
    )
    Activity.objects.create(microsystem=microsystem, name="Filing", classification="unnecessary")
    with pytest.raises(IntegrityError), transaction.atomic():
        make(microsystem)


OUTSIDE_WINDOW = [date(9999, 12, 1), date(1, 1, 1), date(1899, 12, 1), date(2200, 1, 1)]


@pytest.mark.parametrize("day", OUTSIDE_WINDOW)
def test_the_database_refuses_a_demand_period_outside_the_window(demand_type, day):
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandObservation.objects.create(demand_type=demand_type, period_start=day, volume=3)
    observation = DemandObservation.objects.create(
        demand_type=demand_type, period_start=date(2026, 1, 1), volume=3
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandObservation.objects.filter(pk=observation.pk).update(period_start=day)


def test_validation_names_the_demand_period_outside_the_window(demand_type):
    observation = DemandObservation(
        demand_type=demand_type, period_start=date(9999, 12, 1), volume=3
    )
    with pytest.raises(ValidationError) as refused:
        observation.full_clean()
    assert refused.value.message_dict == {
        "period_start": [
            "9999-12-01 is outside the years this service records; use a date from "
            "1900-01-01 to 2199-12-31."
        ]
    }
