"""Reads for the stakeholder pages, each a fixed number of queries whatever the data size.

Rows and frames only, with the stored values (a group's `kind`, an expectation's
`priority`); stakeholders.reports puts them into words.
"""

from dataclasses import dataclass, field

import pandas as pd
from django.db.models import F
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from microsystems.models import Microsystem
from microsystems.selectors.counts import correlated_count
from stakeholders.analysis import REGISTER_COLUMNS
from stakeholders.models import Expectation, Stakeholder


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


def register_rows(microsystem: Microsystem) -> list[dict]:
    """The register, one query: each group with how many expectations it has."""
    return list(
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


def register_frame(rows: list[dict]) -> pd.DataFrame:
    """The rows stakeholders.analysis and .charts take, with exactly their columns even when
    empty."""
    return pd.DataFrame.from_records(rows, columns=REGISTER_COLUMNS).astype(
        {"power": "int64", "interest": "int64"}
    )


@dataclass
class StakeholderExpectations:
    """One group and its expectations (dicts of `expectation_id`, `statement`, `kind` and
    `priority`), most important first."""

    stakeholder_id: int
    name: str
    kind: str
    description: str
    power: int
    interest: int
    consultation: str
    expectations: list[dict] = field(default_factory=list)


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
                    "priority": row["priority"],
                }
            )
    return list(groups.values())
