"""Admins add, rename, retire and restore value dimensions; retired ones keep their past."""

from django.urls import reverse

from valuation.models import ValueDimension
from valuation.services.dimensions import LAST_ACTIVE, NAME_TAKEN


def test_add_rename_retire_restore(client_for, users):
    client = client_for("admin")
    client.post(
        reverse("valuation:dimension_create"),
        {"name": "Resilience", "description": "Copes with shocks.", "order": 9},
    )
    dimension = ValueDimension.objects.get(name="Resilience")
    assert dimension.active and dimension.slug == "resilience"
    client.post(
        reverse("valuation:dimension_edit", args=[dimension.pk]),
        {"name": "Resilience to shocks", "description": "Copes.", "order": 9},
    )
    dimension.refresh_from_db()
    assert (dimension.name, dimension.slug) == ("Resilience to shocks", "resilience")
    retire = reverse("valuation:dimension_retire", args=[dimension.pk])
    assert "Retire Resilience to shocks?" in client.get(retire).content.decode()
    client.post(retire)
    dimension.refresh_from_db()
    assert not dimension.active
    client.post(retire)
    dimension.refresh_from_db()
    assert dimension.active


def test_a_taken_name_is_refused(client_for, users):
    response = client_for("admin").post(
        reverse("valuation:dimension_create"),
        {"name": "EQUITY", "description": "Again.", "order": 1},
    )
    assert response.context["form"].errors["name"] == [NAME_TAKEN.format(name="EQUITY")]
    assert ValueDimension.objects.filter(name__iexact="equity").count() == 1


def test_the_last_active_dimension_cannot_be_retired(client_for, users):
    last, *others = list(ValueDimension.objects.all())
    ValueDimension.objects.exclude(pk=last.pk).update(active=False)
    response = client_for("admin").post(reverse("valuation:dimension_retire", args=[last.pk]))
    assert response.status_code == 400
    assert LAST_ACTIVE.format(name=last.name) in response.content.decode()
    last.refresh_from_db()
    assert last.active


def test_retired_dimension_keeps_its_past_judgements_and_weights(
    client_for, users, assessment, stakeholder
):
    """A judgement and a weight on a dimension, then the dimension is retired: both
    stay stored, the list still counts them, and the engine keeps it in scope."""
    import pandas as pd

    from valuation.models import DimensionWeight, Judgement, StakeholderWeight
    from valuation.scoring.dimensions import dimensions_in_scope

    equity = ValueDimension.objects.get(slug="equity")
    weight = StakeholderWeight.objects.create(
        assessment=assessment, stakeholder=stakeholder, method="points", answers={}
    )
    DimensionWeight.objects.create(stakeholder_weight=weight, dimension=equity, weight=0.4)
    Judgement.objects.create(
        assessment=assessment, stakeholder=stakeholder, dimension=equity, score=7, rationale="Fair."
    )
    client = client_for("admin")
    client.post(reverse("valuation:dimension_retire", args=[equity.pk]))
    equity.refresh_from_db()
    assert not equity.active
    assert DimensionWeight.objects.filter(dimension=equity).count() == 1
    assert Judgement.objects.filter(dimension=equity).count() == 1
    listed = {d.name: d for d in client.get(reverse("valuation:dimensions")).context["dimensions"]}
    assert (listed["Equity"].weight_count, listed["Equity"].judgement_count) == (1, 1)

    rows = pd.DataFrame.from_records(
        ValueDimension.objects.values_list("id", "name", "order", "active"),
        columns=["dimension_id", "name", "order", "active"],
    )
    in_scope = dimensions_in_scope(rows, pd.DataFrame({"dimension_id": [equity.pk]}))
    assert equity.pk in set(in_scope["dimension_id"])
    assert equity.pk not in set(dimensions_in_scope(rows)["dimension_id"])
