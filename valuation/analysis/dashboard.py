"""A unit's assessments side by side: the figures the unit dashboard shows over time.

Pure: the parts of each assessment's engine result (valuation.scoring) in, plain
numbers and frames out. No ORM, no display text. An approved assessment's parts
come from its frozen record, a draft's from the cached result of today's data;
this module does not know which, only whether each is provisional.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

# How many of the latest assessment's activities the dashboard lists, costliest first.
COSTLIEST_SHOWN = 5

SERIES_COLUMNS = [
    "assessment_id",
    "period_label",
    "start_date",
    "end_date",
    "status",
    "provisional",
    "overall",
    "disagreement",
    "money_per_month",
    "failure_cost_per_month",
    "value_for_money",
    "contested",
]
DIMENSION_COLUMNS = ["assessment_id", "period_label", "dimension_id", "dimension", "score"]


def _number(value) -> float | None:
    """A finite float, or None for what the engine left missing."""
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class Headline:
    """The figures of one assessment the dashboard and the assessments list show."""

    overall: float | None
    disagreement: float | None
    money_per_month: float
    failure_cost_per_month: float
    value_for_money: float | None
    contested: list[str] = field(default_factory=list)  # contested dimensions, in order
    # (dimension_id, name, blended score or None), in the dimensions' order.
    dimensions: list[tuple[int, str, float | None]] = field(default_factory=list)
    # (name, cost per month), costliest first, at most COSTLIEST_SHOWN.
    costliest: list[tuple[str, float]] = field(default_factory=list)


def headline(overall, dimensions: pd.DataFrame, account, activity_costs: pd.DataFrame) -> Headline:
    """The headline of one engine result, from its `overall`, `dimensions`, `account`
    and `activity_costs` (the only parts read, so a record need not be decoded whole).

    Failure demand's cost a month is its cost a period scaled as the account scales
    money (money_per_month / money_per_period): the failure cost is a share of the
    activities' money, so with no money there is no failure cost either.
    """
    per_period = float(account.money_per_period)
    month_per_period = account.money_per_month / per_period if per_period > 0 else 0.0
    return Headline(
        overall=_number(overall.value),
        disagreement=_number(overall.disagreement),
        money_per_month=float(account.money_per_month),
        failure_cost_per_month=float(account.failure_cost_per_period) * month_per_period,
        value_for_money=_number(account.value_for_money),
        contested=[
            str(name)
            for name, contested in zip(dimensions["name"], dimensions["contested"], strict=True)
            if bool(contested)
        ],
        dimensions=[
            (int(dimension_id), str(name), _number(score))
            for dimension_id, name, score in zip(
                dimensions["dimension_id"], dimensions["name"], dimensions["blended"], strict=True
            )
        ],
        costliest=_costliest(activity_costs),
    )


def _costliest(activity_costs: pd.DataFrame) -> list[tuple[str, float]]:
    """(name, cost per month), costliest first, at most COSTLIEST_SHOWN; none without
    activities (an older approved assessment's headline reads none: the frames' work
    would cost more than the rest of it)."""
    if activity_costs.empty:
        return []
    costs = activity_costs.assign(
        per_month=pd.to_numeric(activity_costs["cost_per_year"], errors="coerce") / 12
    ).dropna(subset=["per_month"])
    costs = costs.sort_values(["per_month", "name"], ascending=[False, True], kind="stable")
    return [
        (str(name), float(cost))
        for name, cost in zip(
            costs["name"][:COSTLIEST_SHOWN], costs["per_month"][:COSTLIEST_SHOWN], strict=True
        )
    ]


@dataclass(frozen=True)
class Assessed:
    """One assessment of the unit with its headline (None: no figures to be had)."""

    assessment_id: int
    period_label: str
    start_date: date
    end_date: date
    status: str
    provisional: bool  # not approved: today's data, which may still change
    headline: Headline | None


def series(assessed: list[Assessed]) -> pd.DataFrame:
    """One row per assessment, oldest first (SERIES_COLUMNS)."""
    rows = []
    for item in sorted(assessed, key=lambda item: (item.start_date, item.assessment_id)):
        figures = item.headline
        rows.append(
            {
                "assessment_id": item.assessment_id,
                "period_label": item.period_label,
                "start_date": item.start_date,
                "end_date": item.end_date,
                "status": item.status,
                "provisional": item.provisional,
                "overall": figures.overall if figures else None,
                "disagreement": figures.disagreement if figures else None,
                "money_per_month": figures.money_per_month if figures else None,
                "failure_cost_per_month": figures.failure_cost_per_month if figures else None,
                "value_for_money": figures.value_for_money if figures else None,
                "contested": len(figures.contested) if figures else None,
            }
        )
    return pd.DataFrame.from_records(rows, columns=SERIES_COLUMNS)


def dimension_series(assessed: list[Assessed]) -> pd.DataFrame:
    """Each dimension's score in each assessment, long (DIMENSION_COLUMNS), oldest first."""
    rows = [
        (item.assessment_id, item.period_label, dimension_id, name, score)
        for item in sorted(assessed, key=lambda item: (item.start_date, item.assessment_id))
        if item.headline is not None
        for dimension_id, name, score in item.headline.dimensions
    ]
    return pd.DataFrame.from_records(rows, columns=DIMENSION_COLUMNS)


@dataclass(frozen=True)
class Change:
    """The latest assessment's overall value against the one before it."""

    previous_label: str
    previous: float | None
    latest: float | None

    @property
    def points(self) -> float | None:
        if self.previous is None or self.latest is None:
            return None
        return self.latest - self.previous


def change_since_previous(frame: pd.DataFrame) -> Change | None:
    """None with fewer than two assessments; `series()` order (oldest first)."""
    if len(frame) < 2:
        return None
    previous, latest = frame.iloc[-2], frame.iloc[-1]
    return Change(
        previous_label=str(previous["period_label"]),
        previous=_number(previous["overall"]),
        latest=_number(latest["overall"]),
    )
