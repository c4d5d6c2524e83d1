"""Reads for the stakeholder pages, each a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field

import pandas as pd
from django.db.models import F
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from microsystems.models import Microsystem
from microsystems.selectors.counts import correlated_count
from stakeholders.charts import QUADRANT_LABELS, REGISTER_COLUMNS, quadrant
from stakeholders.models import Expectation, Stakeholder

KIND_LABELS = dict(Stakeholder.Kind.choices)
EXPECTATION_KIND_LABELS = dict(Expectation.Kind.choices)
PRIORITY_LABELS = dict(Expectation.Priority.choices)


def stakeholder_for_microsystem(microsystem: Microsystem, stakeholder_id: int) -> Stakeholder:
    """One group of a microsystem the access helper returned; 404 for any other."""
    stakeholder = get_object_or_404(microsystem.stakeholders, pk=stakeholder_id)
    stakeholder.microsystem = microsystem  # keeps `.access` and saves a query
    return stakeholder


def expectation_for_microsystem(microsystem: Microsystem, expectation_id: int) -> Expectation:
    """One expectation of one of this microsystem's groups; 404 for any other."""
    expectation = get_object_or_404(
        Expectation.objects.select_related("stakeholder").filter(
            stakeholder__microsystem=microsystem
        ),
        pk=expectation_id,
    )
    expectation.stakeholder.microsystem = microsystem
    return expectation


QUADRANT_ORDER = list(QUADRANT_LABELS)


def register_rows(microsystem: Microsystem) -> list[dict]:
    """The register, one query: each group with how many expectations it has, and its quadrant."""
    rows = list(
        microsystem.stakeholders.annotate(
            expectation_count=correlated_count(Expectation.objects.all(), "stakeholder")
        )
        .order_by(Lower("name"), "pk")
        .values(
            "name",
            "kind",
            "description",
            "power",
            "interest",
            "consultation",
            "expectation_count",
            stakeholder_id=F("id"),
        )
    )
    for row in rows:
        row["kind_label"] = KIND_LABELS.get(row["kind"], row["kind"])
        key = quadrant(row["power"], row["interest"])
        row["quadrant_label"] = QUADRANT_LABELS[key]
        # For sorting the page's table by quadrant: most attention first.
        row["quadrant_order"] = QUADRANT_ORDER.index(key)
    return rows


def register_frame(rows: list[dict]) -> pd.DataFrame:
    """The rows stakeholders.charts takes, with exactly its columns even when empty."""
    return pd.DataFrame.from_records(rows, columns=REGISTER_COLUMNS).astype(
        {"power": "int64", "interest": "int64"}
    )


@dataclass
class StakeholderExpectations:
    """One group and its expectations, most important first."""

    stakeholder_id: int
    name: str
    kind: str
    kind_label: str
    description: str
    power: int
    interest: int
    consultation: str
    expectations: list[dict] = field(default_factory=list)

    @property
    def quadrant_label(self) -> str:
        return QUADRANT_LABELS[quadrant(self.power, self.interest)]

    @property
    def kind_counts(self) -> list[int]:
        """How many expectations of each kind, in the order of Expectation.Kind."""
        kinds = [expectation["kind"] for expectation in self.expectations]
        return [kinds.count(kind) for kind in Expectation.Kind.values]


def groups_with_expectations(microsystem: Microsystem) -> list[StakeholderExpectations]:
    """Every group (also those with no expectation yet) with its expectations: one query."""
    rows = microsystem.stakeholders.order_by(
        Lower("name"), "pk", "expectations__priority", "expectations__pk"
    ).values(
        "name",
        "kind",
        "description",
        "power",
        "interest",
        "consultation",
        stakeholder_id=F("id"),
        expectation_id=F("expectations__id"),
        statement=F("expectations__statement"),
        expectation_kind=F("expectations__kind"),
        priority=F("expectations__priority"),
    )
    groups: dict[int, StakeholderExpectations] = {}
    for row in rows:
        group = groups.get(row["stakeholder_id"])
        if group is None:
            group = groups[row["stakeholder_id"]] = StakeholderExpectations(
                stakeholder_id=row["stakeholder_id"],
                name=row["name"],
                kind=row["kind"],
                kind_label=KIND_LABELS.get(row["kind"], row["kind"]),
                description=row["description"],
                power=row["power"],
                interest=row["interest"],
                consultation=row["consultation"],
            )
        if row["expectation_id"] is not None:
            group.expectations.append(
                {
                    "expectation_id": row["expectation_id"],
                    "statement": row["statement"],
                    "kind": row["expectation_kind"],
                    "kind_label": EXPECTATION_KIND_LABELS.get(
                        row["expectation_kind"], row["expectation_kind"]
                    ),
                    "priority": row["priority"],
                    "priority_label": PRIORITY_LABELS.get(row["priority"], str(row["priority"])),
                }
            )
    return list(groups.values())


# --- downloads ---------------------------------------------------------------------------

REGISTER_HEADERS = [
    "Stakeholder group",
    "Kind",
    "Power (1 to 5)",
    "Interest (1 to 5)",
    "Quadrant",
    "Expectations",
    "How they were consulted",
    "Description",
]
EXPECTATION_HEADERS = [
    "Stakeholder group",
    "Kind",
    "Power (1 to 5)",
    "Interest (1 to 5)",
    "Quadrant",
    "How they were consulted",
    "Expectation",
    "Kind of expectation",
    "Priority",
]


def register_download(rows: list[dict]) -> tuple[list[str], list[list]]:
    """One row per group, as register_rows reads them: the numbers behind the grid."""
    return REGISTER_HEADERS, [
        [
            row["name"],
            row["kind_label"],
            row["power"],
            row["interest"],
            row["quadrant_label"],
            row["expectation_count"],
            row["consultation"],
            row["description"],
        ]
        for row in rows
    ]


def expectations_download(
    groups: list[StakeholderExpectations],
) -> tuple[list[str], list[list]]:
    """One row per expectation with its group's details; a group with none has one blank row."""
    rows = []
    for group in groups:
        start = [
            group.name,
            group.kind_label,
            group.power,
            group.interest,
            group.quadrant_label,
            group.consultation,
        ]
        if not group.expectations:
            rows.append([*start, None, None, None])
        for expectation in group.expectations:
            rows.append(
                [
                    *start,
                    expectation["statement"],
                    expectation["kind_label"],
                    expectation["priority_label"],
                ]
            )
    return EXPECTATION_HEADERS, rows
