"""What an assessment's value for money is compared against (pure pandas).

The rows are the organisation's approved assessments' headline figures, one a
current (not superseded) record: assessment, microsystem, period label, start
date and value for money (points per 1,000 a month). Two comparisons:

- the same unit's earlier approved assessments (starting before this one), newest first;
- the median over the latest approved assessment (by start date) of each OTHER unit
  of the organisation: the unit itself is left out so it is not compared with itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

COLUMNS = ["assessment_id", "microsystem_id", "period_label", "start_date", "value_for_money"]


@dataclass(frozen=True)
class ValueComparison:
    earlier: list[tuple[str, float]]  # (period label, value for money), newest first
    median: float | None  # of the other units' latest approved assessments
    units: int  # how many units the median is over


def value_comparison(
    rows: pd.DataFrame, *, assessment_id: int, microsystem_id: int, start_date
) -> ValueComparison:
    rows = rows[rows["value_for_money"].notna()]
    rows = rows[rows["assessment_id"] != assessment_id]
    own = rows[(rows["microsystem_id"] == microsystem_id) & (rows["start_date"] < start_date)]
    own = own.sort_values("start_date", ascending=False)
    earlier = [
        (str(label), float(value))
        for label, value in zip(own["period_label"], own["value_for_money"], strict=True)
    ]
    others = rows[rows["microsystem_id"] != microsystem_id]
    latest = others.sort_values("start_date").groupby("microsystem_id").tail(1)
    if latest.empty:
        return ValueComparison(earlier=earlier, median=None, units=0)
    return ValueComparison(
        earlier=earlier, median=float(latest["value_for_money"].median()), units=len(latest)
    )
