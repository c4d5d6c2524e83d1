"""Reads for a unit's own targets: every measure it records with the default and the
unit's own baseline and target, and one measure's (each one query)."""

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404

from microsystems.models import Microsystem
from valuation.models import Measure, MeasureTarget


def _own(microsystem: Microsystem):
    return MeasureTarget.objects.filter(measure_id=OuterRef("pk"), microsystem_id=microsystem.pk)


def measures_with_unit_targets(microsystem: Microsystem) -> list[Measure]:
    """The active measures `microsystem` records, each annotated with the unit's own
    `own_baseline`, `own_target`, `own_reason`, `own_set_at` and `own_set_by_id`
    (None where it uses the default), with the person who set them as
    `own_set_by_first`, `own_set_by_last`, `own_set_by_username`. One query."""
    own = _own(microsystem)
    fields = {
        "own_baseline": "baseline",
        "own_target": "target",
        "own_reason": "reason",
        "own_set_at": "set_at",
        "own_set_by_first": "set_by__first_name",
        "own_set_by_last": "set_by__last_name",
        "own_set_by_username": "set_by__username",
    }
    return list(
        Measure.objects.used_by(microsystem)
        .filter(active=True)
        .select_related("dimension")
        .annotate(**{name: Subquery(own.values(field)[:1]) for name, field in fields.items()})
        .order_by("dimension__order", "name")
    )


def unit_target(microsystem: Microsystem, measure: Measure) -> MeasureTarget | None:
    """The unit's own target for `measure`, with who set it (one query)."""
    return (
        MeasureTarget.objects.filter(microsystem=microsystem, measure=measure)
        .select_related("set_by")
        .first()
    )


def measure_or_404(measure_id: int) -> Measure:
    """A measure by id (one query), or 404. Measures are the organisation's
    configuration; whether this unit uses it is the service's question."""
    return get_object_or_404(Measure.objects.select_related("dimension"), pk=measure_id)
