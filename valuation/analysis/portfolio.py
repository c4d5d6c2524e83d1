"""The portfolio: one row per unit from its latest approved record, sorted and ranked.

Pure: the selector's frames in, frames out. Every figure comes from a record's
stored columns (valuation.analysis.headline), never from running the engine.
A figure a record cannot give is missing (NaN/None), and sorts last whichever
way the column is sorted: "not known" is neither the best nor the worst.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

UNIT_COLUMNS = ["unit_id", "unit", "slug", "organisation_id", "organisation"]
ASSESSMENT_COLUMNS = ["assessment_id", "unit_id", "status", "start_date"]
FIGURE_COLUMNS = [
    "overall_value",
    "money_per_month",
    "value_for_money",
    "disagreement",
    "contested_dimension_count",
    "contested_dimension_names",
    "failure_demand_share",
    "failure_cost_per_month",
    "demand_per_month",
]
RECORD_COLUMNS = [
    "assessment_id",
    "unit_id",
    "start_date",
    "period_label",
    "approved_on",
    *FIGURE_COLUMNS,
]
TABLE_COLUMNS = [
    *UNIT_COLUMNS,
    "state",
    "period_label",
    "last_approved",
    "change",
    *FIGURE_COLUMNS,
]
NO_ASSESSMENT = "none"
# The unit's state is its latest assessment's; sorted in the order work moves.
STATE_ORDER = {"draft": 0, "submitted": 1, "approved": 2, NO_ASSESSMENT: 3}
# Sortable columns (the whitelist): the key the page and its links use -> column.
SORT_COLUMNS = {
    "unit": "unit",
    "organisation": "organisation",
    "value": "overall_value",
    "change": "change",
    "disagreement": "disagreement",
    "cost": "money_per_month",
    "value_for_money": "value_for_money",
    "failure_share": "failure_demand_share",
    "contested": "contested_dimension_count",
    "state": "state",
    "last_approved": "last_approved",
}
TEXT_SORTS = ("unit", "organisation")


def _latest_states(assessments: pd.DataFrame) -> pd.Series:
    """unit_id -> the status of its latest assessment (by start, then creation)."""
    if assessments.empty:
        return pd.Series(dtype=object)
    latest = assessments.sort_values(["unit_id", "start_date", "assessment_id"]).drop_duplicates(
        "unit_id", keep="last"
    )
    return pd.Series(latest["status"].to_numpy(), index=latest["unit_id"].to_numpy())


def portfolio_table(
    units: pd.DataFrame,
    assessments: pd.DataFrame,
    records: pd.DataFrame,
    *,
    year: int | None = None,
) -> pd.DataFrame:
    """One row per unit (TABLE_COLUMNS), in the order of `units`.

    `records` are the current records of approved assessments. A row's figures are
    its unit's latest record (by the assessment's start); with `year`, the latest of
    those that start in that year, and units with none that year are left out.
    `change` is the overall value less that of the unit's approved record before it.
    """
    ordered = records.sort_values(["unit_id", "start_date", "assessment_id"])
    ordered = ordered.assign(
        previous_value=ordered.groupby("unit_id")["overall_value"].shift(1),
        year=[day.year for day in ordered["start_date"]],
    )
    if year is not None:
        ordered = ordered[ordered["year"] == year]
    latest = ordered.drop_duplicates("unit_id", keep="last").set_index("unit_id")
    table = units[UNIT_COLUMNS].copy()
    if year is not None:
        table = table[table["unit_id"].isin(latest.index)]
    states = _latest_states(assessments)
    table["state"] = [states.get(unit_id, NO_ASSESSMENT) for unit_id in table["unit_id"]]
    row = latest.reindex(table["unit_id"].to_numpy())
    table["period_label"] = row["period_label"].to_numpy()
    table["last_approved"] = [None if pd.isna(day) else day for day in row["approved_on"]]
    for column in FIGURE_COLUMNS:
        table[column] = row[column].to_numpy()
    # NaN where either value is not known: a change from nothing is not a change.
    table["change"] = (
        row["overall_value"].astype("float64") - row["previous_value"].astype("float64")
    ).to_numpy()
    for column in (*FIGURE_COLUMNS, "change"):
        if column not in ("contested_dimension_names",):
            table[column] = table[column].astype("float64")
    return table[TABLE_COLUMNS].reset_index(drop=True)


def filter_table(
    table: pd.DataFrame, *, organisation_id: int | None = None, state: str | None = None
) -> pd.DataFrame:
    kept = np.ones(len(table), dtype=bool)
    if organisation_id is not None:
        kept &= (table["organisation_id"] == organisation_id).to_numpy()
    if state:
        kept &= (table["state"] == state).to_numpy()
    return table[kept].reset_index(drop=True)


def _sort_key(column: pd.Series, sort: str) -> pd.Series:
    if sort in TEXT_SORTS:
        return column.str.casefold()
    if sort == "state":
        return column.map(STATE_ORDER)
    if sort == "last_approved":
        return pd.to_datetime(column)
    return column.astype("float64")


def sort_table(table: pd.DataFrame, sort: str, *, descending: bool = False) -> pd.DataFrame:
    """Sorted by SORT_COLUMNS[sort]; ties by unit name; missing figures last either way."""
    by_name = table.iloc[np.argsort(table["unit"].str.casefold().to_numpy(), kind="stable")]
    key = _sort_key(by_name[SORT_COLUMNS[sort]], sort)
    order = key.sort_values(ascending=not descending, na_position="last", kind="stable").index
    return by_name.loc[order].reset_index(drop=True)


def scatter_points(table: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """(the units with both a value and a cost a month, how many are left out)."""
    known = table["overall_value"].notna() & table["money_per_month"].notna()
    return table[known].reset_index(drop=True), int((~known).sum())


RANK_COLUMNS = ["rank", "unit_id", "unit", "organisation", "period_start", "value"]


def ranked_units(latest: pd.DataFrame, direction: str) -> pd.DataFrame:
    """Units ranked best first on one measure, by their latest measurement.

    `latest`: unit_id, unit, organisation, period_start, value. `direction` is the
    measure's ("higher" or "lower" is better). Equal values share a rank (1, 2, 2, 4).
    """
    frame = latest.assign(value=latest["value"].astype("float64"))
    frame = frame[frame["value"].notna()]
    frame = frame.iloc[np.argsort(frame["unit"].str.casefold().to_numpy(), kind="stable")]
    best_first = direction != "lower"
    frame = frame.sort_values("value", ascending=not best_first, kind="stable")
    ranks = frame["value"].rank(method="min", ascending=not best_first)
    frame = frame.assign(rank=[int(rank) for rank in ranks])
    return frame[RANK_COLUMNS].reset_index(drop=True)


def page_bounds(count: int, page: int, per_page: int) -> tuple[int, int, int]:
    """(the page shown, first row, last row + 1); a page past the end shows the last."""
    pages = max(1, math.ceil(count / per_page))
    shown = min(max(page, 1), pages)
    start = (shown - 1) * per_page
    return shown, start, min(start + per_page, count)
