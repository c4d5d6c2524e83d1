"""Reads for the admins' measure pages, each a fixed number of queries."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from microsystems.models import Microsystem
from microsystems.selectors.counts import correlated_count
from valuation.models import Measure, Measurement

SHOW_ALL = "all"
SHOW_ACTIVE = "active"
SHOW_RETIRED = "retired"


def measures_for_admin(show: str = SHOW_ALL) -> list[Measure]:
    """Every measure (or the active or retired ones) with how many microsystems chose it
    and how many measurements it has, in one query."""
    queryset = Measure.objects.select_related("dimension").annotate(
        chosen_microsystems=correlated_count(Measure.microsystems.through.objects.all(), "measure"),
        measurement_count=correlated_count(Measurement.objects.all(), "measure"),
    )
    if show == SHOW_ACTIVE:
        queryset = queryset.filter(active=True)
    elif show == SHOW_RETIRED:
        queryset = queryset.filter(active=False)
    return list(queryset.order_by("dimension__order", "name"))


def measure_for_admin(measure_id: int) -> Measure:
    """One measure with its measurement count (one query), or 404."""
    return get_object_or_404(
        Measure.objects.select_related("dimension").annotate(
            measurement_count=correlated_count(Measurement.objects.all(), "measure")
        ),
        pk=measure_id,
    )


def microsystems_to_choose(measure: Measure | None = None) -> QuerySet:
    """Microsystems an admin may give a measure: the active ones, and any it already has."""
    condition = Q(archived_at__isnull=True)
    if measure is not None and measure.pk:
        condition |= Q(pk__in=measure.microsystems.values("pk"))  # a subquery, not a query
    return (
        Microsystem.objects.filter(condition)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
