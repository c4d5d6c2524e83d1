"""Counting related rows inside the main query, so a list page stays one query."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def correlated_count(queryset: QuerySet, path: str) -> Coalesce:
    """COUNT(*) of `queryset` rows whose `path` is the outer row, 0 when there are none.

    A subquery per count, not a JOIN, so that two counts on one row do not
    multiply each other.
    """
    counted = (
        queryset.filter(**{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
