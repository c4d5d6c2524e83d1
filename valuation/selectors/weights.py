"""Reads for the weights pages, each a fixed number of queries whatever the data size.

Stored values only; valuation.reports.weights lays them out as the pages show them.
"""

from dataclasses import dataclass

from django.http import Http404

from core.fields import LARGEST_ID
from core.prepared_queries import PreparedQuery
from stakeholders.models import Stakeholder
from valuation.models import Assessment, DimensionWeight, StakeholderWeight, ValueDimension

# Every form of a stakeholder's weights or judgements asks it: compiled once per process.
_stakeholder_in_unit = PreparedQuery(
    lambda microsystem_id, stakeholder_id: Stakeholder.objects.filter(
        microsystem_id=microsystem_id, pk=stakeholder_id
    ),
    int,
    int,
)


def stakeholder_of(assessment: Assessment, stakeholder_id: int) -> Stakeholder:
    """A stakeholder of the assessed microsystem; 404 for anyone else's (one query, none
    for an id no row can have)."""
    found = (
        _stakeholder_in_unit(assessment.microsystem_id, stakeholder_id)
        if 0 < stakeholder_id <= LARGEST_ID
        else []
    )
    if not found:
        raise Http404("No stakeholder of this microsystem has that number.")
    return found[0]


def active_dimensions() -> list[ValueDimension]:
    return list(ValueDimension.objects.active())


@dataclass(frozen=True)
class StoredWeights:
    """A stakeholder's saved weights: how they were entered and the weight per dimension id."""

    method: str
    answers: dict | list
    weights: dict[int, float]
    consistency_ratio: float | None


def stored_weights(assessment: Assessment, stakeholder: Stakeholder) -> StoredWeights | None:
    """The stakeholder's weights in this assessment, or None (two queries, either way)."""
    stakeholder_weight = StakeholderWeight.objects.filter(
        assessment=assessment, stakeholder=stakeholder
    ).first()
    rows = list(
        DimensionWeight.objects.filter(
            stakeholder_weight__assessment=assessment,
            stakeholder_weight__stakeholder=stakeholder,
        )
        .order_by("dimension__order", "dimension__name")
        .values_list("dimension_id", "weight")
    )
    if stakeholder_weight is None:
        return None
    ratio = stakeholder_weight.consistency_ratio
    return StoredWeights(
        method=stakeholder_weight.method,
        answers=stakeholder_weight.answers,
        weights={dimension_id: float(weight) for dimension_id, weight in rows},
        consistency_ratio=None if ratio is None else float(ratio),
    )


@dataclass(frozen=True)
class WeightsOverview:
    """Everything the weights overview shows, as stored.

    `stakeholders`: id, name, kind, by name. `dimensions`: id, name, active, in
    dimension order, every one (retired too). `headers`: per stakeholder with
    weights, its id, stakeholder_id, method, answers and consistency_ratio.
    `weights`: (stakeholder id, dimension id) -> weight (0..1).
    """

    stakeholders: list[dict]
    dimensions: list[dict]
    headers: list[dict]
    weights: dict[tuple[int, int], float]


def weights_overview(assessment: Assessment) -> WeightsOverview:
    """Every stakeholder of the microsystem and the weights stored for them (four queries)."""
    stakeholders = list(
        Stakeholder.objects.filter(microsystem_id=assessment.microsystem_id)
        .order_by("name")
        .values("id", "name", "kind")
    )
    dimensions = list(ValueDimension.objects.values("id", "name", "active"))
    headers = list(
        StakeholderWeight.objects.filter(assessment=assessment).values(
            "id", "stakeholder_id", "method", "answers", "consistency_ratio"
        )
    )
    weights = (
        DimensionWeight.objects.filter(stakeholder_weight__assessment=assessment)
        .order_by()
        .values_list("stakeholder_weight__stakeholder_id", "dimension_id", "weight")
    )
    return WeightsOverview(
        stakeholders=stakeholders,
        dimensions=dimensions,
        headers=headers,
        weights={(stakeholder, dimension): weight for stakeholder, dimension, weight in weights},
    )
