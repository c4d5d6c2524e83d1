"""Voice weights: how much each stakeholder's perspective counts in the overall value.

Equal voices are the default and are stored as no VoiceWeight rows at all.
Setting other weights needs a written reason, kept on the assessment with who
set them and when. Weights are relative (2 counts twice as much as 1); the
scoring engine normalises them.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.history import delete_with_history
from microsystems.data_versions import bumps_once
from stakeholders.models import Stakeholder
from valuation.input_versions import assessment_inputs_changed
from valuation.models import Assessment, VoiceWeight
from valuation.services.drafts import lock_draft

VOICE_NEGATIVE = "A voice weight cannot be negative."
VOICES_ALL_ZERO = (
    "At least one stakeholder's voice must count: give at least one a weight above zero."
)
VOICE_RATIONALE_REQUIRED = (
    "The voices are not equal, so say why some count more than others "
    "(for example, who agreed it and on what grounds)."
)
VOICE_UNKNOWN_STAKEHOLDER = (
    "Stakeholder {stakeholder_id} is not one of this microsystem's stakeholders, "
    "so nothing was saved. Reload the page and try again."
)
VOICE_MISSING_STAKEHOLDER = (
    "Give a voice weight for every stakeholder; missing: {names}. "
    "Reload the page if a stakeholder was added while you were editing."
)
VOICE_FIELDS = ["voice_weights_rationale", "voice_weights_set_by", "voice_weights_set_at"]


def _record(assessment: Assessment, rationale: str, user: AbstractBaseUser) -> Assessment:
    assessment.voice_weights_rationale = rationale
    assessment.voice_weights_set_by = user
    assessment.voice_weights_set_at = timezone.now()
    assessment.save(update_fields=VOICE_FIELDS)
    return assessment


@transaction.atomic
def voice_weights_set(
    *,
    assessment: Assessment,
    weights: Mapping[int, Decimal],
    rationale: str,
    user: AbstractBaseUser,
) -> Assessment:
    """Store relative voice weights by stakeholder id, all or nothing.

    All weights equal means equal voices: the rows are removed and the
    rationale cleared, exactly as "reset to equal voices" does.
    """
    locked = lock_draft(assessment.pk)
    stakeholders = {
        stakeholder.pk: stakeholder
        for stakeholder in Stakeholder.objects.filter(microsystem_id=locked.microsystem_id)
    }
    unknown = sorted(set(weights) - set(stakeholders))
    if unknown:
        raise ValidationError(VOICE_UNKNOWN_STAKEHOLDER.format(stakeholder_id=unknown[0]))
    missing = sorted(stakeholders[pk].name for pk in set(stakeholders) - set(weights))
    if missing:
        raise ValidationError(VOICE_MISSING_STAKEHOLDER.format(names=", ".join(missing)))
    if any(weight is None or weight < 0 for weight in weights.values()):
        raise ValidationError(VOICE_NEGATIVE)
    if weights and not any(weight > 0 for weight in weights.values()):
        raise ValidationError(VOICES_ALL_ZERO)
    rationale = rationale.strip()
    equal = len(set(weights.values())) <= 1
    if not equal and not rationale:
        raise ValidationError({"voice_weights_rationale": VOICE_RATIONALE_REQUIRED})

    with bumps_once():  # one bump for the rows deleted, not one each
        delete_with_history(VoiceWeight.objects.filter(assessment=locked), user=user)
    if equal:
        return _record(locked, "", user)
    rows = [
        VoiceWeight(assessment=locked, stakeholder=stakeholders[pk], weight=weight)
        for pk, weight in weights.items()
    ]
    for row in rows:
        row.full_clean(exclude=["assessment", "stakeholder"])
    bulk_create_with_history(rows, VoiceWeight, default_user=user)
    assessment_inputs_changed(locked.pk)  # bulk_create sends no signal
    return _record(locked, rationale, user)


@transaction.atomic
def voice_weights_reset(*, assessment: Assessment, user: AbstractBaseUser) -> Assessment:
    """Back to equal voices: no rows, no rationale; who reset them and when is kept."""
    locked = lock_draft(assessment.pk)
    with bumps_once():  # one bump for the rows deleted, not one each
        delete_with_history(VoiceWeight.objects.filter(assessment=locked), user=user)
    return _record(locked, "", user)
