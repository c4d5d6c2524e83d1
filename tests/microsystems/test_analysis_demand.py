"""Tests for microsystems.analysis.demand against numbers worked out by hand."""

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microsystems.analysis import demand as d
from microsystems.periods import FIRST_DAY, LAST_DAY

REQUESTS, CHASING = 1, 2
TYPES = pd.DataFrame(
    {
        "demand_type_id": [REQUESTS, CHASING],
        "name": ["Requests", "Chasing calls"],
        "nature": ["value", "failure"],
        "handling_minutes": [15.0, 6.0],
    }
)
STAFF = pd.DataFrame({"fte": [2.0, 0.5], "hours_per_fte": [16.0, 16.0]})  # 32 + 8 = 40 h
NO_STAFF = STAFF.iloc[:0]
NO_TYPES = TYPES.iloc[:0]


def observations(rows):
    """rows: (demand_type_id, 'YYYY-MM-DD', volume)."""
    frame = pd.DataFrame(rows, columns=["demand_type_id", "period_start", "volume"])
    frame["period_start"] = pd.to_datetime(frame["period_start"]).astype("datetime64[ns]")
    frame["volume"] = frame["volume"].astype(float)
    return frame


NO_OBS = observations([])


def monthly(start, values):
    index = pd.date_range(start, periods=len(values), freq="MS", unit="ns", name="period_start")
    return pd.Series(values, index=index, dtype=float)


@pytest.fixture
def two_years():
    """Jan 2022 - Dec 2023. Requests: 100/month then 110/month. Chasing: 20 then 30."""
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    rows = []
    for i, month in enumerate(months):
        rows.append((REQUESTS, month, 100 if i < 12 else 110))
        rows.append((CHASING, month, 20 if i < 12 else 30))
    return d.demand_matrix(observations(rows), TYPES, "month")


# --- periods -----------------------------------------------------------------------------


def test_period_range_weekly_uses_mondays_and_aligns_start():
    weeks = d.period_range("2024-01-03", "2024-01-29", "week")  # Wed 3 Jan -> Mon 1 Jan
    assert list(weeks.strftime("%Y-%m-%d")) == [
        "2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29",
    ]  # fmt: skip
    assert (weeks.day_of_week == 0).all()
    assert weeks.dtype == "datetime64[ns]"


def test_period_range_quarterly_monthly_and_empty():
    quarters = d.period_range("2023-01-01", "2024-01-01", "quarter")
    assert list(quarters.strftime("%m-%d")) == ["01-01", "04-01", "07-01", "10-01", "01-01"]
    assert len(d.period_range("2023-01-01", "2023-12-01", "month")) == 12
    assert len(d.period_range("2024-02-01", "2024-01-01", "month")) == 0
    assert len(d.period_range(pd.NaT, "2024-01-01", "month")) == 0
    assert len(d.period_range(None, None, "week")) == 0


def test_next_periods_each_granularity():
    assert list(d.next_periods(pd.Timestamp("2024-12-30"), "week", 2).strftime("%Y-%m-%d")) == [
        "2025-01-06", "2025-01-13",
    ]  # fmt: skip
    assert list(d.next_periods(pd.Timestamp("2023-10-01"), "quarter", 2).strftime("%Y-%m-%d")) == [
        "2024-01-01", "2024-04-01",
    ]  # fmt: skip
    assert list(d.next_periods(pd.Timestamp("2023-12-01"), "month", 1).strftime("%Y-%m")) == [
        "2024-01"
    ]
    assert len(d.next_periods(pd.Timestamp("2023-12-01"), "month", 0)) == 0


def test_unknown_granularity_is_a_clear_error():
    with pytest.raises(ValueError, match="granularity"):
        d.period_range("2024-01-01", "2024-02-01", "fortnight")


# --- demand matrix -----------------------------------------------------------------------


def test_matrix_gaps_are_nan_rows_and_missing_cells_nan():
    obs = observations(
        [
            (CHASING, "2024-01-01", 5),
            (REQUESTS, "2024-01-01", 10),
            (REQUESTS, "2024-02-01", 0),  # a real zero stays zero
            (REQUESTS, "2024-04-01", 12),
            (99, "2024-06-01", 7),  # unknown type: ignored, does not stretch the range
        ]
    )
    matrix = d.demand_matrix(obs, TYPES, "month")
    assert list(matrix.columns) == [REQUESTS, CHASING]  # demand_types order
    assert list(matrix.index.strftime("%Y-%m")) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert matrix.loc["2024-03-01"].isna().all()  # March: nothing entered -> NaN row
    assert matrix.loc["2024-02-01", REQUESTS] == 0
    assert math.isnan(matrix.loc["2024-02-01", CHASING])  # not entered is not zero
    assert matrix.loc["2024-04-01", REQUESTS] == 12


def test_matrix_aligns_dates_to_period_start():
    obs = observations([(REQUESTS, "2024-01-17", 4)])
    matrix = d.demand_matrix(obs, TYPES, "month")
    assert list(matrix.index) == [pd.Timestamp("2024-01-01")]


def test_matrix_empty_inputs():
    matrix = d.demand_matrix(NO_OBS, TYPES, "month")
    assert matrix.empty and list(matrix.columns) == [REQUESTS, CHASING]
    assert d.demand_matrix(NO_OBS, NO_TYPES, "week").shape == (0, 0)


def test_period_timestamps_leave_out_dates_outside_the_window():
    dates = pd.Series(
        [date(9999, 12, 1), date(1, 1, 1), date(2024, 1, 1), None, "2199-12-01", "junk"]
    )
    stamps = d.period_timestamps(dates)
    assert stamps.dtype == "datetime64[ns]"
    assert stamps.isna().tolist() == [True, True, False, True, False, True]
    assert stamps.dropna().tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2199-12-01")]


@pytest.mark.parametrize("granularity", ["week", "month", "quarter"])
@pytest.mark.parametrize(
    # Beyond Python's dates for pandas' nanoseconds (1677 to 2262), and just outside the window.
    "far_off",
    [date(9999, 12, 1), date(1, 1, 1), date(1677, 1, 4), date(2262, 5, 1), date(2200, 1, 1)],
)
def test_matrix_leaves_out_observations_outside_the_window(granularity, far_off):
    # 2024-01-01 is a Monday and starts a month and a quarter.
    obs = pd.DataFrame(
        {
            "demand_type_id": [REQUESTS, REQUESTS, CHASING],
            "period_start": [date(2024, 1, 1), far_off, date(2024, 1, 1)],
            "volume": [10.0, 3.0, 5.0],
        }
    )
    assert d.outside_window(obs).tolist() == [False, True, False]
    matrix = d.demand_matrix(obs, TYPES, granularity)
    assert list(matrix.index) == [pd.Timestamp("2024-01-01")]
    assert matrix.loc["2024-01-01"].tolist() == [10.0, 5.0]
    # The rest of the analysis runs on the matrix as it would without the stray date.
    capacity_frame, _method = d.capacity(matrix, TYPES, STAFF, granularity)
    assert capacity_frame["required_hours"].iloc[0] == pytest.approx(10 * 15 / 60 + 5 * 6 / 60)


def test_matrix_of_only_dates_outside_the_window_is_empty():
    obs = pd.DataFrame(
        {"demand_type_id": [REQUESTS], "period_start": [date(9999, 12, 1)], "volume": [3.0]}
    )
    matrix = d.demand_matrix(obs, TYPES, "month")
    assert matrix.empty and list(matrix.columns) == [REQUESTS, CHASING]


# --- year on year ------------------------------------------------------------------------


def test_year_on_year_24_months(two_years):
    raw = d.year_on_year(two_years, TYPES, "month")
    assert list(raw.columns) == d.YEAR_ON_YEAR_COLUMNS
    assert list(raw["name"]) == ["Requests", "Chasing calls", "All demand"]
    table = raw.set_index("name")
    req, chase, total = table.loc["Requests"], table.loc["Chasing calls"], table.loc["All demand"]
    # Requests: 12 * 100 = 1200 before, 12 * 110 = 1320 last; +120 = +10%
    assert (req.previous_year, req.last_year, req.change) == (1200, 1320, 120)
    assert req["pct_change"] == pytest.approx(10.0)
    # Chasing: 12 * 20 = 240 before, 12 * 30 = 360 last; +120 = +50%
    assert (chase.previous_year, chase.last_year, chase.change) == (240, 360, 120)
    assert chase["pct_change"] == pytest.approx(50.0)
    # Total: 1440 -> 1680, +240, 240 / 1440 = 16.667%
    assert (total.previous_year, total.last_year, total.change) == (1440, 1680, 240)
    assert total["pct_change"] == pytest.approx(100 * 240 / 1440)
    assert total.nature == "all" and total.demand_type_id is None
    # Slope of a step of height h at x = 12, x = 0..23: x̄ = 11.5,
    # Sxx = 24 * (24² - 1) / 12 = 1150, Sxy = h * (0.5 + 1.5 + ... + 11.5) = 72h.
    assert req.slope_per_period == pytest.approx(10 * 72 / 1150)  # 0.6261
    assert chase.slope_per_period == pytest.approx(10 * 72 / 1150)
    assert total.slope_per_period == pytest.approx(20 * 72 / 1150)


def test_year_on_year_short_history_is_nan():
    rows = [(REQUESTS, f"2024-0{m}-01", 10) for m in range(1, 6)]  # 5 months
    table = d.year_on_year(d.demand_matrix(observations(rows), TYPES, "month"), TYPES, "month")
    assert len(table) == 3  # two types + total
    for column in ["last_year", "previous_year", "change", "pct_change"]:
        assert table[column].isna().all()
    assert table.iloc[0]["slope_per_period"] == pytest.approx(0.0)  # flat 10s
    assert math.isnan(table.iloc[1]["slope_per_period"])  # Chasing: no points


def test_year_on_year_between_one_and_two_years():
    rows = [(REQUESTS, month, 5) for month in pd.date_range("2023-01-01", periods=14, freq="MS")]
    table = d.year_on_year(d.demand_matrix(observations(rows), TYPES, "month"), TYPES, "month")
    total = table.iloc[-1]
    assert total["last_year"] == 60  # 12 * 5
    assert math.isnan(total["previous_year"]) and math.isnan(total["pct_change"])


def test_pct_change_nan_when_previous_year_zero():
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    rows = [(REQUESTS, m, 0 if i < 12 else 5) for i, m in enumerate(months)]
    table = d.year_on_year(d.demand_matrix(observations(rows), TYPES, "month"), TYPES, "month")
    assert table.iloc[0]["change"] == 60  # 12 * 5 - 0
    assert math.isnan(table.iloc[0]["pct_change"])


def test_year_on_year_weekly_and_quarterly():
    weeks = pd.date_range("2022-01-03", periods=104, freq="W-MON")
    rows = [(REQUESTS, w, 10 if i < 52 else 12) for i, w in enumerate(weeks)]
    weekly = d.year_on_year(d.demand_matrix(observations(rows), TYPES, "week"), TYPES, "week")
    # 52 * 10 = 520 -> 52 * 12 = 624: +104 = +20%
    assert (weekly.iloc[0]["previous_year"], weekly.iloc[0]["last_year"]) == (520, 624)
    assert weekly.iloc[0]["pct_change"] == pytest.approx(20.0)
    quarters = pd.date_range("2022-01-01", periods=8, freq="QS-JAN")
    rows = [(CHASING, q, v) for q, v in zip(quarters, [1, 2, 3, 4, 5, 6, 7, 8], strict=True)]
    quarterly = d.year_on_year(
        d.demand_matrix(observations(rows), TYPES, "quarter"), TYPES, "quarter"
    )
    # 1+2+3+4 = 10 -> 5+6+7+8 = 26: +16 = +160%; slope of 1..8 is 1
    chase = quarterly.iloc[1]
    assert (chase["previous_year"], chase["last_year"]) == (10, 26)
    assert chase["pct_change"] == pytest.approx(160.0)
    assert chase["slope_per_period"] == pytest.approx(1.0)


def test_year_on_year_empty():
    table = d.year_on_year(d.demand_matrix(NO_OBS, TYPES, "month"), TYPES, "month")
    assert table.empty and list(table.columns) == d.YEAR_ON_YEAR_COLUMNS


# --- least squares -----------------------------------------------------------------------


def test_least_squares_slope_by_hand():
    # x = 0, 2, 3 (position 1 missing), y = 2, 4, 10: x̄ = 5/3, ȳ = 16/3,
    # Sxy = (-5/3)(-10/3) + (1/3)(-4/3) + (4/3)(14/3) = 102/9, Sxx = 42/9 -> 17/7
    assert d.least_squares_slope(pd.Series([2, None, 4, 10])) == pytest.approx(17 / 7)
    assert d.least_squares_slope(pd.Series([1.0, 3.0, 5.0, 7.0])) == pytest.approx(2.0)
    assert math.isnan(d.least_squares_slope(pd.Series([], dtype=float)))
    assert math.isnan(d.least_squares_slope(pd.Series([4.0, None])))


# --- forecast ----------------------------------------------------------------------------


def test_forecast_linear_continues_the_line():
    series = monthly("2022-01-01", [5 + 2 * i for i in range(10)])  # Jan-Oct: 5, 7, ..., 23
    predicted, method = d.forecast(series, "month", 3)
    assert method == "linear"
    assert list(predicted.index.strftime("%Y-%m")) == ["2022-11", "2022-12", "2023-01"]
    assert list(predicted) == pytest.approx([25, 27, 29])


# The straight line with seasonal means is now the fallback (weekly series, or a fit
# that fails); from two full years monthly and quarterly series are smoothed
# (issue 13 item 8, tests/microsystems/test_forecast.py).
def test_forecast_switches_to_seasonal_at_two_full_years():
    line = [5 + 2 * i for i in range(24)]
    assert d.linear_forecast(monthly("2022-01-01", line[:23]), "month")[1] == "linear"
    predicted, method = d.linear_forecast(monthly("2022-01-01", line), "month")
    assert method == "linear-seasonal"
    # A perfect line has zero residuals, so no seasonal effect: 5 + 2*24 = 53, 55, 57
    assert list(predicted) == pytest.approx([53, 55, 57])


def test_seasonal_forecast_repeats_the_season_when_trend_is_flat():
    season = [10, 20, 30, 40, 50, 60, 60, 50, 40, 30, 20, 10]
    # Symmetric season twice over: Sxy = Σ y_k (2k - 11) = 0, so slope 0, level = mean 35;
    # seasonal index Jan = 10 - 35 = -25 etc., so next Jan-Mar = 10, 20, 30.
    predicted, method = d.linear_forecast(monthly("2022-01-01", season * 2), "month", 3)
    assert method == "linear-seasonal"
    assert list(predicted) == pytest.approx([10, 20, 30])
    assert list(predicted.index.strftime("%Y-%m")) == ["2024-01", "2024-02", "2024-03"]


def test_seasonal_indices_are_centred_when_positions_have_unequal_counts():
    # Quarters 2022Q1-2024Q1: y = 4, 0, 0, 0, 4, 0, 0, 0, 4 at x = 0..8 (x̄ = 4).
    # Sxy = 4 * (-4 + 0 + 4) = 0 -> flat at ȳ = 12/9 = 4/3. Mean residuals: Q1 = 8/3,
    # Q2-Q4 = -4/3; they sum to -4/3, so subtract -1/3: Q1 = 3, Q2-Q4 = -1.
    quarters = pd.date_range("2022-01-01", periods=9, freq="QS-JAN")
    series = pd.Series([4.0, 0, 0, 0, 4, 0, 0, 0, 4], index=quarters)
    predicted, method = d.linear_forecast(series, "quarter", 4)
    assert method == "linear-seasonal"
    assert list(predicted.index.strftime("%Y-%m")) == ["2024-04", "2024-07", "2024-10", "2025-01"]
    assert list(predicted) == pytest.approx([1 / 3, 1 / 3, 1 / 3, 13 / 3])


def test_weekly_forecast_switches_at_104_weeks():
    weeks = pd.date_range("2022-01-03", periods=104, freq="W-MON")
    line = pd.Series([3.0 + i for i in range(104)], index=weeks)
    assert d.forecast(line.iloc[:103], "week")[1] == "linear"
    predicted, method = d.forecast(line, "week", 2)
    assert method == "linear-seasonal"
    assert list(predicted) == pytest.approx([107, 108])  # 3 + 104, 3 + 105


def test_forecast_respects_gaps_and_clips_at_zero():
    # Points at x = 0, 2, 3 -> slope 17/7 through (5/3, 16/3); x = 4: 16/3 + 17/7 * 7/3 = 11
    predicted, _ = d.forecast(monthly("2024-01-01", [2, None, 4, 10]), "month", 2)
    assert list(predicted) == pytest.approx([11, 11 + 17 / 7])
    falling, _ = d.forecast(monthly("2024-01-01", [10, 5, 0]), "month", 2)  # -5, -10 -> 0
    assert list(falling) == [0, 0]


def test_forecast_weekly_index_is_mondays():
    weeks = pd.date_range("2024-01-01", periods=4, freq="W-MON")
    predicted, _ = d.forecast(pd.Series([1.0, 2.0, 3.0, 4.0], index=weeks), "week", 2)
    assert list(predicted.index.strftime("%Y-%m-%d")) == ["2024-01-29", "2024-02-05"]
    assert list(predicted) == pytest.approx([5, 6])


def test_forecast_not_enough_history():
    predicted, method = d.forecast(monthly("2024-01-01", [1, 2]), "month")
    assert method == "none" and predicted.empty
    predicted, method = d.forecast(pd.Series([], dtype=float), "quarter")
    assert method == "none" and predicted.empty


# --- failure demand ----------------------------------------------------------------------


def test_failure_share_per_period_and_year_change(two_years):
    share = d.failure_demand_share(two_years, TYPES)
    assert list(share.columns) == d.SHARE_COLUMNS
    first, last = share.iloc[0], share.iloc[-1]
    assert (first.value_volume, first.failure_volume, first.total_volume) == (100, 20, 120)
    assert first.failure_share == pytest.approx(20 / 120)  # 1/6
    assert last.failure_share == pytest.approx(30 / 140)  # 3/14
    assert first.unclassified_volume == 0  # no unclassified type at all
    change = d.failure_share_change(share, "month")
    assert change["previous_share"] == pytest.approx(240 / 1440)  # 16.7%
    assert change["last_share"] == pytest.approx(360 / 1680)  # 21.4%
    # (3/14 - 1/6) * 100 = (9 - 7) / 42 * 100 = 4.76 points
    assert change["change_points"] == pytest.approx(200 / 42)


def test_failure_share_change_skips_periods_with_failure_not_entered(two_years):
    matrix = two_years.copy()
    matrix.loc["2023-12-01", CHASING] = float("nan")  # value entered, failure not
    change = d.failure_share_change(d.failure_demand_share(matrix, TYPES), "month")
    # Dec 2023 is left out of both sums: 11 * 30 / (11 * 140) = 3/14, not 330 / 1650
    assert change["last_share"] == pytest.approx(3 / 14)


def test_failure_share_nan_when_total_zero_or_missing():
    obs = observations([(REQUESTS, "2024-01-01", 0), (CHASING, "2024-01-01", 0),
                        (REQUESTS, "2024-03-01", 3)])  # fmt: skip
    share = d.failure_demand_share(d.demand_matrix(obs, TYPES, "month"), TYPES)
    assert share["failure_share"].isna().all()  # Jan 0/0, Feb no data, Mar failure not entered
    assert share.loc["2024-01-01", "total_volume"] == 0


def test_failure_share_short_and_empty():
    rows = [(CHASING, f"2024-0{m}-01", 1) for m in range(1, 6)]
    share = d.failure_demand_share(d.demand_matrix(observations(rows), TYPES, "month"), TYPES)
    assert all(math.isnan(v) for v in d.failure_share_change(share, "month").values())
    empty = d.failure_demand_share(d.demand_matrix(NO_OBS, NO_TYPES, "month"), NO_TYPES)
    assert empty.empty and list(empty.columns) == d.SHARE_COLUMNS
    assert all(math.isnan(v) for v in d.failure_share_change(empty, "week").values())


# --- capacity ----------------------------------------------------------------------------


def test_capacity_utilisation_by_hand():
    rows = [(REQUESTS, m, 120) for m in ["2024-01-01", "2024-02-01", "2024-03-01"]]
    matrix = d.demand_matrix(observations(rows), TYPES, "month")
    frame, method = d.capacity(matrix, TYPES, STAFF, "month", horizon=2)
    assert list(frame.columns) == d.CAPACITY_COLUMNS
    history = frame[~frame["is_forecast"]]
    # 120 requests * 15 min = 1800 min = 30 h; 2 * 16 + 0.5 * 16 = 40 h; 30 / 40 = 75%
    assert list(history["required_hours"]) == pytest.approx([30, 30, 30])
    assert list(history["available_hours"]) == [40, 40, 40]
    assert list(history["utilisation_pct"]) == pytest.approx([75, 75, 75])
    ahead = frame[frame["is_forecast"]]
    assert method == "linear"
    assert list(ahead.index.strftime("%Y-%m")) == ["2024-04", "2024-05"]
    assert list(ahead["utilisation_pct"]) == pytest.approx([75, 75])  # flat line continues


def test_capacity_mixed_types(two_years):
    frame, method = d.capacity(two_years, TYPES, STAFF, "month")
    # Last month: 110 * 15 / 60 = 27.5 h + 30 * 6 / 60 = 3 h = 30.5 h; 30.5 / 40 = 76.25%
    last = frame[~frame["is_forecast"]].iloc[-1]
    assert last["required_hours"] == pytest.approx(30.5)
    assert last["utilisation_pct"] == pytest.approx(76.25)
    # Two full years: smoothed (issue 13 item 8), no longer the straight line.
    assert method.startswith("ets-")
    assert frame["is_forecast"].sum() == 3 and len(frame) == 27


def test_capacity_zero_staff_gives_nan_utilisation():
    rows = [(REQUESTS, "2024-01-01", 120)]
    frame, method = d.capacity(d.demand_matrix(observations(rows), TYPES, "month"), TYPES,
                               NO_STAFF, "month")  # fmt: skip
    assert frame["available_hours"].tolist() == [0]
    assert frame["utilisation_pct"].isna().all()
    assert method == "none" and not frame["is_forecast"].any()


def test_capacity_empty():
    frame, method = d.capacity(d.demand_matrix(NO_OBS, NO_TYPES, "week"), NO_TYPES,
                               NO_STAFF, "week")  # fmt: skip
    assert frame.empty and list(frame.columns) == d.CAPACITY_COLUMNS
    assert method == "none"


@pytest.mark.parametrize(
    "granularity, day, expected",
    [
        ("week", "2026-03-04", "2026-03-02"),  # a Wednesday -> its Monday
        ("week", "2026-03-02", "2026-03-02"),
        ("month", "2026-03-31", "2026-03-01"),
        ("quarter", "2026-08-15", "2026-07-01"),
        ("quarter", "2026-01-01", "2026-01-01"),
    ],
)
def test_align_all_matches_align(granularity, day, expected):
    from microsystems.analysis.demand import align, align_all

    aligned = align_all(pd.Series([pd.Timestamp(day)]), granularity)
    assert aligned.iloc[0] == pd.Timestamp(expected) == align(day, granularity)


@given(st.lists(st.dates() | st.dates(min_value=FIRST_DAY, max_value=LAST_DAY), max_size=50))
def test_plain_dates_are_read_as_numpy_reads_them(dates):
    # The database's date objects take a shortcut by their day numbers: the same days.
    series = pd.Series(dates, dtype=object)
    through_numpy = np.asarray(series.to_numpy(), dtype="datetime64[D]")
    inside = (through_numpy >= np.datetime64(FIRST_DAY, "D")) & (
        through_numpy <= np.datetime64(LAST_DAY, "D")
    )
    expected = np.where(inside, through_numpy, np.datetime64("NaT", "D")).astype("datetime64[ns]")
    stamps = d.period_timestamps(series)
    assert stamps.dtype == "datetime64[ns]"
    np.testing.assert_array_equal(stamps.to_numpy(), expected)
