"""microsystems.reports.demand_text: the demand page's sentences, from frames worked out by
hand through microsystems.analysis.demand."""

import re

import pandas as pd
import pytest

from microsystems.analysis import demand as d
from microsystems.reports.demand_text import (
    DEFAULT_UNIT_LABELS,
    FORECAST_METHODS,
    demand_summary,
    missing_sentences,
)

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


def observations(rows):
    """rows: (demand_type_id, 'YYYY-MM-DD', volume)."""
    frame = pd.DataFrame(rows, columns=["demand_type_id", "period_start", "volume"])
    frame["period_start"] = pd.to_datetime(frame["period_start"]).astype("datetime64[ns]")
    frame["volume"] = frame["volume"].astype(float)
    return frame


NO_OBS = observations([])


@pytest.fixture
def two_years():
    """Jan 2022 - Dec 2023. Requests: 100/month then 110/month. Chasing: 20 then 30."""
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    rows = []
    for i, month in enumerate(months):
        rows.append((REQUESTS, month, 100 if i < 12 else 110))
        rows.append((CHASING, month, 20 if i < 12 else 30))
    return d.demand_matrix(observations(rows), TYPES, "month")


def no_nan_text(sentences):
    return not any(re.search(r"\bnan\b", s, re.IGNORECASE) for s in sentences)


def summarise(matrix, granularity="month", staff=STAFF, labels=None):
    table = d.year_on_year(matrix, TYPES, granularity)
    share = d.failure_share_change(d.failure_demand_share(matrix, TYPES), granularity)
    frame, _ = d.capacity(matrix, TYPES, staff, granularity)
    return demand_summary(table, share, frame, granularity, labels or DEFAULT_UNIT_LABELS)


def test_summary_two_years(two_years):
    sentences = summarise(two_years)
    # Total 1440 -> 1680 = +16.7% -> "17%"; failure 16.7% -> 21.4% -> "17%" to "21%"
    assert sentences[0] == (
        "Total demand rose 17% over the last 12 months (1,680 against 1,440 the year before)."
    )
    assert sentences[1] == (
        "Failure demand rose from 17% to 21% of all demand over the last 12 months; "
        "Chasing calls grew 50%."
    )
    # Last 12 months all need 30.5 h against 40 h: 76.25% -> "76%". 30.5 h reads 31, halves
    # up (issue 13 item 3; it read 30, rounded to even).
    assert sentences[2].startswith(
        "Demand needs about 31 staff hours a month against 40 available (76% utilisation)"
    )
    assert no_nan_text(sentences)


def test_summary_short_history_says_so():
    rows = [(REQUESTS, f"2024-0{m}-01", 10) for m in range(1, 6)]
    rows += [(CHASING, f"2024-0{m}-01", 2) for m in range(1, 6)]
    sentences = summarise(d.demand_matrix(observations(rows), TYPES, "month"))
    assert sentences[0] == (
        "There is less than two years of data, so year-on-year change cannot be shown yet."
    )
    assert not any("rose" in s or "fell" in s for s in sentences)
    assert any("last 5 months" in s for s in sentences)  # 10*15/60 + 2*6/60 = 2.7 h
    assert no_nan_text(sentences)


def test_summary_zero_staff_and_weekly_quarterly_wording():
    weeks = pd.date_range("2022-01-03", periods=104, freq="W-MON")
    rows = [(REQUESTS, w, 10 if i < 52 else 12) for i, w in enumerate(weeks)]
    weekly = summarise(d.demand_matrix(observations(rows), TYPES, "week"), "week", NO_STAFF)
    assert weekly[0].startswith("Total demand rose 20% over the last 52 weeks (624 against 520")
    assert any("utilisation cannot be shown" in s for s in weekly)
    assert no_nan_text(weekly)
    quarters = pd.date_range("2022-01-01", periods=8, freq="QS-JAN")
    rows = [(REQUESTS, q, 100) for q in quarters]
    quarterly = summarise(d.demand_matrix(observations(rows), TYPES, "quarter"), "quarter")
    assert quarterly[0] == (
        "Total demand was unchanged over the last 4 quarters (400 against 400 the year before)."
    )
    assert no_nan_text(quarterly)


def test_summary_empty():
    sentences = summarise(d.demand_matrix(NO_OBS, TYPES, "month"))
    assert sentences == ["No demand has been recorded yet, so there is nothing to summarise."]


def test_an_unknown_granularity_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown granularity 'day'"):
        demand_summary(None, {}, None, "day")


# --- issue 13 item 1: months not entered are not zero demand --------------------------------


def _summary_of(rows, staff=NO_STAFF):
    obs = observations(rows)
    matrix = d.demand_matrix(obs, TYPES, "month")
    year_table = d.year_on_year(matrix, TYPES, "month")
    share = d.failure_share_change(d.failure_demand_share(matrix, TYPES), "month")
    capacity_frame, _ = d.capacity(matrix, TYPES, staff, "month")
    return year_table, demand_summary(
        year_table, share, capacity_frame, "month", missing=d.missing_periods(matrix, TYPES)
    )


def test_three_months_not_entered_are_left_out_of_both_years_and_named():
    # 24 flat months of 100 requests, Mar-May 2023 not entered. Summing each window read
    # 900 against 1,200: "fell 25%". Like for like, the 9 months entered in both years
    # are 9 * 100 = 900 against 900: unchanged.
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    rows = [(REQUESTS, m, 100) for m in months if not (m.year == 2023 and 3 <= m.month <= 5)]
    year_table, summary = _summary_of(rows)
    total = year_table.iloc[-1]
    assert (total.last_year, total.previous_year, total.change) == (900, 900, 0)
    assert total.periods_compared == 9
    assert summary[0] == (
        "Total demand was unchanged over the 9 months of the last 12 months entered in "
        "both years (900 against 900 the year before)."
    )
    assert "fell" not in " ".join(summary)
    assert summary[1].startswith("Not entered: Requests for Mar 2023 to May 2023.")


def test_a_type_not_entered_for_six_months_does_not_drag_all_demand_down():
    # Requests 100 and Chasing 20 a month for 24 months; Chasing not entered Jul-Dec 2023.
    # Summing what was entered gave 1,200 + 120 = 1,320 against 1,440 (-8%) and a falling
    # slope. Only Jan-Jun have every type in both years: 6 * 120 = 720 against 720.
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    rows = [(REQUESTS, m, 100) for m in months] + [
        (CHASING, m, 20) for m in months if not (m.year == 2023 and m.month >= 7)
    ]
    year_table, summary = _summary_of(rows, staff=STAFF)
    total = year_table.iloc[-1]
    assert (total.last_year, total.previous_year, total.periods_compared) == (720, 720, 6)
    assert total.slope_per_period == pytest.approx(0.0)  # flat 120 over the 18 known months
    assert "Total demand was unchanged over the 6 months" in summary[0]
    assert "Chasing calls for Jul 2023 to Dec 2023" in summary[1]
    # Requests alone compare all 12 months: 1,200 against 1,200.
    requests = year_table.set_index("name").loc["Requests"]
    assert (requests.last_year, requests.periods_compared) == (1200, 12)


def test_no_month_entered_in_both_years_says_the_change_cannot_be_worked_out():
    months = pd.date_range("2022-01-01", periods=24, freq="MS")
    rows = [(REQUESTS, m, 100) for m in months[:6]] + [(REQUESTS, m, 100) for m in months[-6:]]
    year_table, summary = _summary_of(rows)
    assert year_table.iloc[-1].periods_compared == 0
    assert summary[0] == (
        "Year-on-year change cannot be worked out: no month has all demand entered in both "
        "of the last two years."
    )
    assert "Requests for Jul 2022 to Jun 2023" in summary[1]


def test_a_month_with_a_type_missing_is_a_gap_on_the_capacity_chart_not_a_dip():
    from microsystems.charts.demand import capacity_chart

    rows = [(REQUESTS, m, 120) for m in ["2024-01-01", "2024-02-01", "2024-03-01"]] + [
        (CHASING, m, 50) for m in ["2024-01-01", "2024-03-01"]
    ]
    matrix = d.demand_matrix(observations(rows), TYPES, "month")
    frame, _ = d.capacity(matrix, TYPES, STAFF, "month", horizon=0)
    # Jan and Mar: 120 * 15 / 60 + 50 * 6 / 60 = 30 + 5 = 35 h. Feb: Chasing not entered,
    # so unknown (it read 30 h, a dip that never happened).
    assert frame["required_hours"].iloc[[0, 2]].tolist() == [35, 35]
    assert pd.isna(frame["required_hours"].iloc[1])
    needed = capacity_chart(frame)["data"][0]
    assert needed["y"][1] is None  # a gap in the figure's JSON, never a zero
    assert needed["connectgaps"] is False


def test_every_forecast_method_the_analysis_returns_has_its_words():
    codes = {d.METHOD_NONE, d.METHOD_LINEAR, d.METHOD_SEASONAL}
    codes |= {d.METHOD_ETS.format(season=season) for season in ("add", "mul")}
    assert set(FORECAST_METHODS) == codes
    assert FORECAST_METHODS["ets-mul"] == (
        "exponential smoothing with a growing-with-the-level season (chosen by AIC)"
    )


def test_a_quarter_is_named_as_on_every_other_page():
    """One quarter label ("2025 Q1", as assessments are named), not "Q1 2025" here."""
    missing = {"Requests": [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-04-01")],
               "Calls": [pd.Timestamp("2025-10-01")]}  # fmt: skip
    assert missing_sentences(missing, "quarter") == [
        "Not entered: Requests for 2025 Q1 to 2025 Q2; Calls for 2025 Q4. These are left out "
        "of totals, comparisons and charts (shown as gaps), not counted as no demand."
    ]
    months = {"Requests": [pd.Timestamp("2025-03-01")]}
    assert missing_sentences(months, "month")[0].startswith("Not entered: Requests for Mar 2025.")
