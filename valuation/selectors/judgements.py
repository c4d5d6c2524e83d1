"""Reads for the judgement pages, each a fixed number of queries whatever the data size.

Stored values only; valuation.reports.judgements lays them out as the overview shows them.
"""

from dataclasses import dataclass, replace

from django.db.models import Exists, F, OuterRef, Q, Subquery

from core.prepared_queries import PreparedQuery
from microsystems.models import Activity
from stakeholders.models import Stakeholder
from valuation.models import Assessment, Judgement, ValueDimension


def _dimensions_with_judgements(assessment_id: int, stakeholder_id: int):
    judgement = Judgement.objects.filter(
        assessment_id=assessment_id,
        stakeholder_id=stakeholder_id,
        activity__isnull=True,
        dimension_id=OuterRef("pk"),
    )
    return (
        ValueDimension.objects.annotate(judged=Exists(judgement))
        .filter(Q(active=True) | Q(judged=True))
        .annotate(
            judged_score=Subquery(judgement.values("score")[:1]),
            judged_rationale=Subquery(judgement.values("rationale")[:1]),
        )
    )


# The dimension judgement form's one read: compiled once per process.
_dimensions_with_judgements_prepared = PreparedQuery(_dimensions_with_judgements, int, int)


def dimensions_and_judgements(
    assessment: Assessment, stakeholder: Stakeholder
) -> tuple[list[ValueDimension], dict[int, tuple[int, str]]]:
    """The active dimensions (as active_dimensions()) and the stakeholder's dimension
    judgements, dimension id -> (score, rationale), of retired dimensions too, in one
    query: every active dimension and every one judged, each with its judgement."""
    rows = _dimensions_with_judgements_prepared(assessment.pk, stakeholder.pk)
    active = [row for row in rows if row.active]
    stored = {row.pk: (row.judged_score, row.judged_rationale) for row in rows if row.judged}
    return active, stored


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


# The fields of each judgement in JudgementsOverview.judgements, in this order.
JUDGEMENT_FIELDS = (
    "stakeholder_id",
    "dimension_id",
    "activity_id",
    "score",
    "rationale",
    "activity_name",
    "first_name",
    "last_name",
    "username",
)


def _overview_and_rows(
    assessment: Assessment, *, of_activities: bool
) -> tuple[JudgementsOverview, list[tuple]]:
    stakeholders = list(
        Stakeholder.objects.filter(microsystem_id=assessment.microsystem_id)
        .order_by("name")
        .values("id", "name", "kind")
    )
    dimensions = list(ValueDimension.objects.values("id", "name", "active"))
    judgements = Judgement.objects.filter(assessment=assessment)
    if not of_activities:
        judgements = judgements.filter(activity__isnull=True)
    rows = list(
        judgements.order_by(
            "activity__name", "activity_id", "dimension__order", "dimension__name"
        ).values_list(
            "stakeholder_id",
            "dimension_id",
            "activity_id",
            "score",
            "rationale",
            F("activity__name"),
            F("recorded_by__first_name"),
            F("recorded_by__last_name"),
            F("recorded_by__username"),
        )
    )
    activity_count = Activity.objects.filter(microsystem_id=assessment.microsystem_id).count()
    return JudgementsOverview(stakeholders, dimensions, [], activity_count), rows


def judgements_overview(
    assessment: Assessment, *, of_activities: bool = True
) -> JudgementsOverview:
    """Who has judged what in this assessment, with rationales (four queries);
    without its judgements of activities unless `of_activities`."""
    overview, rows = _overview_and_rows(assessment, of_activities=of_activities)
    return replace(
        overview, judgements=[dict(zip(JUDGEMENT_FIELDS, row, strict=True)) for row in rows]
    )


def judgements_overview_and_activities(
    assessment: Assessment,
) -> tuple[JudgementsOverview, list[tuple]]:
    """judgements_overview(assessment) without its judgements of activities, and those
    as tuples of JUDGEMENT_FIELDS, in the overview's order (the same four queries).

    Tens of thousands of judgements of activities: made into dicts, as the overview
    holds them, they cost a fifth of the page's first view more.
    """
    overview, rows = _overview_and_rows(assessment, of_activities=True)
    judgements = [dict(zip(JUDGEMENT_FIELDS, row, strict=True)) for row in rows if row[2] is None]
    return replace(overview, judgements=judgements), [row for row in rows if row[2] is not None]
