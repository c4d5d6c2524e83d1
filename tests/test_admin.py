"""Every model registered in the Django admin lists, searches, filters and adds."""

import pytest
from django.contrib import admin
from django.urls import reverse

from microsystems.models import DemandObservation
from tests.support.fuzzing import page_form
from valuation.models import Assessment, Measurement

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in {"microsystems", "stakeholders", "valuation"}
)

READ_ONLY = {("valuation", "assessmentrecord")}


def test_every_project_model_is_registered():
    from django.apps import apps

    project_models = {
        (model._meta.app_label, model._meta.model_name)
        for model in apps.get_models()
        if model._meta.app_label in {"microsystems", "stakeholders", "valuation"}
    }
    # Edited as inlines on the activity page, not on pages of their own.
    inline_only = {("microsystems", "activitydemand"), ("microsystems", "activityeffort")}
    # Change history (the historical models, the upload and step logs) is written by the
    # app as things change and read on the History pages; no one edits it by hand.
    history = {
        (app_label, name)
        for app_label, name in project_models
        if name.startswith("historical")
        or (app_label, name)
        in {("microsystems", "perioddataevent"), ("valuation", "assessmenttransition")}
    }
    # The report cache's version counter: bumped by every save, edited by nobody.
    internal = {("microsystems", "configurationversion")}
    assert project_models - inline_only - history - internal == set(REGISTERED)


def test_activity_change_page_shows_effort_and_demand_inlines(client_for, activity):
    response = client_for("admin").get(
        reverse("admin:microsystems_activity_change", args=[activity.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "efforts-0-hours_per_period" in body and "Library assistant" in body


@pytest.mark.parametrize("app_label, model_name", REGISTERED)
def test_changelist_search_and_add_pages_work(client_for, app_label, model_name, activity):
    client = client_for("admin")
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "library"}).status_code == 200
    add = client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code
    # An approved assessment's record is read only, even to admins.
    assert add == (403 if (app_label, model_name) in READ_ONLY else 200)


OUTSIDE_WINDOW = (
    "9999-12-01 is outside the years this service records; use a date from 1900-01-01 "
    "to 2199-12-31."
)


def test_admin_refuses_a_demand_period_outside_the_window(client_for, demand_type):
    response = client_for("admin").post(
        reverse("admin:microsystems_demandobservation_add"),
        {"demand_type": demand_type.pk, "period_start": "9999-12-01", "volume": "3"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"period_start": [OUTSIDE_WINDOW]}
    assert not DemandObservation.objects.exists()


def test_admin_refuses_a_measurement_period_outside_the_window(client_for, microsystem, measure):
    response = client_for("admin").post(
        reverse("admin:valuation_measurement_add"),
        {
            "microsystem": microsystem.pk,
            "measure": measure.pk,
            "period_start": "9999-12-01",
            "value": "3",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"period_start": [OUTSIDE_WINDOW]}
    assert not Measurement.objects.exists()


def test_admin_refuses_assessment_dates_outside_the_window(client_for, microsystem):
    response = client_for("admin").post(
        reverse("admin:valuation_assessment_add"),
        {
            "microsystem": microsystem.pk,
            "period_label": "Far",
            "start_date": "2026-01-01",
            "end_date": "9999-12-01",
            "status": "draft",
            "judgement_share": "0.5",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"end_date": [OUTSIDE_WINDOW]}
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "posted_id", ["9223372036854775808", "-9223372036854775809", "9" * 30, "abc", "1.5"]
)
def test_admin_refuses_an_id_no_row_can_have(client_for, microsystem, posted_id):
    """An unknown choice on the field (the house ModelChoiceField), not an overflow; the
    autocomplete field shown again does not look the id up (core/admin.py)."""
    response = client_for("admin").post(
        reverse("admin:microsystems_staffrole_add"),
        {
            "microsystem": posted_id,
            "title": "Clerk",
            "fte": "1",
            "hours_per_fte": "140",
            "hourly_cost": "20",
        },
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["microsystem"]


def test_admin_autocomplete_many_field_refuses_an_id_no_row_can_have(client_for, idea):
    client = client_for("admin")
    url = reverse("admin:valuation_improvementidea_change", args=[idea.pk])
    posted = page_form(client.get(url)).as_shown()
    posted["activities"] = ["9" * 30, "abc"]
    response = client.post(url, posted)
    assert response.status_code == 200
    assert "activities" in response.context["adminform"].form.errors
