"""Create, change and delete a microsystem's activities, each in one transaction.

An activity is saved together with the demand types it handles and the staff
time it takes, so that its cost is never half-saved. The forms check the same
rules first to put a message next to the right field; the services check them
again because they are the business rules, whoever calls.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from microsystems.data_versions import unit_changed
from microsystems.extensions import extensions
from microsystems.models import (
    NON_NEGATIVE,
    Activity,
    ActivityDemand,
    ActivityEffort,
    DemandType,
    Microsystem,
    StaffRole,
)

ACTIVITY_FIELDS = (
    "name",
    "description",
    "other_costs",
    "classification",
    "preventive",
    "contribution",
)

DUPLICATE_ACTIVITY_NAME = "This microsystem already has an activity called “{name}”."
DEMAND_TYPE_NOT_HERE = "Choose only this microsystem's demand types."
STAFF_ROLE_NOT_HERE = "Choose one of this microsystem's staff roles."
ROLE_LISTED_TWICE = "“{role}” is listed twice: put all of its hours on one row."
HOURS_NEGATIVE = NON_NEGATIVE.format(field="Hours")


@dataclass(frozen=True)
class EffortInput:
    """Staff time one activity takes per period from one role."""

    staff_role: StaffRole
    hours_per_period: Decimal


def activity_name_taken(*, microsystem: Microsystem, name: str, exclude_pk: int | None) -> bool:
    """True when another activity of the microsystem has this name, ignoring case.

    The database constraint is case-sensitive; "Home visits" and "home visits"
    would still be the same activity to a reader, so we refuse both.
    """
    clash = Activity.objects.filter(microsystem=microsystem, name__iexact=name.strip())
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    return clash.exists()


def _check_links(
    *,
    microsystem: Microsystem,
    demand_types: Iterable[DemandType],
    efforts: Iterable[EffortInput],
) -> None:
    errors: dict[str, list[str]] = {}
    if any(demand_type.microsystem_id != microsystem.pk for demand_type in demand_types):
        errors.setdefault("demand_types", []).append(DEMAND_TYPE_NOT_HERE)
    seen: set[int] = set()
    for effort in efforts:
        if effort.staff_role.microsystem_id != microsystem.pk:
            errors.setdefault("efforts", []).append(STAFF_ROLE_NOT_HERE)
        if effort.staff_role.pk in seen:
            errors.setdefault("efforts", []).append(
                ROLE_LISTED_TWICE.format(role=effort.staff_role.title)
            )
        if effort.hours_per_period is not None and effort.hours_per_period < 0:
            errors.setdefault("efforts", []).append(HOURS_NEGATIVE)
        seen.add(effort.staff_role.pk)
    if errors:
        raise ValidationError(errors)


def _apply_fields(activity: Activity, data: Mapping[str, object]) -> None:
    for field, value in data.items():
        if field not in ACTIVITY_FIELDS:
            raise ValueError(f"{field} is not an activity field")
        setattr(activity, field, value)
    activity.name = activity.name.strip()


def _save_activity(
    activity: Activity,
    *,
    demand_types: list[DemandType],
    efforts: list[EffortInput],
) -> Activity:
    microsystem = activity.microsystem
    _check_links(microsystem=microsystem, demand_types=demand_types, efforts=efforts)
    if activity_name_taken(microsystem=microsystem, name=activity.name, exclude_pk=activity.pk):
        raise ValidationError({"name": DUPLICATE_ACTIVITY_NAME.format(name=activity.name)})
    activity.full_clean()
    activity.save()

    # Replace the links and efforts wholesale: the caller passes the full new state.
    # Both keep history: a replaced row is a deletion and an addition.
    ActivityDemand.objects.filter(activity=activity).delete()
    bulk_create_with_history(
        [
            ActivityDemand(activity=activity, demand_type=demand_type)
            for demand_type in demand_types
        ],
        ActivityDemand,
    )
    ActivityEffort.objects.filter(activity=activity).delete()
    new_efforts = [
        ActivityEffort(
            activity=activity,
            staff_role=effort.staff_role,
            hours_per_period=effort.hours_per_period,
        )
        for effort in efforts
    ]
    for effort in new_efforts:
        # Field checks only: the hours and one-row-per-role rules were checked above,
        # and Django checks each constraint with a query, which here would be a loop.
        effort.full_clean(exclude=["activity"], validate_unique=False, validate_constraints=False)
    bulk_create_with_history(new_efforts, ActivityEffort)
    unit_changed(microsystem.pk, operations=True)  # bulk_create sends no signal
    return activity


@transaction.atomic
def activity_create(
    *,
    microsystem: Microsystem,
    data: Mapping[str, object],
    demand_types: Iterable[DemandType],
    efforts: Iterable[EffortInput],
) -> Activity:
    """Create an activity with the demand types it handles and its staff time."""
    activity = Activity(microsystem=microsystem)
    _apply_fields(activity, data)
    return _save_activity(activity, demand_types=list(demand_types), efforts=list(efforts))


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    data: Mapping[str, object],
    demand_types: Iterable[DemandType],
    efforts: Iterable[EffortInput],
) -> Activity:
    """Change an activity; `demand_types` and `efforts` replace the current ones."""
    _apply_fields(activity, data)
    return _save_activity(activity, demand_types=list(demand_types), efforts=list(efforts))


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    """Delete an activity with its efforts and demand links (both cascade), unless a
    later app's records keep it (microsystems.extensions delete guards: an
    assessment under review or approved that judged it); then ValidationError."""
    refusal = extensions.delete_refusal(activity)
    if refusal:
        raise ValidationError(refusal)
    activity.delete()
