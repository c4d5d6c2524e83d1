"""The assessment pages pass the static accessibility checks with data and with errors shown.

tests/test_accessibility.py checks every page in the small fixture world; here
the same checks run on the states it does not reach: tables full of rows,
checklists, a review form, a voices form, and forms re-shown with errors.
"""

import datetime as dt

import pytest
from django.urls import reverse

from stakeholders.models import Stakeholder
from tests.support.accessibility import accessibility_problems
from valuation.models import Assessment


@pytest.fixture
def world(microsystem, assessment, stakeholder, users):
    Stakeholder.objects.create(microsystem=microsystem, name="Funders", kind="funders")
    submitted = Assessment.objects.create(
        microsystem=microsystem,
        period_label="2026 Q1",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 3, 31),
        status="submitted",
        submitted_by=users["lead"],
        submitted_at=dt.datetime(2026, 4, 2, 9, tzinfo=dt.UTC),
        reviewed_by=users["manager"],
        reviewed_at=dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC),
        review_comment="Add the funders.",
    )
    return {"draft": assessment, "submitted": submitted}


def address(name: str, assessment: Assessment) -> str:
    return reverse(f"valuation:{name}", args=[assessment.microsystem.slug, assessment.pk])


def check(response) -> None:
    assert response.status_code == 200
    assert accessibility_problems(response.content.decode()) == []


@pytest.mark.parametrize(
    "persona, name, which",
    [
        ("lead", "assessments", None),
        ("manager", "assessments", None),
        ("lead", "assessment_submit", "draft"),
        ("lead", "assessment_submit", "submitted"),
        ("manager", "assessment_review", "submitted"),
        ("manager", "assessment_review", "draft"),
        ("lead", "voices", "draft"),
        ("manager", "review_queue", None),
        ("lead", "review_queue", None),
    ],
)
def test_pages_with_data(client_for, world, microsystem, persona, name, which):
    if name == "review_queue":
        url = reverse("valuation:review_queue")
    elif which is None:
        url = reverse(f"valuation:{name}", args=[microsystem.slug])
    else:
        url = address(name, world[which])
    check(client_for(persona).get(url))


def test_forms_shown_again_with_errors(client_for, world, microsystem, stakeholder):
    lead = client_for("lead")
    check(
        lead.post(
            reverse("valuation:assessment_create", args=[microsystem.slug]),
            {"period_label": "", "start_date": "nonsense", "end_date": "", "judgement_share": "2"},
        )
    )
    check(lead.post(address("voices", world["draft"]), {f"weight_{stakeholder.pk}": "-3"}))
    manager = client_for("manager")
    check(manager.post(address("assessment_review", world["submitted"]), {"decision": "return"}))
