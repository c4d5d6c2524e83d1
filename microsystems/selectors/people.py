"""Reads for the people pages, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from microsystems.models import Membership, Microsystem, Organisation
from microsystems.permissions import people_of_organisation


@dataclass
class PersonRow:
    user: object
    is_manager: bool
    memberships: list = field(default_factory=list)


def organisation_people(organisation: Organisation) -> list[PersonRow]:
    """Everyone of the organisation, active or not, with their teams there (three queries)."""
    people = list(
        people_of_organisation(organisation).order_by("last_name", "first_name", "username")
    )
    manager_ids = set(organisation.managers.values_list("pk", flat=True))
    rows = {
        person.pk: PersonRow(user=person, is_manager=person.pk in manager_ids) for person in people
    }
    memberships = (
        Membership.objects.filter(microsystem__organisation=organisation)
        .select_related("microsystem")
        .order_by("microsystem__name")
    )
    for membership in memberships:
        rows[membership.user_id].memberships.append(membership)
    return list(rows.values())


def team_candidates(microsystem: Microsystem) -> QuerySet:
    """Active people of the unit's organisation not yet on its team: who may be added."""
    return (
        people_of_organisation(microsystem.organisation)
        .filter(is_active=True)
        .exclude(memberships__microsystem=microsystem)
        .order_by("last_name", "first_name", "username")
    )


def organisation_active_people(organisation: Organisation) -> QuerySet:
    return (
        people_of_organisation(organisation)
        .filter(is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def team_member(microsystem: Microsystem, user_id: int) -> Membership | None:
    """One membership of the unit's team with its person (one query)."""
    return (
        Membership.objects.filter(microsystem=microsystem, user_id=user_id)
        .select_related("user")
        .first()
    )


def team_leads(microsystem: Microsystem) -> QuerySet:
    """The unit's team leaders, as people (for the hand-over form)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__microsystem=microsystem, memberships__role=Membership.Role.LEAD
        )
        .order_by("last_name", "first_name", "username")
    )
