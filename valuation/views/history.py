"""An assessment's History page: its settings, weights, judgements, voice weights and steps."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from microsystems.extensions import section
from microsystems.views.history import render_history, restore_version
from valuation.access import get_assessment_for_user


@section("assessments")
@require_GET
def assessment_history(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    return render_history(
        request,
        scope_name="assessment",
        scope=assessment,
        template_name="valuation/assessment_history.html",
        context={"assessment": assessment, "microsystem": assessment.microsystem},
    )


@section("assessments")
@require_POST
def assessment_history_restore(
    request: HttpRequest, slug: str, assessment_id: int, kind: str, history_id: int
) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, slug, assessment_id)
    restore_version(
        request, scope_name="assessment", scope=assessment, kind=kind, history_id=history_id
    )
    return redirect(
        "valuation:assessment_history",
        slug=assessment.microsystem.slug,
        assessment_id=assessment.pk,
    )
