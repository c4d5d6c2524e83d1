"""Demand types and staff roles: the catalogue a microsystem's activities refer to.

Deleting an entry that activities use is refused with a message naming them:
costs must never change silently because a referenced row vanished.
"""

from django.db import transaction

from microsystems.models import Activity, DemandType, Microsystem, StaffRole

DEMAND_TYPE_IN_USE = (
    "“{name}” cannot be deleted because these activities handle it: {activities}. "
    "Remove it from those activities first."
)
STAFF_ROLE_IN_USE = (
    "“{name}” cannot be deleted because these activities use its time: {activities}. "
    "Remove the role from those activities first, or set its headcount to zero."
)
# How activities reach each kind of entry, and what a refused delete says.
IN_USE = {
    DemandType: ("activitydemand__demand_type", DEMAND_TYPE_IN_USE),
    StaffRole: ("efforts__staff_role", STAFF_ROLE_IN_USE),
}


class InUseError(Exception):
    """A delete refused because other records depend on the row."""


@transaction.atomic
def catalogue_entry_save(
    *, microsystem: Microsystem, entry: DemandType | StaffRole, **fields
) -> DemandType | StaffRole:
    """Create or update a demand type or staff role of `microsystem`.

    `entry` is an unsaved instance to create, or the stored one to change.
    """
    entry.microsystem = microsystem
    for field, value in fields.items():
        setattr(entry, field, value)
    entry.full_clean()
    entry.save()
    return entry


def activities_using(entry: DemandType | StaffRole) -> list[str]:
    """Names of the activities that handle this demand type or use this role's time."""
    path, _ = IN_USE[type(entry)]
    return list(
        Activity.objects.filter(**{path: entry})
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )


@transaction.atomic
def catalogue_entry_delete(*, entry: DemandType | StaffRole) -> None:
    """Delete the entry (a demand type takes its observations), unless activities use it."""
    users = activities_using(entry)
    if users:
        _, message = IN_USE[type(entry)]
        raise InUseError(message.format(name=str(entry), activities=", ".join(users)))
    entry.delete()
