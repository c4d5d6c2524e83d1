"""An id too big for the database is an unknown choice, never a server error."""

import pytest
from django.urls import reverse

from microsystems.forms.fields import LARGEST_ID

TOO_BIG = str(LARGEST_ID + 1)


def test_activity_form_refuses_a_demand_type_id_beyond_any_id(client_for, microsystem):
    url = reverse("microsystems:activity_create", args=[microsystem.slug])
    response = client_for("lead").post(
        url, {"name": "Outreach", "contribution": "Reaches people.", "demand_types": [TOO_BIG]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["demand_types"]


@pytest.mark.parametrize("field", ["dimension", "microsystems"])
def test_measure_form_refuses_ids_beyond_any_id(field, client_for, microsystem):
    response = client_for("admin").post(
        reverse("valuation:measure_create"),
        {"name": "Visits", "code": "visits", "kind": "count", "direction": "higher",
         "rollup": "sum", "side": "benefit", "dimension": "1", field: TOO_BIG},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors[field]


def test_profile_form_refuses_a_lead_id_beyond_any_id(client_for, organisation):
    response = client_for("admin").post(
        reverse("microsystems:create"),
        {"organisation": organisation.pk, "name": "New unit", "lead": TOO_BIG},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["lead"]
