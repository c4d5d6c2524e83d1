"""Admins create and rename organisations and choose their managers."""

from django.urls import reverse

from microsystems.models import Organisation
from microsystems.services.organisations import NAME_TAKEN


def test_admin_creates_and_renames_an_organisation(client_for, users):
    client = client_for("admin")
    response = client.post(reverse("microsystems:organisation_create"), {"name": "Westmoor PCT"})
    assert response.status_code == 302
    created = Organisation.objects.get(name="Westmoor PCT")
    assert created.slug == "westmoor-pct"
    client.post(
        reverse("microsystems:organisation_edit", args=[created.slug]),
        {"name": "Westmoor Health"},
    )
    created.refresh_from_db()
    assert (created.name, created.slug) == ("Westmoor Health", "westmoor-pct")


def test_a_taken_name_is_refused(client_for, users, organisation):
    response = client_for("admin").post(
        reverse("microsystems:organisation_create"), {"name": "northbridge council"}
    )
    assert response.context["form"].errors["name"] == [
        NAME_TAKEN.format(name="northbridge council")
    ]
    assert Organisation.objects.count() == 2


def test_admin_adds_and_removes_a_manager(client_for, users, organisation):
    client = client_for("admin")
    url = reverse("microsystems:organisation_managers", args=[organisation.slug])
    client.post(url, {"user": users["lead"].pk})
    assert set(organisation.managers.values_list("username", flat=True)) == {"manager", "lead"}
    remove = reverse(
        "microsystems:organisation_manager_remove", args=[organisation.slug, users["manager"].pk]
    )
    assert client.post(remove).status_code == 302
    assert list(organisation.managers.values_list("username", flat=True)) == ["lead"]


def test_managers_see_only_their_organisations(client_for, users):
    response = client_for("manager").get(reverse("microsystems:organisations"))
    assert [o.name for o in response.context["organisations"]] == ["Northbridge Council"]
    assert "Southgate Trust" not in response.content.decode()


def test_manager_cannot_add_managers(client_for, users, organisation):
    url = reverse("microsystems:organisation_managers", args=[organisation.slug])
    assert client_for("manager").post(url, {"user": users["lead"].pk}).status_code == 403
    assert not organisation.managers.filter(username="lead").exists()


def test_adding_no_manager_is_refused_with_the_error_summary(client_for, users, organisation):
    response = client_for("admin").post(
        reverse("microsystems:organisation_managers", args=[organisation.slug]), {"user": ""}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in body
    assert response.context["form"].errors["user"] == ["This field is required."]
    assert "This field is required." in body
    assert list(organisation.managers.values_list("username", flat=True)) == ["manager"]


def test_an_empty_post_to_the_managers_page_is_refused(client_for, users, organisation):
    """An empty post once read as no post at all: the page again, with no message."""
    response = client_for("admin").post(
        reverse("microsystems:organisation_managers", args=[organisation.slug]), {}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["user"] == ["This field is required."]
    assert 'id="error-summary"' in response.content.decode()
