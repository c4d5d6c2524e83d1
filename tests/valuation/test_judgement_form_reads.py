"""The dimension judgement form's reads: the dimensions and the stakeholder's judgements
in one prepared query, and addresses naming no possible row turned away unasked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stakeholders.models import Stakeholder
from valuation.models import Judgement, ValueDimension
from valuation.selectors.judgements import dimensions_and_judgements
from valuation.selectors.weights import active_dimensions
from valuation.services.judgements import (
    JudgementInput,
    activity_judgements_replace,
    dimension_judgements_replace,
)

TOO_LARGE = 2**63  # one more than any id a row can have


def test_the_dimensions_and_judgements_as_read_apart(
    assessment, stakeholder, microsystem, activity
):
    active = active_dimensions()
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[
            JudgementInput(active[0], 3, "Queues."),
            JudgementInput(active[4], 0, "None at all."),
        ],
    )
    activity_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(active[1], 7, "Helps.", activity)],
    )
    others = Stakeholder.objects.create(microsystem=microsystem, name="Funders")
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=others,
        judgements=[JudgementInput(active[2], 9, "Theirs.")],
    )
    ValueDimension.objects.filter(pk=active[4].pk).update(active=False)

    dimensions, stored = dimensions_and_judgements(assessment, stakeholder)
    assert dimensions == active_dimensions() == active[:4]
    assert [dimension.description for dimension in dimensions] == [
        dimension.description for dimension in active[:4]
    ]
    read_apart = {
        dimension_id: (score, rationale)
        for dimension_id, score, rationale in Judgement.objects.filter(
            assessment=assessment, stakeholder=stakeholder, activity__isnull=True
        ).values_list("dimension_id", "score", "rationale")
    }
    assert stored == read_apart == {active[0].pk: (3, "Queues."), active[4].pk: (0, "None at all.")}


def form_url(assessment, stakeholder_id: int, assessment_id: int | None = None) -> str:
    return reverse(
        "valuation:judgements_edit",
        kwargs={
            "slug": assessment.microsystem.slug,
            "assessment_id": assessment.pk if assessment_id is None else assessment_id,
            "stakeholder_id": stakeholder_id,
        },
    )


def queries_of(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries.captured_queries)


@pytest.mark.parametrize("where", ["stakeholder", "assessment"])
def test_an_id_no_row_can_have_is_not_found_without_asking(
    client_for, assessment, stakeholder, where
):
    client = client_for("lead")
    assert client.get(form_url(assessment, stakeholder.pk)).status_code == 200
    unknown = 10**9
    if where == "stakeholder":
        known_missing, too_large = form_url(assessment, unknown), form_url(assessment, TOO_LARGE)
    else:
        known_missing = form_url(assessment, stakeholder.pk, assessment_id=unknown)
        too_large = form_url(assessment, stakeholder.pk, assessment_id=TOO_LARGE)
    status, asked = queries_of(client, known_missing)
    assert status == 404
    assert queries_of(client, too_large) == (404, asked - 1)
