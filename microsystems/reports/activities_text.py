"""What the activities page says in words about stopping the unnecessary activities.

The numbers come from microsystems.analysis.costs.freed_capacity; this module
words them, claiming only what they support (never "the whole gap" unless it is).
"""

from __future__ import annotations

from core.formatting import money, plain_number, round_half_up

PERIOD_NOUNS = ("week", "month", "quarter")


def _format_money(amount: float) -> str:
    return money(amount)


def _format_hours(hours: float) -> str:
    # Whole hours read best; keep one decimal only when it matters (e.g. 2.5).
    return plain_number(hours, 1)


def _round_half_up(value: float) -> int:
    # The one rule, core.formatting's: halves up (56.5 -> 57).
    return int(round_half_up(value))


def freed_capacity_sentence(freed: dict, period_noun: str = "month") -> str:
    """One sentence from analysis.costs.freed_capacity: what stopping would free, and how
    much of the capacity gap that covers."""
    if period_noun not in PERIOD_NOUNS:
        raise ValueError(f"period_noun must be one of {PERIOD_NOUNS}, not {period_noun!r}")
    count = freed["unnecessary_activities"]
    hours, money = freed["hours_freed"], freed["cost_freed_per_period"]
    gap, covered = freed["capacity_gap_hours"], freed["gap_covered_pct"]
    if count == 0:
        return "No activity is classified as unnecessary."
    what = "the unnecessary activity" if count == 1 else f"the {count} unnecessary activities"
    if hours <= 0:
        # Nothing recorded against them: only the money can be claimed.
        return (
            f"Stopping {what} would save {_format_money(money)} a {period_noun}; "
            "no staff hours are recorded against "
            f"{'it' if count == 1 else 'them'}."
        )
    unit = "staff hour" if _format_hours(hours) == "1" else "staff hours"
    sentence = (
        f"Stopping {what} would free {_format_hours(hours)} {unit} "
        f"and {_format_money(money)} a {period_noun}"
    )
    if gap is None:
        return sentence + "."
    if gap > 0:
        gap_text = f"{_format_hours(gap)}-hour capacity gap"
        if covered >= 100:
            return sentence + f", enough to cover the whole {gap_text}."
        # Never claim 100% for a gap that is not fully covered.
        pct = min(_round_half_up(covered), 99)
        pct_text = "less than 1%" if pct < 1 else f"{pct}%"
        return sentence + f", enough to cover {pct_text} of the {gap_text}."
    if gap < 0:
        return sentence + "; the team already has spare capacity."
    return sentence + "; the team's capacity already matches its demand."
