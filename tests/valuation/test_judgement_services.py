"""Saving judgements: replaced per stakeholder in one go, refused with nothing saved."""

import pytest
from django.core.exceptions import ValidationError

from microsystems.models import Activity
from stakeholders.models import Stakeholder
from tests.support.factories import make_microsystem
from valuation.models import JUDGEMENT_SCORE_RANGE, Assessment, Judgement, ValueDimension
from valuation.services.judgements import (
    ACTIVITY_NOT_HERE,
    RATIONALE_REQUIRED,
    JudgementInput,
    activity_judgements_replace,
    dimension_judgements_replace,
)
from valuation.services.weights import DIMENSION_RETIRED, STAKEHOLDER_NOT_HERE


@pytest.fixture
def dimensions(db) -> dict[str, ValueDimension]:
    return {d.slug: d for d in ValueDimension.objects.active()}


def on_dimensions(assessment, stakeholder) -> dict[str, tuple[int, str]]:
    return {
        j.dimension.slug: (j.score, j.rationale)
        for j in Judgement.objects.filter(
            assessment=assessment, stakeholder=stakeholder, activity__isnull=True
        ).select_related("dimension")
    }


def test_dimension_judgements_are_saved_with_who_recorded_them(
    assessment, stakeholder, dimensions, users
):
    saved = dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[
            JudgementInput(dimensions["equity"], 8, "  Open to all, free.  "),
            JudgementInput(dimensions["efficiency"], 0, "Queues every morning."),
        ],
        recorded_by=users["lead"],
    )
    assert len(saved) == 2
    assert on_dimensions(assessment, stakeholder) == {
        "equity": (8, "Open to all, free."),
        "efficiency": (0, "Queues every morning."),
    }
    assert set(Judgement.objects.values_list("recorded_by", flat=True)) == {users["lead"].pk}


def test_saving_again_replaces_the_stakeholders_dimension_judgements_only(
    assessment, stakeholder, dimensions, activity, microsystem
):
    other = Stakeholder.objects.create(microsystem=microsystem, name="Council finance")
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=other,
        judgements=[JudgementInput(dimensions["equity"], 3, "Costly to open late.")],
    )
    activity_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(dimensions["equity"], 9, "Free books.", activity)],
    )
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[
            JudgementInput(dimensions["equity"], 8, "Open to all."),
            JudgementInput(dimensions["probity"], 7, "Honest."),
        ],
    )
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(dimensions["probity"], 6, "Mostly honest.")],
    )
    assert on_dimensions(assessment, stakeholder) == {"probity": (6, "Mostly honest.")}
    # The other stakeholder's and the activity judgements are untouched.
    assert on_dimensions(assessment, other) == {"equity": (3, "Costly to open late.")}
    assert Judgement.objects.filter(activity=activity).count() == 1


def test_a_judgement_of_a_dimension_before_it_was_retired_is_kept(
    assessment, stakeholder, dimensions
):
    retired = ValueDimension.objects.create(name="Openness", slug="openness", description="Old.")
    Judgement.objects.create(
        assessment=assessment, stakeholder=stakeholder, dimension=retired, score=4, rationale="Old."
    )
    ValueDimension.objects.filter(pk=retired.pk).update(active=False)
    dimension_judgements_replace(assessment=assessment, stakeholder=stakeholder, judgements=[])
    assert on_dimensions(assessment, stakeholder) == {"openness": (4, "Old.")}


@pytest.mark.parametrize(
    "score, rationale, message",
    [
        (11, "Too high.", f"Equity: {JUDGEMENT_SCORE_RANGE}"),
        (-1, "Too low.", f"Equity: {JUDGEMENT_SCORE_RANGE}"),
        ("7", "A string.", f"Equity: {JUDGEMENT_SCORE_RANGE}"),
        (7.5, "Not whole.", f"Equity: {JUDGEMENT_SCORE_RANGE}"),
        (7, "   ", f"Equity: {RATIONALE_REQUIRED}"),
        (7, "", f"Equity: {RATIONALE_REQUIRED}"),
    ],
)
def test_bad_scores_and_missing_rationales_are_refused_and_nothing_changes(
    assessment, stakeholder, dimensions, score, rationale, message
):
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(dimensions["probity"], 7, "Honest.")],
    )
    with pytest.raises(ValidationError) as refused:
        dimension_judgements_replace(
            assessment=assessment,
            stakeholder=stakeholder,
            judgements=[
                JudgementInput(dimensions["efficiency"], 5, "Fine."),
                JudgementInput(dimensions["equity"], score, rationale),
            ],
        )
    assert refused.value.messages == [message]
    assert on_dimensions(assessment, stakeholder) == {"probity": (7, "Honest.")}


def test_a_dimension_judged_twice_is_refused(assessment, stakeholder, dimensions):
    with pytest.raises(ValidationError, match="Equity is judged twice"):
        dimension_judgements_replace(
            assessment=assessment,
            stakeholder=stakeholder,
            judgements=[
                JudgementInput(dimensions["equity"], 5, "One."),
                JudgementInput(dimensions["equity"], 6, "Two."),
            ],
        )
    assert not Judgement.objects.exists()


def test_a_retired_dimension_is_refused(assessment, stakeholder):
    retired = ValueDimension.objects.create(
        name="Openness", slug="openness", description="Old.", active=False
    )
    with pytest.raises(ValidationError) as refused:
        dimension_judgements_replace(
            assessment=assessment,
            stakeholder=stakeholder,
            judgements=[JudgementInput(retired, 5, "Why not.")],
        )
    assert refused.value.messages == [DIMENSION_RETIRED.format(dimension="Openness")]
    assert not Judgement.objects.exists()


def test_another_microsystems_stakeholder_or_activity_is_refused(
    assessment, stakeholder, dimensions, organisation
):
    elsewhere = make_microsystem(organisation, "Westfield Library")
    their_group = Stakeholder.objects.create(microsystem=elsewhere, name="Westfield readers")
    their_activity = Activity.objects.create(
        microsystem=elsewhere, name="Mobile library", contribution="Reaches villages."
    )
    with pytest.raises(ValidationError) as refused:
        dimension_judgements_replace(
            assessment=assessment,
            stakeholder=their_group,
            judgements=[JudgementInput(dimensions["equity"], 5, "Fine.")],
        )
    assert refused.value.messages == [STAKEHOLDER_NOT_HERE.format(stakeholder="Westfield readers")]
    with pytest.raises(ValidationError) as refused:
        activity_judgements_replace(
            assessment=assessment,
            stakeholder=stakeholder,
            judgements=[JudgementInput(dimensions["equity"], 5, "Fine.", their_activity)],
        )
    assert refused.value.messages == [ACTIVITY_NOT_HERE.format(activity="Mobile library")]
    assert not Judgement.objects.exists()


def test_the_two_kinds_are_not_mixed(assessment, stakeholder, dimensions, activity):
    with pytest.raises(ValidationError, match="not about one activity"):
        dimension_judgements_replace(
            assessment=assessment,
            stakeholder=stakeholder,
            judgements=[JudgementInput(dimensions["equity"], 5, "Fine.", activity)],
        )
    with pytest.raises(ValidationError, match="needs the activity"):
        activity_judgements_replace(
            assessment=assessment,
            stakeholder=stakeholder,
            judgements=[JudgementInput(dimensions["equity"], 5, "Fine.")],
        )
    assert not Judgement.objects.exists()


@pytest.mark.parametrize("status", [Assessment.Status.SUBMITTED, Assessment.Status.APPROVED])
def test_an_assessment_that_is_not_a_draft_is_refused(
    assessment, stakeholder, dimensions, activity, status
):
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    for replace, activity_or_none in [
        (dimension_judgements_replace, None),
        (activity_judgements_replace, activity),
    ]:
        with pytest.raises(ValidationError, match="can no longer be changed"):
            replace(
                assessment=assessment,
                stakeholder=stakeholder,
                judgements=[JudgementInput(dimensions["equity"], 5, "Fine.", activity_or_none)],
            )
    assert not Judgement.objects.exists()


def test_activity_judgements_replace_the_stakeholders_grid(
    assessment, stakeholder, dimensions, activity, microsystem
):
    second = Activity.objects.create(
        microsystem=microsystem, name="Rhyme time", preventive=True, contribution="Early reading."
    )
    activity_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[
            JudgementInput(dimensions["equity"], 9, "Free books.", activity),
            JudgementInput(dimensions["efficiency"], 4, "Free books.", activity),
            JudgementInput(dimensions["effectiveness"], 9, "Stops gaps later.", second),
        ],
    )
    activity_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(dimensions["effectiveness"], 8, "Stops gaps later.", second)],
    )
    rows = list(
        Judgement.objects.filter(activity__isnull=False).values_list(
            "activity__name", "dimension__slug", "score", "rationale"
        )
    )
    assert rows == [("Rhyme time", "effectiveness", 8, "Stops gaps later.")]
