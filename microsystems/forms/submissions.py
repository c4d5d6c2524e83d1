"""Create forms carry a one-time token, so sending one twice creates one record.

The token is new each time an empty create form is shown and kept when the
form comes back with errors (nothing was created yet). The view hands it to
microsystems.services.submissions, which records it with what was created.
"""

import uuid

from core.fields import HiddenTextField

SUBMISSION_TOKEN_FIELD = "submission_token"


def token_from(value) -> uuid.UUID | None:
    """The posted token, or None if there is none or it is not one of ours.

    Only a hand-made request can send a malformed token; it is treated like a
    request without one (a plain create), not as a mistake the user must fix.
    """
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


class OneTimeSubmissionMixin:
    """For forms that create a record: a hidden one-time token (none when editing)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            self.fields[SUBMISSION_TOKEN_FIELD] = HiddenTextField(initial=uuid.uuid4)

    @property
    def posted_submission_token(self) -> uuid.UUID | None:
        """The token as sent, readable before validation (a resubmit skips validation)."""
        if not self.is_bound or SUBMISSION_TOKEN_FIELD not in self.fields:
            return None
        return token_from(self.data.get(self.add_prefix(SUBMISSION_TOKEN_FIELD)))

    def clean(self):
        cleaned = super().clean()
        # Not a field of the record: keep it out of the data the services receive.
        cleaned.pop(SUBMISSION_TOKEN_FIELD, None)
        return cleaned
