"""Two people editing the same record never silently overwrite each other.

An edit form carries a fingerprint of the record as it was when the form was
opened. On save, if the stored record no longer matches, the form is refused
with a message and the other person's change is kept; the form then carries
the new fingerprint, so saving again deliberately replaces it.
"""

import hashlib
import json

from microsystems.forms.fields import HiddenTextField

EDIT_CONFLICT = (
    "Someone else saved a change to this {what} after you opened this page, so nothing was "
    "saved. Reload the page to see their version, or save again to replace it with yours."
)
FINGERPRINT_FIELD = "edit_fingerprint"


def fingerprint(values: list) -> str:
    text = json.dumps(values, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


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
        if self.instance.pk and posted:
            # Runs before the posted values are copied onto the instance, so the
            # instance still holds what is stored now.
            current = self.stored_fingerprint()
            if posted != current:
                self.add_error(None, EDIT_CONFLICT.format(what=self.conflict_what))
                data = self.data.copy()
                data[self.add_prefix(FINGERPRINT_FIELD)] = current
                self.data = data
        return cleaned
