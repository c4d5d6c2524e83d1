"""Judgements of activities have their own version on the assessment, and the judgements
page caches its costly part (those judgements, tens of thousands under load) under it:
a save of dimension judgements rereads only those, a change to a judgement of an
activity, whichever way it is written, shows on the next view.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from valuation.models import Assessment, Judgement, ValueDimension
from valuation.services.judgements import (
    JudgementInput,
    activity_judgements_replace,
    dimension_judgements_replace,
)


def versions(assessment: Assessment) -> tuple[int, int]:
    """(inputs_version, activity_judgements_version) as stored."""
    return Assessment.objects.values_list("inputs_version", "activity_judgements_version").get(
        pk=assessment.pk
    )


@pytest.fixture
def dimension(db) -> ValueDimension:
    return ValueDimension.objects.active().first()


@pytest.fixture
def url(microsystem, assessment) -> str:
    return reverse("valuation:judgements", args=[microsystem.slug, assessment.pk])


def judge_activity(assessment, stakeholder, dimension, activity, rationale: str, score=4):
    activity_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[
            JudgementInput(dimension=dimension, score=score, rationale=rationale, activity=activity)
        ],
    )


def judge_dimension(assessment, stakeholder, dimension, rationale: str) -> None:
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(dimension=dimension, score=7, rationale=rationale)],
    )


def judgement_reads(queries: list[dict]) -> list[str]:
    """The SELECTs of judgements among `queries`."""
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith("SELECT")
        and 'FROM "valuation_judgement"' in query["sql"]
    ]


def test_activity_judgements_replaced_bump_both_versions(
    assessment, stakeholder, dimension, activity
):
    inputs, activities = versions(assessment)
    judge_activity(assessment, stakeholder, dimension, activity, "Helps.")
    after = versions(assessment)
    assert after[0] > inputs and after[1] > activities


def test_dimension_judgements_replaced_bump_inputs_only(assessment, stakeholder, dimension):
    inputs, activities = versions(assessment)
    judge_dimension(assessment, stakeholder, dimension, "Fair.")
    after = versions(assessment)
    assert after[0] > inputs
    assert after[1] == activities


def test_an_activity_judgement_saved_or_deleted_through_the_orm_bumps_its_version(
    assessment, stakeholder, dimension, activity
):
    before = versions(assessment)[1]
    row = Judgement.objects.create(
        assessment=assessment,
        stakeholder=stakeholder,
        dimension=dimension,
        activity=activity,
        score=3,
        rationale="Created.",
    )
    created = versions(assessment)[1]
    assert created > before
    row.score = 5
    row.save()
    saved = versions(assessment)[1]
    assert saved > created
    row.delete()
    deleted = versions(assessment)[1]
    assert deleted > saved
    Judgement.objects.create(
        assessment=assessment,
        stakeholder=stakeholder,
        dimension=dimension,
        activity=activity,
        score=3,
        rationale="Again.",
    )
    again = versions(assessment)[1]
    Judgement.objects.filter(assessment=assessment).delete()
    assert versions(assessment)[1] > again


def test_a_dimension_judgement_through_the_orm_leaves_the_activity_version(
    assessment, stakeholder, dimension
):
    inputs, activities = versions(assessment)
    row = Judgement.objects.create(
        assessment=assessment, stakeholder=stakeholder, dimension=dimension, score=3, rationale="."
    )
    row.delete()
    after = versions(assessment)
    assert after[0] > inputs
    assert after[1] == activities


def test_an_activity_judgement_changed_shows_on_the_next_view(
    client_for, url, assessment, stakeholder, dimension, activity
):
    client = client_for("lead")
    judge_activity(assessment, stakeholder, dimension, activity, "Cuts the queue.")
    assert "Cuts the queue." in client.get(url).content.decode()
    judge_activity(assessment, stakeholder, dimension, activity, "Adds a step.", score=2)
    page = client.get(url).content.decode()
    assert "Adds a step." in page and "Cuts the queue." not in page
    assert f"{dimension.name} 2" in page
    Judgement.objects.filter(assessment=assessment, activity__isnull=False).delete()
    page = client.get(url).content.decode()
    assert "Adds a step." not in page
    assert "0 activities judged" in page


def test_a_dimension_judgement_save_does_not_reread_the_activity_judgements(
    client_for, url, assessment, stakeholder, dimension, activity
):
    client = client_for("lead")
    judge_activity(assessment, stakeholder, dimension, activity, "Cuts the queue.")
    with CaptureQueriesContext(connection) as first:
        first_page = client.get(url).content.decode()
    # The first view reads every judgement, of activities too, in one query.
    (read,) = judgement_reads(first.captured_queries)
    assert "IS NULL" not in read
    judge_dimension(assessment, stakeholder, dimension, "Fair enough.")
    with CaptureQueriesContext(connection) as second:
        second_page = client.get(url).content.decode()
    # After the dimension save: only the dimension judgements are read again...
    (read,) = judgement_reads(second.captured_queries)
    assert '"activity_id" IS NULL' in read
    # ... and the page has both the new dimension judgement and the cached activity part.
    assert "Fair enough." in second_page and "Fair enough." not in first_page
    assert "Cuts the queue." in second_page
    assert "1 activity judged" in second_page


def test_the_page_is_the_same_with_the_activity_part_cached_or_not(
    client_for, url, assessment, stakeholder, dimension, activity
):
    """The page built from the cached part of activities is the page built from scratch."""
    client = client_for("lead")
    judge_activity(assessment, stakeholder, dimension, activity, "Cuts <the> queue.")
    client.get(url)  # caches the part of activities
    judge_dimension(assessment, stakeholder, dimension, "Fair & square.")
    from_part = client.get(url).context["page"]
    cache.clear()
    from_scratch = client.get(url).context["page"]
    assert "Cuts &lt;the&gt; queue." in from_part.reasons_html
    assert "Fair &amp; square." in from_part.reasons_html
    assert from_part == from_scratch
