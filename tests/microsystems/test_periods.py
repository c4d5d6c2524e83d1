"""Tests for microsystems.periods against dates checked on a calendar (no database)."""

from datetime import date

import pytest

from microsystems.models import Microsystem
from microsystems.periods import (
    FIRST_DAY,
    GRANULARITIES,
    LAST_DAY,
    is_period_start,
    not_a_period_start_message,
    outside_window_message,
    period_label,
    period_start_for,
    recent_periods,
    shift_periods,
    within_window,
)

# 2 March 2026 is a Monday.
MONDAY = date(2026, 3, 2)


def test_granularities_are_the_model_choices():
    assert set(GRANULARITIES) == set(Microsystem.Granularity.values)


@pytest.mark.parametrize(
    ("day", "granularity", "start"),
    [
        (date(2026, 3, 2), "week", date(2026, 3, 2)),
        (date(2026, 3, 8), "week", date(2026, 3, 2)),  # Sunday belongs to the week before
        (date(2026, 1, 1), "week", date(2025, 12, 29)),  # weeks cross the year end
        (date(2026, 3, 31), "month", date(2026, 3, 1)),
        (date(2024, 2, 29), "month", date(2024, 2, 1)),
        (date(2026, 3, 31), "quarter", date(2026, 1, 1)),
        (date(2026, 4, 1), "quarter", date(2026, 4, 1)),
        (date(2026, 9, 30), "quarter", date(2026, 7, 1)),
        (date(2026, 12, 31), "quarter", date(2026, 10, 1)),
    ],
)
def test_period_start_for(day, granularity, start):
    assert period_start_for(day, granularity) == start


@pytest.mark.parametrize(
    ("day", "granularity", "expected"),
    [
        (MONDAY, "week", True),
        (date(2026, 3, 3), "week", False),
        (date(2026, 3, 1), "month", True),
        (date(2026, 3, 2), "month", False),
        (date(2026, 10, 1), "quarter", True),
        (date(2026, 3, 1), "quarter", False),
        (date(2026, 2, 1), "quarter", False),
    ],
)
def test_is_period_start(day, granularity, expected):
    assert is_period_start(day, granularity) is expected


@pytest.mark.parametrize(
    ("day", "granularity", "n", "expected"),
    [
        (MONDAY, "week", 1, date(2026, 3, 9)),
        (MONDAY, "week", -10, date(2025, 12, 22)),
        (date(2026, 3, 4), "week", 0, MONDAY),  # aligns a mid-week day first
        (date(2026, 1, 1), "month", -1, date(2025, 12, 1)),
        (date(2026, 11, 15), "month", 14, date(2028, 1, 1)),
        (date(2026, 1, 1), "quarter", -1, date(2025, 10, 1)),
        (date(2026, 10, 1), "quarter", 5, date(2028, 1, 1)),
    ],
)
def test_shift_periods(day, granularity, n, expected):
    assert shift_periods(day, granularity, n) == expected


def test_recent_periods_are_oldest_first_and_end_with_the_period_containing_ending():
    assert recent_periods("month", 3, ending=date(2026, 2, 17)) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert recent_periods("week", 2, ending=date(2026, 3, 8)) == [date(2026, 2, 23), MONDAY]
    assert recent_periods("quarter", 5, ending=date(2026, 5, 5)) == [
        date(2025, 4, 1),
        date(2025, 7, 1),
        date(2025, 10, 1),
        date(2026, 1, 1),
        date(2026, 4, 1),
    ]
    assert recent_periods("month", 0, ending=date(2026, 2, 17)) == []


def test_recent_periods_default_to_today():
    periods = recent_periods("week", 12)
    assert len(periods) == 12
    assert periods[-1] == period_start_for(date.today(), "week")
    assert all(
        later - earlier == (periods[1] - periods[0])
        for earlier, later in zip(periods, periods[1:], strict=False)
    )


@pytest.mark.parametrize(
    ("start", "granularity", "label"),
    [
        (MONDAY, "week", "w/c 2 Mar 2026"),
        (date(2026, 3, 1), "month", "Mar 2026"),
        (date(2026, 1, 1), "quarter", "2026 Q1"),
        (date(2026, 10, 1), "quarter", "2026 Q4"),
    ],
)
def test_period_label(start, granularity, label):
    assert period_label(start, granularity) == label


def test_not_a_period_start_message_suggests_the_start_of_the_same_period():
    assert not_a_period_start_message(date(2026, 3, 15), "month") == (
        "2026-03-15 is not the start of a month; use the 1st, such as 2026-03-01"
    )
    assert not_a_period_start_message(date(2026, 3, 4), "week") == (
        "2026-03-04 is not the start of a week; use a Monday, such as 2026-03-02"
    )
    assert not_a_period_start_message(date(2026, 3, 1), "quarter") == (
        "2026-03-01 is not the start of a quarter; use 1 Jan, 1 Apr, 1 Jul or 1 Oct, "
        "such as 2026-01-01"
    )


def test_unknown_granularity_is_refused():
    with pytest.raises(ValueError, match="Unknown granularity"):
        period_start_for(MONDAY, "fortnight")


def test_the_window_runs_from_1900_to_2199():
    assert within_window(date(1900, 1, 1)) and within_window(date(2199, 12, 31))
    assert within_window(FIRST_DAY) and within_window(LAST_DAY)
    assert not within_window(date(1899, 12, 31)) and not within_window(date(2200, 1, 1))
    assert not within_window(date(1, 1, 1)) and not within_window(date(9999, 12, 1))


@pytest.mark.parametrize("granularity", GRANULARITIES)
def test_every_granularity_has_a_period_starting_on_the_first_day(granularity):
    assert is_period_start(FIRST_DAY, granularity)


def test_outside_window_message_names_the_date_and_the_window():
    assert outside_window_message(date(9999, 12, 1)) == (
        "9999-12-01 is outside the years this service records; use a date from 1900-01-01 "
        "to 2199-12-31"
    )
