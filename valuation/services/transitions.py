"""Each step of an assessment's life is recorded, and told to the people it concerns.

The record (AssessmentTransition: who, when, from, to, comment) feeds the
assessment's timeline and the home page. With NOTIFY_BY_EMAIL on, each step is
also sent by e-mail through Django's e-mail framework, once the step's
transaction has committed (a step refused or rolled back sends nothing):
a submission to the organisation's managers, an approval or a return to the
unit's team leaders and whoever submitted it. The person who took the step is
not told of it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse

from microsystems.models import Membership
from valuation.models import Assessment, AssessmentTransition

SUBJECT = "{unit} {period}: {step}"
STEP_WORDS = {
    (Assessment.Status.DRAFT, Assessment.Status.SUBMITTED): "submitted for review",
    (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED): "approved",
    (Assessment.Status.SUBMITTED, Assessment.Status.DRAFT): "returned to draft",
}


def step_words(from_status: str, to_status: str) -> str:
    """'approved', 'returned to draft'...: what a step did, in the words people use."""
    return STEP_WORDS.get(
        (from_status, to_status),
        f"moved from {Assessment.Status(from_status).label.lower()} "
        f"to {Assessment.Status(to_status).label.lower()}",
    )


def transition_record(
    *,
    assessment: Assessment,
    from_status: str,
    to_status: str,
    user: AbstractBaseUser | None,
    comment: str = "",
) -> AssessmentTransition:
    """Record one step; call inside the step's transaction, after the assessment is saved."""
    transition = AssessmentTransition.objects.create(
        assessment=assessment,
        from_status=from_status,
        to_status=to_status,
        by=user if getattr(user, "is_authenticated", False) else None,
        comment=comment,
    )
    if settings.NOTIFY_BY_EMAIL:
        transaction.on_commit(lambda: notify_by_email(transition.pk))
    return transition


def recipients(transition: AssessmentTransition) -> list[str]:
    """The e-mail addresses a step concerns, without its author's and without blanks."""
    assessment = transition.assessment
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if transition.to_status == Assessment.Status.SUBMITTED:
        users = users.filter(managed_organisations=assessment.microsystem.organisation_id)
    else:
        leads = Membership.objects.filter(
            microsystem=assessment.microsystem_id, role=Membership.Role.LEAD
        ).values("user_id")
        users = users.filter(pk__in=leads) | users.filter(pk=assessment.submitted_by_id or 0)
    if transition.by_id:
        users = users.exclude(pk=transition.by_id)
    return sorted(set(users.values_list("email", flat=True)))


def message_text(transition: AssessmentTransition) -> tuple[str, str]:
    """(subject, body) of the e-mail about one step."""
    assessment = transition.assessment
    step = step_words(transition.from_status, transition.to_status)
    subject = SUBJECT.format(
        unit=assessment.microsystem.name, period=assessment.period_label, step=step
    )
    who = transition.by.get_full_name() or transition.by.get_username() if transition.by else ""
    lines = [f"{assessment.microsystem.name}, {assessment.period_label}, was {step}"]
    lines[0] += f" by {who}." if who else "."
    if transition.comment:
        lines += ["", "Comment:", transition.comment]
    path = reverse(
        "valuation:assessment",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )
    base = settings.SITE_URL.rstrip("/")
    lines += ["", f"Open it: {base}{path}" if base else f"Open it at {path}"]
    return subject, "\n".join(lines)


def notify_by_email(transition_id: int) -> int:
    """Send the e-mail about one step; returns how many messages were sent."""
    transition = AssessmentTransition.objects.select_related("assessment__microsystem", "by").get(
        pk=transition_id
    )
    addresses = recipients(transition)
    if not addresses:
        return 0
    subject, body = message_text(transition)
    # One message per person, so no one sees the others' addresses.
    return send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses],
        fail_silently=False,
    )
