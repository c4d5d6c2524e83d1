"""What a microsystem's activities cost, what that cost is spent on, and what could stop.

Pure functions: pandas in, pandas (or a plain dict) out. No Django, no ORM. The web
layer builds the input frames from the database (money as float) and passes the
number of periods per year (52, 12 or 4). Empty frames (columns present, no rows)
never raise: the result is an empty frame, zeros or NaN, and the caller explains
(microsystems.reports.activities_text words what stopping activities would free).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

# In the order tables and charts list them (their words: microsystems.charts.costs).
CLASSIFICATIONS = ("adds_value", "necessary", "unnecessary")

ACTIVITY_COST_COLUMNS = [
    "activity_id",
    "name",
    "classification",
    "preventive",
    "staff_hours",
    "staff_cost",
    "other_costs",
    "cost_per_period",
    "cost_per_year",
]
CLASSIFICATION_COLUMNS = [
    "classification",
    "activities",
    "staff_hours",
    "cost_per_period",
    "cost_per_year",
    "share",
]
UNIT_COST_COLUMNS = [
    "demand_type_id",
    "name",
    "nature",
    "volume_per_period",
    "allocated_cost",
    "allocated_hours",
    "unit_cost",
]
STOP_CANDIDATE_COLUMNS = [
    "activity_id",
    "name",
    "classification",
    "staff_hours",
    "cost_per_period",
    "cost_per_year",
    "cumulative_hours",
]


# --- coercion helpers -------------------------------------------------------------
# Frames built from an empty queryset have object columns; ids must be int64 so that
# merges do not refuse "int64 vs object" keys, and money may arrive as Decimal.


def _ids(series: pd.Series) -> pd.Series:
    return series.astype("int64")


def _floats(series: pd.Series) -> pd.Series:
    if series.dtype == np.float64:
        return series  # numbers already: nothing to convert (most columns, on every view)
    return pd.to_numeric(series, errors="coerce").astype("float64")


# More than any amount or hours field of the models can hold (other costs, the widest,
# has 12 digits). Beyond it an input can only be a broken one, and a product of two
# such (hours x an hourly cost) or a total over the periods overflows to infinity.
LARGEST_INPUT = 1e15


def _input_floats(series: pd.Series) -> pd.Series:
    """An input column as floats; what is not a number within LARGEST_INPUT is NaN."""
    numbers = _floats(series)
    return numbers.where(numbers.abs() <= LARGEST_INPUT)


def _positive_or_nan(series: pd.Series) -> pd.Series:
    """The series where > 0, NaN elsewhere: a safe divisor."""
    return series.where(series > 0)


# --- costs per activity --------------------------------------------------------------


def activity_costs(
    activities: pd.DataFrame,
    efforts: pd.DataFrame,
    staff_roles: pd.DataFrame,
    periods_per_year: int,
) -> pd.DataFrame:
    """One row per activity: staff hours and cost, other costs, cost per period and year.

    Activities with no effort are kept with 0 hours. An effort on an unknown staff
    role counts its hours but no staff cost (there is no hourly cost to apply).
    """
    acts = activities[["activity_id", "name", "classification", "preventive", "other_costs"]]
    acts = acts.assign(
        activity_id=_ids(acts["activity_id"]),
        other_costs=_input_floats(acts["other_costs"]).fillna(0.0),
        preventive=acts["preventive"].astype("boolean").fillna(False).astype(bool),
    )

    roles = staff_roles[["staff_role_id", "hourly_cost"]]
    roles = roles.assign(
        staff_role_id=_ids(roles["staff_role_id"]), hourly_cost=_input_floats(roles["hourly_cost"])
    ).drop_duplicates("staff_role_id")

    eff = efforts[["activity_id", "staff_role_id", "hours_per_period"]]
    eff = eff.assign(
        activity_id=_ids(eff["activity_id"]),
        staff_role_id=_ids(eff["staff_role_id"]),
        hours_per_period=_input_floats(eff["hours_per_period"]).fillna(0.0),
    ).merge(roles, on="staff_role_id", how="left")
    eff = eff.assign(staff_cost=eff["hours_per_period"] * eff["hourly_cost"].fillna(0.0))
    per_activity = (
        eff.groupby("activity_id", as_index=False)[["hours_per_period", "staff_cost"]]
        .sum()
        .rename(columns={"hours_per_period": "staff_hours"})
    )

    out = acts.merge(per_activity, on="activity_id", how="left")
    out = out.assign(
        staff_hours=_floats(out["staff_hours"]).fillna(0.0),
        staff_cost=_floats(out["staff_cost"]).fillna(0.0),
    )
    out = out.assign(cost_per_period=out["staff_cost"] + out["other_costs"])
    out = out.assign(cost_per_year=out["cost_per_period"] * float(periods_per_year))
    out = out.sort_values(
        ["cost_per_period", "name"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)
    return out[ACTIVITY_COST_COLUMNS]


def cost_by_classification(costs: pd.DataFrame) -> pd.DataFrame:
    """Totals per classification, always the three rows in the fixed order.

    Zero rows are kept so that the table and chart look the same from one
    microsystem to the next. `share` is of the total cost per period (NaN if 0).
    """
    order = list(CLASSIFICATIONS)
    frame = costs[
        ["activity_id", "classification", "staff_hours", "cost_per_period", "cost_per_year"]
    ]
    sums = ["staff_hours", "cost_per_period", "cost_per_year"]
    frame = frame.assign(**{col: _floats(frame[col]) for col in sums})
    frame = frame[frame["classification"].isin(order)]

    grouped = frame.groupby("classification")
    out = pd.DataFrame(
        {
            "activities": grouped["activity_id"].count(),
            **{col: grouped[col].sum() for col in sums},
        }
    ).reindex(order, fill_value=0)
    out = out.assign(
        activities=out["activities"].astype("int64"),
        **{col: out[col].astype("float64") for col in sums},
    )
    out.index.name = "classification"
    out = out.reset_index()

    total = float(out["cost_per_period"].sum())
    share = out["cost_per_period"] / total if total > 0 else pd.Series(np.nan, index=out.index)
    out = out.assign(
        classification=out["classification"].astype(str),
        share=share.astype("float64"),
    )
    return out[CLASSIFICATION_COLUMNS]


# --- cost per unit of demand ---------------------------------------------------------


def unit_costs(
    costs: pd.DataFrame, activity_demand: pd.DataFrame, demand: pd.DataFrame
) -> pd.DataFrame:
    """Allocate each activity's cost and hours to the demand types it handles.

    An activity's share of a type is proportional to volume_per_period *
    handling_minutes (the work that type brings). One row per demand type,
    sorted by allocated cost (largest first), then name. `costs` has one row per
    activity (as activity_costs gives them).
    """
    dem = demand[["demand_type_id", "name", "nature", "volume_per_period", "handling_minutes"]]
    dem = dem.assign(
        demand_type_id=_ids(dem["demand_type_id"]),
        volume_per_period=_floats(dem["volume_per_period"]),
        handling_minutes=_floats(dem["handling_minutes"]),
    )
    dem = dem[~dem["demand_type_id"].duplicated().to_numpy()].reset_index(drop=True)

    link_activities = _ids(activity_demand["activity_id"]).to_numpy()
    link_types = _ids(activity_demand["demand_type_id"]).to_numpy()
    distinct = ~pd.MultiIndex.from_arrays([link_activities, link_types]).duplicated()
    # Each link's demand type and activity found by position (both are unique), not
    # by merging frames (most of the cost of this after every demand save): in the
    # links' order, as an inner merge keeps it. A link to a demand type missing from
    # `demand` is ignored: an activity left with no known type is overhead, so total
    # cost = allocated cost + overhead exactly.
    type_rows = pd.Index(dem["demand_type_id"]).get_indexer(link_types)
    activity_rows = pd.Index(_ids(costs["activity_id"])).get_indexer(link_activities)
    linked = distinct & (type_rows >= 0) & (activity_rows >= 0)
    type_rows, activity_rows = type_rows[linked], activity_rows[linked]
    link_activities, link_types = link_activities[linked], link_types[linked]
    volume = dem["volume_per_period"].to_numpy()[type_rows]
    handling = dem["handling_minutes"].to_numpy()[type_rows]
    cost = _floats(costs["cost_per_period"]).fillna(0.0).to_numpy()[activity_rows]
    staff_hours = _floats(costs["staff_hours"]).fillna(0.0).to_numpy()[activity_rows]

    # Unknown (NaN) or non-positive volume or handling time weighs nothing.
    weight = volume * handling
    weight = np.where(weight > 0, weight, 0.0)  # NaN too
    # Summed by pandas as before: its group sums are compensated, and the allocated
    # figures' last digits depend on it.
    by_activity = pd.Series(weight).groupby(link_activities)
    total = by_activity.transform("sum").to_numpy()
    n_types = by_activity.transform("size").to_numpy()
    # When none of an activity's types has a known, positive weight (e.g. all have
    # zero or unknown volume) we cannot tell where its time goes, so it is split
    # equally among its types rather than dropped.
    fraction = weight / np.where(total > 0, total, np.nan)
    fraction = np.where(np.isnan(fraction), 1.0 / n_types, fraction)
    allocated = (
        pd.DataFrame({"allocated_cost": fraction * cost, "allocated_hours": fraction * staff_hours})
        .groupby(link_types)
        .sum()
    )
    type_allocated = allocated.index.get_indexer(dem["demand_type_id"])
    allocated_values = {}
    for column in ("allocated_cost", "allocated_hours"):
        # A type no link reaches (position -1) takes the 0.0 appended at the end.
        values = np.append(allocated[column].to_numpy(dtype="float64"), 0.0)[type_allocated]
        allocated_values[column] = np.where(np.isnan(values), 0.0, values)
    out = dem.assign(**allocated_values)
    volume_per_period = out["volume_per_period"].to_numpy()
    out = out.assign(
        unit_cost=out["allocated_cost"].to_numpy()
        / np.where(volume_per_period > 0, volume_per_period, np.nan)
    )
    out = out.sort_values(
        ["allocated_cost", "name"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)
    return out[UNIT_COST_COLUMNS]


def failure_demand_cost(unit_cost_frame: pd.DataFrame, periods_per_year: int) -> dict:
    """Cost of handling failure, value and unclassified demand, per period and year.

    Sums the allocated cost of each nature. Where volume is known this equals
    volume * unit cost; where it is not, unit cost is NaN but the money was still
    spent, so allocated cost is the honest figure.
    """
    frame = unit_cost_frame[["nature", "allocated_cost"]]
    by_nature = _floats(frame["allocated_cost"]).fillna(0.0).groupby(frame["nature"]).sum()
    result: dict[str, float] = {}
    for nature in ("failure", "value", "unclassified"):
        per_period = float(by_nature.get(nature, 0.0))
        result[f"{nature}_cost_per_period"] = per_period
        result[f"{nature}_cost_per_year"] = per_period * float(periods_per_year)
    total = (
        result["failure_cost_per_period"]
        + result["value_cost_per_period"]
        + result["unclassified_cost_per_period"]
    )
    result["failure_share_of_demand_cost"] = (
        result["failure_cost_per_period"] / total if total > 0 else math.nan
    )
    return result


# --- what could stop -----------------------------------------------------------------

_STOP_RANK = {"unnecessary": 0, "necessary": 1}


def stop_candidates(costs: pd.DataFrame) -> pd.DataFrame:
    """Activities that add no value for the user, unnecessary first, costliest first.

    `cumulative_hours` is the staff hours freed by stopping this row and all above it.
    """
    frame = costs[costs["classification"].isin(list(_STOP_RANK))]
    frame = frame.assign(
        staff_hours=_floats(frame["staff_hours"]).fillna(0.0),
        cost_per_period=_floats(frame["cost_per_period"]).fillna(0.0),
        cost_per_year=_floats(frame["cost_per_year"]).fillna(0.0),
        _rank=frame["classification"].map(_STOP_RANK),
    )
    frame = frame.sort_values(
        ["_rank", "cost_per_period", "name"], ascending=[True, False, True], kind="mergesort"
    ).reset_index(drop=True)
    frame = frame.assign(
        cumulative_hours=frame["staff_hours"].cumsum(),
    )
    return frame[STOP_CANDIDATE_COLUMNS]


def _is_unknown(value: float | None) -> bool:
    # None, float NaN, numpy NaN or pd.NA all mean "not known".
    return value is None or bool(pd.isna(value))


def freed_capacity(costs: pd.DataFrame, capacity_gap_hours: float | None) -> dict:
    """Hours and money per period freed by stopping the unnecessary activities.

    `capacity_gap_hours` is the hours per period demand needs beyond what staff can
    give (negative: spare capacity; None or NaN: unknown, returned as None).
    `gap_covered_pct` is the freed hours as a percentage of a positive gap, else NaN.
    """
    unnecessary = costs[costs["classification"] == "unnecessary"]
    hours = float(_floats(unnecessary["staff_hours"]).fillna(0.0).sum())
    money = float(_floats(unnecessary["cost_per_period"]).fillna(0.0).sum())
    gap = None if _is_unknown(capacity_gap_hours) else float(capacity_gap_hours)
    return {
        "unnecessary_activities": len(unnecessary),
        "hours_freed": hours,
        "cost_freed_per_period": money,
        "capacity_gap_hours": gap,
        "gap_covered_pct": 100.0 * hours / gap if gap is not None and gap > 0 else math.nan,
    }
