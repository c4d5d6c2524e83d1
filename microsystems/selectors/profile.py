"""Reads that pages need, each with a fixed number of queries."""

from core.prepared_queries import PreparedQuery
from microsystems.extensions import extensions
from microsystems.models import DemandObservation, Membership, Microsystem
from microsystems.permissions import access_for, is_admin, visible_microsystems_of

# Every home page view runs one of these; Django took about 2 ms of CPU to compile it
# (the filter on the annotations compiles both subqueries twice), prepared none.
HOME_ORDER = ("organisation__name", "name")
home_microsystems_of_admin = PreparedQuery(
    lambda user_pk: visible_microsystems_of(user_pk, admin=True).order_by(*HOME_ORDER), int
)
home_microsystems_of_user = PreparedQuery(
    lambda user_pk: visible_microsystems_of(user_pk, admin=False).order_by(*HOME_ORDER), int
)


def home_microsystems(user) -> list[Microsystem]:
    """The microsystems on a user's home page, each carrying `.access`.

    One query whatever the number of microsystems: the role annotations and
    the organisation come in the same SELECT.
    """
    if not (user.is_authenticated and user.is_active):
        return []
    prepared = home_microsystems_of_admin if is_admin(user) else home_microsystems_of_user
    microsystems = prepared(user.pk)
    for microsystem in microsystems:
        microsystem.access = access_for(user, microsystem)
    return microsystems


# The profile and team pages list the team on every view: compiled once per process.
_team_of_unit = PreparedQuery(
    lambda microsystem_id: (
        Membership.objects.filter(microsystem_id=microsystem_id)
        .select_related("user")
        .order_by("role", "user__last_name", "user__username")
    ),
    int,
)


def microsystem_team(microsystem: Microsystem) -> list[Membership]:
    """Leads first, then members, with their user rows (one query)."""
    return _team_of_unit(microsystem.pk)


def microsystem_progress(microsystem: Microsystem) -> list[dict]:
    """The steps of an assessment with how far this microsystem has got.

    One query per app that registered steps, this one first (see extensions).
    """
    return extensions.profile_steps(microsystem)


def has_demand_figures(microsystem: Microsystem) -> bool:
    """Demand figures are aligned to the microsystem's periods (one query)."""
    return DemandObservation.objects.filter(demand_type__microsystem=microsystem).exists()
