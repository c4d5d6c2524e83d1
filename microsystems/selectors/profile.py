"""Reads that pages need, each with a fixed number of queries."""

from django.db.models import QuerySet

from microsystems.extensions import extensions
from microsystems.models import DemandObservation, Membership, Microsystem
from microsystems.permissions import access_for, visible_microsystems


def home_microsystems(user) -> list[Microsystem]:
    """The microsystems on a user's home page, each carrying `.access`.

    One query whatever the number of microsystems: the role annotations and
    the organisation come in the same SELECT.
    """
    microsystems = list(visible_microsystems(user).order_by("organisation__name", "name"))
    for microsystem in microsystems:
        microsystem.access = access_for(user, microsystem)
    return microsystems


def microsystem_team(microsystem: Microsystem) -> QuerySet:
    """Leads first, then members, with their user rows (one query)."""
    return (
        Membership.objects.filter(microsystem=microsystem)
        .select_related("user")
        .order_by("role", "user__last_name", "user__username")
    )


def microsystem_progress(microsystem: Microsystem) -> list[dict]:
    """The steps of an assessment with how far this microsystem has got.

    One query per app that registered steps, this one first (see extensions).
    """
    return extensions.profile_steps(microsystem)


def has_demand_figures(microsystem: Microsystem) -> bool:
    """Demand figures are aligned to the microsystem's periods (one query)."""
    return DemandObservation.objects.filter(demand_type__microsystem=microsystem).exists()
