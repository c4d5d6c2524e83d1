"""Record stakeholders' judgements (0..10 with a written rationale) for a draft assessment.

Two kinds, both replaced wholesale per stakeholder in one transaction after
lock_draft: the judgement of each value dimension (activity empty), and the
judgement of each activity's contribution to the public value goal on each
dimension. Only active dimensions are offered and replaced; judgements made
on a dimension before it was retired stay as they were.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core.history import delete_with_history
from microsystems.data_versions import bumps_once
from microsystems.models import Activity
from stakeholders.models import Stakeholder
from valuation.input_versions import assessment_inputs_changed
from valuation.models import JUDGEMENT_SCORE_RANGE, Assessment, Judgement, ValueDimension
from valuation.services.drafts import lock_draft
from valuation.services.weights import check_active, check_stakeholder

RATIONALE_REQUIRED = "Say why: every score needs a written rationale."
ACTIVITY_NOT_HERE = "{activity} is an activity of another microsystem."
JUDGED_TWICE = "{subject} is judged twice: give it one score."
ACTIVITY_MISSING = "A judgement of an activity's contribution needs the activity."
ACTIVITY_NOT_EXPECTED = "A judgement of a dimension is not about one activity."


@dataclass(frozen=True)
class JudgementInput:
    """One score: of a dimension, or of an activity's contribution on a dimension."""

    dimension: ValueDimension
    score: int
    rationale: str
    activity: Activity | None = None

    @property
    def subject(self) -> str:
        return f"{self.activity}, {self.dimension}" if self.activity else str(self.dimension)


def _check_inputs(
    assessment: Assessment, judgements: list[JudgementInput], *, of_activities: bool
) -> None:
    errors: list[str] = []
    seen: set[tuple[int | None, int]] = set()
    for judgement in judgements:
        subject = judgement.subject
        if of_activities and judgement.activity is None:
            errors.append(ACTIVITY_MISSING)
        if not of_activities and judgement.activity is not None:
            errors.append(ACTIVITY_NOT_EXPECTED)
        activity = judgement.activity
        if activity is not None and activity.microsystem_id != assessment.microsystem_id:
            errors.append(ACTIVITY_NOT_HERE.format(activity=activity))
        score = judgement.score
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            errors.append(f"{subject}: {JUDGEMENT_SCORE_RANGE}")
        if not (judgement.rationale or "").strip():
            errors.append(f"{subject}: {RATIONALE_REQUIRED}")
        key = (activity.pk if activity else None, judgement.dimension.pk)
        if key in seen:
            errors.append(JUDGED_TWICE.format(subject=subject))
        seen.add(key)
    if errors:
        raise ValidationError(errors)


def _replace(
    *,
    assessment: Assessment,
    stakeholder: Stakeholder,
    judgements: Iterable[JudgementInput],
    recorded_by,
    of_activities: bool,
) -> list[Judgement]:
    locked = lock_draft(assessment.pk)
    check_stakeholder(locked, stakeholder)
    judgements = list(judgements)
    active = list(ValueDimension.objects.active())
    check_active({judgement.dimension for judgement in judgements}, active)
    _check_inputs(locked, judgements, of_activities=of_activities)
    with bumps_once():  # one bump for the rows deleted, not one each
        deleted = delete_with_history(
            Judgement.objects.filter(
                assessment=locked,
                stakeholder=stakeholder,
                activity__isnull=not of_activities,
                dimension__in=active,
            ),
            user=recorded_by,
        )
    if not deleted:
        # bulk_create sends no signal. Rows deleted above made the very same bump
        # (their assessment's, of activities or not, as these), in this transaction.
        assessment_inputs_changed(locked.pk, activity_judgements=of_activities)
    # With history: each judgement's history row is written in the same few statements.
    return bulk_create_with_history(
        [
            Judgement(
                assessment=locked,
                stakeholder=stakeholder,
                dimension=judgement.dimension,
                activity=judgement.activity,
                score=judgement.score,
                rationale=judgement.rationale.strip(),
                recorded_by=recorded_by,
            )
            for judgement in judgements
        ],
        Judgement,
        default_user=recorded_by,
    )


@transaction.atomic
def dimension_judgements_replace(
    *,
    assessment: Assessment,
    stakeholder: Stakeholder,
    judgements: Iterable[JudgementInput],
    recorded_by=None,
) -> list[Judgement]:
    """The stakeholder's judgements of the active dimensions become exactly `judgements`.

    A dimension left out is "not judged": any earlier judgement of it is removed.
    """
    return _replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=judgements,
        recorded_by=recorded_by,
        of_activities=False,
    )


@transaction.atomic
def activity_judgements_replace(
    *,
    assessment: Assessment,
    stakeholder: Stakeholder,
    judgements: Iterable[JudgementInput],
    recorded_by=None,
) -> list[Judgement]:
    """The stakeholder's judgements of activities' contributions (on active dimensions)
    become exactly `judgements`; every activity and dimension left out is not judged."""
    return _replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=judgements,
        recorded_by=recorded_by,
        of_activities=True,
    )
