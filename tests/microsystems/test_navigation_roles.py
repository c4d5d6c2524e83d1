"""The navigation bar's role on a unit's page comes from the query that loaded the
unit (microsystems/permissions.py), and says the same as asking on its own."""

import pytest
from django.urls import reverse

from microsystems.models import Membership
from microsystems.permissions import user_is_manager
from tests.support.factories import make_user

MANAGER_LINK = "To review"


def unit_page(client, user, microsystem):
    client.force_login(user)
    response = client.get(reverse("microsystems:staff", args=[microsystem.slug]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_team_member_who_manages_another_organisation_sees_the_manager_links(
    client, microsystem, other_organisation
):
    member = make_user("member-and-manager-elsewhere")
    Membership.objects.create(user=member, microsystem=microsystem, role=Membership.Role.MEMBER)
    other_organisation.managers.add(member)
    page = unit_page(client, member, microsystem)
    assert MANAGER_LINK in page
    assert ">Manager</span>" in page


@pytest.mark.django_db
def test_a_team_member_who_manages_nothing_sees_the_team_links(client, microsystem):
    member = make_user("member-only")
    Membership.objects.create(user=member, microsystem=microsystem, role=Membership.Role.MEMBER)
    page = unit_page(client, member, microsystem)
    assert MANAGER_LINK not in page
    assert ">Team</span>" in page
    assert "My microsystems" in page


@pytest.mark.django_db
def test_the_flag_the_unit_query_left_agrees_with_asking_the_database(
    rf, microsystem, organisation
):
    from microsystems.permissions import get_microsystem_for_user

    for manages in (False, True):
        user = make_user(f"user-{manages}")
        Membership.objects.create(user=user, microsystem=microsystem, role=Membership.Role.LEAD)
        if manages:
            organisation.managers.add(user)
        get_microsystem_for_user(user, microsystem.slug)
        assert user.manages_an_organisation is manages
        assert user_is_manager(user) is manages
        fresh = type(user).objects.get(pk=user.pk)  # no flag: asks the database
        assert user_is_manager(fresh) is manages
