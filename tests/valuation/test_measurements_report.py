"""valuation.reports.measurements: the overview in words, from measures made by hand."""

from datetime import date
from decimal import Decimal

from valuation.models import Measure
from valuation.reports.measurements import (
    NO_LONGER_USED,
    RETIRED,
    measurements_page,
    run_chart_target,
    with_unit,
)


def measure(name, *, unit="", active=True, usable=True, latest=None, start=None, periods=0,
            baseline=None, target=None, rollup="mean") -> Measure:  # fmt: skip
    """A measure as selectors.measurements_overview annotates it."""
    found = Measure(name=name, unit=unit, active=active, baseline=baseline, target=target,
                    rollup=rollup)  # fmt: skip
    found.usable = usable
    found.latest_value = latest
    found.latest_period_start = start
    found.periods_recorded = periods
    return found


def test_values_in_their_unit():
    assert with_unit(Decimal("48.00"), "£") == "£48"
    assert with_unit(Decimal("-1380"), "£") == "-£1,380"
    assert with_unit(Decimal("11.5"), "days") == "11.5 days"
    assert with_unit(Decimal("1"), "days") == "1 day"
    assert with_unit(Decimal("85"), "%") == "85%"
    assert with_unit(None, "%") == "—"


def test_recorded_measures_first_then_retired_or_dropped_ones_saying_so():
    page = measurements_page(
        [
            measure("Old survey", active=False, latest=Decimal("3"), start=date(2025, 4, 1),
                    periods=2),
            measure("Waiting time", unit="days", latest=Decimal("11.50"),
                    start=date(2026, 3, 1), periods=12, baseline=Decimal("20"),
                    target=Decimal("10")),
            measure("Complaints", usable=False, latest=Decimal("4"), start=date(2026, 1, 1),
                    periods=1),
            measure("Cost per visit", unit="£"),
        ],
        "month",
    )  # fmt: skip
    assert [(row.measure.name, row.status) for row in page.rows] == [
        ("Waiting time", ""), ("Cost per visit", ""), ("Old survey", RETIRED),
        ("Complaints", NO_LONGER_USED),
    ]  # fmt: skip
    waiting, cost = page.rows[:2]
    # Each figure says what it is per (issue 13 item 7): a mean measure's baseline and
    # target are per month, like its values.
    assert (waiting.latest_value, waiting.latest_period) == ("11.5 days a month", "Mar 2026")
    assert (waiting.baseline, waiting.target) == ("20 days a month", "10 days a month")
    assert (cost.latest_value, cost.latest_period, cost.baseline) == ("—", "—", "—")
    assert [row.measure.name for row in page.recordable] == ["Waiting time", "Cost per visit"]
    assert page.has_values
    assert page.rows[2].latest_period == "Apr 2025"
    assert not measurements_page([measure("Cost per visit", unit="£")], "month").has_values


def test_a_summed_measure_says_its_baseline_is_per_assessment_period_not_per_month():
    # Issue 13 item 7: "4 complaints" for March sat beside a baseline of "24 complaints"
    # that is for a whole (summed) assessment period, read as if both were per month.
    (row,) = measurements_page(
        [measure("Complaints", unit="complaints", latest=Decimal("4"), start=date(2026, 3, 1),
                 periods=3, baseline=Decimal("24"), target=Decimal("6"), rollup="sum")],
        "month",
    ).rows  # fmt: skip
    assert row.latest_value == "4 complaints a month"
    assert row.baseline == "24 complaints per assessment period (the sum of its months)"
    assert row.target == "6 complaints per assessment period (the sum of its months)"


def test_run_chart_target_only_for_measures_whose_target_is_per_period():
    """A summed measure's target covers a whole assessment period (say 24 complaints a
    quarter); drawn against monthly values of about 8 it would read as always met."""
    assert run_chart_target(measure("Waiting", target=Decimal("10"), rollup="mean")) == 10.0
    assert run_chart_target(measure("Latest", target=Decimal("7.5"), rollup="last")) == 7.5
    assert run_chart_target(measure("Complaints", target=Decimal("24"), rollup="sum")) is None
    assert run_chart_target(measure("No target", rollup="mean")) is None


def test_run_chart_target_is_the_units_own_where_it_has_one():
    found = measure("Waiting", target=Decimal("10"), rollup="mean")
    found.own_target = Decimal("8")
    assert run_chart_target(found) == 8.0
