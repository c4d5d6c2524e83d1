"""Reads for the judgement pages, each a fixed number of queries whatever the data size.

Stored values only; valuation.reports.judgements lays them out as the overview shows them.
"""

from dataclasses import dataclass

from django.db.models import F

from microsystems.models import Activity
from stakeholders.models import Stakeholder
from valuation.models import Assessment, Judgement, ValueDimension


def stored_dimension_judgements(
    assessment: Assessment, stakeholder: Stakeholder
) -> dict[int, tuple[int, str]]:
    """dimension id -> (score, rationale) of the stakeholder's dimension judgements (one query)."""
    rows = Judgement.objects.filter(
        assessment=assessment, stakeholder=stakeholder, activity__isnull=True
    ).values_list("dimension_id", "score", "rationale")
    return {dimension_id: (score, rationale) for dimension_id, score, rationale in rows}


def stored_activity_judgements(
    assessment: Assessment, stakeholder: Stakeholder
) -> dict[tuple[int, int], tuple[int, str]]:
    """(activity id, dimension id) -> (score, rationale) (one query)."""
    rows = (
        Judgement.objects.filter(
            assessment=assessment, stakeholder=stakeholder, activity__isnull=False
        )
        .order_by("pk")
        .values_list("activity_id", "dimension_id", "score", "rationale")
    )
    return {
        (activity_id, dimension_id): (score, rationale)
        for activity_id, dimension_id, score, rationale in rows
    }


def activities_to_judge(assessment: Assessment) -> list[Activity]:
    """The assessed microsystem's activities, by name (one query)."""
    return list(
        Activity.objects.filter(microsystem_id=assessment.microsystem_id)
        .order_by("name")
        .only("id", "name", "preventive", "classification", "microsystem_id")
    )


# --- the overview page -----------------------------------------------------------------


@dataclass(frozen=True)
class JudgementsOverview:
    """Everything the judgements overview shows, as stored.

    `stakeholders`: id, name, kind, by name. `dimensions`: id, name, active, in
    dimension order, every one (retired too). `judgements`: stakeholder_id,
    dimension_id, activity_id (None for a judgement of the dimension itself),
    score, rationale, activity_name, and who recorded it (first_name, last_name,
    username), by activity name then dimension order.
    """

    stakeholders: list[dict]
    dimensions: list[dict]
    judgements: list[dict]
    activity_count: int


def judgements_overview(
    assessment: Assessment, *, of_activities: bool = True
) -> JudgementsOverview:
    """Who has judged what in this assessment, with rationales (four queries);
    without its judgements of activities unless `of_activities`."""
    stakeholders = list(
        Stakeholder.objects.filter(microsystem_id=assessment.microsystem_id)
        .order_by("name")
        .values("id", "name", "kind")
    )
    dimensions = list(ValueDimension.objects.values("id", "name", "active"))
    judgements = Judgement.objects.filter(assessment=assessment)
    if not of_activities:
        judgements = judgements.filter(activity__isnull=True)
    judgements = list(
        judgements.order_by(
            "activity__name", "activity_id", "dimension__order", "dimension__name"
        ).values(
            "stakeholder_id",
            "dimension_id",
            "activity_id",
            "score",
            "rationale",
            activity_name=F("activity__name"),
            first_name=F("recorded_by__first_name"),
            last_name=F("recorded_by__last_name"),
            username=F("recorded_by__username"),
        )
    )
    activity_count = Activity.objects.filter(microsystem_id=assessment.microsystem_id).count()
    return JudgementsOverview(stakeholders, dimensions, judgements, activity_count)
