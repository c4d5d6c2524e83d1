"""Freezing an approved assessment's record, and reopening it.

`record_freeze` runs inside the approval's transaction, after the assessment row
is locked: it reads the engine's inputs with the same selectors as the page,
runs the engine, and stores inputs, result and the perspectives page's frames as
JSON (valuation.records.codec). What is stored is what the approved pages show
from then on.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from valuation.models import Assessment, AssessmentRecord
from valuation.records.codec import encode
from valuation.scoring.engine import assess
from valuation.selectors.account import assessment_inputs
from valuation.selectors.perspectives import perspective_frames
from valuation.selectors.records import headline_figures, pages_now, record_context
from valuation.services.drafts import refuse_if_archived
from valuation.services.transitions import transition_record

REOPEN_NEEDS_REASON = (
    "Say why the approved assessment is reopened: the reason is kept with the approved "
    "version it replaces."
)
NOT_APPROVED_FOR_REOPEN = (
    "This assessment is {status}, so there is nothing to reopen: only an approved "
    "assessment can be reopened."
)


def person_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def record_freeze(
    *,
    assessment: Assessment,
    approved_by: AbstractBaseUser | None,
    approved_at: dt.datetime,
    comment: str = "",
    on_first_view: bool = False,
) -> AssessmentRecord:
    """Store what the engine used and returned for `assessment` as a new version.

    Call inside a transaction holding the assessment row's lock, so nothing
    changes its weights, judgements or voices while they are read.
    """
    inputs = assessment_inputs(assessment)
    result = assess(inputs)
    latest = AssessmentRecord.objects.filter(assessment_id=assessment.pk).aggregate(
        latest=Max("version")
    )["latest"]
    return AssessmentRecord.objects.create(
        assessment=assessment,
        version=(latest or 0) + 1,
        approved_at=approved_at,
        approved_by=approved_by,
        approved_by_name=person_name(approved_by),
        approval_comment=comment,
        frozen_at=timezone.now(),
        frozen_on_first_view=on_first_view,
        inputs=encode(inputs),
        result=encode(result),
        perspectives=encode(perspective_frames(assessment)),
        context=record_context(assessment),
        pages=encode(pages_now(assessment)),
        **headline_figures(inputs, result),
    )


@transaction.atomic
def record_freeze_if_missing(*, assessment: Assessment) -> tuple[AssessmentRecord | None, bool]:
    """The record of an assessment approved before records were kept, made once:
    (its current record, whether this call made it); (None, False) unless approved.

    Its figures are today's, frozen from now on; the record says so. Two at once
    (two first views, or a view and `manage.py freeze_approved_records`): the row
    lock serves them in turn and the second finds the record.
    """
    # Only the assessment's own row: PostgreSQL locks no nullable side of a join.
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("reviewed_by")
        .get(pk=assessment.pk)
    )
    locked.microsystem = assessment.microsystem
    existing = AssessmentRecord.objects.filter(
        assessment_id=locked.pk, superseded_at__isnull=True
    ).first()
    if existing is not None or locked.status != Assessment.Status.APPROVED:
        return existing, False
    record = record_freeze(
        assessment=locked,
        approved_by=locked.reviewed_by,
        approved_at=locked.reviewed_at or timezone.now(),
        comment=locked.review_comment,
        on_first_view=True,
    )
    return record, True


def record_freeze_on_first_view(*, assessment: Assessment) -> AssessmentRecord | None:
    """The current record of an approved assessment, frozen now if it has none."""
    return record_freeze_if_missing(assessment=assessment)[0]


def approved_without_record() -> list[Assessment]:
    """Approved assessments with no current record, oldest first (one query)."""
    current = AssessmentRecord.objects.filter(
        assessment_id=OuterRef("pk"), superseded_at__isnull=True
    )
    return list(
        Assessment.objects.filter(status=Assessment.Status.APPROVED)
        .filter(~Exists(current))
        .select_related("microsystem")
        .order_by("reviewed_at", "pk")
    )


@transaction.atomic
def assessment_reopen(
    *, assessment: Assessment, user: AbstractBaseUser, reason: str
) -> AssessmentRecord:
    """Approved -> draft, with the reason. The approved record is kept, superseded.

    Returns the superseded record. An assessment approved before records were kept
    is frozen first, so its approved figures stay readable as version 1.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": REOPEN_NEEDS_REASON})
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    refuse_if_archived(locked.microsystem_id)
    if locked.status != Assessment.Status.APPROVED:
        raise ValidationError(
            NOT_APPROVED_FOR_REOPEN.format(status=locked.get_status_display().lower())
        )
    locked.microsystem = assessment.microsystem
    record = AssessmentRecord.objects.filter(
        assessment_id=locked.pk, superseded_at__isnull=True
    ).first()
    if record is None:
        record = record_freeze(
            assessment=locked,
            approved_by=locked.reviewed_by,
            approved_at=locked.reviewed_at or timezone.now(),
            comment=locked.review_comment,
            on_first_view=True,
        )
    record.superseded_at = timezone.now()
    record.superseded_by = user
    record.superseded_by_name = person_name(user)
    record.reopen_reason = reason
    record.save(
        update_fields=["superseded_at", "superseded_by", "superseded_by_name", "reopen_reason"]
    )
    locked.status = Assessment.Status.DRAFT
    # The step is an AssessmentTransition (the timeline); the settings' history leaves it out.
    locked.skip_history_when_saving = True
    locked.save(update_fields=["status"])
    del locked.skip_history_when_saving
    transition_record(
        assessment=locked,
        from_status=Assessment.Status.APPROVED,
        to_status=Assessment.Status.DRAFT,
        user=user,
        comment=reason,
    )
    return record
