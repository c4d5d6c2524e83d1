"""Improvement ideas: the unit's ideas, one idea (its NPV and "did it work?"), add, edit,
and a dated change of status."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.concurrency import edit_lock
from core.forms import add_service_errors
from microsystems.extensions import section
from microsystems.permissions import get_microsystem_for_user
from microsystems.views.submissions import create_once, redirect_if_already_saved
from valuation.forms.improvements import IdeaStatusForm, ImprovementIdeaForm
from valuation.models import ImprovementIdea
from valuation.reports import improvements as report
from valuation.selectors import improvements as selectors
from valuation.selectors.measurements import measures_for_entry
from valuation.services import improvements as services


@section("improvements")
@require_GET
def improvements(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    ideas = selectors.ideas_for_page(microsystem)
    page = report.improvements_page(
        ideas, selectors.benefits_frame(ideas), selectors.latest_weights(microsystem)
    )
    return render(
        request, "valuation/improvements.html", {"microsystem": microsystem, "page": page}
    )


@section("improvements")
@require_GET
def improvement(request: HttpRequest, slug: str, idea_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    idea = selectors.idea_for_microsystem(microsystem, idea_id)
    detail = selectors.idea_detail_rows(idea)
    measures = detail["measures"]
    outcomes, realised = [], ""
    if idea.status == ImprovementIdea.Status.ADOPTED:
        series = selectors.measure_series_for(microsystem, [measure.pk for measure in measures])
        outcomes = report.did_it_work(idea, measures, series, microsystem.period_granularity)
        now = timezone.now()
        history = selectors.activities_cost_history(
            microsystem, [row["id"] for row in detail["activities"]], now
        )
        realised = report.realised_saving_sentence(
            idea,
            *report.costs_before_and_now(
                history, idea.adopted_on, now, microsystem.period_granularity
            ),
        )
    return render(
        request,
        "valuation/improvement.html",
        {
            "microsystem": microsystem,
            "idea": idea,
            "detail": detail,
            "status_words": report.STATUS_WORDS,
            "figures": report.idea_figures(idea),
            "outcomes": outcomes,
            "realised": realised,
        },
    )


def _idea_form_page(request, microsystem, idea):
    data = request.POST if request.method == "POST" else None
    with edit_lock(request, idea):
        form = ImprovementIdeaForm(
            data,
            instance=idea,
            microsystem=microsystem,
            measures=measures_for_entry(microsystem),
            dimensions=selectors.active_dimensions(),
            members=selectors.unit_members(microsystem),
        )
        if data is not None and (earlier := redirect_if_already_saved(request, form)):
            return earlier
        if data is not None and form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            url_of = lambda saved: reverse(  # noqa: E731
                "valuation:improvement", kwargs={"slug": microsystem.slug, "idea_id": saved.pk}
            )
            try:
                if idea is None:
                    return create_once(
                        request,
                        form,
                        create=lambda: services.idea_create(
                            microsystem=microsystem,
                            data=fields,
                            benefits=form.benefits(),
                            user=request.user,
                            today=timezone.localdate(),
                        ),
                        url_of=url_of,
                        success_message=lambda saved: f"Saved idea “{saved.title}”.",
                    )
                saved = services.idea_update(idea=idea, data=fields, benefits=form.benefits())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Saved idea “{saved.title}”.")
                return redirect(url_of(saved))
    return render(
        request,
        "microsystems/form.html",
        {
            "microsystem": microsystem,
            "form": form,
            "title": f"Edit idea: {idea.title}" if idea else "Add an improvement idea",
            "intro": "What the idea would change, what it aims at, what it is expected to "
            "save and gain, and how you would know it worked.",
            "submit_label": "Save idea",
            "cancel_url": reverse("valuation:improvements", kwargs={"slug": microsystem.slug}),
        },
    )


@section("improvements")
@require_http_methods(["GET", "POST"])
def improvement_create(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    return _idea_form_page(request, microsystem, None)


@section("improvements")
@require_http_methods(["GET", "POST"])
def improvement_edit(request: HttpRequest, slug: str, idea_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    idea = selectors.idea_for_microsystem(microsystem, idea_id)
    return _idea_form_page(request, microsystem, idea)


@section("improvements")
@require_http_methods(["GET", "POST"])
def improvement_status(request: HttpRequest, slug: str, idea_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    idea = selectors.idea_for_microsystem(microsystem, idea_id)
    measure_ids = list(idea.measures.values_list("pk", flat=True))
    form = IdeaStatusForm(
        request.POST if request.method == "POST" else None,
        initial={"status": idea.status, "changed_on": timezone.localdate()},
        data_span=selectors.measure_data_span(microsystem, measure_ids),
        today=timezone.localdate(),
    )
    if request.method == "POST" and form.is_valid():
        costs = selectors.activities_cost_rows(
            microsystem, list(idea.activities.values_list("pk", flat=True))
        )
        try:
            services.idea_status_change(
                idea=idea,
                status=form.cleaned_data["status"],
                changed_on=form.cleaned_data["changed_on"],
                note=form.cleaned_data["note"],
                user=request.user,
                activities_monthly_cost=report.monthly_cost(costs, microsystem.period_granularity),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"“{idea.title}”: {report.STATUS_WORDS[form.cleaned_data['status']].lower()}.",
            )
            return redirect("valuation:improvement", slug=microsystem.slug, idea_id=idea.pk)
    return render(
        request,
        "microsystems/form.html",
        {
            "microsystem": microsystem,
            "form": form,
            "title": f"Change the status of “{idea.title}”",
            "intro": "Every change is kept with its date. When an idea is adopted, its "
            "measures' run charts are recalculated from the adoption date.",
            "submit_label": "Save the change",
            "cancel_url": reverse(
                "valuation:improvement", kwargs={"slug": microsystem.slug, "idea_id": idea.pk}
            ),
        },
    )
