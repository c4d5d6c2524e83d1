"""The assessment's timeline, worded: each step, who took it, when, and their comment."""

from dataclasses import dataclass
from datetime import datetime

from valuation.models import Assessment, AssessmentTransition
from valuation.services.transitions import step_words


@dataclass(frozen=True)
class TimelineStep:
    at: datetime
    who: str
    from_label: str
    to_label: str
    step: str  # "submitted for review", "approved", "returned to draft"
    comment: str


def timeline(transitions: list[AssessmentTransition]) -> list[TimelineStep]:
    return [
        TimelineStep(
            at=transition.at,
            who=(
                (transition.by.get_full_name() or transition.by.get_username())
                if transition.by
                else "Someone since removed"
            ),
            from_label=Assessment.Status(transition.from_status).label,
            to_label=Assessment.Status(transition.to_status).label,
            step=step_words(transition.from_status, transition.to_status),
            comment=transition.comment,
        )
        for transition in transitions
    ]
