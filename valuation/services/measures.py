"""Measures, configured by admins: create, change, retire and restore.

The model checks its own fields (a target beyond the baseline, in the right
direction). The rules here need other rows: a code or name used by another
measure (ignoring capitals, as uploads do), a code that measurements already
depend on, a retired dimension, and "chosen microsystems" with none chosen.
The form shows the same messages next to its fields; the services enforce
them again, so no caller can save a measure that breaks them.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.formatting import plural
from microsystems.models import Microsystem
from valuation.models import Measure, Measurement, ValueDimension

DUPLICATE_CODE = "The code “{code}” is already used by “{other}”. Codes must be unique."
DUPLICATE_NAME = "There is already a measure called “{name}”."
CODE_LOCKED = (
    "The code cannot change: “{code}” already has {count:,} measurement{plural}, and uploaded "
    "files name the measure by its code."
)
DIMENSION_RETIRED = "“{dimension}” is retired; choose an active value dimension."
NO_MICROSYSTEMS = (
    "Choose at least one microsystem, or tick “Used by every microsystem” to use it everywhere."
)
RETIRED = "Retired “{name}”. Its {count:,} measurement{plural} {verb} kept; it takes no new values."
RESTORED = "Restored “{name}”. Microsystems that use it can record values again."

# The fields of a measure that the services set; microsystems are passed apart.
MEASURE_FIELDS = (
    "name",
    "code",
    "description",
    "dimension",
    "kind",
    "unit",
    "direction",
    "baseline",
    "target",
    "rollup",
    "side",
    "applies_to_all",
)


def code_clash(code: str, *, measure_pk: int | None) -> str | None:
    """Another measure with this code, capitals ignored (uploads ignore them too)."""
    others = Measure.objects.exclude(pk=measure_pk) if measure_pk else Measure.objects.all()
    clash = others.filter(code__iexact=code).only("name").first() if code else None
    return DUPLICATE_CODE.format(code=code, other=clash.name) if clash else None


def name_clash(name: str, *, measure_pk: int | None) -> str | None:
    others = Measure.objects.exclude(pk=measure_pk) if measure_pk else Measure.objects.all()
    name = (name or "").strip()
    return (
        DUPLICATE_NAME.format(name=name)
        if name and others.filter(name__iexact=name).exists()
        else None
    )


def code_lock(measure_pk: int | None, *, code: str) -> str | None:
    """A changed code of a measure that measurements already use."""
    if not measure_pk:
        return None
    stored = Measure.objects.filter(pk=measure_pk).values_list("code", flat=True).first()
    if stored is None or stored == code:
        return None
    count = Measurement.objects.filter(measure_id=measure_pk).count()
    return CODE_LOCKED.format(count=count, plural=plural(count), code=stored) if count else None


def dimension_problem(dimension: ValueDimension | None, *, stored_dimension_id: int | None):
    """A retired dimension, unless the measure already had it (it is left alone)."""
    if dimension is None or dimension.active or dimension.pk == stored_dimension_id:
        return None
    return DIMENSION_RETIRED.format(dimension=dimension.name)


def microsystems_problem(applies_to_all: bool, microsystems) -> str | None:
    return None if applies_to_all or list(microsystems or []) else NO_MICROSYSTEMS


def measure_rule_errors(
    measure: Measure, *, microsystems: Iterable[Microsystem] | None
) -> dict[str, str]:
    """field -> message for the rules that need other rows (see the module docstring)."""
    stored_dimension_id = (
        Measure.objects.filter(pk=measure.pk).values_list("dimension_id", flat=True).first()
        if measure.pk
        else None
    )
    dimension = (
        ValueDimension.objects.filter(pk=measure.dimension_id).first()
        if measure.dimension_id
        else None
    )
    problems = {
        "code": code_clash(measure.code, measure_pk=measure.pk)
        or code_lock(measure.pk, code=measure.code),
        "name": name_clash(measure.name, measure_pk=measure.pk),
        "dimension": dimension_problem(dimension, stored_dimension_id=stored_dimension_id),
        "microsystems": microsystems_problem(measure.applies_to_all, microsystems),
    }
    return {field: message for field, message in problems.items() if message}


def _save(measure: Measure, data: dict[str, Any], microsystems: list[Microsystem]) -> Measure:
    for field in MEASURE_FIELDS:
        if field in data:
            setattr(measure, field, data[field])
    measure.name = (measure.name or "").strip()
    measure.code = (measure.code or "").strip().lower()
    errors = measure_rule_errors(measure, microsystems=microsystems)
    if errors:
        raise ValidationError(errors)
    measure.full_clean()
    measure.save()
    # A measure used everywhere keeps no list, so unticking later starts afresh.
    measure.microsystems.set([] if measure.applies_to_all else microsystems)
    return measure


@transaction.atomic
def measure_create(*, data: dict[str, Any], microsystems: Iterable[Microsystem] = ()) -> Measure:
    """A new, active measure. `data` holds MEASURE_FIELDS; ValidationError names the field."""
    return _save(Measure(), data, list(microsystems))


@transaction.atomic
def measure_update(
    *, measure: Measure, data: dict[str, Any], microsystems: Iterable[Microsystem] = ()
) -> Measure:
    """Change a measure; its code is fixed once measurements use it."""
    return _save(measure, data, list(microsystems))


@transaction.atomic
def measure_set_active(*, measure: Measure, active: bool) -> str:
    """Retire (active=False) or restore a measure; its measurements are never touched.

    Returns the sentence to show the admin.
    """
    measure.active = active
    measure.save(update_fields=["active", "updated_at"])
    if active:
        return RESTORED.format(name=measure.name)
    count = Measurement.objects.filter(measure=measure).count()
    return RETIRED.format(
        name=measure.name, count=count, plural=plural(count), verb="is" if count == 1 else "are"
    )
