"""An organisation's people: who they are, inviting someone, letting someone go.

For the organisation's managers and for admins; everyone else gets 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.invitations import email_is_delivered, send_invitation
from core.forms import ConfirmForm, add_service_errors
from microsystems.forms.people import InviteForm
from microsystems.permissions import get_organisation_for_user, get_person_for_organisation
from microsystems.selectors.people import organisation_people
from microsystems.services import people as services
from microsystems.services.people import display_name
from microsystems.views.submissions import create_once, redirect_if_already_saved

INVITATION_SENT = "Invited {name}: the link to set a password went to {email}."
INVITATION_LINK = (
    "Invited {name}. This server sends no e-mail, so pass this one-time link on to them "
    "yourself; it sets their password: {link}"
)
INVITATION_NOT_SENT = "The invitation could not be sent ({error}). Nothing was saved."


def _people_url(organisation) -> str:
    return reverse("microsystems:people", args=[organisation.slug])


@require_http_methods(["GET"])
def people(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, org_slug)
    return render(
        request,
        "microsystems/people.html",
        {"organisation": organisation, "people": organisation_people(organisation)},
    )


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, org_slug)
    form = InviteForm(request.POST if request.method == "POST" else None, organisation=organisation)
    if request.method == "POST" and (earlier := redirect_if_already_saved(request, form)):
        return earlier
    if request.method == "POST" and form.is_valid():
        sent = {}

        @transaction.atomic
        def invite_and_send():
            user = services.person_invite(organisation=organisation, **form.cleaned_data)
            # Sent inside the transaction: if the e-mail cannot go, no account is left behind.
            sent["link"] = send_invitation(
                request, user=user, organisation_name=organisation.name, invited_by=request.user
            )
            return user

        def said(user) -> str:
            words = {"name": display_name(user), "email": user.email, "link": sent["link"]}
            if email_is_delivered():
                return INVITATION_SENT.format(**words)
            return INVITATION_LINK.format(**words)

        try:
            return create_once(
                request,
                form,
                create=invite_and_send,
                url_of=lambda user: _people_url(organisation),
                success_message=said,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except OSError as error:  # SMTP refused or unreachable
            form.add_error(None, INVITATION_NOT_SENT.format(error=error))
    return render(
        request,
        "microsystems/form.html",
        {
            "form": form,
            "title": f"Invite someone to {organisation.name}",
            "intro": (
                "They get an account without a password and an e-mail with a one-time link "
                "to choose one. Then they sign in with their e-mail address."
            ),
            "submit_label": "Invite",
            "cancel_url": _people_url(organisation),
        },
    )


def _confirm_person_step(request, org_slug, user_id, *, step) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, org_slug)
    person = get_person_for_organisation(organisation, user_id)
    name = display_name(person)
    error = None
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            step["service"](organisation=organisation, person=person, by=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, step["done"].format(name=name))
            return redirect(_people_url(organisation))
    return render(
        request,
        "microsystems/confirm.html",
        {
            "title": step["title"].format(name=name),
            "explanation": step["explanation"].format(name=name),
            "error": error,
            "submit_label": step["submit_label"],
            "danger": step["danger"],
            "cancel_url": _people_url(organisation),
        },
        status=400 if error else 200,
    )


DEACTIVATE = {
    "title": "Deactivate {name}?",
    "explanation": (
        "{name} will no longer be able to sign in. Everything they recorded stays, attributed "
        "to them, and they stay listed on their teams as deactivated. You can reactivate them."
    ),
    "submit_label": "Deactivate",
    "done": "Deactivated {name}: they can no longer sign in.",
    "danger": True,
    "service": services.person_deactivate,
}
REACTIVATE = {
    "title": "Reactivate {name}?",
    "explanation": "{name} will be able to sign in again, with their teams as before.",
    "submit_label": "Reactivate",
    "done": "Reactivated {name}.",
    "danger": False,
    "service": services.person_reactivate,
}


@require_http_methods(["GET", "POST"])
def person_deactivate(request: HttpRequest, org_slug: str, user_id: int) -> HttpResponse:
    return _confirm_person_step(request, org_slug, user_id, step=DEACTIVATE)


@require_http_methods(["GET", "POST"])
def person_reactivate(request: HttpRequest, org_slug: str, user_id: int) -> HttpResponse:
    return _confirm_person_step(request, org_slug, user_id, step=REACTIVATE)
