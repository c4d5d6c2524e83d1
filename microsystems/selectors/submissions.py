"""Where a create form that was already sent put what it created."""

import uuid

from microsystems.models import SubmissionToken


def submission_created_url(*, user, token: uuid.UUID | None) -> str | None:
    """The address of what this user's form with `token` created, or None if it created nothing.

    One query (the unique index on user and token); none without a token.
    """
    if token is None or not user.is_authenticated:
        return None
    return (
        SubmissionToken.objects.filter(user=user, token=token)
        .values_list("created_url", flat=True)
        .first()
    )
