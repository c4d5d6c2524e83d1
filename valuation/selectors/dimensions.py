from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from valuation.models import DimensionWeight, Judgement, Measure, ValueDimension


def _count_of(model) -> Coalesce:
    counted = (
        model.objects.filter(dimension=OuterRef("pk"))
        .order_by()
        .values("dimension")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def dimensions_for_admin() -> QuerySet:
    """Every dimension, active first, with how much refers to it (one query)."""
    return ValueDimension.objects.annotate(
        weight_count=_count_of(DimensionWeight),
        judgement_count=_count_of(Judgement),
        measure_count=_count_of(Measure),
    ).order_by("-active", "order", "name")


def dimension_for_admin(dimension_id: int) -> ValueDimension:
    dimension = ValueDimension.objects.filter(pk=dimension_id).first()
    if dimension is None:
        raise Http404("No such value dimension.")
    return dimension
