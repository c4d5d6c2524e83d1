"""XmR run charts against series worked out by hand (microsystems.analysis.run_charts)."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from microsystems.analysis import run_charts as rc
from microsystems.charts.run_charts import run_chart_figure
from tests.support.charts import validated


def monthly(values, start="2024-01-01") -> pd.Series:
    return pd.Series(
        values, index=pd.date_range(start, periods=len(values), freq="MS"), dtype=float
    )


def signals(chart) -> list[str]:
    return list(chart.points["signal"])


def test_mean_limits_and_no_signal_for_steady_alternation():
    # 10, 12 six times: mean 11; every moving range 2, so the mean moving range is 2;
    # limits 11 -/+ 2.66 x 2 = 5.68 and 16.32. Alternating values make no run or trend.
    chart = rc.xmr_chart(monthly([10, 12] * 6), direction=rc.HIGHER)
    (segment,) = chart.segments
    assert segment.mean == pytest.approx(11)
    assert segment.mean_moving_range == pytest.approx(2)
    assert segment.screened_ranges == 0
    assert (segment.lower_limit, segment.upper_limit) == pytest.approx((5.68, 16.32))
    assert signals(chart) == [""] * 12
    assert chart.variation == rc.COMMON_CAUSE
    assert list(chart.points["moving_range"].iloc[1:]) == [2.0] * 11
    assert np.isnan(chart.points["moving_range"].iloc[0])


def test_a_point_beyond_a_limit_with_its_moving_range_screened():
    # 10, 14 seven times, then 40. Mean = (70 + 98 + 40) / 15 = 208 / 15 = 13.8667.
    # Moving ranges: thirteen of 4 and one of 26; their mean 78 / 14 = 5.5714, and
    # 26 > 3.267 x 5.5714 = 18.20, so it is screened out: mean moving range 4.
    # Limits 13.8667 -/+ 10.64 = 3.2267 and 24.5067 (unscreened they would be
    # 13.8667 -/+ 14.82). Only 40 lies beyond, or beyond two-thirds (20.96).
    chart = rc.xmr_chart(monthly([10, 14] * 7 + [40]), direction=rc.HIGHER)
    (segment,) = chart.segments
    assert segment.mean == pytest.approx(208 / 15)
    assert segment.screened_ranges == 1
    assert segment.mean_moving_range == pytest.approx(4)
    assert segment.lower_limit == pytest.approx(208 / 15 - 10.64)
    assert segment.upper_limit == pytest.approx(208 / 15 + 10.64)
    assert signals(chart) == [""] * 14 + [rc.BEYOND_LIMIT]
    assert chart.points["verdict"].iloc[-1] == rc.IMPROVEMENT
    assert chart.variation == rc.IMPROVEMENT


def test_screening_leaves_out_only_ranges_above_3267_times_the_mean():
    # Ranges 1, 1, 1, 1, 10: mean 14 / 5 = 2.8; 3.267 x 2.8 = 9.15 < 10, left out;
    # the rest average 1.
    assert rc.screened_mean_moving_range(np.array([0, 1, 0, 1, 0, 10.0])) == (1.0, 1)
    # Ranges 1, 1, 1, 1, 5: mean 1.8; 3.267 x 1.8 = 5.88 >= 5, kept.
    assert rc.screened_mean_moving_range(np.array([0, 1, 0, 1, 0, 5.0])) == (1.8, 0)


def test_a_run_of_seven_on_one_side():
    # 10, 14, 10, 14, 10, then 13, 12.5, 13, 12.5, 13, 12.5, 13.
    # Mean = (58 + 89.5) / 12 = 12.2917. Moving ranges 4, 4, 4, 4, 3, then 0.5 x 6:
    # mean 22 / 11 = 2; limits 12.2917 -/+ 5.32 = 6.9717 and 17.6117; two-thirds
    # lines 15.84 and 8.75, which nothing passes. The last seven are all above.
    series = monthly([10, 14, 10, 14, 10, 13, 12.5, 13, 12.5, 13, 12.5, 13])
    chart = rc.xmr_chart(series, direction=rc.HIGHER)
    (segment,) = chart.segments
    assert segment.mean == pytest.approx(147.5 / 12)
    assert segment.mean_moving_range == pytest.approx(2)
    assert signals(chart) == [""] * 5 + [rc.RUN] * 7
    assert list(chart.points["high_signal"]) == [False] * 5 + [True] * 7
    assert chart.variation == rc.IMPROVEMENT
    # The same run is a concern where lower is better.
    assert rc.xmr_chart(series, direction=rc.LOWER).variation == rc.CONCERN
    # Six on one side is no run: drop the first of the seven.
    shorter = monthly([10, 14, 10, 14, 10, 12, 9, 13, 12.5, 13, 12.5, 13, 12.5, 13][:12])
    assert rc.RUN not in signals(rc.xmr_chart(shorter))


def test_a_point_on_the_mean_ends_a_run():
    flags = np.array([True] * 3 + [False] + [True] * 4)  # the False is a point on the mean
    assert not rc._runs(flags, 7).any()
    assert rc._runs(np.array([True] * 7), 7).all()


def test_a_rising_trend_of_seven():
    # 10, 14, 10, 14, 10, then 9, 10, 11, 12, 13, 14, 15: seven points each above the
    # one before (six rises). Mean 142 / 12 = 11.8333; moving ranges 4 x 4 then 1 x 7:
    # mean 23 / 11 = 2.0909; limits 11.8333 -/+ 5.5618 = 6.2715 and 17.3951;
    # two-thirds lines 15.5412 and 8.1254, which nothing passes; the longest run on
    # one side is four (10, 9, 10, 11 below).
    series = monthly([10, 14, 10, 14, 10, 9, 10, 11, 12, 13, 14, 15])
    chart = rc.xmr_chart(series, direction=rc.HIGHER)
    (segment,) = chart.segments
    assert segment.upper_limit == pytest.approx(142 / 12 + 2.66 * 23 / 11)
    assert signals(chart) == [""] * 5 + [rc.TREND] * 7
    assert chart.variation == rc.IMPROVEMENT
    # Mirrored, the same points fall: a low signal, an improvement where lower is better.
    falling = rc.xmr_chart(-series, direction=rc.LOWER)
    assert signals(falling) == [""] * 5 + [rc.TREND] * 7
    assert list(falling.points["low_signal"]) == [False] * 5 + [True] * 7
    assert falling.variation == rc.IMPROVEMENT


def test_six_rises_make_a_trend_but_five_do_not():
    assert rc._trend(np.arange(7.0), rising=True).all()
    assert not rc._trend(np.arange(6.0), rising=True).any()
    # An equal value ends a trend.
    assert not rc._trend(np.array([1, 2, 3, 3, 4, 5, 6.0]), rising=True).any()


def test_two_of_three_beyond_two_thirds():
    # 10, 14 five times, then 21, 21.5. Mean 162.5 / 12 = 13.5417. Moving ranges
    # 4 x 9, 7, 0.5: mean 43.5 / 11 = 3.9545; limits 13.5417 -/+ 10.519 = 3.0227
    # and 24.0607; two-thirds of the way up is 13.5417 + 7.0127 = 20.5544, which
    # 21 and 21.5 pass without passing the limit.
    chart = rc.xmr_chart(monthly([10, 14] * 5 + [21, 21.5]), direction=rc.LOWER)
    (segment,) = chart.segments
    assert segment.upper_limit == pytest.approx(162.5 / 12 + 2.66 * 43.5 / 11)
    assert signals(chart) == [""] * 10 + [rc.NEAR_LIMITS] * 2
    assert chart.variation == rc.CONCERN
    # One point of three is not enough.
    one = rc._two_of_three(np.array([False, True, False, False, True, False]))
    assert not one.any()
    assert list(rc._two_of_three(np.array([True, False, True]))) == [True, False, True]


def test_improvement_wins_when_a_point_meets_rules_both_ways():
    # 20, 24, 20, 24, 20, then 10 .. 16 rising. Mean 199 / 12 = 16.5833. Moving
    # ranges 4 x 4, 10, 1 x 6: mean 32 / 11 = 2.909; 10 > 3.267 x 2.909 = 9.50 is
    # screened, leaving 22 / 10 = 2.2; limits 16.5833 -/+ 5.852 = 10.7313 and
    # 22.4353. The last seven rise (high: a trend) but all lie below the mean (low:
    # a run), and 10 lies below the lower limit (low). Higher is better: improvement.
    chart = rc.xmr_chart(monthly([20, 24, 20, 24, 20, *range(10, 17)]), direction=rc.HIGHER)
    (segment,) = chart.segments
    assert segment.screened_ranges == 1
    assert segment.mean_moving_range == pytest.approx(2.2)
    first = chart.points.iloc[5]
    assert first["value"] == 10
    assert first["signal"] == rc.BEYOND_LIMIT  # first in the order of the rules
    assert first["high_signal"] and first["low_signal"]
    assert list(chart.points["verdict"].iloc[5:]) == [rc.IMPROVEMENT] * 7


def test_no_direction_gives_neutral_signals():
    chart = rc.xmr_chart(monthly([10, 14] * 7 + [40]))
    assert chart.points["verdict"].iloc[-1] == rc.NEUTRAL
    assert chart.variation == rc.NEUTRAL
    assert chart.assurance is None


def test_fewer_than_twelve_points_have_no_limits_and_no_signals():
    chart = rc.xmr_chart(monthly([10, 12] * 5 + [40]), direction=rc.HIGHER, target=5)
    (segment,) = chart.segments
    assert not segment.has_limits
    assert segment.mean == pytest.approx((50 + 60 + 40) / 11)
    assert chart.points["upper_limit"].isna().all()
    assert signals(chart) == [""] * 11
    assert chart.variation == rc.TOO_FEW_POINTS
    assert chart.assurance is None


def test_recalculating_from_a_date_gives_each_segment_its_own_limits():
    # Twelve of 10, 12 then twelve of 20, 22. As one segment the step is a signal;
    # cut at the step, each half has mean 11 or 21 and moving ranges of 2 (the step's
    # range of 8 belongs to neither baseline), limits -/+ 5.32, and no signal.
    series = monthly([10, 12] * 6 + [20, 22] * 6)
    assert rc.xmr_chart(series).variation != rc.COMMON_CAUSE
    chart = rc.xmr_chart(series, recalculate_from=[dt.date(2025, 1, 1)])
    first, second = chart.segments
    assert (first.start, first.points, first.mean) == (pd.Timestamp("2024-01-01"), 12, 11)
    assert (second.start, second.points, second.mean) == (pd.Timestamp("2025-01-01"), 12, 21)
    assert (second.lower_limit, second.upper_limit) == pytest.approx((15.68, 26.32))
    assert signals(chart) == [""] * 24
    assert list(chart.points["segment"]) == [1] * 12 + [2] * 12
    assert chart.variation == rc.COMMON_CAUSE
    # A date between periods starts the segment at the next period.
    lengths = rc.segment_lengths(series.index, [dt.date(2024, 12, 15)])
    assert lengths == [(pd.Timestamp("2024-01-01"), 12), (pd.Timestamp("2025-01-01"), 12)]
    lengths = rc.segment_lengths(series.index, [dt.date(2024, 12, 1)])
    assert lengths == [(pd.Timestamp("2024-01-01"), 11), (pd.Timestamp("2024-12-01"), 13)]


def test_the_figure_draws_each_segments_mean_and_limits_from_its_first_period_to_its_last():
    # The recalculated chart above: means 11 and 21, limits 11 -/+ 5.32 and 21 -/+ 5.32,
    # each drawn flat from the segment's first month to its last, a gap between.
    series = monthly([10, 12] * 6 + [20, 22] * 6)
    chart = rc.xmr_chart(series, recalculate_from=[dt.date(2025, 1, 1)])
    traces = {trace["name"]: trace for trace in run_chart_figure(chart, title="A")["data"]}
    x = ["2024-01-01", "2024-12-01", None, "2025-01-01", "2025-12-01"]
    assert traces["Mean"]["x"] == x
    assert traces["Mean"]["y"] == pytest.approx([11, 11, None, 21, 21])
    assert traces["Upper process limit"]["x"] == x
    assert traces["Upper process limit"]["y"] == pytest.approx([16.32, 16.32, None, 26.32, 26.32])
    assert traces["Lower process limit"]["y"] == pytest.approx([5.68, 5.68, None, 15.68, 15.68])
    # Every value is still a point of its own.
    assert len(traces["Value"]["x"]) == 24
    # A first segment too short for limits (eleven points) has no limit line at all;
    # its mean is still drawn.
    chart = rc.xmr_chart(
        monthly([10, 12] * 5 + [40] + [20, 22] * 6), recalculate_from=[dt.date(2024, 12, 1)]
    )
    traces = {trace["name"]: trace for trace in run_chart_figure(chart, title="A")["data"]}
    assert traces["Upper process limit"]["x"] == ["2024-12-01", "2025-11-01"]
    assert traces["Upper process limit"]["y"] == pytest.approx([26.32, 26.32])
    assert traces["Mean"]["x"] == ["2024-01-01", "2024-11-01", None, "2024-12-01", "2025-11-01"]
    assert traces["Mean"]["y"] == pytest.approx([150 / 11, 150 / 11, None, 21, 21])
    validated(run_chart_figure)(chart, title="A")


def test_a_fixed_baseline_keeps_later_points_from_widening_the_limits():
    # Limits on the first 12 points (mean 11, limits 5.68 and 16.32); the later 20s
    # and 22s lie beyond them. Unfixed, the mean would be (132 + 84) / 16 = 13.5.
    series = monthly([10, 12] * 6 + [20, 22] * 2)
    chart = rc.xmr_chart(series, direction=rc.HIGHER, baseline_points=12)
    (segment,) = chart.segments
    assert (segment.baseline_points, segment.points) == (12, 16)
    assert segment.mean == pytest.approx(11)
    assert (segment.lower_limit, segment.upper_limit) == pytest.approx((5.68, 16.32))
    assert signals(chart)[-4:] == [rc.BEYOND_LIMIT] * 4
    assert rc.xmr_chart(series).segments[0].mean == pytest.approx(13.5)


@pytest.mark.parametrize(
    "direction, target, expected",
    [
        (rc.HIGHER, 5, rc.MEET),  # lower limit 5.68 is above the target
        (rc.HIGHER, 17, rc.MISS),  # upper limit 16.32 is below it
        (rc.HIGHER, 11, rc.CHANCE),
        (rc.LOWER, 17, rc.MEET),
        (rc.LOWER, 5, rc.MISS),
        (rc.LOWER, 11, rc.CHANCE),
        (rc.HIGHER, None, None),
    ],
)
def test_assurance_against_a_target(direction, target, expected):
    chart = rc.xmr_chart(monthly([10, 12] * 6), direction=direction, target=target)
    assert chart.assurance == expected


def test_assurance_is_judged_on_the_latest_segment():
    series = monthly([10, 12] * 6 + [20, 22] * 6)
    chart = rc.xmr_chart(
        series, direction=rc.HIGHER, target=14, recalculate_from=[dt.date(2025, 1, 1)]
    )
    assert chart.assurance == rc.MEET  # 15.68 > 14; the first segment would miss


def test_csv_frame_has_exactly_the_columns_and_the_values():
    chart = rc.xmr_chart(monthly([10, 14] * 7 + [40]))
    frame = chart.csv_frame()
    assert list(frame.columns) == rc.CSV_COLUMNS
    last = frame.iloc[-1]
    assert last["period_start"] == dt.date(2025, 3, 1)
    assert last["value"] == 40
    assert last["mean"] == pytest.approx(13.8667, abs=1e-4)
    assert last["lower_limit"] == pytest.approx(3.2267, abs=1e-4)
    assert last["upper_limit"] == pytest.approx(24.5067, abs=1e-4)
    assert last["signal"] == rc.BEYOND_LIMIT
    assert frame.iloc[0]["signal"] == ""


def test_missing_periods_are_left_out_and_an_empty_series_has_no_data():
    chart = rc.xmr_chart(monthly([10, np.nan, 12]))
    assert len(chart.points) == 2
    assert rc.xmr_chart(pd.Series([], dtype=float)).variation == rc.NO_DATA


def test_before_and_after_a_real_shift():
    # Twelve of 10, 12 before (mean 11, limits 5.68, 16.32), then six of 20, 22.
    series = monthly([10, 12] * 6 + [20, 22] * 3)
    result = rc.before_after(series, dt.date(2025, 1, 1), direction=rc.HIGHER)
    assert result["before_mean"] == pytest.approx(11)
    assert result["after_mean"] == pytest.approx(21)
    assert result["first_signal"] == rc.BEYOND_LIMIT
    assert result["first_signal_period"] == pd.Timestamp("2025-01-01")
    assert result["wanted"] is True
    # Where lower is better, the same shift is a concern.
    worse = rc.before_after(series, dt.date(2025, 1, 1), direction=rc.LOWER)
    assert worse["wanted"] is False


def test_before_and_after_noise_only():
    # The same alternation continues after the change: no signal follows.
    series = monthly([10, 12] * 9)
    result = rc.before_after(series, dt.date(2025, 1, 1), direction=rc.HIGHER)
    assert (result["before_mean"], result["after_mean"]) == (11, 11)
    assert result["first_signal"] is None
    assert result["wanted"] is None


def test_before_and_after_needs_twelve_points_before():
    series = monthly([10, 12] * 5 + [20, 22] * 3)
    result = rc.before_after(series, dt.date(2024, 11, 1), direction=rc.HIGHER)
    assert result["enough_before"] is False
    assert result["wanted"] is None


def batch(*serieses, directions=None, targets=None) -> list[rc.RunChart]:
    """xmr_charts of the series, each monthly from January 2024, laid one after another."""
    values = np.concatenate([np.asarray(series, dtype=float) for series in serieses])
    stamps = np.concatenate(
        [
            pd.date_range("2024-01-01", periods=len(series), freq="MS").to_numpy()
            for series in serieses
        ]
    )
    starts = np.cumsum([0, *(len(series) for series in serieses)])[:-1].tolist()
    return rc.xmr_charts(
        values,
        stamps,
        starts,
        directions=directions or [rc.HIGHER] * len(serieses),
        targets=targets or [None] * len(serieses),
    )


def test_many_charts_at_once_worked_out_by_hand():
    # As above: 10, 12 six times (mean 11, limits 5.68 and 16.32, no signal); 10, 14
    # seven times then 40 (mean 208 / 15, one range screened, 40 beyond the upper limit).
    # Then 1, 2, 3: too few points, mean 2. Then 4, 5, 6, 7, 8, 4, 6, 4, 6, 4, 6, 4:
    # mean 64 / 12 = 5.3333; moving ranges 1, 1, 1, 1, 4, then 2 six times: 20 / 11 =
    # 1.8182 (3.267 x 1.8182 = 5.94, nothing screened); limits 5.3333 -/+ 4.8364 =
    # 0.4970 and 10.1697; two-thirds lines 8.5576 and 2.1091, which nothing passes; the
    # sides alternate after the first five, so no run. Its first five rise four times:
    # no trend, though with the 1, 2, 3 before them they would make eight rising points.
    steady, beyond, short, rising = batch(
        [10, 12] * 6,
        [10, 14] * 7 + [40],
        [1, 2, 3],
        [4, 5, 6, 7, 8, 4, 6, 4, 6, 4, 6, 4],
        directions=[rc.HIGHER, rc.HIGHER, None, rc.LOWER],
        targets=[20.0, None, None, 12.0],
    )
    (segment,) = steady.segments
    assert (segment.number, segment.points, segment.screened_ranges) == (1, 12, 0)
    assert segment.mean == pytest.approx(11)
    assert (segment.lower_limit, segment.upper_limit) == pytest.approx((5.68, 16.32))
    assert signals(steady) == [""] * 12
    assert (steady.variation, steady.assurance) == (rc.COMMON_CAUSE, rc.MISS)
    (segment,) = beyond.segments
    assert segment.mean == pytest.approx(208 / 15)
    assert (segment.screened_ranges, segment.mean_moving_range) == (1, pytest.approx(4))
    assert signals(beyond) == [""] * 14 + [rc.BEYOND_LIMIT]
    assert beyond.variation == rc.IMPROVEMENT and beyond.assurance is None
    (segment,) = short.segments
    assert (segment.mean, segment.has_limits) == (2, False)
    assert short.variation == rc.TOO_FEW_POINTS and short.points["upper_limit"].isna().all()
    (segment,) = rising.segments
    assert segment.mean == pytest.approx(64 / 12)
    assert segment.mean_moving_range == pytest.approx(20 / 11)
    assert (segment.lower_limit, segment.upper_limit) == pytest.approx(
        (64 / 12 - 2.66 * 20 / 11, 64 / 12 + 2.66 * 20 / 11)
    )
    assert signals(rising) == [""] * 12
    # Lower is better and both limits lie below 12: the target will be met.
    assert (rising.variation, rising.assurance) == (rc.COMMON_CAUSE, rc.MEET)
    assert [chart.points["period_start"].iloc[0] for chart in (steady, rising)] == [
        pd.Timestamp("2024-01-01")
    ] * 2


def test_many_charts_at_once_are_each_series_own_chart():
    """xmr_charts gives, to the last digit, what xmr_chart gives each series alone:
    series of every length side by side, with steps, runs and trends at their ends
    that would run on into the next series were the signals not stopped there."""
    rng = np.random.default_rng(7)
    serieses = []
    for length in [0, 1, 2, 11, 12, 13, 30, 7, 25, 40, 12, 3, 60]:
        base = rng.integers(40, 60, size=length).astype(float)
        base[length // 2 :] += 15 * rng.integers(0, 2)  # a step in some
        if length >= 20:  # a rising end, and a run above the mean
            base[-8:] = np.sort(base[-8:]) + 30
        serieses.append(base)
    serieses = [series for series in serieses if len(series)]
    directions = [[rc.HIGHER, rc.LOWER, None][n % 3] for n in range(len(serieses))]
    targets = [None if n % 2 else 50.0 for n in range(len(serieses))]
    charts = batch(*serieses, directions=directions, targets=targets)
    for series, direction, target, chart in zip(serieses, directions, targets, charts, strict=True):
        alone = rc.xmr_chart(monthly(series), direction=direction, target=target)
        pd.testing.assert_frame_equal(chart.points, alone.points, check_exact=True)
        assert chart.segments == alone.segments
        assert (chart.variation, chart.assurance, chart.direction, chart.target) == (
            alone.variation, alone.assurance, alone.direction, alone.target,
        )  # fmt: skip
        assert run_chart_figure(chart, title="A", compact=True) == run_chart_figure(
            alone, title="A", compact=True
        )
        validated(run_chart_figure)(chart, title="A", compact=True)
    assert any(rc.TREND in signals(chart) for chart in charts)
    assert any(rc.RUN in signals(chart) for chart in charts)
