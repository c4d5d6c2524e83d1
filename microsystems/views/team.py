"""A unit's team: add, change role, remove, hand over. Its leads, managers and admins."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.forms import ConfirmForm, add_service_errors
from microsystems.extensions import section
from microsystems.forms.people import HandOverForm, MembershipAddForm, MembershipRoleForm
from microsystems.models import Membership
from microsystems.permissions import get_microsystem_for_user
from microsystems.selectors.people import (
    organisation_active_people,
    team_candidates,
    team_leads,
    team_member,
)
from microsystems.selectors.profile import microsystem_team
from microsystems.services import people as services
from microsystems.services.people import display_name


def _team_url(microsystem) -> str:
    return reverse("microsystems:team", args=[microsystem.slug])


@section("profile")
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, slug: str) -> HttpResponse:
    """The team, and the form to add a person of the organisation to it."""
    microsystem = get_microsystem_for_user(request.user, slug, profile=True)
    # Not `request.POST or None`: an empty post is still a post, refused with messages.
    form = MembershipAddForm(
        request.POST if request.method == "POST" else None, candidates=team_candidates(microsystem)
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                microsystem=microsystem,
                user=form.cleaned_data["person"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{display_name(membership.user)} joined the team as "
                f"{membership.get_role_display().lower()}.",
            )
            return redirect(_team_url(microsystem))
    return render(
        request,
        "microsystems/team.html",
        {
            "microsystem": microsystem,
            "team": microsystem_team(microsystem),
            "form": form,
            "people_url": reverse("microsystems:people", args=[microsystem.organisation.slug])
            if microsystem.access.can_manage
            else "",
        },
    )


def _member_or_404(microsystem, user_id: int) -> Membership:
    membership = team_member(microsystem, user_id)
    if membership is None:
        raise Http404("Not on this team.")
    return membership


@section("profile")
@require_http_methods(["GET", "POST"])
def membership_change(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Change one person's role, after seeing what it means."""
    microsystem = get_microsystem_for_user(request.user, slug, profile=True)
    membership = _member_or_404(microsystem, user_id)
    form = MembershipRoleForm(
        request.POST if request.method == "POST" else None, initial={"role": membership.role}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.membership_change_role(
                microsystem=microsystem, user=membership.user, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{display_name(changed.user)} is now {changed.get_role_display().lower()}.",
            )
            return redirect(_team_url(microsystem))
    return render(
        request,
        "microsystems/form.html",
        {
            "form": form,
            "microsystem": microsystem,
            "title": f"Change the role of {display_name(membership.user)}",
            "intro": (
                "A team leader edits the unit's data and its assessments; a member views "
                "them. A unit always keeps at least one team leader."
            ),
            "submit_label": "Change role",
            "cancel_url": _team_url(microsystem),
        },
    )


@section("profile")
@require_http_methods(["GET", "POST"])
def membership_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, profile=True)
    membership = _member_or_404(microsystem, user_id)
    name = display_name(membership.user)
    error = None
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            services.membership_remove(microsystem=microsystem, user=membership.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, f"{name} left the team of {microsystem.name}.")
            return redirect(_team_url(microsystem))
    return render(
        request,
        "microsystems/confirm.html",
        {
            "microsystem": microsystem,
            "title": f"Take {name} off the team?",
            "explanation": (
                f"{name} will no longer see {microsystem.name}. What they recorded stays, "
                "attributed to them."
            ),
            "error": error,
            "submit_label": "Take off the team",
            "danger": True,
            "cancel_url": _team_url(microsystem),
        },
        status=400 if error else 200,
    )


def _after_hand_over_url(user, microsystem) -> str:
    """The team page; for a leader who handed over their own unit and may no longer
    change its team, the unit's page if they stayed on it, else home (the team page
    would refuse them)."""
    try:
        get_microsystem_for_user(user, microsystem.slug, profile=True)
    except (Http404, PermissionDenied):
        try:
            get_microsystem_for_user(user, microsystem.slug)
        except Http404:
            return reverse("microsystems:home")
        return reverse("microsystems:detail", args=[microsystem.slug])
    return _team_url(microsystem)


@section("profile")
@require_http_methods(["GET", "POST"])
def hand_over(request: HttpRequest, slug: str) -> HttpResponse:
    """One step: a new team leader in, the outgoing one a member or off the team."""
    microsystem = get_microsystem_for_user(request.user, slug, profile=True)
    leads = team_leads(microsystem)
    form = HandOverForm(
        request.POST if request.method == "POST" else None,
        leads=leads,
        people=organisation_active_people(microsystem.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.microsystem_hand_over(microsystem=microsystem, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{display_name(form.cleaned_data['to_person'])} now leads {microsystem.name}.",
            )
            return redirect(_after_hand_over_url(request.user, microsystem))
    return render(
        request,
        "microsystems/form.html",
        {
            "form": form,
            "microsystem": microsystem,
            "title": f"Hand over {microsystem.name}",
            "intro": (
                "The person you choose becomes team leader; the outgoing team leader stays "
                "on the team as a member, or leaves it. Only people of "
                f"{microsystem.organisation.name} are listed."
            ),
            "submit_label": "Hand over",
            "cancel_url": _team_url(microsystem),
        },
    )
