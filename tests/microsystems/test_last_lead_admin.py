"""The last-lead rule in the Django admin: refused with the reason, before anything is
written (on PostgreSQL the database would refuse it at commit, as a server error)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from microsystems.models import Membership, Microsystem
from microsystems.services.people import LEADS_ALONE, UNIT_LEFT_WITHOUT_LEAD
from tests.support.factories import make_microsystem, make_user
from tests.support.fuzzing import page_form
from tests.support.html import text_of

LEFT_WITHOUT = UNIT_LEFT_WITHOUT_LEAD.format(units="Eastfield Library")


def team_of(microsystem) -> dict:
    return dict(
        Membership.objects.filter(microsystem=microsystem).values_list("user__username", "role")
    )


def unit_form(client, microsystem) -> tuple[str, dict, dict]:
    """The unit's admin page: its URL, the form as shown, and each user id's row prefix."""
    url = reverse("admin:microsystems_microsystem_change", args=[microsystem.pk])
    shown = page_form(client.get(url)).as_shown()
    rows = {
        values[0]: name.removesuffix("-user")
        for name, values in shown.items()
        if name.startswith("memberships-")
        and name.endswith("-user")
        and values[:1] not in ([], [""])
    }
    return url, shown, rows


def test_unit_page_refuses_to_delete_the_last_lead(client_for, users, microsystem):
    client = client_for("admin")
    url, posted, rows = unit_form(client, microsystem)
    posted[f"{rows[str(users['lead'].pk)]}-DELETE"] = ["on"]
    response = client.post(url, posted)
    assert response.status_code == 200
    assert LEFT_WITHOUT in text_of(response.content.decode())
    assert team_of(microsystem) == {"lead": "lead", "member": "member"}


def test_unit_page_refuses_to_demote_the_last_lead(client_for, users, microsystem):
    client = client_for("admin")
    url, posted, rows = unit_form(client, microsystem)
    posted[f"{rows[str(users['lead'].pk)]}-role"] = ["member"]
    response = client.post(url, posted)
    assert response.status_code == 200
    assert LEFT_WITHOUT in text_of(response.content.decode())
    assert team_of(microsystem) == {"lead": "lead", "member": "member"}


def test_unit_page_hands_over_in_one_save(client_for, users, microsystem):
    """The old lead taken off and a newcomer added as lead, in one save."""
    newcomer = make_user("newcomer")
    client = client_for("admin")
    url, posted, rows = unit_form(client, microsystem)
    posted[f"{rows[str(users['lead'].pk)]}-DELETE"] = ["on"]
    posted["memberships-2-user"] = [str(newcomer.pk)]
    posted["memberships-2-role"] = ["lead"]
    response = client.post(url, posted)
    assert response.status_code == 302
    assert team_of(microsystem) == {"newcomer": "lead", "member": "member"}


def test_unit_page_still_saves_a_unit_set_up_without_a_lead(client_for, users, organisation):
    """The rule keeps a lead a unit has; it does not stop work on a unit that never had one."""
    lone = make_microsystem(organisation, "Lone Unit")
    Membership.objects.create(microsystem=lone, user=users["member"], role="member")
    client = client_for("admin")
    url, posted, rows = unit_form(client, lone)
    posted[f"{rows[str(users['member'].pk)]}-DELETE"] = ["on"]
    assert client.post(url, posted).status_code == 302
    assert team_of(lone) == {}


def test_deleting_a_whole_unit_in_the_admin_works(client_for, users, microsystem):
    url = reverse("admin:microsystems_microsystem_delete", args=[microsystem.pk])
    response = client_for("admin").post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Microsystem.objects.filter(pk=microsystem.pk).exists()


def lead_membership(users, microsystem) -> Membership:
    return Membership.objects.get(microsystem=microsystem, user=users["lead"])


def test_membership_page_refuses_to_delete_the_last_lead(client_for, users, microsystem):
    client = client_for("admin")
    url = reverse(
        "admin:microsystems_membership_delete", args=[lead_membership(users, microsystem).pk]
    )
    shown = client.get(url)
    assert LEFT_WITHOUT in text_of(shown.content.decode())
    assert client.post(url, {"post": "yes"}).status_code == 200
    assert team_of(microsystem)["lead"] == "lead"


def test_membership_page_deletes_a_lead_when_another_stays(client_for, users, microsystem):
    Membership.objects.filter(user=users["member"]).update(role="lead")
    url = reverse(
        "admin:microsystems_membership_delete", args=[lead_membership(users, microsystem).pk]
    )
    assert client_for("admin").post(url, {"post": "yes"}).status_code == 302
    assert team_of(microsystem) == {"member": "lead"}


def test_membership_list_refuses_to_delete_every_lead_at_once(client_for, users, microsystem):
    Membership.objects.filter(user=users["member"]).update(role="lead")
    response = client_for("admin").post(
        reverse("admin:microsystems_membership_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [m.pk for m in Membership.objects.all()],
            "post": "yes",
        },
    )
    assert response.status_code == 200
    assert LEFT_WITHOUT in text_of(response.content.decode())
    assert team_of(microsystem) == {"lead": "lead", "member": "lead"}


def test_membership_page_refuses_to_demote_or_move_the_last_lead(
    client_for, users, microsystem, organisation
):
    other = make_microsystem(organisation, "West Library")
    membership = lead_membership(users, microsystem)
    url = reverse("admin:microsystems_membership_change", args=[membership.pk])
    client = client_for("admin")
    for change in ({"role": "member"}, {"microsystem": str(other.pk)}):
        posted = {"user": users["lead"].pk, "microsystem": microsystem.pk, "role": "lead"}
        response = client.post(url, {**posted, **change})
        assert response.status_code == 200
        assert response.context["adminform"].form.non_field_errors() == [LEFT_WITHOUT]
    assert team_of(microsystem)["lead"] == "lead"


def test_deleting_the_only_lead_person_is_refused(client_for, users, microsystem):
    client = client_for("admin")
    url = reverse("admin:auth_user_delete", args=[users["lead"].pk])
    assert LEFT_WITHOUT in text_of(client.get(url).content.decode())
    assert client.post(url, {"post": "yes"}).status_code == 200
    assert get_user_model().objects.filter(pk=users["lead"].pk).exists()


def test_deleting_a_member_person_works(client_for, users, microsystem):
    url = reverse("admin:auth_user_delete", args=[users["member"].pk])
    assert client_for("admin").post(url, {"post": "yes"}).status_code == 302
    assert team_of(microsystem) == {"lead": "lead"}


def test_deactivating_the_only_lead_in_the_admin_is_refused(client_for, users, microsystem):
    client = client_for("admin")
    url = reverse("admin:auth_user_change", args=[users["lead"].pk])
    posted = page_form(client.get(url)).as_shown()
    posted.pop("is_active", None)
    response = client.post(url, posted)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "is_active": [LEADS_ALONE.format(name="Lead", units="Eastfield Library")]
    }
    users["lead"].refresh_from_db()
    assert users["lead"].is_active


def test_deactivating_a_member_in_the_admin_works(client_for, users, microsystem):
    client = client_for("admin")
    url = reverse("admin:auth_user_change", args=[users["member"].pk])
    posted = page_form(client.get(url)).as_shown()
    posted.pop("is_active", None)
    assert client.post(url, posted).status_code == 302
    users["member"].refresh_from_db()
    assert not users["member"].is_active
