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


# session + user + microsystems + whether the user manages an organisation (navigation,
# "may create?" and "may review?" for all but an admin) + what waits for the person
# (valuation.waiting: the review queue for a manager or an admin, the lead's reviewed
# assessments); an admin's "may create?" asks whether any organisation exists.
QUERIES = {"lead": 5, "manager": 6, "admin": 7}


@pytest.mark.parametrize(
    "persona", ["outsider", "member", "lead", "other_manager", "manager", "admin"]
)
def test_home_units_are_read_as_their_queryset_reads_them(users, microsystem, persona):
    """The prepared query of the home page gives what visible_microsystems() gives."""
    from django.utils import timezone

    from microsystems.permissions import access_for, visible_microsystems
    from microsystems.selectors.profile import HOME_ORDER, home_microsystems
    from tests.support.instances import state

    archived = make_microsystem(microsystem.organisation, "Old Library")
    archived.archived_at = timezone.now()
    archived.save()
    Membership.objects.create(user=users["member"], microsystem=archived, role="member")
    user = users[persona]
    expected = list(visible_microsystems(user).order_by(*HOME_ORDER))
    for unit in expected:
        unit.access = access_for(user, unit)
    found = home_microsystems(user)
    assert [state(unit) for unit in found] == [state(unit) for unit in expected]
    assert found == expected


def test_the_review_queue_is_shown_to_a_manager_and_not_asked_for_a_lead(
    client_for, users, microsystem, monkeypatch
):
    import valuation.waiting

    asked = []
    monkeypatch.setattr(
        valuation.waiting, "review_queue", lambda user: asked.append(user.username) or []
    )
    client_for("lead").get(reverse("microsystems:home"))
    assert asked == []
    client_for("manager").get(reverse("microsystems:home"))
    client_for("admin").get(reverse("microsystems:home"))
    assert asked == ["manager", "admin"]
