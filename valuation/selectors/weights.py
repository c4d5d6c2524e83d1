"""Reads for the weights pages, each a fixed number of queries whatever the data size.

`weights_page` loads the stakeholders, the dimensions and the stored weights
(four queries) and lays them out as rows the template prints as they are.
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.shortcuts import get_object_or_404

from microsystems.formatting import NO_VALUE, plain_number
from stakeholders.models import Stakeholder
from valuation.analysis.weights import CONSISTENCY_LIMIT, ahp, consistency_warning
from valuation.models import Assessment, DimensionWeight, StakeholderWeight, ValueDimension


def stakeholder_of(assessment: Assessment, stakeholder_id: int) -> Stakeholder:
    """A stakeholder of the assessed microsystem; 404 for anyone else's."""
    return get_object_or_404(
        Stakeholder.objects.filter(microsystem_id=assessment.microsystem_id), pk=stakeholder_id
    )


def active_dimensions() -> list[ValueDimension]:
    return list(ValueDimension.objects.active())


def percent_text(weight: float | None) -> str:
    """0.4 -> "40%", 0.333333 -> "33.3%"; a dash when there is no weight."""
    return NO_VALUE if weight is None else f"{plain_number(float(weight) * 100, 1)}%"


@dataclass(frozen=True)
class StoredWeights:
    """A stakeholder's saved weights: how they were entered and the weight per dimension id."""

    method: str
    method_label: str
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
        method_label=stakeholder_weight.get_method_display(),
        answers=stakeholder_weight.answers,
        weights={dimension_id: float(weight) for dimension_id, weight in rows},
        consistency_ratio=None if ratio is None else float(ratio),
    )


def stored_pairwise_warning(answers: list, names: dict[int, str], *, stakeholder: str) -> str:
    """The consistency warning for stored pairwise answers ("" when consistent).

    The comparison is recomputed from the answers as saved; answers that no
    longer make a full matrix (not expected) give no warning rather than an error.
    """
    items = list(dict.fromkeys(item for first, second, _ in answers for item in (first, second)))
    try:
        result = ahp(items, [tuple(answer) for answer in answers])
    except (ValueError, TypeError):
        return ""
    return consistency_warning(result, stakeholder=stakeholder, names=names)


def saved_weights_summary(
    stored: StoredWeights | None, dimensions: list[ValueDimension], stakeholder_name: str
) -> tuple[list[tuple[str, str]], str]:
    """For the entry forms: [(dimension, "40%"), ...] as saved, and any consistency warning."""
    if stored is None:
        return [], ""
    names = {dimension.pk: dimension.name for dimension in dimensions}
    current = [
        (names.get(dimension_id, "A retired dimension"), percent_text(weight))
        for dimension_id, weight in stored.weights.items()
    ]
    warning = ""
    if stored.method == StakeholderWeight.Method.PAIRWISE and isinstance(stored.answers, list):
        warning = stored_pairwise_warning(stored.answers, names, stakeholder=stakeholder_name)
    return current, warning


@dataclass(frozen=True)
class WeightColumn:
    dimension_id: int
    name: str
    active: bool


@dataclass
class WeightRow:
    stakeholder_id: int
    name: str
    kind: str
    cells: list[str] = field(default_factory=list)
    method: str = ""
    method_label: str = "Not entered yet"
    consistency_ratio: str = NO_VALUE
    inconsistent: bool = False
    warning: str = ""

    @property
    def has_weights(self) -> bool:
        return bool(self.method)


@dataclass
class WeightsPage:
    columns: list[WeightColumn]
    rows: list[WeightRow]
    active_count: int

    @property
    def entered(self) -> int:
        return sum(1 for row in self.rows if row.has_weights)


def weights_page(assessment: Assessment) -> WeightsPage:
    """Every stakeholder of the microsystem with their weights per dimension (four queries).

    Columns: the active dimensions, then any retired one that still carries weights
    in this assessment (entered before it was retired).
    """
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
    weights = list(
        DimensionWeight.objects.filter(stakeholder_weight__assessment=assessment)
        .order_by()
        .values("dimension_id", "weight", stakeholder_id=F("stakeholder_weight__stakeholder_id"))
    )
    used = {row["dimension_id"] for row in weights}
    columns = [
        WeightColumn(row["id"], row["name"], row["active"])
        for row in dimensions
        if row["active"] or row["id"] in used
    ]
    names = {row["id"]: row["name"] for row in dimensions}
    by_stakeholder = {row["stakeholder_id"]: row for row in headers}
    weight_of = {(row["stakeholder_id"], row["dimension_id"]): row["weight"] for row in weights}
    method_labels = dict(StakeholderWeight.Method.choices)
    kind_labels = dict(Stakeholder.Kind.choices)

    rows = []
    for stakeholder in stakeholders:
        row = WeightRow(
            stakeholder_id=stakeholder["id"],
            name=stakeholder["name"],
            kind=kind_labels.get(stakeholder["kind"], stakeholder["kind"]),
        )
        header = by_stakeholder.get(stakeholder["id"])
        if header is not None:
            row.method = header["method"]
            row.method_label = method_labels.get(header["method"], header["method"])
            row.cells = [
                percent_text(weight_of.get((stakeholder["id"], column.dimension_id)))
                for column in columns
            ]
            ratio = header["consistency_ratio"]
            if ratio is not None:
                row.consistency_ratio = f"{float(ratio):.2f}"
                row.inconsistent = float(ratio) > CONSISTENCY_LIMIT
            if row.inconsistent and isinstance(header["answers"], list):
                row.warning = stored_pairwise_warning(
                    header["answers"], names, stakeholder=stakeholder["name"]
                )
        else:
            row.cells = [NO_VALUE] * len(columns)
        rows.append(row)
    return WeightsPage(
        columns=columns,
        rows=rows,
        active_count=sum(1 for column in columns if column.active),
    )
