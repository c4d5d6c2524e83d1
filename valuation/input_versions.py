"""Each assessment's inputs_version: what its weights, judgements and voice weights are at.

A save of any of them bumps the assessment's `inputs_version` and its unit's
`data_version` (microsystems/data_versions.py), in the writer's transaction;
the unit's records_version and figures_version stay, so the unit's other
cached pages (measurements, activities, demand) outlive a judgement saved.
Reports of the assessment name its inputs with `reads_inputs_of`.

A save of a judgement of an activity (activity set) also bumps the assessment's
`activity_judgements_version`, which keys the costly part of the judgements page
(tens of thousands of them) apart from the rest: a save of dimension judgements
leaves that part cached (`reads_activity_judgements_of`).
"""

from django.db.models import F

from microsystems.data_versions import ASSESSMENT_INPUTS, track_rows, units_changed
from microsystems.models import Microsystem
from microsystems.report_cache import Reads
from valuation.models import (
    Assessment,
    DimensionWeight,
    Judgement,
    StakeholderWeight,
    VoiceWeight,
)


def assessments_changed(lookup: str, value: int, *, activity_judgements: bool = False) -> None:
    """Bump inputs_version of the assessments `lookup=value` selects (and their
    activity_judgements_version with `activity_judgements`), and their units."""
    bumps = {"inputs_version": F("inputs_version") + 1}
    if activity_judgements:
        bumps["activity_judgements_version"] = F("activity_judgements_version") + 1
    Assessment.objects.filter(**{lookup: value}).update(**bumps)
    units_changed(
        Microsystem.objects.filter(**{f"assessments__{lookup}": value}),
        operations=False,
        kind=ASSESSMENT_INPUTS,
    )


def assessment_inputs_changed(assessment_id: int, *, activity_judgements: bool = False) -> None:
    """For writes that send no signal (bulk_create, queryset deletes in services);
    `activity_judgements` when they write judgements of activities."""
    assessments_changed("pk", assessment_id, activity_judgements=activity_judgements)


def reads_inputs_of(assessment: Assessment, *, figures: bool) -> Reads:
    """A report of `assessment` that reads its inputs (and the figures, if `figures`)."""
    return Reads(figures=figures, assessment_inputs=(assessment.pk, assessment.inputs_version))


def reads_activity_judgements_of(assessment: Assessment) -> Reads:
    """A report of `assessment` that reads its judgements of activities and none
    of its other inputs (nor figures)."""
    return Reads(
        figures=False,
        assessment_inputs=(assessment.pk, assessment.activity_judgements_version),
    )


def track_assessment_inputs() -> None:
    """Connect the signals of every model that holds an assessment's inputs."""
    track_rows(
        Judgement,
        lambda row: (row.activity_id is not None, row.assessment_id),
        lambda key: assessments_changed("pk", key[1], activity_judgements=key[0]),
    )
    for model in (StakeholderWeight, VoiceWeight):
        track_rows(
            model,
            lambda row: ("pk", row.assessment_id),
            lambda key: assessments_changed(*key),
        )
    track_rows(
        DimensionWeight,
        lambda row: ("stakeholder_weights", row.stakeholder_weight_id),
        lambda key: assessments_changed(*key),
    )
