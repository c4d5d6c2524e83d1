"""The submission checklist in words: what is in place for an assessment, and a warning
naming what is missing, each with the page that puts it right.

valuation.selectors.assessments.submission_facts (what is stored) -> this module.
Missing pieces are warnings, not blockers: an assessment may rest on judgement
where nothing is measured, and the page says so.
"""

import datetime as dt
from dataclasses import dataclass

from core.formatting import plural
from microsystems.periods import MONTH_ABBREVIATIONS
from valuation.reports.account_text import missing_text
from valuation.scoring.measures import expected_periods
from valuation.selectors.assessments import SubmissionFacts


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the checklist: in place (done) or a warning naming what is missing."""

    label: str
    done: bool
    detail: str
    url_name: str  # the page where it is put right ("" when there is none)


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]

    @property
    def warnings(self) -> int:
        return sum(1 for item in self.items if not item.done)


def day_label(day: dt.date) -> str:
    """“1 Oct 2026”, in English whatever the server's locale."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def _names(names: list[str], limit: int = 6) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} more"


def incomplete_measures(facts: SubmissionFacts) -> list[tuple[str, str]]:
    """(measure name, its missing periods named) for each measure with values for some
    but not all of the assessment's periods: the engine leaves these unscored."""
    expected = expected_periods(facts.start_date, facts.end_date, facts.granularity)
    incomplete = []
    for name, recorded in facts.recorded_periods:
        present = set(recorded)
        absent = [day for day in expected if day not in present]
        if recorded and absent:
            incomplete.append((name, missing_text(absent, facts.granularity)))
    return incomplete


def submission_checklist(facts: SubmissionFacts, today: dt.date) -> Checklist:
    """What is in place for this assessment and what is missing, on `today`."""
    stakeholders, dimensions = facts.stakeholders, facts.dimensions
    measurements = facts.measurements
    without_weights = [row["name"] for row in stakeholders if not row["has_weights"]]
    without_judgements = [row["name"] for row in stakeholders if not row["has_judgements"]]
    unsupported = [
        row["name"] for row in dimensions if not (row["has_measure"] or row["has_judgement"])
    ]
    total = len(stakeholders)
    items = [
        ChecklistItem(
            "Stakeholders recorded",
            total > 0,
            f"{total} stakeholder group{plural(total)}"
            if total
            else "No stakeholder groups yet: record who has a stake in the unit first.",
            "stakeholders:list",
        ),
        ChecklistItem(
            "Every stakeholder's dimension weights",
            total > 0 and not without_weights,
            (
                f"Without weights: {_names(without_weights)}."
                if without_weights
                else f"All {total} stakeholder group{plural(total)} have weights."
            )
            if total
            else "No stakeholders to weigh the dimensions yet.",
            "valuation:weights",
        ),
        ChecklistItem(
            "Every stakeholder's judgements",
            total > 0 and not without_judgements,
            (
                f"Without judgements: {_names(without_judgements)}."
                if without_judgements
                else f"All {total} stakeholder group{plural(total)} have judged the unit."
            )
            if total
            else "No stakeholders to judge the unit yet.",
            "valuation:judgements",
        ),
        ChecklistItem(
            "Every value dimension measured or judged",
            not unsupported,
            (
                f"No measure and no judgement: {_names(unsupported)}. These will have no "
                "score in the account."
                if unsupported
                else f"All {len(dimensions)} active dimension{plural(len(dimensions))} have a "
                "measure or a judgement."
            ),
            "valuation:judgements",
        ),
        ChecklistItem(
            "Measurements in the period",
            measurements > 0,
            (
                f"{measurements} measurement{plural(measurements)} recorded between "
                f"{day_label(facts.start_date)} and {day_label(facts.end_date)}."
                if measurements
                else "No measurements recorded in this period: measured scores will be missing."
            ),
            "valuation:measurements",
        ),
    ]
    incomplete = incomplete_measures(facts)
    noun = facts.granularity
    items.append(
        ChecklistItem(
            f"Every measure recorded for each {noun} of the period",
            not incomplete,
            (
                f"Incomplete, so not scored: "
                f"{'; '.join(f'{name} (missing {missing})' for name, missing in incomplete)}."
                if incomplete
                else "No measure has values for only part of the period."
            ),
            "valuation:measurements",
        )
    )
    ended = facts.end_date < today
    items.append(
        ChecklistItem(
            "The period has ended",
            ended,
            (
                f"The period ended on {day_label(facts.end_date)}."
                if ended
                else f"The period runs until {day_label(facts.end_date)}, so its figures may "
                "still change. It can be submitted, but approving it before then needs the "
                "manager's explicit confirmation."
            ),
            "",
        )
    )
    return Checklist(items)
