"""The rule every write to an assessment's inputs follows: only a draft changes."""

from django.core.exceptions import ValidationError

from valuation.models import NOT_DRAFT_MESSAGE, Assessment


def lock_draft(assessment_id: int) -> Assessment:
    """Lock the assessment row for this transaction, refusing if it is not a draft.

    Call inside transaction.atomic(): the row lock means a submit that lands at
    the same moment waits for this write, and a write after a submit is refused.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    if not assessment.is_draft:
        raise ValidationError(
            NOT_DRAFT_MESSAGE.format(status=assessment.get_status_display().lower())
        )
    return assessment
