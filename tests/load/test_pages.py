"""The load test reads and posts our forms as a browser does (tests/load/pages.py).

Against the real pages, with CSRF checks on: what the simulated users post
back is what the app accepts, so `make load` measures saves, not refusals.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microsystems.models import DemandObservation
from microsystems.periods import period_start_for
from tests.load.pages import (
    FormNotFound,
    grid_cell_key,
    grid_cells,
    judged_dimensions,
    post_form,
    shown_judgement,
)
from valuation.models import Judgement, ValueDimension

PASSWORD = "pw-for-tests-only"  # tests/support/factories.py make_user


@pytest.fixture
def browser(users):
    """A client that checks CSRF tokens, signed in through the sign-in form as the lead."""
    client = Client(enforce_csrf_checks=True)
    fields = post_form(client.get(reverse("login")).content.decode(), with_field_prefix="username")
    fields.update(username="lead", password=PASSWORD, next="/")
    response = client.post(reverse("login"), fields)
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_the_demand_grid_posted_back_with_one_cell_changed_saves_that_cell(
    browser, microsystem, demand_type
):
    this_month = period_start_for(timezone.localdate(), "month")
    DemandObservation.objects.create(demand_type=demand_type, period_start=this_month, volume=40)
    path = reverse("microsystems:demand_grid", kwargs={"slug": microsystem.slug})
    fields = post_form(browser.get(path).content.decode(), with_field_prefix="was_")
    cells = grid_cells(fields)
    assert len(cells) == 12 and "csrfmiddlewaretoken" in fields
    last = cells[-1]
    assert grid_cell_key(last) == (demand_type.pk, this_month.isoformat())
    assert fields[last] == fields[f"was_{last}"] == "40"

    fields[last] = "1000001"
    response = browser.post(path, fields)

    assert response.status_code == 302
    assert DemandObservation.objects.get(demand_type=demand_type).volume == 1000001


def test_the_judgement_form_posted_back_saves_the_new_judgements(
    browser, microsystem, assessment, stakeholder
):
    effectiveness = ValueDimension.objects.get(slug="effectiveness")
    Judgement.objects.create(
        assessment=assessment,
        stakeholder=stakeholder,
        dimension=effectiveness,
        score=6,
        rationale='Said "fine" & <meant> it.',
    )
    path = reverse(
        "valuation:judgements_edit",
        kwargs={
            "slug": microsystem.slug,
            "assessment_id": assessment.pk,
            "stakeholder_id": stakeholder.pk,
        },
    )
    fields = post_form(browser.get(path).content.decode(), with_field_prefix="score_")
    dimensions = judged_dimensions(fields)
    assert set(dimensions) == {
        str(pk) for pk in ValueDimension.objects.filter(active=True).values_list("pk", flat=True)
    }
    assert shown_judgement(fields, str(effectiveness.pk)) == (6, 'Said "fine" & <meant> it.')
    assert "edit_fingerprint" in fields

    for dimension in dimensions:
        fields[f"score_{dimension}"] = "3"
        fields[f"rationale_{dimension}"] = f"Load save 1 about {dimension}."
    response = browser.post(path, fields)

    assert response.status_code == 302
    stored = Judgement.objects.filter(assessment=assessment, activity__isnull=True)
    assert {(j.dimension_id, j.score, j.rationale) for j in stored} == {
        (int(dimension), 3, f"Load save 1 about {dimension}.") for dimension in dimensions
    }


def test_fields_are_read_as_a_browser_sends_them():
    page = """
    <form method="get"><input name="q" value="search"></form>
    <form action="/x/" method="POST">
      <input type="hidden" name="token" value="a&amp;b">
      <input name="plain" value='single'>
      <input type="checkbox" name="ticked" checked>
      <input type="checkbox" name="unticked" value="1">
      <input type="radio" name="choice" value="a">
      <input type="radio" name="choice" value="b" checked>
      <textarea name="why">
First line &lt;kept&gt;</textarea>
      <select name="kind"><option value="x">X</option><option value="y" selected>Y</option></select>
      <select name="first"><option value="1">One</option><option value="2">Two</option></select>
      <button type="submit" name="go">Save</button><input type="submit" name="also" value="Go">
    </form>"""
    assert post_form(page, with_field_prefix="tok") == {
        "token": "a&b",
        "plain": "single",
        "ticked": "on",
        "choice": "b",
        "why": "First line <kept>",
        "kind": "y",
        "first": "1",
    }
    with pytest.raises(FormNotFound):
        post_form(page, with_field_prefix="q")
