"""Loading an assessment for a view: always through the microsystem access helper."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from core.prepared_queries import LARGEST_ID, PreparedQuery
from microsystems.permissions import get_microsystem_for_user
from valuation.models import Assessment, not_draft_message

# Every page of an assessment asks it: compiled once per process.
_assessment_of_unit = PreparedQuery(
    lambda microsystem_id, assessment_id: Assessment.objects.filter(
        microsystem_id=microsystem_id, pk=assessment_id
    ).select_related("reviewed_by"),  # named at the top of every page of the assessment
    int,
    int,
)


def get_assessment_for_user(
    user, slug: str, assessment_id: int, *, write: bool = False, manage: bool = False
) -> Assessment:
    """The assessment of a microsystem the user may see (404) or change (403).

    The returned assessment's `.microsystem` carries `.access` like any
    microsystem the access helper returns.
    """
    microsystem = get_microsystem_for_user(user, slug, write=write, manage=manage)
    found = (
        _assessment_of_unit(microsystem.pk, assessment_id)
        if 0 < assessment_id <= LARGEST_ID
        else []
    )
    if not found:
        raise Http404("No assessment of this microsystem has that number.")
    assessment = found[0]
    assessment.microsystem = microsystem
    return assessment


def refuse_unless_draft(request: HttpRequest, assessment: Assessment) -> HttpResponse | None:
    """For pages that change an assessment: a redirect with the reason, or None if a draft."""
    if assessment.is_draft:
        return None
    messages.error(request, not_draft_message(assessment.status))
    return redirect(
        "valuation:assessment", slug=assessment.microsystem.slug, assessment_id=assessment.pk
    )
