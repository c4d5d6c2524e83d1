"""Change history pages, for any app: who changed what, when, from which value to which.

An app declares each kind of record it keeps history of as a HistorySource:
how to find the rows of one scope (a microsystem, an assessment), which of
their fields hold the date, the author and the id, and how to name the record.
Sources are either django-simple-history's historical models (one row per
saved version) or event logs (one row per upload or transition).

`history_page` merges every source into one list, newest first, filtered by
kind and person and paginated, in a fixed number of queries whatever the
page: one UNION query for the page's rows and one for their count, then per
source on the page one for the records and (historical sources) one for the
versions before them, which give each change's old value.

Nothing here knows an app; the apps' sources say what their records are.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Value

PAGE_SIZE = 25
ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}
RESTORE_CLASH = (
    "This version cannot be restored: it clashes with a record saved since "
    "(the same name, or the same stakeholder and dimension). Change or delete that one first."
)
RESTORED = "Restored {what} as it was on {when}."
NOTHING = "—"


@dataclass(frozen=True)
class HistorySource:
    """One kind of record with a history, in one kind of scope.

    `rows(scope)` returns the history rows of a scope (a QuerySet); for a
    simple-history model they are its historical records, and `describe`,
    `related` and `restore_refusal` work on them. `details(record)` (event
    sources) lists (label, old, new) lines instead of a diff.
    """

    kind: str
    label: str
    rows: Callable[[Any], models.QuerySet]
    describe: Callable[[Any], str]
    date_field: str = "history_date"
    user_field: str = "history_user"
    pk_field: str = "history_id"
    related: tuple[str, ...] = ()
    details: Callable[[Any], list[tuple[str, str, str]]] | None = None
    action: Callable[[Any], str] | None = None
    # Says why a version cannot be restored in this scope ("" when it can);
    # None: this kind is not restored (event logs).
    restore_refusal: Callable[[Any, Any], str] | None = None
    hidden_fields: tuple[str, ...] = ()
    # Fields a restore leaves as they are now (a unit's archive date and address).
    kept_fields: tuple[str, ...] = ()

    @property
    def is_historical(self) -> bool:
        return self.pk_field == "history_id"


@dataclass
class HistoryEntry:
    kind: str
    kind_label: str
    at: datetime
    user: Any
    action: str
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    history_id: int | None = None  # set where this version may be restored

    @property
    def who(self) -> str:
        if self.user is None:
            return "Unknown (a script or someone since removed)"
        return self.user.get_full_name() or self.user.get_username()


def _union(sources: Sequence[HistorySource], scope: Any, person_id: int | None):
    parts = []
    for source in sources:
        rows = source.rows(scope)
        if person_id is not None:
            rows = rows.filter(**{f"{source.user_field}_id": person_id})
        parts.append(
            rows.order_by()
            .annotate(
                entry_kind=Value(source.kind, output_field=models.CharField()),
                entry_id=F(source.pk_field),
                entry_at=F(source.date_field),
                entry_user=F(f"{source.user_field}_id"),
            )
            .values_list("entry_kind", "entry_id", "entry_at", "entry_user")
        )
    if not parts:
        return None
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by("-entry_at", "-entry_id")


def people_in_history(sources: Sequence[HistorySource], scope: Any) -> list[tuple[int, str]]:
    """(user id, name) of everyone who changed something in the scope: one query."""
    parts = [
        source.rows(scope)
        .order_by()
        .filter(**{f"{source.user_field}__isnull": False})
        .values_list(f"{source.user_field}_id", flat=True)
        for source in sources
    ]
    if not parts:
        return []
    ids = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0].distinct()
    users = get_user_model().objects.filter(pk__in=ids).order_by("username")
    return [(user.pk, user.get_full_name() or user.get_username()) for user in users]


def history_page(
    sources: Sequence[HistorySource],
    scope: Any,
    *,
    kind: str = "",
    person_id: int | None = None,
    page_number: Any = 1,
    page_size: int = PAGE_SIZE,
) -> tuple[Page, list[HistoryEntry]]:
    """One page of the scope's history, newest first, and its entries worded."""
    chosen = [source for source in sources if not kind or source.kind == kind]
    combined = _union(chosen, scope, person_id)
    paginator = Paginator(combined if combined is not None else [], page_size)
    page = paginator.get_page(page_number)
    rows = list(page.object_list)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for entry_kind, entry_id, _at, _user in rows:
        by_kind[entry_kind].append(entry_id)
    records: dict[tuple[str, int], tuple[HistorySource, Any, Any]] = {}
    for source in chosen:
        # Every source is read even when the page holds none of its rows (id 0 is no
        # row), so the page takes the same number of queries whatever it shows.
        ids = by_kind.get(source.kind) or [0]
        rows_of_source = source.rows(scope)
        found = list(
            rows_of_source.filter(**{f"{source.pk_field}__in": ids}).select_related(
                source.user_field, *source.related
            )
        )
        previous = _previous_versions(rows_of_source.model, found) if source.is_historical else {}
        for record in found:
            key = (source.kind, getattr(record, source.pk_field))
            before = previous.get(record.history_id) if source.is_historical else None
            records[key] = (source, record, before)
    entries = []
    for entry_kind, entry_id, _at, _user in rows:
        source, record, before = records[(entry_kind, entry_id)]
        entries.append(_entry(source, record, before, scope))
    return page, entries


def _previous_versions(model: type[models.Model], records: list) -> dict[int, Any]:
    """For each historical record, the version saved just before it (one query, always)."""
    object_ids = {record.id for record in records} or {0}
    latest = max((record.history_date for record in records), default=None)
    versions: dict[int, list] = defaultdict(list)
    earlier_than_latest = {"history_date__lte": latest} if latest else {}
    for version in model.objects.filter(id__in=object_ids, **earlier_than_latest).order_by(
        "history_date", "history_id"
    ):
        versions[version.id].append(version)
    previous = {}
    for record in records:
        earlier = [
            version
            for version in versions[record.id]
            if (version.history_date, version.history_id) < (record.history_date, record.history_id)
        ]
        if earlier:
            previous[record.history_id] = earlier[-1]
    return previous


def value_text(model_field: models.Field | None, value: Any) -> str:
    """A stored value as a person reads it: choices by label, yes/no, no value as a dash."""
    if value is None or value == "":
        return NOTHING
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y %H:%M")
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _field_label(model: type[models.Model], name: str) -> tuple[models.Field | None, str]:
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed from the model
        return None, name.replace("_", " ")
    label = str(getattr(model_field, "verbose_name", name))
    return model_field, label[:1].upper() + label[1:]


def _tracked_fields(record: Any, hidden: tuple[str, ...]) -> list[str]:
    return [
        model_field.name
        for model_field in record.tracked_fields
        if model_field.editable
        and not model_field.primary_key
        and not model_field.is_relation
        and model_field.name not in hidden
    ]


def _entry(source: HistorySource, record: Any, before: Any, scope: Any) -> HistoryEntry:
    user = getattr(record, source.user_field)
    at = getattr(record, source.date_field)
    entry = HistoryEntry(
        kind=source.kind,
        kind_label=source.label,
        at=at,
        user=user,
        action="",
        what=source.describe(record),
    )
    if not source.is_historical:
        entry.action = source.action(record) if source.action else "recorded"
        entry.changes = source.details(record) if source.details else []
        return entry
    entry.action = ACTIONS.get(record.history_type, record.history_type)
    model = record.instance_type
    fields = _tracked_fields(record, source.hidden_fields)
    if record.history_type in "+-" or before is None:
        # An addition shows what was added; a deletion, what was lost (its last values).
        for name in fields:
            model_field, label = _field_label(model, name)
            value = value_text(model_field, getattr(record, name))
            if value != NOTHING:
                pair = (value, NOTHING) if record.history_type == "-" else (NOTHING, value)
                entry.changes.append((label, *pair))
    elif record.history_type == "~":
        delta = record.diff_against(before, included_fields=fields)
        for change in delta.changes:
            model_field, label = _field_label(model, change.field)
            entry.changes.append(
                (label, value_text(model_field, change.old), value_text(model_field, change.new))
            )
    if source.restore_refusal is not None:
        entry.history_id = record.history_id
    return entry


def history_restore(
    source: HistorySource, scope: Any, history_id: int, *, user: Any
) -> models.Model:
    """Save the record as it was in version `history_id`, recorded as `user`'s change.

    In one transaction: the source's refusal (a record of an approved
    assessment, an archived unit) is checked first, then the version is
    validated as a new edit would be. Raises ValidationError with the reason;
    nothing is saved then.
    """
    if source.restore_refusal is None or not source.is_historical:
        raise ValidationError("This kind of record cannot be restored.")
    with transaction.atomic():
        record = source.rows(scope).filter(history_id=history_id).first()
        if record is None:
            raise ValidationError("There is no such version in this history.")
        refusal = source.restore_refusal(scope, record)
        if refusal:
            raise ValidationError(refusal)
        instance = record.instance
        instance._history_user = user
        # A version of a record that still exists is an edit of it (its own name is
        # no clash); one of a deleted record is added again under its old id.
        current = type(instance)._default_manager.filter(pk=instance.pk).first()
        instance._state.adding = current is None
        for name in source.kept_fields if current is not None else ():
            setattr(instance, name, getattr(current, name))
        instance.full_clean()
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError:
            raise ValidationError(RESTORE_CLASH) from None
    return instance


def delete_with_history(queryset: models.QuerySet, *, user: Any) -> int:
    """Delete rows one by one so each deletion's history row names `user`.

    A queryset's delete() records its deletions without an author outside a web
    request; the services that replace a few rows wholesale (a stakeholder's
    judgements, weights, voice weights) know who is replacing them.
    """
    deleted = 0
    for record in queryset:
        if getattr(user, "is_authenticated", False):
            record._history_user = user
        record.delete()
        deleted += 1
    return deleted
