"""The Django admin refuses 'sNaN' (and the like) in every decimal field with "Enter a
number.", on the field, never a server error: its forms use the house DecimalField
(core/admin.py, core/fields.py)."""

import datetime as dt

import pytest
from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import _get_foreign_key
from django.test import RequestFactory
from django.urls import reverse

from core import fields as house_fields
from microsystems.models import Activity
from tests.support.fuzzing import page_form, server_errors
from valuation.models import (
    DimensionWeight,
    ImprovementBenefit,
    Measurement,
    MeasureTarget,
    StakeholderWeight,
    ValueDimension,
    VoiceWeight,
)

PROJECT_APPS = {"microsystems", "stakeholders", "valuation"}


def decimal_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.DecimalField)]


def admin_decimal_fields() -> list[tuple[str, str, str]]:
    """(model label of the page, posted field name, inline model label or "") for every
    decimal field on every admin change page of the project, inlines included."""
    cases = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        cases += [(model._meta.label, name, "") for name in decimal_fields(model)]
        for inline in model_admin.inlines:
            prefix = _get_foreign_key(model, inline.model, fk_name=inline.fk_name)
            prefix = prefix.remote_field.get_accessor_name(model=inline.model).replace("+", "")
            cases += [
                (model._meta.label, f"{prefix}-0-{name}", inline.model._meta.label)
                for name in decimal_fields(inline.model)
            ]
    return sorted(cases)


CASES = admin_decimal_fields()


@pytest.fixture
def one_row_of_each(microsystem, activity, assessment, measure, idea, stakeholder):
    """A saved row of every model with a decimal field, each decimal field filled (an
    inline row's saved value is what a posted 'sNaN' is compared with)."""
    Activity.objects.filter(pk=activity.pk).update(other_costs=120)
    dimension = ValueDimension.objects.first()
    weights = StakeholderWeight.objects.create(
        assessment=assessment, stakeholder=stakeholder, method="pairwise", consistency_ratio="0.05"
    )
    DimensionWeight.objects.create(stakeholder_weight=weights, dimension=dimension, weight="0.5")
    VoiceWeight.objects.create(assessment=assessment, stakeholder=stakeholder, weight=1)
    Measurement.objects.create(
        microsystem=microsystem, measure=measure, period_start=dt.date(2025, 1, 1), value=70
    )
    MeasureTarget.objects.create(
        measure=measure, microsystem=microsystem, baseline=50, target=80, reason="Local norm"
    )
    ImprovementBenefit.objects.create(idea=idea, dimension=dimension, points=5)


def test_every_decimal_field_of_the_admin_is_covered():
    """A model's decimal field added to the admin later is in CASES without anyone listing it."""
    pages = {label for label, _, _ in CASES}
    assert {"microsystems.StaffRole", "valuation.ImprovementIdea", "microsystems.Activity"} <= pages
    assert (
        "microsystems.Activity",
        "efforts-0-hours_per_period",
        "microsystems.ActivityEffort",
    ) in (CASES)


@pytest.mark.parametrize("page_model, posted_name, inline_model", CASES)
def test_admin_refuses_snan_with_a_message(
    client_for, users, one_row_of_each, page_model, posted_name, inline_model
):
    from django.apps import apps

    model = apps.get_model(page_model)
    row = model.objects.order_by("pk").first()
    assert row is not None, f"no {page_model} row to change"
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row.pk])
    client = client_for("admin")
    posted = page_form(client.get(url)).as_shown()
    assert posted_name in posted, f"{posted_name} is not on the page"
    changed = apps.get_model(inline_model) if inline_model else model
    field = posted_name.rsplit("-", 1)[-1]
    before = list(changed.objects.order_by("pk").values_list(field, flat=True))
    posted[posted_name] = ["sNaN"]
    with server_errors() as caught:
        response = client.post(url, posted)
    assert caught == [] and response.status_code == 200
    assert "Enter a number." in response.content.decode()
    assert list(changed.objects.order_by("pk").values_list(field, flat=True)) == before


def test_every_admin_form_uses_the_house_decimal_field(users):
    """Also the forms of pages not opened above (add pages, the user admin)."""
    request = RequestFactory().get("/admin/")
    request.user = users["admin"]
    offending = []
    for model, model_admin in admin.site._registry.items():
        form_classes = [model_admin.get_form(request)]
        form_classes += [
            inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)
        ]
        for form_class in form_classes:
            offending += [
                f"{model._meta.label}: {name}"
                for name, field in form_class.base_fields.items()
                if isinstance(field, forms.DecimalField)
                and not isinstance(field, house_fields.DecimalField)
            ]
    assert offending == []
