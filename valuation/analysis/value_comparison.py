"""What an assessment's value for money is compared against (pure: no ORM).

The rows are the organisation's approved assessments' headline figures, one a
current (not superseded) record: assessment, microsystem, period label, start
date and value for money (points per 1,000 a month). Two comparisons:

- the same unit's earlier approved assessments (starting before this one), newest first;
- the median over the latest approved assessment (by start date) of each OTHER unit
  of the organisation: the unit itself is left out so it is not compared with itself.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import pandas as pd

COLUMNS = ["assessment_id", "microsystem_id", "period_label", "start_date", "value_for_money"]


@dataclass(frozen=True)
class ValueComparison:
    earlier: list[tuple[str, float]]  # (period label, value for money), newest first
    median: float | None  # of the other units' latest approved assessments
    units: int  # how many units the median is over


def value_comparison(
    rows: list[tuple], *, assessment_id: int, microsystem_id: int, start_date
) -> ValueComparison:
    """`rows`: tuples of COLUMNS, in that order."""
    # One row per approved assessment of the organisation, read once as tuples: pandas'
    # filters, sorts and groupby cost every view of the page about 2 ms of CPU, plain
    # Python a twentieth of that for hundreds of rows.
    figures = [row for row in rows if not pd.isna(row[4]) and row[0] != assessment_id]
    own = [row for row in figures if row[1] == microsystem_id and row[3] < start_date]
    # Newest first; two starting the same day stay in the selector's order (a stable
    # sort, as pandas' sort of a few rows is).
    own = sorted(own, key=lambda row: row[3], reverse=True)
    earlier = [(str(label), float(value)) for _, _, label, _, value in own]
    latest: dict[int, tuple] = {}
    for row in sorted((row for row in figures if row[1] != microsystem_id), key=lambda row: row[3]):
        latest[row[1]] = row  # the last by start date of each unit
    if not latest:
        return ValueComparison(earlier=earlier, median=None, units=0)
    return ValueComparison(
        earlier=earlier,
        median=statistics.median(float(row[4]) for row in latest.values()),
        units=len(latest),
    )
