"""An assessment's life: the list, start one, its settings, delete a draft,
submit it, a manager's review, and the queue of assessments awaiting review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.concurrency import edit_lock
from core.forms import ConfirmForm, add_service_errors
from microsystems.extensions import section
from microsystems.models import Microsystem
from microsystems.permissions import get_microsystem_for_user
from microsystems.views.submissions import create_once, redirect_if_already_saved
from valuation.access import get_assessment_for_user, refuse_unless_draft
from valuation.forms.assessments import AssessmentForm, ReopenForm, ReviewForm
from valuation.models import Assessment
from valuation.reports.checklist import submission_checklist
from valuation.reports.dashboard import assessment_list_figures
from valuation.selectors.assessments import (
    assessment_contents,
    assessment_with_people,
    assessments_for_microsystem,
    review_queue,
    submission_facts,
)
from valuation.services import assessments as services
from valuation.services import records as record_services


def list_url(microsystem: Microsystem) -> str:
    return reverse("valuation:assessments", kwargs={"slug": microsystem.slug})


def assessment_page_url(assessment: Assessment) -> str:
    """The assessment page (the value account)."""
    return reverse(
        "valuation:assessment",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )


def stakeholders_url(microsystem: Microsystem) -> str:
    return reverse("stakeholders:list", kwargs={"slug": microsystem.slug})


# The checklist's pages that belong to one assessment; the others take only the unit's slug.
ASSESSMENT_PAGES = frozenset({"valuation:weights", "valuation:judgements"})


def checklist_url(url_name: str, assessment: Assessment) -> str:
    """The page where a missing piece is put right ("" when there is none)."""
    if not url_name:
        return ""
    kwargs = {"slug": assessment.microsystem.slug}
    if url_name in ASSESSMENT_PAGES:
        kwargs["assessment_id"] = assessment.pk
    return reverse(url_name, kwargs=kwargs)


def checklist_with_links(assessment: Assessment, today) -> list[tuple]:
    """(item, url) pairs: each missing piece links to the page that puts it right."""
    return [
        (item, checklist_url(item.url_name, assessment))
        for item in submission_checklist(submission_facts(assessment), today).items
    ]


# ---------------------------------------------------------------- list, create, settings, delete


@section("assessments")
@require_http_methods(["GET"])
def assessments(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    assessments = assessments_for_microsystem(microsystem)
    figures = assessment_list_figures(microsystem, assessments)
    return render(
        request,
        "valuation/assessments.html",
        {
            "microsystem": microsystem,
            "rows": [(assessment, figures[assessment.pk]) for assessment in assessments],
            "assessments": assessments,
        },
    )


@section("assessments")
@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        microsystem=microsystem,
        today=timezone.localdate(),
    )
    if request.method == "POST" and (earlier := redirect_if_already_saved(request, form)):
        return earlier
    if request.method == "POST" and form.is_valid():
        try:
            return create_once(
                request,
                form,
                create=lambda: services.assessment_create(
                    microsystem=microsystem, created_by=request.user, **form.settings()
                ),
                url_of=assessment_page_url,
                success_message=lambda assessment: (
                    f"Started the assessment “{assessment.period_label}”. Next, record the "
                    "stakeholders' weights and judgements."
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "valuation/assessment_form.html",
        {
            "microsystem": microsystem,
            "form": form,
            "title": "Start an assessment",
            "submit_label": "Start the assessment",
            "cancel_url": list_url(microsystem),
        },
    )


@section("assessments")
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, slug, assessment_id, write=True)
    refusal = refuse_unless_draft(request, assessment)
    if refusal:
        return refusal
    # Before validation, which writes the posted values onto the instance.
    title = f"Settings of the assessment “{assessment.period_label}”"
    microsystem = assessment.microsystem
    with edit_lock(request, assessment):
        form = AssessmentForm(
            request.POST if request.method == "POST" else None,
            instance=assessment,
            microsystem=microsystem,
        )
        if request.method == "POST" and form.is_valid():
            try:
                saved = services.assessment_update(assessment=assessment, **form.settings())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Saved the settings of “{saved.period_label}”.")
                return redirect(list_url(microsystem))
    return render(
        request,
        "valuation/assessment_form.html",
        {
            "microsystem": microsystem,
            "assessment": assessment,
            "form": form,
            "title": title,
            "submit_label": "Save settings",
            "cancel_url": list_url(microsystem),
        },
    )


@section("assessments")
@require_http_methods(["GET", "POST"])
def assessment_delete(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for_user(request.user, slug, assessment_id, write=True)
    refusal = refuse_unless_draft(request, assessment)
    if refusal:
        return refusal
    microsystem = assessment.microsystem
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            services.assessment_delete(assessment=assessment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Deleted the draft assessment “{assessment.period_label}”.")
        return redirect(list_url(microsystem))
    return render(
        request,
        "valuation/assessment_confirm.html",
        {
            "microsystem": microsystem,
            "assessment": assessment,
            "contents": assessment_contents(assessment),
            "cancel_url": list_url(microsystem),
        },
    )


# ---------------------------------------------------------------- submit and review


@section("assessments")
@require_http_methods(["GET", "POST"])
def assessment_submit(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    """GET: what is in place and what is missing, then confirm. Not a draft: why not."""
    assessment = get_assessment_for_user(request.user, slug, assessment_id, write=True)
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            services.assessment_submit(assessment=assessment, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        messages.success(
            request,
            f"Submitted “{assessment.period_label}” for review. A manager will approve it, "
            "or return it to you with a comment.",
        )
        return redirect(assessment_page_url(assessment))
    assessment = assessment_with_people(assessment)
    return render(
        request,
        "valuation/assessment_submit.html",
        {
            "microsystem": assessment.microsystem,
            "assessment": assessment,
            "checklist": (
                checklist_with_links(assessment, timezone.localdate())
                if assessment.is_draft
                else None
            ),
            "assessment_url": assessment_page_url(assessment),
            "cancel_url": list_url(assessment.microsystem),
        },
    )


@section("assessments")
@require_http_methods(["GET", "POST"])
def assessment_review(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    """Approve a submitted assessment, or return it to draft with a comment."""
    assessment = get_assessment_for_user(request.user, slug, assessment_id, manage=True)
    microsystem = assessment.microsystem
    submitted = assessment.status == Assessment.Status.SUBMITTED
    # A manager may still open an archived unit's assessments, but not decide on them.
    reviewable = submitted and not microsystem.is_archived
    if request.method == "POST" and not reviewable:
        if microsystem.is_archived:
            refusal = services.ARCHIVED.format(name=microsystem.name)
        else:
            status = assessment.get_status_display().lower()
            refusal = services.NOT_SUBMITTED_FOR_REVIEW.format(status=status)
        messages.error(request, refusal)
        return redirect(request.path)
    today = timezone.localdate()
    open_period = not services.period_has_ended(assessment, today)
    form = (
        ReviewForm(
            request.POST if request.method == "POST" else None,
            period_end=assessment.end_date if open_period else None,
        )
        if reviewable
        else None
    )
    if form is not None and form.is_bound and form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == ReviewForm.APPROVE:
                services.assessment_approve(
                    assessment=assessment,
                    user=request.user,
                    comment=comment,
                    period_not_ended_confirmed=form.period_not_ended_confirmed,
                    today=today,
                )
            else:
                services.assessment_return(
                    assessment=assessment, user=request.user, comment=comment
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = "Approved" if decision == ReviewForm.APPROVE else "Returned to draft"
            messages.success(
                request, f"{done}: {assessment.microsystem.name}, {assessment.period_label}."
            )
            return redirect("valuation:review_queue")
    assessment = assessment_with_people(assessment)
    return render(
        request,
        "valuation/assessment_review.html",
        {
            "microsystem": assessment.microsystem,
            "assessment": assessment,
            "form": form,
            "archived_refusal": (
                services.ARCHIVED.format(name=microsystem.name) if microsystem.is_archived else ""
            ),
            "checklist": checklist_with_links(assessment, today) if reviewable else None,
            "assessment_url": assessment_page_url(assessment),
            "perspectives_url": reverse(
                "valuation:perspectives",
                kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
            ),
        },
    )


@require_http_methods(["GET"])
def review_queue_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "valuation/review_queue.html", {"assessments": review_queue(request.user)}
    )


@section("assessments")
@require_http_methods(["GET", "POST"])
def assessment_reopen(request: HttpRequest, slug: str, assessment_id: int) -> HttpResponse:
    """A manager returns an approved assessment to draft, with a reason; the approved
    record is kept as a superseded version."""
    assessment = get_assessment_for_user(request.user, slug, assessment_id, manage=True)
    microsystem = assessment.microsystem
    reopenable = assessment.status == Assessment.Status.APPROVED and not microsystem.is_archived
    if request.method == "POST" and not reopenable:
        if microsystem.is_archived:
            refusal = services.ARCHIVED.format(name=microsystem.name)
        else:
            status = assessment.get_status_display().lower()
            refusal = record_services.NOT_APPROVED_FOR_REOPEN.format(status=status)
        messages.error(request, refusal)
        return redirect(request.path)
    form = ReopenForm(request.POST if request.method == "POST" else None) if reopenable else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            record = record_services.assessment_reopen(
                assessment=assessment, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Reopened “{assessment.period_label}”: it is a draft again. Approved version "
                f"{record.version} stays readable in its versions.",
            )
            return redirect(assessment_page_url(assessment))
    return render(
        request,
        "valuation/assessment_reopen.html",
        {
            "microsystem": microsystem,
            "assessment": assessment,
            "form": form,
            "archived_refusal": (
                services.ARCHIVED.format(name=microsystem.name) if microsystem.is_archived else ""
            ),
            "not_approved": (
                ""
                if reopenable or microsystem.is_archived
                else record_services.NOT_APPROVED_FOR_REOPEN.format(
                    status=assessment.get_status_display().lower()
                )
            ),
            "assessment_url": assessment_page_url(assessment),
        },
    )
