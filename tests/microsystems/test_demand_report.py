"""The demand page's report: frames from the database through the analysis."""

import datetime as dt

import pytest

from microsystems.models import DemandObservation, DemandType
from microsystems.reports.demand import demand_report, table_csv


def test_report_of_two_years(two_years):
    report = demand_report(two_years)
    assert report.has_types and report.has_observations and report.has_staff
    assert report.periods_recorded == 24 and report.has_two_years
    # Two full years: smoothed (issue 13 item 8), no longer the straight line.
    assert report.forecast_method.startswith("exponential smoothing")
    # The backtest, by hand: a year back there were 12 months of 100 x 6 min + 10 x 12 min
    # = 12 h, too short for a season, so a straight line: flat 12 h a month. 2025 needed
    # 110 x 6 + 30 x 12 = 1,020 min = 17 h: off by 5 h a month. Repeating 2024 (12 h)
    # is off by 5 h too, so the forecast did no better.
    assert (report.backtest.method_error, report.backtest.naive_error) == pytest.approx((5, 5))
    assert report.backtest.periods == 12 and not report.backtest.beats_naive
    assert report.backtest_sentence == (
        "How far to trust the forecast: made a year ago from the history there was then, it "
        "was off by 5 staff hours a month on average over the 12 months that followed; "
        "repeating the year before (the same month last year) was off by 5 staff hours. "
        "The forecast did no better than simply repeating last year, so treat it with care."
    )
    assert report.has_forecast_band

    by_name = {row["name"]: row for row in report.tables["year_on_year"].to_dict("records")}
    # All demand: 2025 = 12 x 140 = 1,680; 2024 = 12 x 110 = 1,320; +360 = +27.3%
    assert by_name["All demand"]["last_year"] == 1680
    assert by_name["All demand"]["previous_year"] == 1320
    assert by_name["All demand"]["pct_change"] == pytest.approx(27.3, abs=0.05)
    # Chasing calls 120 -> 360: +200%
    assert by_name["Chasing calls"]["pct_change"] == pytest.approx(200.0)

    shares = report.tables["failure_share"]
    # Jan 2024: 10 / 110 = 9.1%; Dec 2025: 30 / 140 = 21.4%
    assert shares.iloc[0]["failure_share_pct"] == pytest.approx(9.1)
    assert shares.iloc[-1]["failure_share_pct"] == pytest.approx(21.4)

    capacity = report.tables["capacity"]
    history = capacity[~capacity["is_forecast"]]
    # Dec 2025: 110 x 6 min + 30 x 12 min = 660 + 360 = 1,020 min = 17 h of 20 h = 85%
    assert history.iloc[-1]["required_hours"] == pytest.approx(17.0)
    assert history.iloc[-1]["utilisation_pct"] == pytest.approx(85.0)
    assert capacity["is_forecast"].sum() == 3

    text = " ".join(report.summary)
    assert "Failure demand rose from 9% to 21%" in text
    assert "nan" not in text.lower()
    assert set(report.charts) == {"demand", "failure_share", "capacity"}
    assert "Chasing calls (failure demand)" in report.charts["demand"]


def test_csv_of_a_chart_table(two_years):
    csv_text = table_csv(demand_report(two_years), "failure_share").decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].split(",")[0] == "period_start"
    assert lines[1].startswith("2024-01-01,100.0,10.0")
    assert len(lines) == 25


def test_empty_and_short_states(microsystem):
    report = demand_report(microsystem)
    assert not report.has_types and not report.has_observations and report.charts == {}

    loans = DemandType.objects.create(microsystem=microsystem, name="Loans", nature="value")
    assert demand_report(microsystem).has_types
    DemandObservation.objects.bulk_create(
        DemandObservation(demand_type=loans, period_start=dt.date(2026, m, 1), volume=50 + m)
        for m in range(1, 6)
    )
    short = demand_report(microsystem)
    assert short.periods_recorded == 5 and not short.has_two_years
    assert not short.has_staff
    assert short.missing_handling_times == ["Loans"]
    assert "less than two years" in " ".join(short.summary)
