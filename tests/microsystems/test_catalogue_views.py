"""Demand types and staff roles: add, edit, refuse bad input, refuse deletes in use."""

import pytest
from django.urls import reverse

from microsystems.forms.catalogue import DUPLICATE_IN_MICROSYSTEM
from microsystems.models import DemandObservation, DemandType, StaffRole
from microsystems.services.catalogue import DEMAND_TYPE_IN_USE, STAFF_ROLE_IN_USE
from tests.support.fingerprints import fingerprint_on

DEMAND_TYPE = {
    "name": "Chasing calls",
    "description": "",
    "source": "service_users",
    "nature": "failure",
    "unit": "calls",
    "handling_minutes": "6",
}
STAFF_ROLE = {
    "title": "Librarian",
    "fte": "1.5",
    "hours_per_fte": "140",
    "hourly_cost": "24.00",
    "skills": "",
    "new_uses": "",
}


def url(name, microsystem, *args):
    return reverse(f"microsystems:{name}", args=[microsystem.slug, *args])


def test_lead_adds_a_demand_type(client_for, microsystem):
    response = client_for("lead").post(url("demand_type_create", microsystem), DEMAND_TYPE)
    assert response.status_code == 302
    created = DemandType.objects.get(name="Chasing calls")
    assert created.microsystem == microsystem and created.nature == "failure"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("handling_minutes", "-5", "Enter zero or more."),
        (
            "name",
            "book LOANS",
            DUPLICATE_IN_MICROSYSTEM.format(what="a demand type", value="book LOANS"),
        ),
        ("nature", "bogus", "Select a valid choice."),
    ],
)
def test_bad_demand_type_input_is_refused_next_to_the_field(
    client_for, microsystem, demand_type, field, value, message
):
    response = client_for("lead").post(
        url("demand_type_create", microsystem), {**DEMAND_TYPE, field: value}
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert DemandType.objects.count() == 1


def test_renaming_a_demand_type_to_its_own_name_is_fine(client_for, microsystem, demand_type):
    client = client_for("lead")
    edit = url("demand_type_edit", microsystem, demand_type.pk)
    opened = fingerprint_on(client, edit)
    response = client.post(edit, {**DEMAND_TYPE, "name": "Book loans", "nature": "value", **opened})
    assert response.status_code == 302
    demand_type.refresh_from_db()
    assert demand_type.unit == "calls"


def test_demand_type_of_another_microsystem_is_404(client_for, organisation, demand_type):
    from tests.support.factories import make_microsystem

    other = make_microsystem(organisation, "Housing Repairs")
    response = client_for("admin").get(url("demand_type_edit", other, demand_type.pk))
    assert response.status_code == 404


def test_deleting_a_demand_type_in_use_is_refused_naming_the_activities(
    client_for, microsystem, demand_type, activity
):
    response = client_for("lead").post(
        url("demand_type_delete", microsystem, demand_type.pk), follow=True
    )
    assert DemandType.objects.filter(pk=demand_type.pk).exists()
    expected = DEMAND_TYPE_IN_USE.format(name="Book loans", activities="Lending and returns")
    assert expected in [str(m) for m in response.context["messages"]]


def test_deleting_an_unused_demand_type_asks_first_and_takes_its_observations(
    client_for, microsystem, demand_type
):
    import datetime as dt

    DemandObservation.objects.create(
        demand_type=demand_type, period_start=dt.date(2026, 1, 1), volume=5
    )
    client = client_for("lead")
    confirm = client.get(url("demand_type_delete", microsystem, demand_type.pk))
    assert "This also deletes its 1 recorded period of demand" in confirm.content.decode()
    assert DemandType.objects.filter(pk=demand_type.pk).exists()
    client.post(url("demand_type_delete", microsystem, demand_type.pk))
    assert not DemandType.objects.filter(pk=demand_type.pk).exists()
    assert not DemandObservation.objects.exists()


def test_lead_adds_a_staff_role_and_sees_capacity(client_for, microsystem):
    client = client_for("lead")
    assert client.post(url("staff_role_create", microsystem), STAFF_ROLE).status_code == 302
    body = client.get(url("staff", microsystem)).content.decode()
    # 1.5 FTE x 140 hours = 210 hours; x £24 = £5,040 a month
    assert "210 staff hours from 1.5 FTE" in body
    assert "£5,040" in body


@pytest.mark.parametrize("field", ["fte", "hours_per_fte", "hourly_cost"])
def test_negative_staff_numbers_are_refused(client_for, microsystem, field):
    response = client_for("lead").post(
        url("staff_role_create", microsystem), {**STAFF_ROLE, field: "-1"}
    )
    assert response.context["form"].errors[field] == ["Enter zero or more."]
    assert not StaffRole.objects.exists()


def test_deleting_a_staff_role_in_use_is_refused(client_for, microsystem, staff_role, activity):
    response = client_for("lead").post(
        url("staff_role_delete", microsystem, staff_role.pk), follow=True
    )
    assert StaffRole.objects.filter(pk=staff_role.pk).exists()
    expected = STAFF_ROLE_IN_USE.format(name="Library assistant", activities="Lending and returns")
    assert expected in [str(m) for m in response.context["messages"]]


def test_member_cannot_add_and_sees_no_edit_buttons(client_for, microsystem, staff_role):
    client = client_for("member")
    assert client.post(url("staff_role_create", microsystem), STAFF_ROLE).status_code == 403
    assert StaffRole.objects.count() == 1
    body = client.get(url("staff", microsystem)).content.decode()
    assert "Library assistant" in body and "Add staff role" not in body


def test_empty_states_say_what_to_do(client_for, microsystem):
    client = client_for("lead")
    assert "No demand types yet" in client.get(url("demand_types", microsystem)).content.decode()
    assert "No staff roles yet" in client.get(url("staff", microsystem)).content.decode()
