"""Create, view, edit, archive and restore a microsystem's profile."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.concurrency import edit_lock
from core.forms import ConfirmForm
from microsystems import services
from microsystems.extensions import extensions, section
from microsystems.forms.profile import MicrosystemCreateForm, MicrosystemProfileForm
from microsystems.permissions import get_microsystem_for_user, organisations_user_can_create_in
from microsystems.report_cache import unit_report
from microsystems.selectors.profile import microsystem_progress, microsystem_team
from microsystems.views.submissions import create_once, redirect_if_already_saved


@require_http_methods(["GET", "POST"])
def microsystem_create_view(request: HttpRequest) -> HttpResponse:
    organisations = organisations_user_can_create_in(request.user)
    if not organisations.exists():
        # Only managers (in their organisations) and admins create microsystems.
        raise Http404("No organisation you may add microsystems to.")
    form = MicrosystemCreateForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and (earlier := redirect_if_already_saved(request, form)):
        return earlier
    if request.method == "POST" and form.is_valid():
        profile = {k: v for k, v in form.cleaned_data.items() if k not in {"organisation", "lead"}}
        return create_once(
            request,
            form,
            create=lambda: services.microsystem_create(
                organisation=form.cleaned_data["organisation"],
                lead=form.cleaned_data["lead"],
                **profile,
            ),
            url_of=lambda microsystem: microsystem.get_absolute_url(),
            success_message=lambda microsystem: f"Created “{microsystem.name}”.",
        )
    return render(
        request,
        "microsystems/form.html",
        {"form": form, "title": "New microsystem", "submit_label": "Create microsystem"},
    )


@section("profile")
@require_http_methods(["GET"])
def microsystem_detail(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    return render(
        request,
        "microsystems/detail.html",
        {
            "microsystem": microsystem,
            "team": microsystem_team(microsystem),
            # Counts of everything the unit records (three queries over its figures):
            # kept until any of it changes.
            "progress": unit_report(
                "profile_steps", microsystem, lambda: microsystem_progress(microsystem)
            ),
            "take_aways": extensions.take_aways(microsystem.slug),
        },
    )


@section("profile")
@require_http_methods(["GET", "POST"])
def microsystem_edit(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, profile=True)
    with edit_lock(request, microsystem):
        form = MicrosystemProfileForm(
            request.POST if request.method == "POST" else None, instance=microsystem
        )
        if request.method == "POST" and form.is_valid():
            services.microsystem_update(microsystem=microsystem, **form.cleaned_data)
            messages.success(request, "Profile saved.")
            return redirect(microsystem)
    return render(
        request,
        "microsystems/form.html",
        {
            "form": form,
            "microsystem": microsystem,
            "title": f"Edit profile: {microsystem.name}",
            "submit_label": "Save profile",
        },
    )


# What archiving and restoring say and do; one confirm-then-act flow serves both.
ARCHIVE_STEPS = {
    "archive": {
        "title": "Archive {name}?",
        "explanation": (
            "Archiving keeps the profile and all its data but makes it read-only and moves "
            "it to the archived list. You can restore it later."
        ),
        "submit_label": "Archive microsystem",
        "done": "Archived “{name}”. Its data is kept, read-only.",
        "danger": True,
        "service": services.microsystem_archive,
    },
    "restore": {
        "title": "Restore {name}?",
        "explanation": "Restoring makes the microsystem active and editable again.",
        "submit_label": "Restore microsystem",
        "done": "Restored “{name}”.",
        "danger": False,
        "service": services.microsystem_restore,
    },
}


def _confirm_then(request: HttpRequest, slug: str, step_name: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, manage=True)
    step = ARCHIVE_STEPS[step_name]
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        step["service"](microsystem=microsystem)
        messages.success(request, step["done"].format(name=microsystem.name))
        return redirect(microsystem)
    return render(
        request,
        "microsystems/confirm.html",
        {
            "microsystem": microsystem,
            "title": step["title"].format(name=microsystem.name),
            "explanation": step["explanation"],
            "submit_label": step["submit_label"],
            "danger": step["danger"],
        },
    )


@section("profile")
@require_http_methods(["GET", "POST"])
def microsystem_archive_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _confirm_then(request, slug, "archive")


@section("profile")
@require_http_methods(["GET", "POST"])
def microsystem_restore_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _confirm_then(request, slug, "restore")
