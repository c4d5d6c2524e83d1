"""Create forms create once: a form sent again finds what it created the first time.

Every create form carries a one-time token (microsystems.forms.submissions).
submission_create_once records the token, with the address of what the form
created, in the same transaction as the record itself, and the database keeps
one row per user and token. So going Back and saving again, a double click or a
retried request creates nothing the second time, even when both copies arrive
at the same instant: the second waits on the first one's row, then finds it.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from microsystems.models import SubmissionToken
from microsystems.selectors.submissions import submission_created_url

ALREADY_SAVED = "This was already saved, so nothing was added twice."
# A resubmit comes seconds or minutes later; a day covers a form left open overnight.
KEEP_TOKENS_FOR = dt.timedelta(days=1)

Created = TypeVar("Created")


@dataclass(frozen=True)
class CreatedOnce(Generic[Created]):
    """What this submission created (None if an earlier one with its token did) and its address."""

    created: Created | None
    url: str


def submission_create_once(
    *,
    user: AbstractBaseUser,
    token: uuid.UUID | None,
    create: Callable[[], Created],
    url_of: Callable[[Created], str],
) -> CreatedOnce[Created]:
    """Run `create` unless this user's form with `token` already created something.

    Without a token (a request not sent from our form) it is a plain create.
    A refusal from `create` (ValidationError) rolls the token back with the
    record, so the corrected form can be sent again with the same token.
    """
    if token is None:
        created = create()
        return CreatedOnce(created=created, url=url_of(created))
    earlier = submission_created_url(user=user, token=token)
    if earlier is not None:
        return CreatedOnce(created=None, url=earlier)
    with transaction.atomic():
        SubmissionToken.objects.filter(created_at__lt=timezone.now() - KEEP_TOKENS_FOR).delete()
        try:
            # The token first, in a savepoint: a copy of this request already
            # inside this block holds the row, so this insert waits for it to
            # commit and then fails instead of creating a second record.
            with transaction.atomic():
                record = SubmissionToken.objects.create(user=user, token=token)
        except IntegrityError:
            earlier = submission_created_url(user=user, token=token)
            if earlier is None:
                raise
            return CreatedOnce(created=None, url=earlier)
        created = create()
        record.created_url = url_of(created)
        record.save(update_fields=["created_url"])
    return CreatedOnce(created=created, url=record.created_url)
