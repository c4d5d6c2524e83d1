"""Loading an assessment for a view: always through the microsystem access helper."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from microsystems.permissions import get_microsystem_for_user
from valuation.models import NOT_DRAFT_MESSAGE, Assessment


def get_assessment_for_user(
    user, slug: str, assessment_id: int, *, write: bool = False, manage: bool = False
) -> Assessment:
    """The assessment of a microsystem the user may see (404) or change (403).

    The returned assessment's `.microsystem` carries `.access` like any
    microsystem the access helper returns.
    """
    microsystem = get_microsystem_for_user(user, slug, write=write, manage=manage)
    assessment = get_object_or_404(
        # The reviewer is named at the top of every page of the assessment.
        Assessment.objects.filter(microsystem=microsystem).select_related("reviewed_by"),
        pk=assessment_id,
    )
    assessment.microsystem = microsystem
    return assessment


def refuse_unless_draft(request: HttpRequest, assessment: Assessment) -> HttpResponse | None:
    """For pages that change an assessment: a redirect with the reason, or None if a draft."""
    if assessment.is_draft:
        return None
    messages.error(
        request, NOT_DRAFT_MESSAGE.format(status=assessment.get_status_display().lower())
    )
    return redirect(
        "valuation:assessment", slug=assessment.microsystem.slug, assessment_id=assessment.pk
    )
