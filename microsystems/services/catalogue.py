"""Demand types and staff roles: the catalogue a microsystem's activities refer to.

Deleting an entry that activities use is refused with a message naming them:
costs must never change silently because a referenced row vanished.
"""

from django.db import models, transaction

from microsystems.models import Activity, DemandType, Microsystem, StaffRole

DEMAND_TYPE_IN_USE = (
    "“{name}” cannot be deleted because these activities handle it: {activities}. "
    "Remove it from those activities first."
)
STAFF_ROLE_IN_USE = (
    "“{name}” cannot be deleted because these activities use its time: {activities}. "
    "Remove the role from those activities first, or set its headcount to zero."
)


class InUseError(Exception):
    """A delete refused because other records depend on the row."""


def _save(instance: models.Model, fields: dict) -> models.Model:
    for field, value in fields.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def demand_type_save(
    *, microsystem: Microsystem, demand_type: DemandType | None = None, **fields
) -> DemandType:
    """Create (no `demand_type`) or update a demand type of `microsystem`."""
    return _save(demand_type or DemandType(microsystem=microsystem), fields)


@transaction.atomic
def staff_role_save(
    *, microsystem: Microsystem, staff_role: StaffRole | None = None, **fields
) -> StaffRole:
    """Create (no `staff_role`) or update a staff role of `microsystem`."""
    return _save(staff_role or StaffRole(microsystem=microsystem), fields)


def activities_using_demand_type(demand_type: DemandType) -> list[str]:
    return list(
        Activity.objects.filter(activitydemand__demand_type=demand_type)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )


def activities_using_staff_role(staff_role: StaffRole) -> list[str]:
    return list(
        Activity.objects.filter(efforts__staff_role=staff_role)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )


@transaction.atomic
def demand_type_delete(*, demand_type: DemandType) -> None:
    """Delete a demand type and its observations, unless activities handle it."""
    users = activities_using_demand_type(demand_type)
    if users:
        raise InUseError(
            DEMAND_TYPE_IN_USE.format(name=demand_type.name, activities=", ".join(users))
        )
    demand_type.delete()


@transaction.atomic
def staff_role_delete(*, staff_role: StaffRole) -> None:
    users = activities_using_staff_role(staff_role)
    if users:
        raise InUseError(
            STAFF_ROLE_IN_USE.format(name=staff_role.title, activities=", ".join(users))
        )
    staff_role.delete()
