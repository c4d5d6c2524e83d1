"""An id too big for the database is an unknown choice, never a server error."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.fields import LARGEST_ID

TOO_BIG = str(LARGEST_ID + 1)
# Also beyond any id, or not a number int() reads: with a sign, past the 4,300 digits
# int() converts, a superscript (a digit to isdigit(), not to int()).
ODD_IDS = ["-9" + TOO_BIG, "+" + TOO_BIG, "9" * 5000, "²", "-1"]


@pytest.mark.parametrize("posted", [TOO_BIG, *ODD_IDS])
def test_activity_form_refuses_a_demand_type_id_beyond_any_id(client_for, microsystem, posted):
    url = reverse("microsystems:activity_create", args=[microsystem.slug])
    response = client_for("lead").post(
        url, {"name": "Outreach", "contribution": "Reaches people.", "demand_types": [posted]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["demand_types"]


@pytest.mark.parametrize("posted", [TOO_BIG, *ODD_IDS])
@pytest.mark.parametrize("field", ["dimension", "microsystems"])
def test_measure_form_refuses_ids_beyond_any_id(field, client_for, microsystem, posted):
    response = client_for("admin").post(
        reverse("valuation:measure_create"),
        {"name": "Visits", "code": "visits", "kind": "count", "direction": "higher",
         "rollup": "sum", "side": "benefit", "dimension": "1", field: posted},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors[field]


@pytest.mark.parametrize("posted", [TOO_BIG, *ODD_IDS])
def test_profile_form_refuses_a_lead_id_beyond_any_id(client_for, organisation, posted):
    response = client_for("admin").post(
        reverse("microsystems:create"),
        {"organisation": organisation.pk, "name": "New unit", "lead": posted},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["lead"]


# ------------------------------------------------------- numbers that are not finite

NOT_FINITE = ["NaN", "sNaN", "-NaN", "inf", "-Infinity", "+Infinity"]


@pytest.mark.parametrize("posted", NOT_FINITE)
def test_a_decimal_field_refuses_a_value_that_is_not_a_finite_number(posted):
    from django.core.exceptions import ValidationError

    from core.fields import DecimalField

    field = DecimalField(max_digits=8, decimal_places=2)
    with pytest.raises(ValidationError) as refused:
        field.clean(posted)
    assert refused.value.messages == ["Enter a number."]
    # Comparing 'sNaN' with a stored number raised InvalidOperation: now it is a change.
    assert field.has_changed(Decimal("80.00"), posted)


@pytest.mark.parametrize("posted", NOT_FINITE)
def test_activity_effort_hours_that_are_not_a_number_are_refused_not_a_server_error(
    client_for, microsystem, activity, posted
):
    """Found by tests/fuzz: 'sNaN' in an effort row's hours was a server error
    (the formset compares each row with the stored one before validating it)."""
    from core.concurrency import FINGERPRINT_FIELD
    from microsystems.models import ActivityEffort
    from tests.support.fuzzing import page_form

    client = client_for("lead")
    client.raise_request_exception = False
    url = reverse("microsystems:activity_edit", args=[microsystem.slug, activity.pk])
    shown = page_form(client.get(url)).as_shown()
    assert FINGERPRINT_FIELD in shown
    hours = [name for name in shown if name.endswith("-0-hours_per_period")]
    assert hours, "the page shows the effort row"
    response = client.post(url, {**shown, hours[0]: posted})
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
    assert list(ActivityEffort.objects.values_list("hours_per_period", flat=True)) == [80]


@pytest.mark.parametrize("posted", ["sNaN", "-Infinity"])
@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("microsystems:staff_role_edit", "hourly_cost"),
        ("microsystems:demand_type_edit", "handling_minutes"),
        ("microsystems:activity_edit", "other_costs"),
        ("valuation:assessment_edit", "judgement_share"),
    ],
)
def test_edit_forms_refuse_numbers_that_are_not_finite(
    client_for, url_kwargs, url_name, field, posted
):
    from tests.support.fuzzing import page_form
    from tests.support.url_access import build_url

    client = client_for("lead")
    client.raise_request_exception = False
    url = build_url(url_name, url_kwargs)
    response = client.post(url, {**page_form(client.get(url)).as_shown(), field: posted})
    assert response.status_code == 200
    assert response.context["form"].errors[field]


@pytest.mark.parametrize("total", ["101", "2147483648"])
def test_an_activity_form_claiming_thousands_of_effort_rows_is_refused_at_once(
    client_for, microsystem, staff_role, total
):
    """Found by tests/fuzz: a posted efforts-TOTAL_FORMS of 2147483648 made the page
    build 2,000 rows (17 s of CPU, a 3 MB page); now at most MAX_EFFORT_ROWS, refused."""
    import time

    from microsystems.forms.activities import MAX_EFFORT_ROWS, TOO_MANY_EFFORT_ROWS
    from microsystems.models import Activity
    from tests.support.fuzzing import page_form

    client = client_for("lead")
    url = reverse("microsystems:activity_create", args=[microsystem.slug])
    shown = page_form(client.get(url)).as_shown()
    posted = {
        **shown,
        "name": "Outreach",
        "contribution": "Reaches people.",
        "classification": "adds_value",
        "efforts-TOTAL_FORMS": total,
    }
    started = time.process_time()
    response = client.post(url, posted)
    assert time.process_time() - started < 3
    assert response.status_code == 200
    assert TOO_MANY_EFFORT_ROWS % {"num": MAX_EFFORT_ROWS} in response.content.decode()
    assert response.content.decode().count('name="efforts-') < 6 * (MAX_EFFORT_ROWS + 1)
    assert not Activity.objects.exists()
