"""Create views create once: the web side of microsystems.services.submissions.

Every create view calls both: `redirect_if_already_saved` before validating
(a form sent again would otherwise fail its own checks, such as a name now
taken by the record it created), and `create_once` to save.
"""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from microsystems.forms.submissions import OneTimeSubmissionMixin
from microsystems.selectors.submissions import submission_created_url
from microsystems.services.submissions import ALREADY_SAVED, submission_create_once

Created = TypeVar("Created")


def redirect_if_already_saved(
    request: HttpRequest, form: OneTimeSubmissionMixin
) -> HttpResponse | None:
    """To what this form created when it was sent before, with a message; else None."""
    url = submission_created_url(user=request.user, token=form.posted_submission_token)
    if url is None:
        return None
    messages.info(request, ALREADY_SAVED)
    return redirect(url)


def create_once(
    request: HttpRequest,
    form: OneTimeSubmissionMixin,
    *,
    create: Callable[[], Created],
    url_of: Callable[[Created], str],
    success_message: Callable[[Created], str],
) -> HttpResponse:
    """Create with a valid form, recording its token; a refusal (ValidationError) propagates."""
    outcome = submission_create_once(
        user=request.user, token=form.posted_submission_token, create=create, url_of=url_of
    )
    if outcome.created is None:
        messages.info(request, ALREADY_SAVED)
    else:
        messages.success(request, success_message(outcome.created))
    return redirect(outcome.url)
