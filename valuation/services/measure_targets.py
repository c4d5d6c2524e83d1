"""A unit's own baseline and target for a measure: set (or change) and remove.

Managers of the unit's organisation and admins may do this (the views check it
through the access helper); an archived unit is read-only. Each write is one
transaction that locks the unit's row for the measure, so two managers saving at
the same instant are served one after the other. Refusals are ValidationErrors
naming the field; nothing is saved.

Who set the current values and why are kept on the row (set_by, set_at, reason).
"""

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from microsystems.models import Microsystem
from valuation.models import Measure, MeasureTarget

MEASURE_NOT_USED_HERE = (
    "{name} does not record the measure “{measure}”, so it cannot have its own target "
    "for it. An administrator chooses which microsystems use each measure."
)
MEASURE_RETIRED_HERE = (
    "The measure “{measure}” is retired, so it takes no new target. An administrator can "
    "restore it first."
)
UNIT_ARCHIVED = (
    "{name} is archived, so its targets are read-only. A manager can restore the microsystem first."
)
SAVED_MEANWHILE = (
    "Someone else set this unit's own target for the measure a moment ago, so nothing was "
    "saved. Reload the page to see it, or save again to replace it."
)
NO_OWN_TARGET = "{name} has no target of its own for “{measure}”: it uses the default."


def refuse_if_archived(microsystem_id: int) -> None:
    microsystem = Microsystem.objects.only("name", "archived_at").get(pk=microsystem_id)
    if microsystem.is_archived:
        raise ValidationError(UNIT_ARCHIVED.format(name=microsystem.name))


def _refuse_unless_used(microsystem: Microsystem, measure: Measure) -> None:
    if not measure.active:
        raise ValidationError(MEASURE_RETIRED_HERE.format(measure=measure.name))
    if not Measure.objects.used_by(microsystem).filter(pk=measure.pk).exists():
        raise ValidationError(
            MEASURE_NOT_USED_HERE.format(name=microsystem.name, measure=measure.name)
        )


@transaction.atomic
def measure_target_set(
    *,
    microsystem: Microsystem,
    measure: Measure,
    baseline: Decimal,
    target: Decimal,
    reason: str,
    user: AbstractBaseUser | None,
) -> MeasureTarget:
    """Give `microsystem` its own baseline and target for `measure`, or change them."""
    refuse_if_archived(microsystem.pk)
    _refuse_unless_used(microsystem, measure)
    row = (
        MeasureTarget.objects.select_for_update()
        .filter(microsystem=microsystem, measure=measure)
        .first()
    ) or MeasureTarget(microsystem=microsystem, measure=measure)
    row.baseline, row.target, row.reason = baseline, target, (reason or "").strip()
    row.set_by = user
    row.full_clean(validate_constraints=False)
    try:
        # A savepoint: a row inserted by someone else since the read above (the
        # unique constraint) leaves the surrounding transaction usable.
        with transaction.atomic():
            row.save()
    except IntegrityError as error:
        raise ValidationError(SAVED_MEANWHILE) from error
    return row


@transaction.atomic
def measure_target_remove(*, microsystem: Microsystem, measure: Measure) -> None:
    """The unit goes back to the organisation's default baseline and target."""
    refuse_if_archived(microsystem.pk)
    deleted, _ = MeasureTarget.objects.filter(microsystem=microsystem, measure=measure).delete()
    if not deleted:
        raise ValidationError(NO_OWN_TARGET.format(name=microsystem.name, measure=measure.name))
