"""What waits for a person on the home page: reviews for managers, answers for team leaders."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from microsystems.extensions import Waiting
from microsystems.permissions import is_admin, user_is_manager
from valuation.selectors.assessments import review_queue, reviewed_for_lead

TO_REVIEW = "Assessments to review"
CAME_BACK = "Your assessments, reviewed"
# An approval stays on the lead's home page this long; a return until it is submitted again.
APPROVED_SHOWN_FOR = timedelta(days=30)


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "someone since removed"


def _url(assessment) -> str:
    return reverse(
        "valuation:assessment",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )


def waiting_for(user) -> list[Waiting]:
    """Two queries: the review queue (only for a manager or an admin: nobody else may
    review, and the home page knows already whether the user manages), and the lead's
    reviewed assessments."""
    may_review = is_admin(user) or user_is_manager(user)
    items = [
        Waiting(
            heading=TO_REVIEW,
            title=f"{assessment.microsystem.name}: {assessment.period_label}",
            url=reverse(
                "valuation:assessment_review",
                kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
            ),
            detail=(
                f"Submitted by {_person(assessment.submitted_by)} on "
                f"{timezone.localtime(assessment.submitted_at):%d %B %Y}"
                if assessment.submitted_at
                else "Submitted"
            ),
        )
        for assessment in (review_queue(user) if may_review else [])
    ]
    since = timezone.now() - APPROVED_SHOWN_FOR
    for assessment in reviewed_for_lead(user, approved_since=since):
        step = "Approved" if assessment.status == assessment.Status.APPROVED else "Returned"
        items.append(
            Waiting(
                heading=CAME_BACK,
                title=f"{assessment.microsystem.name}: {assessment.period_label}",
                url=_url(assessment),
                detail=(
                    f"{step} by {_person(assessment.reviewed_by)} on "
                    f"{timezone.localtime(assessment.reviewed_at):%d %B %Y}"
                ),
                comment=assessment.review_comment,
            )
        )
    return items
