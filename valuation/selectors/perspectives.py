"""What the perspectives page of an assessment reads: whose values differ, and on what.

`perspective_frames` reads everything with four queries whatever the number of
stakeholders or dimensions; valuation.reports.perspectives turns the frames
into the page and its downloads.
"""

from dataclasses import dataclass

import pandas as pd
from django.db.models import F

from stakeholders.models import Stakeholder
from valuation.models import Assessment, DimensionWeight, Judgement, ValueDimension


@dataclass(frozen=True)
class PerspectiveFrames:
    """Stakeholders and dimensions by name, in page order, and their long frames.

    `dimensions` are the active ones plus any retired one that still carries
    weights or judgements in this assessment; those are also in `retired`.
    """

    stakeholders: list[str]
    dimensions: list[str]
    retired: list[str]
    judgements: pd.DataFrame  # stakeholder, dimension, score, rationale
    weights: pd.DataFrame  # stakeholder, dimension, weight (0..1)
    methods: dict[str, tuple[str, float | None]]  # stakeholder -> (method, CR)


def perspective_frames(assessment: Assessment) -> PerspectiveFrames:
    """Four queries: stakeholders, dimensions, dimension weights, dimension judgements."""
    stakeholders = list(
        Stakeholder.objects.filter(microsystem_id=assessment.microsystem_id)
        .order_by("name")
        .values_list("id", "name")
    )
    dimensions = list(ValueDimension.objects.values_list("id", "name", "active"))
    weights = list(
        DimensionWeight.objects.filter(stakeholder_weight__assessment=assessment)
        .order_by()
        .values(
            "dimension_id",
            "weight",
            stakeholder_id=F("stakeholder_weight__stakeholder_id"),
            method=F("stakeholder_weight__method"),
            consistency_ratio=F("stakeholder_weight__consistency_ratio"),
        )
    )
    judgements = list(
        Judgement.objects.filter(assessment=assessment, activity__isnull=True)
        .order_by()
        .values("stakeholder_id", "dimension_id", "score", "rationale")
    )
    used = {row["dimension_id"] for row in weights} | {row["dimension_id"] for row in judgements}
    shown = {pk: name for pk, name, active in dimensions if active or pk in used}
    retired = [name for pk, name, active in dimensions if pk in shown and not active]
    stakeholder_name = dict(stakeholders)
    order = {pk: position for position, (pk, _, _) in enumerate(dimensions)}
    stakeholder_order = {pk: position for position, (pk, _) in enumerate(stakeholders)}

    def by_page_order(row: dict) -> tuple[int, int]:
        return stakeholder_order[row["stakeholder_id"]], order[row["dimension_id"]]

    judgement_frame = pd.DataFrame.from_records(
        [
            {
                "stakeholder": stakeholder_name[row["stakeholder_id"]],
                "dimension": shown[row["dimension_id"]],
                "score": row["score"],
                "rationale": row["rationale"],
            }
            for row in sorted(judgements, key=by_page_order)
        ],
        columns=["stakeholder", "dimension", "score", "rationale"],
    ).astype({"score": "int64"})
    weight_frame = pd.DataFrame.from_records(
        [
            {
                "stakeholder": stakeholder_name[row["stakeholder_id"]],
                "dimension": shown[row["dimension_id"]],
                "weight": float(row["weight"]),
            }
            for row in sorted(weights, key=by_page_order)
        ],
        columns=["stakeholder", "dimension", "weight"],
    ).astype({"weight": "float64"})
    methods = {
        stakeholder_name[row["stakeholder_id"]]: (
            row["method"],
            None if row["consistency_ratio"] is None else float(row["consistency_ratio"]),
        )
        for row in weights
    }
    return PerspectiveFrames(
        stakeholders=[name for _, name in stakeholders],
        dimensions=[shown[pk] for pk, _, _ in dimensions if pk in shown],
        retired=retired,
        judgements=judgement_frame,
        weights=weight_frame,
        methods=methods,
    )
