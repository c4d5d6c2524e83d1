"""Reads for the judgement pages, each a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field

from django.db.models import F

from microsystems.formatting import NO_VALUE
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
class JudgementColumn:
    dimension_id: int
    name: str
    active: bool


@dataclass(frozen=True)
class JudgementDetail:
    subject: str
    score: str
    rationale: str
    recorded_by: str


@dataclass(frozen=True)
class ActivityDetail:
    activity: str
    scores: str  # "Efficiency 3, Equity 8"
    rationale: str


@dataclass
class JudgementRow:
    stakeholder_id: int
    name: str
    kind: str
    cells: list[str] = field(default_factory=list)
    details: list[JudgementDetail] = field(default_factory=list)
    activities: list[ActivityDetail] = field(default_factory=list)

    @property
    def judged(self) -> int:
        return len(self.details)


@dataclass
class JudgementsPage:
    columns: list[JudgementColumn]
    rows: list[JudgementRow]
    activity_count: int

    @property
    def has_judgements(self) -> bool:
        return any(row.details or row.activities for row in self.rows)


def _person(first: str | None, last: str | None, username: str | None) -> str:
    full = f"{first or ''} {last or ''}".strip()
    return full or username or "unknown"


def judgements_page(assessment: Assessment) -> JudgementsPage:
    """Who has judged what: every stakeholder x dimension, with rationales (four queries)."""
    stakeholders = list(
        Stakeholder.objects.filter(microsystem_id=assessment.microsystem_id)
        .order_by("name")
        .values("id", "name", "kind")
    )
    dimensions = list(ValueDimension.objects.values("id", "name", "active"))
    judgements = list(
        Judgement.objects.filter(assessment=assessment)
        .order_by("activity__name", "activity_id", "dimension__order", "dimension__name")
        .values(
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
    used = {row["dimension_id"] for row in judgements}
    columns = [
        JudgementColumn(row["id"], row["name"], row["active"])
        for row in dimensions
        if row["active"] or row["id"] in used
    ]
    names = {row["id"]: row["name"] for row in dimensions}
    kind_labels = dict(Stakeholder.Kind.choices)
    on_dimension: dict[int, dict[int, dict]] = {}
    on_activity: dict[int, dict[int, list[dict]]] = {}
    for row in judgements:
        if row["activity_id"] is None:
            on_dimension.setdefault(row["stakeholder_id"], {})[row["dimension_id"]] = row
        else:
            on_activity.setdefault(row["stakeholder_id"], {}).setdefault(
                row["activity_id"], []
            ).append(row)

    rows = []
    for stakeholder in stakeholders:
        own = on_dimension.get(stakeholder["id"], {})
        row = JudgementRow(
            stakeholder_id=stakeholder["id"],
            name=stakeholder["name"],
            kind=kind_labels.get(stakeholder["kind"], stakeholder["kind"]),
            cells=[
                str(own[column.dimension_id]["score"]) if column.dimension_id in own else NO_VALUE
                for column in columns
            ],
            details=[
                JudgementDetail(
                    subject=column.name,
                    score=f"{own[column.dimension_id]['score']} out of 10",
                    rationale=own[column.dimension_id]["rationale"],
                    recorded_by=_person(
                        own[column.dimension_id]["first_name"],
                        own[column.dimension_id]["last_name"],
                        own[column.dimension_id]["username"],
                    ),
                )
                for column in columns
                if column.dimension_id in own
            ],
        )
        for activity_rows in on_activity.get(stakeholder["id"], {}).values():
            row.activities.append(
                ActivityDetail(
                    activity=activity_rows[0]["activity_name"],
                    scores=", ".join(
                        f"{names[item['dimension_id']]} {item['score']}" for item in activity_rows
                    ),
                    rationale="\n\n".join(
                        dict.fromkeys(item["rationale"] for item in activity_rows)
                    ),
                )
            )
        rows.append(row)
    return JudgementsPage(columns=columns, rows=rows, activity_count=activity_count)
