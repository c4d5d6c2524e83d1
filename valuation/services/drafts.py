"""The rule every write to an assessment's inputs follows: only a draft of a unit
that is not archived changes."""

from django.core.exceptions import ValidationError

from microsystems.models import Microsystem
from valuation.models import Assessment, not_draft_message

ARCHIVED = (
    "{name} is archived, so its assessments are read-only: none can be started, changed, "
    "submitted, approved or returned. A manager can restore the microsystem first."
)


def refuse_if_archived(microsystem_id: int) -> None:
    microsystem = Microsystem.objects.only("name", "archived_at").get(pk=microsystem_id)
    if microsystem.is_archived:
        raise ValidationError(ARCHIVED.format(name=microsystem.name))


def lock_draft(assessment_id: int) -> Assessment:
    """Lock the assessment row for this transaction, refusing if it is not a draft or
    its microsystem is archived (weights, judgements, voices and settings alike).

    Call inside transaction.atomic(): the row lock means a submit that lands at
    the same moment waits for this write, and a write after a submit is refused.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    if not assessment.is_draft:
        raise ValidationError(not_draft_message(assessment.status))
    refuse_if_archived(assessment.microsystem_id)
    return assessment
