import pytest
from django.urls import reverse

from microsystems.models import Membership, Organisation
from tests.support.factories import make_microsystem, make_user


def test_lead_sees_their_microsystems_with_role(client_for, microsystem):
    body = client_for("lead").get(reverse("microsystems:home")).content.decode()
    assert "Your microsystems" in body
    assert "Eastfield Library" in body and "Team leader" in body
    assert "New microsystem" not in body


def test_manager_sees_their_organisations_and_can_create(client_for, organisation, microsystem):
    make_microsystem(organisation, "Housing Repairs")
    body = client_for("manager").get(reverse("microsystems:home")).content.decode()
    assert "Microsystems in your organisations" in body
    assert "Housing Repairs" in body and "Eastfield Library" in body
    assert "New microsystem" in body


def test_other_manager_does_not_see_another_organisations_units(client_for, microsystem):
    body = client_for("other_manager").get(reverse("microsystems:home")).content.decode()
    assert "Eastfield Library" not in body
    assert "Create your first microsystem" in body


def test_new_user_is_told_what_to_do_first(client_for, microsystem):
    body = client_for("outsider").get(reverse("microsystems:home")).content.decode()
    assert "You are not a member of any microsystem yet" in body


def test_archived_microsystems_are_listed_apart(client_for, microsystem):
    from django.utils import timezone

    microsystem.archived_at = timezone.now()
    microsystem.save()
    response = client_for("lead").get(reverse("microsystems:home"))
    assert response.context["active_microsystems"] == []
    assert response.context["archived_microsystems"] == [microsystem]


# 300 units per persona take seconds: the lead's page stays in the fast suite; the
# manager's and the admin's, the same view and query path, run in `make test-slow`.
@pytest.mark.parametrize(
    "persona",
    [
        "lead",
        pytest.param("manager", marks=pytest.mark.slow),
        pytest.param("admin", marks=pytest.mark.slow),
    ],
)
def test_home_query_count_does_not_grow_with_microsystems(
    client_for, users, persona, django_assert_num_queries
):
    client = client_for(persona)
    client.get(reverse("microsystems:home"))  # warm the session

    def add_microsystems(count: int) -> None:
        organisation = Organisation.objects.create(
            name=f"Org {Organisation.objects.count()}", slug=f"org-{Organisation.objects.count()}"
        )
        organisation.managers.add(users["manager"])
        for number in range(count):
            unit = make_microsystem(organisation, f"Unit {organisation.pk}-{number}")
            Membership.objects.create(user=users["lead"], microsystem=unit, role="lead")
            Membership.objects.create(
                user=make_user(f"m{organisation.pk}-{number}"), microsystem=unit, role="member"
            )

    add_microsystems(3)
    with django_assert_num_queries(QUERIES[persona]) as small:
        client.get(reverse("microsystems:home"))
    add_microsystems(300)
    with django_assert_num_queries(QUERIES[persona]) as large:
        response = client.get(reverse("microsystems:home"))
    assert len(small) == len(large)
    assert len(response.context["active_microsystems"]) >= 303


# session + user + microsystems + "may create?" + navigation role + what waits for the
# person (the review queue, the lead's reviewed assessments: valuation.waiting)
QUERIES = {"lead": 7, "manager": 7, "admin": 7}
