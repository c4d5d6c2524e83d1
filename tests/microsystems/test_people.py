"""An organisation's people: the page, invitations, deactivation."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.forms import DEACTIVATED
from microsystems.models import Membership
from microsystems.services import people as services
from microsystems.views.people import INVITATION_LINK
from tests.support.factories import make_microsystem, make_user

User = get_user_model()


def people_url(organisation) -> str:
    return reverse("microsystems:people", args=[organisation.slug])


def invite_url(organisation) -> str:
    return reverse("microsystems:invite", args=[organisation.slug])


def link_in(text: str) -> str:
    return re.search(r"https?://\S+/accounts/welcome/\S+/", text).group(0)


# --- the people page ------------------------------------------------------------------


def test_people_page_lists_roles_units_and_status(client_for, users, organisation, microsystem):
    users["member"].is_active = False
    users["member"].save()
    response = client_for("manager").get(people_url(organisation))
    rows = {row.user.username: row for row in response.context["people"]}
    assert set(rows) == {"lead", "member", "manager"}
    assert rows["manager"].is_manager
    assert [(m.microsystem.name, m.role) for m in rows["lead"].memberships] == [
        ("Eastfield Library", "lead")
    ]
    body = response.content.decode()
    assert "Team leader of" in body and "Manager of Northbridge Council" in body
    assert "Deactivated" in body and "Reactivate" in body


def test_one_organisations_people_are_never_listed_to_another_manager(
    client_for, users, organisation, other_organisation
):
    stranger = make_user("stranger", email="stranger@example.org")
    make_microsystem(other_organisation, "Southgate Desk").memberships.create(user=stranger)
    client = client_for("manager")
    body = client.get(people_url(organisation)).content.decode()
    assert "Stranger" not in body and "stranger@example.org" not in body
    # Nor through another organisation's page, nor a crafted URL with the person's id.
    assert client.get(people_url(other_organisation)).status_code == 404
    deactivate = reverse("microsystems:person_deactivate", args=[organisation.slug, stranger.pk])
    assert client.post(deactivate).status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


def test_admin_sees_every_organisations_people(client_for, users, other_organisation):
    response = client_for("admin").get(people_url(other_organisation))
    assert [row.user.username for row in response.context["people"]] == ["other_manager"]


# --- invitations, end to end with Django's locmem e-mail --------------------------------


def test_invite_then_set_password_once_then_sign_in(
    client_for, users, organisation, microsystem, client
):
    response = client_for("manager").post(
        invite_url(organisation),
        {
            "first_name": "Nia",
            "last_name": "Okafor",
            "email": "Nia.Okafor@Example.org",
            "units": [microsystem.pk],
            "role": "lead",
        },
    )
    assert response.status_code == 302
    nia = User.objects.get(email="nia.okafor@example.org")
    assert nia.username == "nia.okafor@example.org" and not nia.has_usable_password()
    assert Membership.objects.get(user=nia).role == "lead"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nia.okafor@example.org"]
    link = link_in(mail.outbox[0].body)

    client.logout()
    page = client.get(link, follow=True)
    assert "Welcome: choose your password" in page.content.decode()
    set_url = page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "lantern-harbour-41", "new_password2": "lantern-harbour-41"}
    )
    assert done.status_code == 302
    signed_in = client.post(
        reverse("login"), {"username": "nia.okafor@example.org", "password": "lantern-harbour-41"}
    )
    assert signed_in.status_code == 302 and signed_in.url == reverse("microsystems:home")
    client.post(reverse("logout"))

    # The link worked once: now it says so, and changes nothing.
    again = client.get(link, follow=True)
    assert "This link does not work any more" in again.content.decode()
    nia.refresh_from_db()
    assert nia.check_password("lantern-harbour-41")


def test_expired_link_is_refused(client_for, users, organisation, client, settings):
    client_for("manager").post(
        invite_url(organisation),
        {"first_name": "Ola", "last_name": "Berg", "email": "ola@example.org", "role": "member"},
    )
    link = link_in(mail.outbox[0].body)
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link has expired
    client.logout()
    page = client.get(link, follow=True)
    assert "This link does not work any more" in page.content.decode()


def test_without_email_delivery_the_inviter_is_shown_the_link(
    client_for, users, organisation, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    response = client_for("manager").post(
        invite_url(organisation),
        {"first_name": "Ola", "last_name": "Berg", "email": "ola@example.org", "role": "member"},
        follow=True,
    )
    message = [str(m) for m in response.context["messages"]][0]
    assert message.startswith(INVITATION_LINK.split("{link}")[0].format(name="Ola Berg"))
    assert "/accounts/welcome/" in message


def test_invitation_to_an_email_in_use_is_refused(client_for, users, organisation):
    users["lead"].email = "lead@example.org"
    users["lead"].save()
    before = User.objects.count()
    response = client_for("manager").post(
        invite_url(organisation),
        {"first_name": "L", "last_name": "Two", "email": "LEAD@example.org", "role": "member"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        services.EMAIL_IN_USE.format(email="lead@example.org")
    ]
    assert User.objects.count() == before and mail.outbox == []


def test_invitation_to_another_organisations_unit_is_refused(
    client_for, users, organisation, other_organisation
):
    theirs = make_microsystem(other_organisation, "Southgate Desk")
    response = client_for("manager").post(
        invite_url(organisation),
        {
            "first_name": "Sly",
            "last_name": "Fox",
            "email": "sly@example.org",
            "units": [theirs.pk],
            "role": "lead",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["units"]
    assert not User.objects.filter(email="sly@example.org").exists()
    assert not theirs.memberships.exists() and mail.outbox == []


def test_service_refuses_a_unit_of_another_organisation(users, organisation, other_organisation):
    theirs = make_microsystem(other_organisation, "Southgate Desk")
    with pytest.raises(Exception) as refused:
        services.person_invite(
            organisation=organisation,
            first_name="Sly",
            last_name="Fox",
            email="sly@example.org",
            units=[theirs],
            role="lead",
        )
    assert "is not a unit of Northbridge Council" in str(refused.value)
    assert not User.objects.filter(email="sly@example.org").exists()


def test_invitation_that_cannot_be_sent_saves_nothing(client_for, users, organisation, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = client_for("manager").post(
        invite_url(organisation),
        {"first_name": "Ola", "last_name": "Berg", "email": "ola@example.org", "role": "member"},
    )
    assert response.status_code == 200
    assert "could not be sent" in response.content.decode()
    assert not User.objects.filter(email="ola@example.org").exists()


# --- deactivation ---------------------------------------------------------------------


def test_deactivated_person_cannot_sign_in_and_keeps_their_records(
    client_for, users, organisation, microsystem, assessment, client
):
    from valuation.models import Assessment

    member = users["member"]
    Assessment.objects.filter(pk=assessment.pk).update(submitted_by=member)
    url = reverse("microsystems:person_deactivate", args=[organisation.slug, member.pk])
    manager = client_for("manager")
    assert "Deactivate Member?" in manager.get(url).content.decode()
    assert manager.post(url).status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assessment.refresh_from_db()
    assert assessment.submitted_by == member
    manager.logout()

    response = client.post(
        reverse("login"), {"username": "member", "password": "pw-for-tests-only"}
    )
    assert response.status_code == 200
    assert DEACTIVATED in response.content.decode()
    # A wrong password gets the usual answer: the form tells a guesser nothing.
    wrong = client.post(reverse("login"), {"username": "member", "password": "guess"})
    assert DEACTIVATED not in wrong.content.decode()


def test_the_only_lead_of_a_unit_cannot_be_deactivated(client_for, users, organisation):
    url = reverse("microsystems:person_deactivate", args=[organisation.slug, users["lead"].pk])
    response = client_for("manager").post(url)
    assert response.status_code == 400
    assert "Hand over first" in response.content.decode()
    users["lead"].refresh_from_db()
    assert users["lead"].is_active


def test_the_only_active_lead_cannot_be_deactivated_naming_each_unit(
    users, organisation, microsystem
):
    """A deactivated co-lead cannot sign in, so leads no one: the units are named."""
    lead, retired = users["lead"], make_user("retired", is_active=False)
    west = make_microsystem(organisation, "West Library")
    for unit in (microsystem, west):
        Membership.objects.create(microsystem=unit, user=retired, role="lead")
    Membership.objects.create(microsystem=west, user=lead, role="lead")
    with pytest.raises(ValidationError) as refused:
        services.person_deactivate(organisation=organisation, person=lead, by=users["manager"])
    assert refused.value.messages == [
        services.LEADS_ALONE.format(name="Lead", units="Eastfield Library, West Library")
    ]
    lead.refresh_from_db()
    assert lead.is_active


def test_a_lead_with_an_active_co_lead_can_be_deactivated(users, organisation, microsystem):
    Membership.objects.filter(user=users["member"]).update(role="lead")
    services.person_deactivate(organisation=organisation, person=users["lead"], by=users["manager"])
    users["lead"].refresh_from_db()
    assert not users["lead"].is_active


def test_the_only_lead_of_an_archived_unit_can_be_deactivated(users, organisation, microsystem):
    """An archived unit is out of service; it keeps its team (shown as deactivated), and
    restoring it is the moment to hand it over."""
    from django.utils import timezone

    microsystem.archived_at = timezone.now()
    microsystem.save()
    services.person_deactivate(organisation=organisation, person=users["lead"], by=users["manager"])
    users["lead"].refresh_from_db()
    assert not users["lead"].is_active


def test_someone_also_of_another_organisation_is_for_an_admin(
    client_for, users, organisation, other_organisation
):
    make_microsystem(other_organisation, "Southgate Desk").memberships.create(user=users["member"])
    url = reverse("microsystems:person_deactivate", args=[organisation.slug, users["member"].pk])
    response = client_for("manager").post(url)
    assert response.status_code == 400
    assert "only an administrator can deactivate them" in response.content.decode()
    users["member"].refresh_from_db()
    assert users["member"].is_active


def test_manager_cannot_deactivate_themselves(client_for, users, organisation):
    url = reverse("microsystems:person_deactivate", args=[organisation.slug, users["manager"].pk])
    response = client_for("manager").post(url)
    assert services.CANNOT_DEACTIVATE_SELF in response.content.decode()
    users["manager"].refresh_from_db()
    assert users["manager"].is_active


def test_reactivate(client_for, users, organisation):
    member = users["member"]
    member.is_active = False
    member.save()
    url = reverse("microsystems:person_reactivate", args=[organisation.slug, member.pk])
    assert client_for("manager").post(url).status_code == 302
    member.refresh_from_db()
    assert member.is_active
