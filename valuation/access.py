"""Loading an assessment for a view: always through the microsystem access helper."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from core.fields import LARGEST_ID
from core.prepared_queries import PreparedQuery
from microsystems.permissions import USER_RELATION, user_relation, with_access
from valuation.models import Assessment, not_draft_message

NO_ASSESSMENT = "No assessment found."


def _assessment_with_unit(user_pk: int, slug: str, assessment_id: int) -> QuerySet:
    """The assessment `assessment_id` of the unit `slug`, with the unit, annotated with
    the user's relation to it as the microsystem access helper loads it, and the
    reviewer, who is named at the top of every page of the assessment."""
    return (
        Assessment.objects.select_related("microsystem__organisation", "reviewed_by")
        .annotate(**user_relation(user_pk))
        .filter(microsystem__slug=slug, pk=assessment_id)
        .order_by()
    )


# Every page of an assessment runs it: one query, compiled once per process.
assessment_with_unit = PreparedQuery(_assessment_with_unit, int, str, int)


def get_assessment_for_user(
    user, slug: str, assessment_id: int, *, write: bool = False, manage: bool = False
) -> Assessment:
    """The assessment of a microsystem the user may see (404) or change (403).

    The returned assessment's `.microsystem` carries `.access` like any
    microsystem the access helper returns. One query; none for an id no row can
    have (the database would refuse one past 64 bits).
    """
    if not (user.is_authenticated and user.is_active) or not 0 < assessment_id <= LARGEST_ID:
        raise Http404(NO_ASSESSMENT)
    found = assessment_with_unit(user.pk, slug, assessment_id)
    if not found:
        raise Http404(NO_ASSESSMENT)
    assessment = found[0]
    microsystem = assessment.microsystem
    for name in USER_RELATION:
        setattr(microsystem, name, getattr(assessment, name))
    with_access(user, microsystem, write=write, manage=manage)
    return assessment


def refuse_unless_draft(request: HttpRequest, assessment: Assessment) -> HttpResponse | None:
    """For pages that change an assessment: a redirect with the reason, or None if a draft."""
    if assessment.is_draft:
        return None
    messages.error(request, not_draft_message(assessment.status))
    return redirect(
        "valuation:assessment", slug=assessment.microsystem.slug, assessment_id=assessment.pk
    )
