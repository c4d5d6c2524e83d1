"""What the History pages list from this app.

A microsystem's page: the measures it uses (configured by admins, so shown
but not restored from here) and every step of its assessments. An
assessment's page: its settings, weights, judgements, voice weights and steps.
A version of a weight, judgement or voice weight is restored only into a draft:
a submitted or approved assessment is a record, and stays as it is.
"""

from django.db.models import Q

from core.history import HistorySource
from microsystems.history import GONE
from valuation.models import (
    Assessment,
    AssessmentTransition,
    DimensionWeight,
    Judgement,
    Measure,
    StakeholderWeight,
    VoiceWeight,
)
from valuation.services.transitions import step_words

RESTORE_NOT_DRAFT = (
    "This assessment is {status}, so nothing can be restored into it: only a draft's "
    "weights, judgements and voice weights can be restored."
)
RESTORE_ARCHIVED = "This microsystem is archived, so nothing of it can be restored."


def refuse_unless_draft(assessment: Assessment, record) -> str:
    """Read under a row lock, so a submission at the same moment waits for the restore."""
    current = (
        Assessment.objects.select_for_update()
        .select_related("microsystem")
        .only("status", "microsystem__archived_at")
        .get(pk=assessment.pk)
    )
    if current.microsystem.is_archived:
        return RESTORE_ARCHIVED
    if current.status != Assessment.Status.DRAFT:
        return RESTORE_NOT_DRAFT.format(status=current.get_status_display().lower())
    return ""


def _name(related, attribute: str = "name") -> str:
    return getattr(related, attribute) if related is not None else GONE


def _measures_used(microsystem) -> Q:
    return Q(applies_to_all=True) | Q(
        id__in=Measure.microsystems.through.objects.filter(microsystem_id=microsystem.pk).values(
            "measure_id"
        )
    )


def _judgement(record) -> str:
    subject = f" of “{record.activity.name}”" if record.activity_id and record.activity else ""
    return f"Judgement by {_name(record.stakeholder)} on {_name(record.dimension)}{subject}"


def _dimension_weight(record) -> str:
    stakeholder_weight = record.stakeholder_weight
    who = _name(stakeholder_weight.stakeholder) if stakeholder_weight else GONE
    return f"Weight of {_name(record.dimension)} for {who}"


def _transition_details(transition: AssessmentTransition) -> list[tuple[str, str, str]]:
    lines = [
        (
            "Status",
            Assessment.Status(transition.from_status).label,
            Assessment.Status(transition.to_status).label,
        )
    ]
    if transition.comment:
        lines.append(("Comment", "", transition.comment))
    return lines


def _transition(scope_filter):
    return lambda scope: AssessmentTransition.objects.filter(**scope_filter(scope))


TRANSITION_FIELDS = {
    "date_field": "at",
    "user_field": "by",
    "pk_field": "id",
    "details": _transition_details,
    "action": lambda record: step_words(record.from_status, record.to_status),
}

MICROSYSTEM_SOURCES = [
    HistorySource(
        kind="measure",
        label="Measures",
        rows=lambda microsystem: Measure.history.filter(_measures_used(microsystem)),
        describe=lambda record: f"Measure “{record.name}”",
    ),
    HistorySource(
        kind="assessment_step",
        label="Assessment steps",
        rows=_transition(lambda microsystem: {"assessment__microsystem": microsystem}),
        describe=lambda record: f"Assessment {record.assessment.period_label}",
        related=("assessment",),
        **TRANSITION_FIELDS,
    ),
]

ASSESSMENT_SOURCES = [
    HistorySource(
        kind="settings",
        label="Settings",
        rows=lambda assessment: Assessment.history.filter(id=assessment.pk),
        describe=lambda record: f"Settings of {record.period_label}",
        hidden_fields=("voice_weights_set_at",),
    ),
    HistorySource(
        kind="weights",
        label="Weights",
        rows=lambda assessment: StakeholderWeight.history.filter(assessment_id=assessment.pk),
        describe=lambda record: f"Weights of {_name(record.stakeholder)}",
        related=("stakeholder",),
        restore_refusal=refuse_unless_draft,
        hidden_fields=("answers",),
    ),
    HistorySource(
        kind="dimension_weight",
        label="Weights by dimension",
        rows=lambda assessment: DimensionWeight.history.filter(
            stakeholder_weight_id__in=StakeholderWeight.history.filter(
                assessment_id=assessment.pk
            ).values("id")
        ),
        describe=_dimension_weight,
        related=("stakeholder_weight__stakeholder", "dimension"),
        restore_refusal=refuse_unless_draft,
    ),
    HistorySource(
        kind="judgement",
        label="Judgements",
        rows=lambda assessment: Judgement.history.filter(assessment_id=assessment.pk),
        describe=_judgement,
        related=("stakeholder", "dimension", "activity"),
        restore_refusal=refuse_unless_draft,
    ),
    HistorySource(
        kind="voice",
        label="Voice weights",
        rows=lambda assessment: VoiceWeight.history.filter(assessment_id=assessment.pk),
        describe=lambda record: f"Voice weight of {_name(record.stakeholder)}",
        related=("stakeholder",),
        restore_refusal=refuse_unless_draft,
    ),
    HistorySource(
        kind="assessment_step",
        label="Steps",
        rows=_transition(lambda assessment: {"assessment": assessment}),
        describe=lambda record: "Status",
        **TRANSITION_FIELDS,
    ),
]
