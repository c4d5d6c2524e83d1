"""Voice weights of a draft assessment: set them with a reason, or reset to equal voices."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.concurrency import edit_lock
from core.forms import add_service_errors
from microsystems.extensions import section
from valuation.access import get_assessment_for_user, refuse_unless_draft
from valuation.forms.voices import VoiceWeightsForm
from valuation.models import AssessmentRecord
from valuation.reports.weights import KIND_LABELS
from valuation.selectors.assessments import (
    VoicesShown,
    live_voices,
    voice_page_assessment,
    voice_rows,
    voices_shown,
)
from valuation.selectors.records import frozen_voices
from valuation.services import voices as services
from valuation.views.account import record_notice, shown_record
from valuation.views.assessments import assessment_page_url, stakeholders_url

RESET_ACTION = "reset"


@section("assessments")
@require_http_methods(["GET", "POST"])
def voices(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    """Editors of a draft set the voices; everyone else who can see the assessment
    (managers, members, anyone once it is submitted) reads them. An approved
    assessment's voices are read from its record; ?version= a superseded version's."""
    posted = request.method == "POST"
    assessment = get_assessment_for_user(request.user, slug, assessment_id, write=posted)
    if posted:
        refusal = refuse_unless_draft(request, assessment)
        if refusal:
            return refusal
    else:
        record = shown_record(request, assessment)
        if record is not None:
            return _read_only(request, assessment, frozen_voices(record), record)
        if not (assessment.microsystem.access.can_edit and assessment.is_draft):
            return _read_only(request, assessment, live_voices(assessment), None)
    if posted and request.POST.get("action") == RESET_ACTION:
        try:
            services.voice_weights_reset(assessment=assessment, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, "Voices are equal again: every stakeholder's perspective counts the same."
            )
        return redirect(request.path)

    # The voices are the assessment's: every save of them locks it (lock_draft).
    with edit_lock(request, assessment):
        rows, equal = voice_rows(assessment)
        form = VoiceWeightsForm(
            request.POST if request.method == "POST" else None,
            stakeholders=[row.stakeholder for row in rows],
            weights={row.stakeholder.pk: row.weight for row in rows},
            rationale=assessment.voice_weights_rationale,
        )
        if form.is_bound and form.is_valid():
            try:
                saved = services.voice_weights_set(
                    assessment=assessment,
                    weights=form.weights(),
                    rationale=form.cleaned_data["voice_weights_rationale"],
                    user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    "Saved the voice weights."
                    if saved.voice_weights_rationale
                    else "All weights are equal, so every stakeholder's voice counts the same.",
                )
                return redirect(request.path)
    microsystem = assessment.microsystem
    loaded = voice_page_assessment(assessment)
    return render(
        request,
        "valuation/voices.html",
        {
            "microsystem": microsystem,
            "assessment": loaded,
            "shown": voices_shown(loaded, rows, equal),
            "form": form,
            "rows": list(zip(rows, [field for _, field in form.weight_fields()], strict=True)),
            "equal": equal,
            "reset_action": RESET_ACTION,
            "assessment_url": assessment_page_url(assessment),
            "stakeholders_url": stakeholders_url(microsystem),
        },
    )


def _read_only(
    request: HttpRequest, assessment, shown: VoicesShown, record: AssessmentRecord | None
) -> HttpResponse:
    """The voices as approved (`record`), or today's for those who cannot change them."""
    microsystem = assessment.microsystem
    return render(
        request,
        "valuation/voices.html",
        {
            "microsystem": microsystem,
            "assessment": assessment,
            "shown": shown,
            "shown_rows": [(row, KIND_LABELS.get(row.kind, "")) for row in shown.rows],
            "record": record,
            "notice": record_notice(assessment, record),
            "form": None,
            "assessment_url": assessment_page_url(assessment),
            "stakeholders_url": stakeholders_url(microsystem),
        },
    )
