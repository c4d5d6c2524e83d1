"""Create, change and delete stakeholder groups and their expectations, each in one transaction.

The forms check the same rules first, to put a message next to the right field;
the services check them again because they are the business rules, whoever calls.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models, transaction

from microsystems.extensions import extensions
from microsystems.models import Microsystem
from stakeholders.models import Expectation, Stakeholder

STAKEHOLDER_FIELDS = ("name", "kind", "description", "power", "interest", "consultation")
EXPECTATION_FIELDS = ("statement", "kind", "priority")

DUPLICATE_STAKEHOLDER_NAME = "This microsystem already has a stakeholder group called “{name}”."
STATEMENT_REQUIRED = "Write the expectation, in the stakeholder group's own words."
STAKEHOLDER_IN_USE = (
    "“{name}” cannot be deleted: other records still refer to it ({records}); "
    "they keep the record of what this group said."
)


class StakeholderInUseError(Exception):
    """A delete refused because later records (assessments' weights, judgements) keep it."""


def stakeholder_name_taken(
    *, microsystem: Microsystem, name: str, exclude_pk: int | None = None
) -> bool:
    """True when another group of the microsystem has this name, ignoring case."""
    clash = Stakeholder.objects.filter(microsystem=microsystem, name__iexact=name.strip())
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    return clash.exists()


def _apply(instance: models.Model, data: Mapping[str, object], allowed: tuple[str, ...]) -> None:
    for name, value in data.items():
        if name not in allowed:
            raise ValueError(f"{name} is not a field the form may set")
        setattr(instance, name, value.strip() if isinstance(value, str) else value)


def _save_stakeholder(stakeholder: Stakeholder) -> Stakeholder:
    taken = stakeholder_name_taken(
        microsystem=stakeholder.microsystem, name=stakeholder.name, exclude_pk=stakeholder.pk
    )
    if taken:
        raise ValidationError({"name": DUPLICATE_STAKEHOLDER_NAME.format(name=stakeholder.name)})
    stakeholder.full_clean()
    stakeholder.save()
    return stakeholder


@transaction.atomic
def stakeholder_create(*, microsystem: Microsystem, data: Mapping[str, object]) -> Stakeholder:
    """Add a stakeholder group to the microsystem's register."""
    stakeholder = Stakeholder(microsystem=microsystem)
    _apply(stakeholder, data, STAKEHOLDER_FIELDS)
    return _save_stakeholder(stakeholder)


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, data: Mapping[str, object]) -> Stakeholder:
    """Change a stakeholder group's name, kind, scores or consultation."""
    _apply(stakeholder, data, STAKEHOLDER_FIELDS)
    return _save_stakeholder(stakeholder)


@transaction.atomic
def stakeholder_delete(*, stakeholder: Stakeholder) -> None:
    """Delete a group with its expectations, unless later records keep what it said.

    Later apps' records (an assessment's weights, judgements, voice weights)
    protect their stakeholder in the database; the refusal is the one their delete
    guard gives (see microsystems.extensions), or else names the kinds of records.
    """
    try:
        stakeholder.delete()
    except models.ProtectedError as error:
        message = extensions.delete_refusal(stakeholder)
        if not message:
            # verbose_name_plural is lazy: str() it before joining.
            records = sorted(
                {str(record._meta.verbose_name_plural) for record in error.protected_objects}
            )
            message = STAKEHOLDER_IN_USE.format(name=stakeholder.name, records=", ".join(records))
        raise StakeholderInUseError(message) from error


def _save_expectation(expectation: Expectation) -> Expectation:
    if not expectation.statement:
        raise ValidationError({"statement": STATEMENT_REQUIRED})
    expectation.full_clean()
    expectation.save()
    return expectation


@transaction.atomic
def expectation_create(*, stakeholder: Stakeholder, data: Mapping[str, object]) -> Expectation:
    """Record one expectation of a stakeholder group."""
    expectation = Expectation(stakeholder=stakeholder)
    _apply(expectation, data, EXPECTATION_FIELDS)
    return _save_expectation(expectation)


@transaction.atomic
def expectation_update(*, expectation: Expectation, data: Mapping[str, object]) -> Expectation:
    """Change an expectation's words, kind or priority (its group stays the same)."""
    _apply(expectation, data, EXPECTATION_FIELDS)
    return _save_expectation(expectation)


@transaction.atomic
def expectation_delete(*, expectation: Expectation) -> None:
    expectation.delete()
