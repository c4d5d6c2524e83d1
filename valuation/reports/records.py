"""The words around an approved assessment's record: as approved when and by whom,
what has changed in today's data since, and the versions a reopen superseded."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateformat import format as date_format

from core.formatting import plain_number, plural
from valuation.analysis.value_comparison import ValueComparison
from valuation.models import AssessmentRecord

# (singular, plural) of each kind valuation.analysis.records counts.
PLURALS = {
    "measurement": "measurements",
    "measure": "measures",
    "activity": "activities",
    "staff role": "staff roles",
    "stakeholder group": "stakeholder groups",
    "demand type": "demand types",
    "value dimension": "value dimensions",
    "weight": "weights",
    "judgement": "judgements",
    "voice weight": "voice weights",
}
SOMEONE = "someone whose account has since been removed"


def day(moment) -> str:
    """14 October 2026, in the site's time zone."""
    return date_format(timezone.localtime(moment), "j F Y")


def _list(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def changes_sentence(changes: dict[str, int]) -> str:
    """ "Since approval: 3 measurements and 1 activity changed." or "" when nothing did."""
    if not changes:
        return ""
    parts = [f"{count} {what if count == 1 else PLURALS[what]}" for what, count in changes.items()]
    return f"Since approval: {_list(parts)} changed."


def as_approved_sentence(record: AssessmentRecord) -> str:
    who = record.approved_by_name or SOMEONE
    sentence = (
        f"The figures below are as approved on {day(record.approved_at)} by {who} "
        f"(version {record.version})."
    )
    if record.frozen_on_first_view:
        sentence += (
            f" It was approved before approved figures were stored, so they were stored "
            f"later, on {day(record.frozen_at)}, from the data as it stood then."
        )
    return sentence


def superseded_sentence(record: AssessmentRecord) -> str:
    """ "Approved version 1, superseded on 3 November 2026 by Sam Lee: <reason>"."""
    who = record.superseded_by_name or SOMEONE
    return (
        f"Approved version {record.version}, superseded on {day(record.superseded_at)} "
        f"by {who}: {record.reopen_reason}"
    )


NOTHING_TO_COMPARE = "There are no other approved assessments to compare with yet."
EARLIER_SHOWN = 4


def value_comparison_sentence(comparison: ValueComparison) -> str:
    """What the value for money (points per £1,000 a month) is compared against."""
    parts = []
    if comparison.earlier:
        shown = comparison.earlier[:EARLIER_SHOWN]
        figures = ", ".join(f"{plain_number(value)} ({label})" for label, value in shown)
        more = len(comparison.earlier) - len(shown)
        if more:
            figures += f" and {more} earlier"
        parts.append(f"This unit’s earlier approved assessments: {figures}.")
    if comparison.median is not None:
        units = f"{comparison.units} unit{plural(comparison.units)}"
        parts.append(
            "Median of the latest approved assessments of the organisation’s other units: "
            f"{plain_number(comparison.median)} ({units})."
        )
    if not parts:
        return NOTHING_TO_COMPARE
    return "Compared, in points per £1,000 a month. " + " ".join(parts)
