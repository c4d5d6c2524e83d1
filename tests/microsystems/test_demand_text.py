"""microsystems.reports.demand_text: the demand page's sentences, from frames worked out by
hand through microsystems.analysis.demand."""

import re

import pandas as pd
import pytest

from microsystems.analysis import demand as d
from microsystems.reports.demand_text import DEFAULT_UNIT_LABELS, demand_summary

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
    # Last 12 months all need 30.5 h against 40 h: 76.25% -> "76%"
    assert sentences[2].startswith(
        "Demand needs about 30 staff hours a month against 40 available (76% utilisation)"
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
