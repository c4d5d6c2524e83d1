"""The demand analysis in numpy arrays gives exactly what its pandas form gave.

demand_matrix, failure_demand_share, year_on_year and capacity were pandas
(groupby, unstack, where, sum per Series); they are numpy now, at a fraction of
the cost after every demand save. The pandas forms are kept here as references
and compared value for value (check_exact) on random histories: gaps, doubled
figures, unknown types, every granularity, natures outside the three.
"""

import math

import numpy as np
import pandas as pd
import pytest

from microsystems.analysis import demand as analysis


def reference_matrix(observations, demand_types, granularity):
    ids = [int(i) for i in demand_types["demand_type_id"]]
    columns = pd.Index(ids, dtype="int64", name="demand_type_id")
    all_periods = analysis.align_all(observations["period_start"], granularity)
    keep = (
        observations["demand_type_id"].isin(ids)
        & observations["volume"].notna()
        & all_periods.notna()
    )
    obs, periods = observations.loc[keep], all_periods.loc[keep]
    if obs.empty:
        return pd.DataFrame(index=analysis._empty_index(), columns=columns, dtype=float)
    long = pd.DataFrame({
        "period_start": periods.to_numpy(),
        "demand_type_id": obs["demand_type_id"].astype("int64").to_numpy(),
        "volume": pd.to_numeric(obs["volume"], errors="coerce").to_numpy(dtype=float),
    })  # fmt: skip
    wide = long.groupby(["period_start", "demand_type_id"])["volume"].sum(min_count=1)
    wide = wide.unstack("demand_type_id")
    index = analysis.period_range(
        long["period_start"].min(), long["period_start"].max(), granularity
    )
    return wide.reindex(index=index, columns=columns).astype(float)


def reference_complete(grid):
    used = grid.columns[grid.notna().any(axis="index")]
    if len(used) == 0:
        return pd.Series(False, index=grid.index)
    return grid[used].notna().all(axis="columns")


def reference_share(matrix, demand_types):
    ids = [int(i) for i in demand_types["demand_type_id"]]
    grid = matrix.reindex(columns=ids)
    nature_of = {
        i: (n if n in analysis.NATURES else "unclassified")
        for i, n in zip(ids, demand_types["nature"], strict=True)
    }
    grid = grid.where(reference_complete(grid), axis="index")
    total = grid.sum(axis=1, min_count=1)
    frame = pd.DataFrame(index=grid.index.copy())
    for nature in analysis.NATURES:
        cols = [i for i in ids if nature_of[i] == nature]
        if cols:
            frame[f"{nature}_volume"] = grid[cols].sum(axis=1, min_count=1)
        else:
            frame[f"{nature}_volume"] = pd.Series(0.0, index=grid.index).where(total.notna())
    frame["total_volume"] = total
    frame["failure_share"] = frame["failure_volume"] / total.where(total > 0)
    return frame[analysis.SHARE_COLUMNS].astype(float)


def reference_required(matrix, demand_types):
    ids = [int(i) for i in demand_types["demand_type_id"]]
    handling = pd.Series(demand_types["handling_minutes"].to_numpy(dtype=float), index=ids)
    grid = matrix.reindex(columns=ids)
    required = grid.mul(handling / 60, axis=1).sum(axis=1, min_count=1)
    return required.where(reference_complete(grid))


FREQUENCIES = {"week": "7D", "month": "MS", "quarter": "QS"}


def random_history(rng, granularity):
    periods = int(rng.integers(1, 130))
    start = pd.Timestamp("2015-01-01") + pd.Timedelta(days=int(rng.integers(0, 400)))
    dates = pd.date_range(start, periods=periods, freq=FREQUENCIES[granularity])
    dates = dates + pd.to_timedelta(rng.integers(0, 3, periods), unit="D")
    ids = [int(i) for i in rng.choice(1000, int(rng.integers(1, 35)), replace=False) + 1]
    gaps, doubled = float(rng.choice([0, 0.02, 0.3, 0.9])), float(rng.choice([0, 0.05]))
    rows = []
    for type_id in ids:
        for day in dates:
            if rng.random() < gaps:
                continue
            rows.append((type_id, day, float(rng.integers(0, 2000))))
            if rng.random() < doubled:
                rows.append((type_id, day, float(rng.integers(0, 50))))
    rows.append((99_999, dates[0], 5.0))  # a type the unit does not have
    observations = pd.DataFrame(rows, columns=["demand_type_id", "period_start", "volume"])
    demand_types = pd.DataFrame({
        "demand_type_id": ids,
        "name": [f"Type {i}" for i in ids],
        "nature": rng.choice(["value", "failure", "unclassified", "other"], len(ids)),
        "handling_minutes": rng.choice([0, 1.5, 3, 5, 7, 12, 13, 25, math.nan], len(ids)),
        "unit": "",
    })  # fmt: skip
    return observations, demand_types


@pytest.mark.parametrize("seed", range(60))
def test_arrays_give_exactly_what_pandas_gave(seed):
    rng = np.random.default_rng(seed)
    granularity = ("week", "month", "quarter")[seed % 3]
    observations, demand_types = random_history(rng, granularity)
    if seed % 7 == 0:
        demand_types = demand_types.assign(nature="value")  # no failure demand at all
    matrix = analysis.demand_matrix(observations, demand_types, granularity)
    expected = reference_matrix(observations, demand_types, granularity)
    pd.testing.assert_frame_equal(matrix, expected, check_exact=True)
    pd.testing.assert_frame_equal(
        analysis.failure_demand_share(matrix, demand_types),
        reference_share(expected, demand_types),
        check_exact=True,
    )
    pd.testing.assert_series_equal(
        analysis.complete_periods(matrix), reference_complete(expected), check_exact=True
    )
    staff = pd.DataFrame({"fte": [3.0], "hours_per_fte": [37.5]})
    frame, _ = analysis.capacity(
        matrix, demand_types, staff, granularity, forecaster=analysis.no_forecast
    )
    # To the last bit: the chart writes these hours in full.
    required = reference_required(expected, demand_types).to_numpy()
    assert np.array_equal(frame["required_hours"].to_numpy(), required, equal_nan=True)
    # The activities page's mean volume of the last year, read from the same grid.
    pd.testing.assert_series_equal(
        matrix.iloc[-12:].mean(axis=0), expected.iloc[-12:].mean(axis=0), check_exact=True
    )


def test_year_on_year_reads_the_grid_as_the_series_did():
    rng = np.random.default_rng(5)
    observations, demand_types = random_history(rng, "month")
    matrix = analysis.demand_matrix(observations, demand_types, "month")
    table = analysis.year_on_year(matrix, demand_types, "month")
    grid = matrix.reindex(columns=list(demand_types["demand_type_id"]))
    for position, type_id in enumerate(demand_types["demand_type_id"]):
        series = grid[type_id]
        assert table["slope_per_period"].iloc[position] == pytest.approx(
            analysis.least_squares_slope(series), nan_ok=True, rel=0, abs=0
        )
    total = analysis.complete_total(grid)
    assert table["slope_per_period"].iloc[-1] == pytest.approx(
        analysis.least_squares_slope(total), nan_ok=True, rel=0, abs=0
    )
