"""Version counters that name the inputs of a cached report.

A report of a unit (its demand page, its costs, an assessment's account) is
cached under a key holding its unit's `Microsystem.data_version` and the one
organisation-wide `ConfigurationVersion` (microsystems/report_cache.py). Every
write to an input of a report bumps one of them, so the next view computes the
report afresh and a stale one is never read.

`data_version` goes up with every change to anything of the unit. A report that
reads less can be keyed on finer counters, so that a save elsewhere in the unit
leaves it cached (report_cache.Reads): each change bumps `data_version` and
exactly one of

- `figures_version`: demand and measurement figures (the period data), and
  `later_figures_version` too for the later apps' figures (measurements), so a
  report of those alone outlives a demand figure saved;
- an assessment's own `inputs_version`: its weights, judgements and voice
  weights (valuation/input_versions.py), so a judgement saved retires that
  assessment's reports and no other page of the unit;
- `records_version`: everything else of the unit (profile, demand types,
  staff, activities, stakeholders, measures' targets, assessments themselves).

Who bumps:

- saves and deletes through the ORM, by the post_save and post_delete signals
  connected here (`track_unit_input`, `track_configuration`), in each app's
  AppConfig.ready();
- writes that bypass signals (multi-row DELETE and INSERT in
  period_data/writes.py, bulk_create, queryset deletes of rows nothing else
  announces) by calling `unit_changed` in the same transaction.

The counters are bumped with an UPDATE ... SET n = n + 1, in the writer's
transaction: a reader sees the new version only once it can also see the new
data, and two writers never hand out the same number.
"""

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from microsystems.models import ConfigurationVersion, Microsystem

CONFIGURATION_ROW = 1


# What changed, besides data_version (see the module's docstring).
RECORDS = "records"
FIGURES = "figures"
ASSESSMENT_INPUTS = "assessment inputs"  # the assessment's inputs_version says which
EVERYTHING = "everything"
_KIND_FIELDS = {
    RECORDS: ("records_version",),
    FIGURES: ("figures_version",),
    ASSESSMENT_INPUTS: (),
    EVERYTHING: ("records_version", "figures_version"),
}


def _bumps(operations: bool, kind: str = RECORDS) -> dict:
    fields = ("data_version", *_KIND_FIELDS[kind])
    if operations:
        fields += ("operations_version",)
    elif kind == FIGURES:
        fields += ("later_figures_version",)
    return {field: F(field) + 1 for field in fields}


def is_operations(model: type[models.Model]) -> bool:
    """A record of this app (profile, demand, staff, activities): the only kind
    this app's own reports read (later apps' models are out of its reach)."""
    return model._meta.app_label == Microsystem._meta.app_label


def unit_changed(microsystem_id: int | None, *, operations: bool, kind: str = RECORDS) -> None:
    """Bump one microsystem's data_version and the counter of `kind`, and its
    operations_version when the change is to a record of this app (no-op for None)."""
    if microsystem_id is not None:
        Microsystem.objects.filter(pk=microsystem_id).update(**_bumps(operations, kind))


def units_changed(microsystems: models.QuerySet, *, operations: bool, kind: str = RECORDS) -> None:
    """As unit_changed, for every microsystem the queryset selects."""
    microsystems.update(**_bumps(operations, kind))


def configuration_changed() -> None:
    """Bump the organisation-wide configuration version."""
    bump = ConfigurationVersion.objects.filter(pk=CONFIGURATION_ROW)
    if not bump.update(value=F("value") + 1):
        # The row is made on first use (a fresh or flushed database).
        ConfigurationVersion.objects.get_or_create(pk=CONFIGURATION_ROW)
        bump.update(value=F("value") + 1)


def _announce_once(origin, key) -> bool:
    """True the first time a queryset delete reports `key`; False for its other rows.

    `queryset.delete()` sends post_delete for each row it removes: the effort
    rows of one activity all name the same unit, and one bump is enough.
    """
    try:
        seen = _seen_by_origin[origin]
    except TypeError:  # cannot be weakly referenced: announce every row
        return True
    except KeyError:
        seen = _seen_by_origin[origin] = set()
    if key in seen:
        return False
    seen.add(key)
    return True


# Keyed by the queryset that started a delete, forgotten with it.
_seen_by_origin: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def track_unit_input(
    model: type[models.Model],
    *,
    unit_id: Callable[[models.Model], int | None] | None = None,
    parent: tuple[str, Callable[[models.Model], int | None]] | None = None,
    kind: str = RECORDS,
) -> None:
    """Bump the unit's data_version (and `kind`'s counter) after every save or
    delete of a `model` row.

    Either `unit_id(instance)` gives the unit's id, or `parent` is (lookup,
    parent_id) when it takes a join to find it: an effort row knows its
    activity, not its unit, so ("activities", lambda row: row.activity_id)
    bumps the unit whose activities include that one.
    """

    def key_of(instance) -> tuple:
        if parent is None:
            return ("id", unit_id(instance))
        lookup, parent_id = parent
        return (lookup, parent_id(instance))

    operations = is_operations(model)

    def bump(key: tuple) -> None:
        lookup, value = key
        if lookup == "id":
            unit_changed(value, operations=operations, kind=kind)
        else:
            units_changed(
                Microsystem.objects.filter(**{lookup: value}), operations=operations, kind=kind
            )

    track_rows(model, key_of, bump)


# Inside bumps_once(): the bumps asked for so far, each (bump, key) once, in order.
_pending_bumps: ContextVar[dict | None] = ContextVar("pending_bumps", default=None)


@contextmanager
def bumps_once() -> Iterator[None]:
    """Within the block, tracked rows' bumps are collected and each distinct one runs
    once as the block ends, instead of once per row.

    For services that delete rows one by one (core.history.delete_with_history, so
    that each history row names its author): five judgements replaced bumped their
    assessment and unit five times, ten UPDATEs for the work of two. Use it inside
    the writer's transaction; if the block raises, nothing is bumped (the
    transaction rolls back what the block wrote).
    """
    if _pending_bumps.get() is not None:  # already collecting: the outer block runs them
        yield
        return
    pending: dict = {}
    token = _pending_bumps.set(pending)
    try:
        yield
    finally:
        _pending_bumps.reset(token)
    for bump, key in pending:
        bump(key)


def track_rows(
    model: type[models.Model],
    key_of: Callable[[models.Model], tuple],
    bump: Callable[[tuple], None],
) -> None:
    """Call `bump(key_of(row))` after every save or delete of a `model` row, once
    per key for a queryset delete, and not at all for a row deleted with its
    parent; a key whose value (its last item) is None bumps nothing."""

    def bump_known(key: tuple) -> None:
        if key[-1] is None:
            return
        pending = _pending_bumps.get()
        if pending is None:
            bump(key)
        else:
            pending[(bump, key)] = None

    def saved(sender, instance, raw=False, **kwargs) -> None:
        if not raw:  # fixtures load the database as it was, versions included
            bump_known(key_of(instance))

    def deleted(sender, instance, origin=None, **kwargs) -> None:
        if isinstance(origin, models.Model) and origin is not instance:
            # Deleted with its parent (an activity's staff time with the
            # activity), whose own delete bumps the same unit.
            return
        key = key_of(instance)
        if isinstance(origin, models.QuerySet) and not _announce_once(origin, key):
            return
        bump_known(key)

    uid = f"data_versions:{model._meta.label}"
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid)


def track_configuration(model: type[models.Model]) -> None:
    """Bump the configuration version after every save or delete of a `model` row."""

    def changed(sender, raw=False, **kwargs) -> None:
        if not raw:
            configuration_changed()

    uid = f"data_versions:{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


def track_links(through: type[models.Model]) -> None:
    """Bump the unit after `.add()`, `.remove()`, `.set()` or `.clear()` on a
    many-to-many between two records of one unit (an activity's demand types):
    those write the link rows in bulk, without post_save."""

    operations = is_operations(through)

    def changed(sender, instance, action, **kwargs) -> None:
        if action in {"post_add", "post_remove", "post_clear"}:
            unit_changed(instance.microsystem_id, operations=operations)

    uid = f"data_versions:links:{through._meta.label}"
    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=uid)


def track_configuration_links(through: type[models.Model]) -> None:
    """Bump the configuration version after `.add()`, `.remove()`, `.set()` or
    `.clear()` on a many-to-many of configuration (the units a measure is for)."""

    def changed(sender, action, **kwargs) -> None:
        if action in {"post_add", "post_remove", "post_clear"}:
            configuration_changed()

    uid = f"data_versions:links:{through._meta.label}"
    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=uid)


# Saves of a user that change nothing a report shows: signing in, a new password.
_UNSHOWN_USER_FIELDS = frozenset({"last_login", "password"})


def track_people(user_model: type[models.Model]) -> None:
    """Bump the configuration version when a user's record changes, but not when
    they merely sign in: reports name who recorded a judgement or a measurement."""

    def changed(sender, raw=False, update_fields=None, **kwargs) -> None:
        if raw or (update_fields is not None and set(update_fields) <= _UNSHOWN_USER_FIELDS):
            return
        configuration_changed()

    uid = "data_versions:people"
    post_save.connect(changed, sender=user_model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=user_model, weak=False, dispatch_uid=uid)
