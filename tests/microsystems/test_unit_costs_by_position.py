"""unit_costs finds each link's demand type and activity by position instead of merging
frames: the same frame, to the last digit, as the merges gave (kept here as the
reference), on random units with duplicate links, unknown types and activities,
duplicate demand types, and unknown or zero volumes and handling times."""

import numpy as np
import pandas as pd
import pytest

from microsystems.analysis.costs import (
    UNIT_COST_COLUMNS,
    _floats,
    _ids,
    _positive_or_nan,
    unit_costs,
)


def merged_unit_costs(
    costs: pd.DataFrame, activity_demand: pd.DataFrame, demand: pd.DataFrame
) -> pd.DataFrame:
    """unit_costs as it was written with merges."""
    dem = demand[["demand_type_id", "name", "nature", "volume_per_period", "handling_minutes"]]
    dem = dem.assign(
        demand_type_id=_ids(dem["demand_type_id"]),
        volume_per_period=_floats(dem["volume_per_period"]),
        handling_minutes=_floats(dem["handling_minutes"]),
    ).drop_duplicates("demand_type_id")

    links = activity_demand[["activity_id", "demand_type_id"]]
    links = links.assign(
        activity_id=_ids(links["activity_id"]), demand_type_id=_ids(links["demand_type_id"])
    ).drop_duplicates()
    # A link to a demand type missing from `demand` is ignored: an activity left with
    # no known type is overhead, so total cost = allocated cost + overhead exactly.
    links = links.merge(
        dem[["demand_type_id", "volume_per_period", "handling_minutes"]], on="demand_type_id"
    )
    acts = costs[["activity_id", "cost_per_period", "staff_hours"]]
    acts = acts.assign(
        activity_id=_ids(acts["activity_id"]),
        cost_per_period=_floats(acts["cost_per_period"]).fillna(0.0),
        staff_hours=_floats(acts["staff_hours"]).fillna(0.0),
    )
    links = links.merge(acts, on="activity_id")

    # Unknown (NaN) or non-positive volume or handling time weighs nothing.
    weight = (links["volume_per_period"] * links["handling_minutes"]).fillna(0.0)
    weight = weight.where(weight > 0, 0.0)
    by_activity = weight.groupby(links["activity_id"])
    total = by_activity.transform("sum")
    n_types = by_activity.transform("size")
    # When none of an activity's types has a known, positive weight (e.g. all have
    # zero or unknown volume) we cannot tell where its time goes, so it is split
    # equally among its types rather than dropped.
    fraction = (weight / _positive_or_nan(total)).fillna(1.0 / n_types)
    links = links.assign(
        allocated_cost=fraction * links["cost_per_period"],
        allocated_hours=fraction * links["staff_hours"],
    )
    allocated = links.groupby("demand_type_id", as_index=False)[
        ["allocated_cost", "allocated_hours"]
    ].sum()

    out = dem.merge(allocated, on="demand_type_id", how="left")
    out = out.assign(
        allocated_cost=_floats(out["allocated_cost"]).fillna(0.0),
        allocated_hours=_floats(out["allocated_hours"]).fillna(0.0),
    )
    out = out.assign(unit_cost=out["allocated_cost"] / _positive_or_nan(out["volume_per_period"]))
    out = out.sort_values(
        ["allocated_cost", "name"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)
    return out[UNIT_COST_COLUMNS]


def random_unit(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    activities, types, links = (int(rng.integers(0, n)) for n in (12, 10, 40))
    activity_ids = rng.permutation(1000)[:activities] + 1
    type_ids = rng.permutation(50)[:types] + 1
    costs = pd.DataFrame(
        {
            "activity_id": activity_ids,
            "name": [f"Activity {number}" for number in range(activities)],
            "classification": "adds_value",
            "preventive": False,
            "staff_hours": rng.random(activities) * 37.3,
            "staff_cost": 0.0,
            "other_costs": 0.0,
            "cost_per_period": np.where(
                rng.random(activities) < 0.1, np.nan, rng.random(activities) * 1234.567
            ),
            "cost_per_year": 0.0,
        }
    )
    # Links to an activity (9999) and a demand type (77) that are not there.
    links = pd.DataFrame(
        {
            "activity_id": rng.choice(np.r_[activity_ids, [9999]], links),
            "demand_type_id": rng.choice(np.r_[type_ids, [77]], links),
        }
    )
    demand_type_ids = np.r_[type_ids, type_ids[: int(rng.integers(0, 2))]]
    count = len(demand_type_ids)
    volume = rng.random(count) * 500
    volume[rng.random(count) < 0.2] = np.nan
    volume[rng.random(count) < 0.1] = 0.0
    handling = rng.random(count) * 20
    handling[rng.random(count) < 0.1] = 0.0
    demand = pd.DataFrame(
        {
            "demand_type_id": demand_type_ids,
            "name": [f"Type {rng.integers(0, 4)}" for _ in range(count)],  # ties in name
            "nature": rng.choice(["value", "failure", "unclassified"], count),
            "handling_minutes": handling,
            "volume_per_period": volume,
        }
    )
    return costs, links, demand


@pytest.mark.parametrize("seed", range(10))
def test_unit_costs_are_the_merged_unit_costs_to_the_last_digit(seed):
    rng = np.random.default_rng(seed)
    for _ in range(50):
        unit = random_unit(rng)
        pd.testing.assert_frame_equal(unit_costs(*unit), merged_unit_costs(*unit), check_exact=True)
