"""An assessment's life: create, change its settings, delete a draft, submit,
approve or return it. Each write is one transaction.

An archived microsystem is read-only (microsystems.permissions), and so are its
assessments: every step here refuses one, reading the microsystem's state in the
step's own transaction, so a page opened before the unit was archived (or a
crafted request) cannot approve, return, submit or change its assessments.

Status changes lock the assessment row (select_for_update) before reading its
status, so two people pressing "submit" and "approve" at the same moment are
served one after the other and the second sees the first one's result. An
illegal step (approving a draft, submitting twice) raises ValidationError with
a message that says why, and nothing changes.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from microsystems.models import Microsystem
from valuation.models import Assessment
from valuation.services.drafts import (  # noqa: F401 (ARCHIVED: the views and tests name it here)
    ARCHIVED,
    lock_draft,
    refuse_if_archived,
)
from valuation.services.transitions import transition_record

SETTINGS_FIELDS = ("period_label", "start_date", "end_date", "judgement_share")

ALREADY_SUBMITTED = (
    "This assessment was already submitted, so it cannot be submitted again. "
    "It is waiting for a manager's review."
)
ALREADY_APPROVED = "This assessment is already approved, so it cannot be submitted again."
NOT_SUBMITTED_FOR_REVIEW = (
    "This assessment is {status}, so there is nothing to review: only a submitted "
    "assessment can be approved or returned."
)
RETURN_NEEDS_COMMENT = (
    "Say why the assessment goes back to draft, so the team leader knows what to change."
)
PERIOD_CLASH = (
    "Another assessment of this microsystem was saved for an overlapping period or with "
    "the same label a moment ago. Reload the page and choose another period."
)


def _save_settings(assessment: Assessment) -> Assessment:
    assessment.full_clean()
    try:
        # A savepoint, so a database refusal (a period saved by someone else a
        # moment ago) leaves the surrounding transaction usable.
        with transaction.atomic():
            assessment.save()
    except IntegrityError as error:
        raise ValidationError({"start_date": PERIOD_CLASH}) from error
    return assessment


@transaction.atomic
def assessment_create(
    *,
    microsystem: Microsystem,
    created_by: AbstractBaseUser | None,
    period_label: str,
    start_date: dt.date,
    end_date: dt.date,
    judgement_share: Decimal = Decimal("0.50"),
) -> Assessment:
    """Start a draft assessment of `microsystem` for one period."""
    refuse_if_archived(microsystem.pk)
    assessment = Assessment(
        microsystem=microsystem,
        created_by=created_by,
        period_label=period_label.strip(),
        start_date=start_date,
        end_date=end_date,
        judgement_share=judgement_share,
    )
    return _save_settings(assessment)


@transaction.atomic
def assessment_update(*, assessment: Assessment, **settings) -> Assessment:
    """Change a draft's label, dates or share of judgement; refused once submitted."""
    unknown = set(settings) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not assessment settings: {sorted(unknown)}")
    locked = lock_draft(assessment.pk)
    for field, value in settings.items():
        setattr(locked, field, value.strip() if field == "period_label" else value)
    return _save_settings(locked)


@transaction.atomic
def assessment_delete(*, assessment: Assessment) -> None:
    """Delete a draft with its weights, judgements and voice weights (they cascade)."""
    lock_draft(assessment.pk)
    Assessment.objects.filter(pk=assessment.pk).delete()


def _lock(assessment: Assessment) -> Assessment:
    """The assessment, locked for this transaction; refused if its microsystem is archived."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    refuse_if_archived(locked.microsystem_id)
    return locked


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user: AbstractBaseUser) -> Assessment:
    """Draft -> submitted. Missing pieces are the checklist's warnings, not refusals."""
    locked = _lock(assessment)
    if locked.status == Assessment.Status.SUBMITTED:
        raise ValidationError(ALREADY_SUBMITTED)
    if locked.status == Assessment.Status.APPROVED:
        raise ValidationError(ALREADY_APPROVED)
    from_status = locked.status
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = user
    # The step is an AssessmentTransition; the settings' history leaves it out.
    locked.skip_history_when_saving = True
    locked.save(update_fields=["status", "submitted_at", "submitted_by"])
    del locked.skip_history_when_saving
    transition_record(
        assessment=locked, from_status=from_status, to_status=locked.status, user=user
    )
    return locked


def _lock_submitted(assessment: Assessment) -> Assessment:
    locked = _lock(assessment)
    if locked.status != Assessment.Status.SUBMITTED:
        raise ValidationError(
            NOT_SUBMITTED_FOR_REVIEW.format(status=locked.get_status_display().lower())
        )
    return locked


def _record_review(
    locked: Assessment, to_status: str, user: AbstractBaseUser, comment: str
) -> Assessment:
    from_status = locked.status
    locked.status = to_status
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = user
    locked.review_comment = comment
    # The step is an AssessmentTransition; the settings' history leaves it out.
    locked.skip_history_when_saving = True
    locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_comment"])
    del locked.skip_history_when_saving
    transition_record(
        assessment=locked, from_status=from_status, to_status=to_status, user=user, comment=comment
    )
    return locked


@transaction.atomic
def assessment_approve(
    *, assessment: Assessment, user: AbstractBaseUser, comment: str = ""
) -> Assessment:
    """Submitted -> approved: the assessment becomes a record that no longer changes."""
    locked = _lock_submitted(assessment)
    return _record_review(locked, Assessment.Status.APPROVED, user, comment.strip())


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, user: AbstractBaseUser, comment: str
) -> Assessment:
    """Submitted -> draft, with the reason, so the team leader can put it right."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": RETURN_NEEDS_COMMENT})
    locked = _lock_submitted(assessment)
    return _record_review(locked, Assessment.Status.DRAFT, user, comment)
