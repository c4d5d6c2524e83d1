"""Reports of one unit, cached under its data versions (see core/report_cache.py).

The key holds the report's name, the unit, the unit's data_version, the
organisation-wide configuration version and whatever else the report depends
on (an assessment's id and state), so any change to an input moves the key on
(microsystems/data_versions.py says who bumps which).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from django.db.models import Subquery

from core.report_cache import cached, peek
from microsystems.models import VERSION_FIELDS, ConfigurationVersion, Microsystem

T = TypeVar("T")


class Versions(NamedTuple):
    data: int
    operations: int
    records: int
    figures: int
    later_figures: int
    configuration: int


@dataclass(frozen=True)
class Reads:
    """What a report reads when it is less than everything of its unit, so that
    saves of what it does not read leave it cached (microsystems/data_versions.py).

    `figures`: demand or measurement figures; `later_figures_only`: with
    `figures`, only the later apps' (measurements), not demand's. `assessment_inputs`: (id,
    inputs_version) of the one assessment whose weights, judgements and voice
    weights it reads, None for none. Any of the unit's other records, and the
    configuration, are always part of the key.
    """

    figures: bool
    assessment_inputs: tuple[int, int] | None = None
    later_figures_only: bool = False


def versions_of(microsystem: Microsystem) -> Versions:
    """The unit's versions and the configuration version, as the access helper
    loaded them.

    The helper reads all three in the query that loads the unit; a unit loaded
    any other way costs one query more, never a stale key.
    """
    if hasattr(microsystem, "configuration_version"):
        return Versions(
            *(getattr(microsystem, field) for field in VERSION_FIELDS),
            microsystem.configuration_version or 0,
        )
    *unit, configuration = (
        Microsystem.objects.filter(pk=microsystem.pk)
        .annotate(configuration_version=configuration_version())
        .values_list(*VERSION_FIELDS, "configuration_version")
        .get()
    )
    return Versions(*unit, configuration or 0)


def configuration_version() -> Subquery:
    """A subquery giving the configuration version (None before its first change)."""
    return Subquery(ConfigurationVersion.objects.values("value")[:1])


def unit_report(
    name: str,
    microsystem: Microsystem,
    compute: Callable[[], T],
    *depends_on: object,
    operations_only: bool = False,
    reads: Reads | None = None,
    keep: Callable[[T], bool] | None = None,
) -> T:
    """`compute()`'s report of `microsystem`, from the cache while its inputs are unchanged.

    `operations_only`: the report reads nothing but this app's records (profile,
    demand, staff, activities), so the later apps' writes leave it cached.
    `reads`: the report reads less than everything of the unit (see Reads);
    without either, any change to the unit retires it. `keep`: as in
    core.report_cache.cached (a provisional report is not stored).
    """
    return cached(
        name,
        key_parts(microsystem, *depends_on, operations_only=operations_only, reads=reads),
        compute,
        keep,
    )


def unit_report_if_cached(
    name: str,
    microsystem: Microsystem,
    *depends_on: object,
    operations_only: bool = False,
    reads: Reads | None = None,
) -> object | None:
    """The report `unit_report` would return from the cache, or None when it holds none."""
    return peek(
        name, key_parts(microsystem, *depends_on, operations_only=operations_only, reads=reads)
    )


def key_parts(
    microsystem: Microsystem,
    *depends_on: object,
    operations_only: bool,
    reads: Reads | None = None,
) -> tuple:
    """What names a report of `microsystem` besides its name and the code."""
    versions = versions_of(microsystem)
    if operations_only:
        version = f"o{versions.operations}"
    elif reads is not None:
        if not reads.figures:
            figures = "f-"
        elif reads.later_figures_only:
            figures = f"l{versions.later_figures}"
        else:
            figures = f"f{versions.figures}"
        inputs = reads.assessment_inputs
        assessment = f"a{inputs[0]}.{inputs[1]}" if inputs is not None else "a-"
        version = f"r{versions.records}:{figures}:{assessment}"
    else:
        version = f"d{versions.data}"
    return (microsystem.pk, version, versions.configuration, *depends_on)
