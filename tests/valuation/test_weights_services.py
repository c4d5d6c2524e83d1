"""Saving dimension weights: stored normalised, replaced whole, refused with nothing saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from stakeholders.models import Stakeholder
from tests.support.factories import make_microsystem
from valuation.analysis.weights import pairs
from valuation.models import (
    NOT_DRAFT_MESSAGE,
    Assessment,
    DimensionWeight,
    StakeholderWeight,
    ValueDimension,
)
from valuation.reports.weights import consistency_warning
from valuation.services.weights import (
    DIMENSION_RETIRED,
    STAKEHOLDER_NOT_HERE,
    weights_set_by_pairwise,
    weights_set_by_points,
)


@pytest.fixture
def dimensions(db) -> dict[str, ValueDimension]:
    return {d.slug: d for d in ValueDimension.objects.active()}


def points_for(dimensions, **points) -> dict:
    return {dimensions[slug]: points.get(slug, 0) for slug in dimensions}


def stored(assessment, stakeholder) -> dict[str, Decimal]:
    return {
        row.dimension.slug: row.weight
        for row in DimensionWeight.objects.filter(
            stakeholder_weight__assessment=assessment,
            stakeholder_weight__stakeholder=stakeholder,
        ).select_related("dimension")
    }


def test_points_are_stored_as_weights_with_the_answers(assessment, stakeholder, dimensions, users):
    points = points_for(dimensions, efficiency=40, effectiveness=30, equity=20, probity=10)
    saved = weights_set_by_points(
        assessment=assessment, stakeholder=stakeholder, points=points, recorded_by=users["lead"]
    )
    header = StakeholderWeight.objects.get(assessment=assessment, stakeholder=stakeholder)
    assert saved.stakeholder_weight == header
    assert header.method == StakeholderWeight.Method.POINTS
    assert header.answers == {str(d.pk): value for d, value in points.items()}
    assert header.consistency_ratio is None
    assert header.recorded_by == users["lead"]
    assert stored(assessment, stakeholder) == {
        "efficiency": Decimal("0.400000"),
        "effectiveness": Decimal("0.300000"),
        "accountability": Decimal("0.000000"),
        "equity": Decimal("0.200000"),
        "probity": Decimal("0.100000"),
    }


def test_thirds_are_stored_to_six_places_adding_up_to_exactly_one(
    assessment, stakeholder, dimensions
):
    # 33 + 33 + 34 points: no rounding needed; a pairwise thirds case is below.
    weights_set_by_points(
        assessment=assessment,
        stakeholder=stakeholder,
        points=points_for(dimensions, efficiency=33, equity=33, probity=34),
    )
    assert sum(stored(assessment, stakeholder).values()) == Decimal(1)

    equal = [(a, b, 1) for a, b in pairs(list(ValueDimension.objects.active()))]
    weights_set_by_pairwise(assessment=assessment, stakeholder=stakeholder, answers=equal)
    values = stored(assessment, stakeholder)
    # Five equal weights of 0.2 each.
    assert set(values.values()) == {Decimal("0.200000")}
    assert sum(values.values()) == Decimal(1)


def test_pairwise_answers_are_stored_with_the_consistency_ratio_and_a_warning(
    assessment, stakeholder, dimensions
):
    active = list(ValueDimension.objects.active())
    # Consistent with 16 : 8 : 4 : 2 : 1 except efficiency against probity, flipped.
    answers = []
    for first, second in pairs(active):
        ratio = 2 ** (active.index(second) - active.index(first))
        answers.append((first, second, ratio if ratio <= 9 else 9))
    answers[3] = (answers[3][0], answers[3][1], "1/9")  # efficiency vs probity
    saved = weights_set_by_pairwise(assessment=assessment, stakeholder=stakeholder, answers=answers)
    header = StakeholderWeight.objects.get(assessment=assessment, stakeholder=stakeholder)
    assert header.method == StakeholderWeight.Method.PAIRWISE
    assert header.answers[3] == [dimensions["efficiency"].pk, dimensions["probity"].pk, 1 / 9]
    assert header.consistency_ratio == Decimal(str(round(saved.consistency_ratio, 4)))
    assert saved.consistency_ratio > 0.10
    warning = consistency_warning(saved.pairwise, stakeholder="Library users")
    assert "For Library users, the comparison of Efficiency with Probity" in warning
    values = stored(assessment, stakeholder)
    assert sum(values.values()) == Decimal(1)
    for slug, value in values.items():
        assert float(value) == pytest.approx(saved.weights[dimensions[slug]], abs=2e-6)


def test_saving_again_replaces_every_row(assessment, stakeholder, dimensions):
    weights_set_by_points(
        assessment=assessment, stakeholder=stakeholder, points=points_for(dimensions, equity=100)
    )
    active = list(ValueDimension.objects.active())
    weights_set_by_pairwise(
        assessment=assessment,
        stakeholder=stakeholder,
        answers=[(a, b, 1) for a, b in pairs(active)],
    )
    assert StakeholderWeight.objects.filter(assessment=assessment).count() == 1
    assert DimensionWeight.objects.count() == 5
    assert StakeholderWeight.objects.get().method == StakeholderWeight.Method.PAIRWISE


def keep_first_save(assessment, stakeholder, dimensions):
    weights_set_by_points(
        assessment=assessment, stakeholder=stakeholder, points=points_for(dimensions, equity=100)
    )
    return stored(assessment, stakeholder)


def assert_unchanged(assessment, stakeholder, before):
    assert stored(assessment, stakeholder) == before
    assert StakeholderWeight.objects.get(stakeholder=stakeholder).method == "points"


def test_points_not_adding_up_to_100_change_nothing(assessment, stakeholder, dimensions):
    before = keep_first_save(assessment, stakeholder, dimensions)
    with pytest.raises(ValidationError, match="The points add up to 90, not 100"):
        weights_set_by_points(
            assessment=assessment,
            stakeholder=stakeholder,
            points=points_for(dimensions, efficiency=50, equity=40),
        )
    assert_unchanged(assessment, stakeholder, before)


def test_every_active_dimension_needs_its_points(assessment, stakeholder, dimensions):
    points = points_for(dimensions, efficiency=100)
    del points[dimensions["probity"]]
    with pytest.raises(ValidationError, match="Probity has none"):
        weights_set_by_points(assessment=assessment, stakeholder=stakeholder, points=points)
    assert not StakeholderWeight.objects.exists()


def test_a_retired_dimension_is_refused(assessment, stakeholder, dimensions):
    retired = ValueDimension.objects.create(
        name="Openness", slug="openness", description="Old.", active=False
    )
    with pytest.raises(ValidationError) as refused:
        weights_set_by_points(
            assessment=assessment,
            stakeholder=stakeholder,
            points={**points_for(dimensions, efficiency=90), retired: 10},
        )
    assert refused.value.messages == [DIMENSION_RETIRED.format(dimension="Openness")]
    active = list(ValueDimension.objects.active())
    with pytest.raises(ValidationError, match="Openness is retired"):
        weights_set_by_pairwise(
            assessment=assessment,
            stakeholder=stakeholder,
            answers=[(a, b, 1) for a, b in pairs(active)] + [(active[0], retired, 3)],
        )
    assert not StakeholderWeight.objects.exists()


def test_a_stakeholder_of_another_microsystem_is_refused(assessment, dimensions, organisation):
    elsewhere = make_microsystem(organisation, "Westfield Library")
    outsider = Stakeholder.objects.create(microsystem=elsewhere, name="Westfield readers")
    with pytest.raises(ValidationError) as refused:
        weights_set_by_points(
            assessment=assessment,
            stakeholder=outsider,
            points=points_for(dimensions, equity=100),
        )
    assert refused.value.messages == [STAKEHOLDER_NOT_HERE.format(stakeholder="Westfield readers")]
    assert not StakeholderWeight.objects.exists()


@pytest.mark.parametrize("status", [Assessment.Status.SUBMITTED, Assessment.Status.APPROVED])
def test_an_assessment_that_is_not_a_draft_is_refused(assessment, stakeholder, dimensions, status):
    before = keep_first_save(assessment, stakeholder, dimensions)
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    with pytest.raises(ValidationError) as refused:
        weights_set_by_points(
            assessment=assessment,
            stakeholder=stakeholder,
            points=points_for(dimensions, efficiency=100),
        )
    assert refused.value.messages == [NOT_DRAFT_MESSAGE.format(status=status.label.lower())]
    active = list(ValueDimension.objects.active())
    with pytest.raises(ValidationError, match="can no longer be changed"):
        weights_set_by_pairwise(
            assessment=assessment,
            stakeholder=stakeholder,
            answers=[(a, b, 1) for a, b in pairs(active)],
        )
    assert_unchanged(assessment, stakeholder, before)


@pytest.mark.parametrize(
    "bad_answer, message",
    [(12, "not on the scale"), ("1/10", "not on the scale"), (0, "not on the scale")],
)
def test_pairwise_answers_off_the_scale_are_refused(
    assessment, stakeholder, dimensions, bad_answer, message
):
    active = list(ValueDimension.objects.active())
    answers = [(a, b, 1) for a, b in pairs(active)]
    answers[0] = (answers[0][0], answers[0][1], bad_answer)
    with pytest.raises(ValidationError, match=message):
        weights_set_by_pairwise(assessment=assessment, stakeholder=stakeholder, answers=answers)
    with pytest.raises(ValidationError, match="every pair needs an answer"):
        weights_set_by_pairwise(assessment=assessment, stakeholder=stakeholder, answers=answers[1:])
    assert not StakeholderWeight.objects.exists()


def test_a_failure_while_writing_rolls_everything_back(
    assessment, stakeholder, dimensions, monkeypatch
):
    before = keep_first_save(assessment, stakeholder, dimensions)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(DimensionWeight.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        weights_set_by_points(
            assessment=assessment,
            stakeholder=stakeholder,
            points=points_for(dimensions, efficiency=100),
        )
    monkeypatch.undo()
    assert_unchanged(assessment, stakeholder, before)
