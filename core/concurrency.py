"""Two people editing the same record never silently overwrite each other.

An edit form carries a fingerprint of the record as it was when the form was
opened. On save, if the stored record no longer matches, the form is refused
with a message and the other person's change is kept; the form then carries
the new fingerprint, so saving again deliberately replaces it.

The check and the save run in one transaction that holds a lock on the
record's row (`edit_lock`), so two saves sent at the same instant cannot both
pass the check: the second waits for the first to commit, then sees its change.
"""

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.db import models, transaction
from django.http import Http404, HttpRequest

from core.fields import HiddenTextField

EDIT_CONFLICT = (
    "Someone else saved a change to this {what} after you opened this page, so nothing was "
    "saved. Reload the page to see their version, or save again to replace it with yours."
)
FINGERPRINT_MISSING = (
    "Nothing was saved: the form did not say which version of the {what} it was opened on, "
    "so saving it could have replaced someone else's change unseen. Check the values below "
    "and save again."
)
FINGERPRINT_FIELD = "edit_fingerprint"


def fingerprint(values: list) -> str:
    text = json.dumps(values, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def check_fingerprint(form: forms.Form, *, posted: str | None, current: str, what: str) -> None:
    """Refuse the save (a form error) unless the posted fingerprint is the current one.

    A missing fingerprint is refused too: without it nothing says which version
    the sender saw. Either way the re-shown form carries the current fingerprint.
    """
    if posted == current:
        return
    form.add_error(None, (EDIT_CONFLICT if posted else FINGERPRINT_MISSING).format(what=what))
    data = form.data.copy()
    data[form.add_prefix(FINGERPRINT_FIELD)] = current
    form.data = data


def _lock_and_reload(row: models.Model) -> None:
    """Lock the row until the transaction ends and copy its stored values onto `row`.

    Not refresh_from_db: that would drop the cached related objects the view
    loaded (such as the microsystem with its access rights). A row deleted since
    the view loaded it is not found (404), rather than saved back into being.
    """
    locked = type(row)._base_manager.select_for_update().filter(pk=row.pk).first()
    if locked is None:
        raise Http404(f"This {row._meta.verbose_name} was deleted meanwhile.")
    deferred = row.get_deferred_fields()
    for field in row._meta.concrete_fields:
        if field.attname not in deferred:
            setattr(row, field.attname, getattr(locked, field.attname))


@contextmanager
def edit_lock(request: HttpRequest, *rows: models.Model | None) -> Iterator[None]:
    """On a POST, one transaction for the form's conflict check and the save.

    Build the form, validate it and call the service inside the block. Each of
    `rows` (the record edited, or the row that owns an edited set, such as the
    assessment for its judgements) is locked and reloaded first, so the check
    compares with what is stored now; a second save at the same instant waits
    here until the first one has committed, then sees its change and is refused.
    On SQLite select_for_update does nothing; there the transaction itself takes
    the database's write lock as it begins (settings: transaction_mode IMMEDIATE).
    A GET takes no lock, nor a create (no saved row to lock).
    """
    saved_rows = [row for row in rows if row is not None and row.pk is not None]
    if request.method != "POST" or not saved_rows:
        yield
        return
    with transaction.atomic():
        for row in saved_rows:
            _lock_and_reload(row)
        yield


class EditConflictMixin:
    """For ModelForms: refuse a save over a change made since the form was shown."""

    conflict_what = "record"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[FINGERPRINT_FIELD] = HiddenTextField(initial=self.stored_fingerprint())

    def fingerprint_values(self) -> list:
        """The stored values that matter; subclasses add related rows."""
        return [
            [name, getattr(self.instance, name, None)]
            for name in self._meta.fields
            if name in self.fields and not self.instance._meta.get_field(name).many_to_many
        ]

    def stored_fingerprint(self) -> str:
        return fingerprint(self.fingerprint_values())

    def clean(self):
        cleaned = super().clean()
        posted = cleaned.pop(FINGERPRINT_FIELD, None)
        if self.instance.pk:
            # Runs before the posted values are copied onto the instance, so the
            # instance still holds what is stored now (reloaded under edit_lock).
            check_fingerprint(
                self, posted=posted, current=self.stored_fingerprint(), what=self.conflict_what
            )
        return cleaned
