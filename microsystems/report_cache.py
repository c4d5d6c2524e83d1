"""Reports of one unit, cached under its data versions (see core/report_cache.py).

The key holds the report's name, the unit, the unit's data_version, the
organisation-wide configuration version and whatever else the report depends
on (an assessment's id and state), so any change to an input moves the key on
(microsystems/data_versions.py says who bumps which).
"""

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Subquery

from core.report_cache import cached, peek
from microsystems.models import VERSION_FIELDS, ConfigurationVersion, Microsystem

T = TypeVar("T")


def versions_of(microsystem: Microsystem) -> tuple[int, int, int]:
    """(data_version, operations_version, configuration_version) as the access
    helper loaded them.

    The helper reads all three in the query that loads the unit; a unit loaded
    any other way costs one query more, never a stale key.
    """
    if hasattr(microsystem, "configuration_version"):
        configuration = microsystem.configuration_version or 0
        return microsystem.data_version, microsystem.operations_version, configuration
    data, operations, configuration = (
        Microsystem.objects.filter(pk=microsystem.pk)
        .annotate(configuration_version=configuration_version())
        .values_list(*VERSION_FIELDS, "configuration_version")
        .get()
    )
    return data, operations, configuration or 0


def configuration_version() -> Subquery:
    """A subquery giving the configuration version (None before its first change)."""
    return Subquery(ConfigurationVersion.objects.values("value")[:1])


def unit_report(
    name: str,
    microsystem: Microsystem,
    compute: Callable[[], T],
    *depends_on: object,
    operations_only: bool = False,
) -> T:
    """`compute()`'s report of `microsystem`, from the cache while its inputs are unchanged.

    `operations_only`: the report reads nothing but this app's records (profile,
    demand, staff, activities), so the later apps' writes leave it cached.
    """
    return cached(
        name, key_parts(microsystem, *depends_on, operations_only=operations_only), compute
    )


def unit_report_if_cached(
    name: str, microsystem: Microsystem, *depends_on: object, operations_only: bool = False
) -> object | None:
    """The report `unit_report` would return from the cache, or None when it holds none."""
    return peek(name, key_parts(microsystem, *depends_on, operations_only=operations_only))


def key_parts(microsystem: Microsystem, *depends_on: object, operations_only: bool) -> tuple:
    """What names a report of `microsystem` besides its name and the code."""
    data_version, operations_version, configuration = versions_of(microsystem)
    version = f"o{operations_version}" if operations_only else f"d{data_version}"
    return (microsystem.pk, version, configuration, *depends_on)
