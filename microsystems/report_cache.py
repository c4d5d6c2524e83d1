"""Reports of one unit, cached under its data versions (see core/report_cache.py).

The key holds the report's name, the unit, the unit's data_version, the
organisation-wide configuration version and whatever else the report depends
on (an assessment's id and state), so any change to an input moves the key on
(microsystems/data_versions.py says who bumps which).
"""

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Subquery

from core.report_cache import cached
from microsystems.models import ConfigurationVersion, Microsystem

T = TypeVar("T")


def versions_of(microsystem: Microsystem) -> tuple[int, int]:
    """(data_version, configuration_version), as the access helper loaded them.

    The helper reads both in the query that loads the unit; a unit loaded any
    other way costs one query more, never a stale key.
    """
    if hasattr(microsystem, "configuration_version"):
        return microsystem.data_version, microsystem.configuration_version or 0
    fresh = (
        Microsystem.objects.filter(pk=microsystem.pk)
        .annotate(configuration_version=configuration_version())
        .values_list("data_version", "configuration_version")
        .get()
    )
    return fresh[0], fresh[1] or 0


def configuration_version() -> Subquery:
    """A subquery giving the configuration version (None before its first change)."""
    return Subquery(ConfigurationVersion.objects.values("value")[:1])


def unit_report(
    name: str, microsystem: Microsystem, compute: Callable[[], T], *depends_on: object
) -> T:
    """`compute()`'s report of `microsystem`, from the cache while its inputs are unchanged."""
    data_version, configuration = versions_of(microsystem)
    parts = (microsystem.pk, data_version, configuration, *depends_on)
    return cached(name, parts, compute)
