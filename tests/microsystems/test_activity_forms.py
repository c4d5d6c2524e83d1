"""Adding and editing an activity with its staff time: good input saved, bad input refused.

Each bad input must come back with its message next to the field that caused it,
and nothing (activity, effort or demand link) may be saved.
"""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from microsystems.forms.activities import CONTRIBUTION_REQUIRED, OTHER_COSTS_NEGATIVE
from microsystems.models import Activity, ActivityDemand, ActivityEffort, DemandType, StaffRole
from microsystems.services.activities import (
    DEMAND_TYPE_NOT_HERE,
    DUPLICATE_ACTIVITY_NAME,
    HOURS_NEGATIVE,
    ROLE_LISTED_TWICE,
    STAFF_ROLE_NOT_HERE,
    EffortInput,
    activity_create,
)
from tests.support.factories import make_microsystem
from tests.support.fingerprints import fingerprint_on


def form_data(
    *,
    name: str = "Storytime",
    demand_types=(),
    other_costs: str = "0",
    classification: str = "adds_value",
    contribution: str = "Gets young children reading before school.",
    efforts=(),
) -> dict:
    """POST data for the activity form; `efforts` are dicts of one formset row each."""
    data = {
        "name": name,
        "description": "",
        "demand_types": [str(pk) for pk in demand_types],
        "other_costs": other_costs,
        "classification": classification,
        "contribution": contribution,
        "efforts-TOTAL_FORMS": str(len(efforts)),
        "efforts-INITIAL_FORMS": str(sum(1 for row in efforts if row.get("id"))),
        "efforts-MIN_NUM_FORMS": "0",
        "efforts-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(efforts):
        for key, value in row.items():
            data[f"efforts-{index}-{key}"] = "" if value is None else str(value)
    return data


def create_url(microsystem) -> str:
    return reverse("microsystems:activity_create", kwargs={"slug": microsystem.slug})


def edit_url(activity) -> str:
    return reverse(
        "microsystems:activity_edit",
        kwargs={"slug": activity.microsystem.slug, "activity_id": activity.pk},
    )


def assert_error_next_to(response, field_id: str, message: str) -> None:
    """The message is rendered in the invalid-feedback block of that very field."""
    assert response.status_code == 200
    html = response.content.decode()
    block = re.search(rf'<div id="{re.escape(field_id)}_error"[^>]*>(.*?)</div>', html, re.S)
    assert block, f"no error block for {field_id}"
    assert escape(message) in block.group(1)


@pytest.fixture
def counts():
    """Rows of each table, to show that a refused POST saved nothing."""

    def count() -> tuple[int, int, int]:
        return (
            Activity.objects.count(),
            ActivityEffort.objects.count(),
            ActivityDemand.objects.count(),
        )

    return count


@pytest.fixture
def other_microsystem(other_organisation):
    return make_microsystem(other_organisation, "Southgate Clinic")


# --- good input -----------------------------------------------------------------------


def test_create_saves_activity_efforts_and_demand_links(
    microsystem, demand_type, staff_role, client_for
):
    response = client_for("lead").post(
        create_url(microsystem),
        form_data(
            name="  Storytime  ",
            demand_types=[demand_type.pk],
            other_costs="25.50",
            efforts=[
                {"staff_role": staff_role.pk, "hours_per_period": "6.5"},
                {"staff_role": "", "hours_per_period": ""},  # an untouched extra row
            ],
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("microsystems:activities", kwargs={"slug": microsystem.slug})
    storytime = Activity.objects.get(microsystem=microsystem, name="Storytime")
    assert storytime.other_costs == Decimal("25.50")
    assert list(storytime.demand_types.all()) == [demand_type]
    assert list(storytime.efforts.values_list("staff_role_id", "hours_per_period")) == [
        (staff_role.pk, Decimal("6.50"))
    ]


def test_update_replaces_efforts_and_demand_links(
    microsystem, activity, staff_role, demand_type, client_for
):
    librarian = StaffRole.objects.create(
        microsystem=microsystem, title="Branch librarian", fte=1, hours_per_fte=140, hourly_cost=30
    )
    events = DemandType.objects.create(microsystem=microsystem, name="Event enquiries")
    effort = activity.efforts.get()
    client = client_for("lead")
    opened = fingerprint_on(client, edit_url(activity))
    response = client.post(
        edit_url(activity),
        form_data(
            name="Lending and returns",  # its own name is not a duplicate
            demand_types=[events.pk],
            efforts=[
                # The existing row, marked for deletion, and a new row for another role.
                {
                    "id": effort.pk,
                    "staff_role": staff_role.pk,
                    "hours_per_period": "80",
                    "DELETE": "on",
                },
                {"staff_role": librarian.pk, "hours_per_period": "12"},
            ],
        )
        | opened,
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert list(activity.demand_types.all()) == [events]
    assert list(activity.efforts.values_list("staff_role_id", "hours_per_period")) == [
        (librarian.pk, Decimal("12.00"))
    ]


def test_unnecessary_activity_needs_no_contribution(microsystem, client_for):
    response = client_for("lead").post(
        create_url(microsystem),
        form_data(name="Print weekly report", classification="unnecessary", contribution=""),
    )
    assert response.status_code == 302
    assert Activity.objects.get(name="Print weekly report").contribution == ""


def test_edit_form_shows_existing_effort_and_roles_with_their_cost(activity, client_for):
    response = client_for("lead").get(edit_url(activity))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="80.00"' in html
    assert "Library assistant (£18.50 an hour)" in html
    assert "Hours per month" in html


# --- bad input ------------------------------------------------------------------------


def test_negative_hours_are_refused(microsystem, staff_role, users, client_for, counts):
    before = counts()
    response = client_for("lead").post(
        create_url(microsystem),
        form_data(efforts=[{"staff_role": staff_role.pk, "hours_per_period": "-3"}]),
    )
    assert_error_next_to(response, "id_efforts-0-hours_per_period", HOURS_NEGATIVE)
    assert counts() == before


def test_negative_other_costs_are_refused(microsystem, users, client_for, counts):
    before = counts()
    response = client_for("lead").post(create_url(microsystem), form_data(other_costs="-0.01"))
    assert_error_next_to(response, "id_other_costs", OTHER_COSTS_NEGATIVE)
    assert counts() == before


def test_another_microsystems_staff_role_is_refused(
    microsystem, other_microsystem, users, client_for, counts
):
    stranger = StaffRole.objects.create(
        microsystem=other_microsystem, title="Nurse", fte=1, hours_per_fte=100, hourly_cost=40
    )
    before = counts()
    response = client_for("lead").post(
        create_url(microsystem),
        form_data(efforts=[{"staff_role": stranger.pk, "hours_per_period": "4"}]),
    )
    assert_error_next_to(response, "id_efforts-0-staff_role", STAFF_ROLE_NOT_HERE)
    assert STAFF_ROLE_NOT_HERE == "Choose one of this microsystem's staff roles."
    assert counts() == before


def test_another_microsystems_demand_type_is_refused(
    microsystem, demand_type, other_microsystem, users, client_for, counts
):
    stranger = DemandType.objects.create(microsystem=other_microsystem, name="Referrals")
    before = counts()
    # A tampered POST: one of this microsystem's types and one of another's.
    response = client_for("lead").post(
        create_url(microsystem), form_data(demand_types=[demand_type.pk, stranger.pk])
    )
    assert_error_next_to(response, "id_demand_types", DEMAND_TYPE_NOT_HERE)
    assert counts() == before


@pytest.mark.parametrize("classification", ["adds_value", "necessary"])
def test_missing_contribution_is_refused_unless_unnecessary(
    classification, microsystem, users, client_for, counts
):
    before = counts()
    response = client_for("lead").post(
        create_url(microsystem), form_data(classification=classification, contribution="   ")
    )
    assert_error_next_to(response, "id_contribution", CONTRIBUTION_REQUIRED)
    assert counts() == before


def test_duplicate_name_is_refused_whatever_its_case(microsystem, activity, client_for, counts):
    before = counts()
    response = client_for("lead").post(
        create_url(microsystem), form_data(name="LENDING AND RETURNS")
    )
    assert_error_next_to(
        response, "id_name", DUPLICATE_ACTIVITY_NAME.format(name="LENDING AND RETURNS")
    )
    assert counts() == before


def test_same_name_in_another_microsystem_is_fine(
    microsystem, activity, other_microsystem, users, client_for
):
    Activity.objects.filter(pk=activity.pk).update(microsystem=other_microsystem)
    response = client_for("lead").post(
        create_url(microsystem), form_data(name="Lending and returns")
    )
    assert response.status_code == 302


def test_same_role_twice_is_refused_on_the_second_row(
    microsystem, staff_role, users, client_for, counts
):
    before = counts()
    response = client_for("lead").post(
        create_url(microsystem),
        form_data(
            efforts=[
                {"staff_role": staff_role.pk, "hours_per_period": "5"},
                {"staff_role": staff_role.pk, "hours_per_period": "7"},
            ]
        ),
    )
    assert_error_next_to(
        response, "id_efforts-1-staff_role", ROLE_LISTED_TWICE.format(role="Library assistant")
    )
    assert "id_efforts-0-staff_role_error" not in response.content.decode()
    assert counts() == before


def test_bad_effort_row_keeps_the_activity_unsaved_on_edit(activity, staff_role, client_for):
    effort = activity.efforts.get()
    response = client_for("lead").post(
        edit_url(activity),
        form_data(
            name="Lending, returns and renewals",
            efforts=[{"id": effort.pk, "staff_role": staff_role.pk, "hours_per_period": "-1"}],
        ),
    )
    assert_error_next_to(response, "id_efforts-0-hours_per_period", HOURS_NEGATIVE)
    activity.refresh_from_db()
    assert activity.name == "Lending and returns"
    assert activity.efforts.get().hours_per_period == Decimal("80.00")


def test_empty_post_shows_errors_and_saves_nothing(microsystem, users, client_for, counts):
    before = counts()
    response = client_for("lead").post(create_url(microsystem), {})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert counts() == before


# --- the service checks the same rules without the form -------------------------------


def test_service_refuses_another_microsystems_role_and_saves_nothing(
    microsystem, other_microsystem, counts
):
    stranger = StaffRole.objects.create(
        microsystem=other_microsystem, title="Nurse", fte=1, hours_per_fte=100, hourly_cost=40
    )
    before = counts()
    with pytest.raises(ValidationError) as refused:
        activity_create(
            microsystem=microsystem,
            data={"name": "Triage", "classification": "adds_value", "contribution": "Safety."},
            demand_types=[],
            efforts=[EffortInput(staff_role=stranger, hours_per_period=Decimal("3"))],
        )
    assert refused.value.message_dict == {"efforts": [STAFF_ROLE_NOT_HERE]}
    assert counts() == before
