"""Demand periods: the dates a microsystem's observations are aligned to.

Pure Python (no Django, no pandas) so forms, services and templates can share
it. A period is named by its first day:

- 'week': a Monday;
- 'month': the 1st of the month;
- 'quarter': 1 January, 1 April, 1 July or 1 October.

The granularity strings are the values of Microsystem.Granularity.

Every date the app records for a period (a demand or measurement period, an
assessment's first and last day) lies in one window, FIRST_DAY to LAST_DAY,
checked at every way in (uploads, grids, forms, admin, database constraints).
"""

from datetime import date, timedelta

WEEK = "week"
MONTH = "month"
QUARTER = "quarter"
GRANULARITIES = (WEEK, MONTH, QUARTER)

# Fixed English abbreviations, not strftime("%b"), which follows the server locale.
MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip

# "use ..." in messages that tell a user which dates are valid period starts.
VALID_START_HINTS = {
    WEEK: "use a Monday",
    MONTH: "use the 1st",
    QUARTER: "use 1 Jan, 1 Apr, 1 Jul or 1 Oct",
}
# No final full stop: callers place the sentence inside longer messages.
NOT_A_PERIOD_START = "{day} is not the start of a {granularity}; {hint}, such as {suggestion}"

# The window of period dates. Wide enough for any history or plan a public service
# keeps, and well inside what every layer can compute with (pandas timestamps run
# from 1677 to 2262, Python dates end at 9999), so an accepted date cannot break a
# page. 1 Jan 1900 is a Monday and starts a month and a quarter: every granularity
# has a period starting on FIRST_DAY.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
OUTSIDE_WINDOW = (
    "{day} is outside the years this service records; use a date from {first} to {last}"
)
# The rule as a whole sentence, where the refused date is not at hand (a database refusal).
WINDOW_RULE = f"Use dates from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}."


def _check(granularity: str) -> None:
    if granularity not in GRANULARITIES:
        raise ValueError(f"Unknown granularity {granularity!r}; expected one of {GRANULARITIES}")


def period_start_for(day: date, granularity: str) -> date:
    """The first day of the period that contains `day`."""
    _check(granularity)
    if granularity == WEEK:
        return day - timedelta(days=day.weekday())
    if granularity == MONTH:
        return day.replace(day=1)
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def is_period_start(day: date, granularity: str) -> bool:
    return period_start_for(day, granularity) == day


def shift_periods(day: date, granularity: str, n: int) -> date:
    """The start of the period `n` periods after the one containing `day` (n may be negative)."""
    start = period_start_for(day, granularity)
    if granularity == WEEK:
        return start + timedelta(weeks=n)
    months = n if granularity == MONTH else 3 * n
    month_index = start.year * 12 + (start.month - 1) + months
    return date(month_index // 12, month_index % 12 + 1, 1)


def recent_periods(granularity: str, count: int, ending: date | None = None) -> list[date]:
    """The starts of `count` consecutive periods, oldest first, the last containing `ending`.

    `ending` defaults to today's date on this machine; views pass
    `timezone.localdate()` so the period follows the site's time zone.
    """
    if count < 0:
        raise ValueError("count cannot be negative")
    last = period_start_for(ending or date.today(), granularity)
    return [shift_periods(last, granularity, offset) for offset in range(1 - count, 1)]


def period_label(start: date, granularity: str) -> str:
    """How a period is shown to people: 'w/c 2 Mar 2026', 'Mar 2026' or '2026 Q1'.

    A quarter is named as assessments are ("2026 Q1"), year first, so that one
    quarter reads the same on every page.
    """
    _check(granularity)
    if granularity == WEEK:
        return f"w/c {start.day} {MONTH_ABBREVIATIONS[start.month - 1]} {start.year}"
    if granularity == MONTH:
        return f"{MONTH_ABBREVIATIONS[start.month - 1]} {start.year}"
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


def within_window(day: date) -> bool:
    """True when `day` lies in the window of dates the app records (FIRST_DAY to LAST_DAY)."""
    return FIRST_DAY <= day <= LAST_DAY


def outside_window_message(day: date) -> str:
    """Why `day` is refused; no final full stop, as for NOT_A_PERIOD_START."""
    return OUTSIDE_WINDOW.format(
        day=day.isoformat(), first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()
    )


def not_a_period_start_message(day: date, granularity: str) -> str:
    """Why `day` is refused, with the valid start of the period it falls in as an example."""
    return NOT_A_PERIOD_START.format(
        day=day.isoformat(),
        granularity=granularity,
        hint=VALID_START_HINTS[granularity],
        suggestion=period_start_for(day, granularity).isoformat(),
    )
