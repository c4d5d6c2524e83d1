"""An id too big for the database is an unknown choice, never a server error."""

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
