"""The shared data builders in tests/support build what they promise."""

from stakeholders.models import Stakeholder
from tests.support.account import grow_account, repairs_world
from tests.support.assessments import grow_assessments
from tests.support.factories import make_microsystem
from tests.support.measures import MEASURES, MONTHS, grow_measures
from tests.support.perspectives import EXTRA_STAKEHOLDERS, grow_perspectives
from valuation.models import (
    Assessment,
    DimensionWeight,
    Judgement,
    Measure,
    Measurement,
    MeasureTarget,
    StakeholderWeight,
    VoiceWeight,
)


def test_repairs_world_is_the_hand_computed_assessment(microsystem):
    world = repairs_world(microsystem)
    assessment = world["assessment"]
    assert Measurement.objects.filter(microsystem=microsystem).count() == 11
    assert DimensionWeight.objects.filter(stakeholder_weight__assessment=assessment).count() == 4
    assert Judgement.objects.filter(assessment=assessment).count() == 3
    assert VoiceWeight.objects.filter(assessment=assessment).count() == 2


def test_grow_account_adds_data_to_every_assessment(
    microsystem, assessment, activity, organisation
):
    make_microsystem(organisation, "Neighbour")
    grow_account(microsystem)
    assert Measure.objects.filter(applies_to_all=False).count() == 10
    assert Stakeholder.objects.filter(microsystem=microsystem).count() == 10
    assert Judgement.objects.filter(assessment=assessment, activity=activity).count() == 10


def test_grow_assessments_adds_what_it_says(microsystem, assessment, organisation):
    for number in range(3):
        make_microsystem(organisation, f"Neighbour {number}")
    grow_assessments(microsystem)
    assert microsystem.assessments.count() == 21
    assert Assessment.objects.filter(status="submitted").count() == 3
    assert assessment.voice_weights.count() == 30


def test_grow_measures_builds_many_measures_with_years_of_values(microsystem, organisation):
    make_microsystem(organisation, "Neighbour")
    grow_measures(microsystem)
    assert Measure.objects.count() == MEASURES
    assert Measure.objects.filter(active=False).count() == 6  # 0, 7, 14, 21, 28, 35
    assert Measure.objects.filter(applies_to_all=False).count() == 8
    assert Measurement.objects.filter(microsystem=microsystem).count() == MEASURES * MONTHS
    assert Measurement.objects.exclude(microsystem=microsystem).count() == MEASURES * 12
    assert MeasureTarget.objects.filter(microsystem=microsystem).count() > 10


def test_grow_perspectives_adds_data_to_every_assessment(microsystem, assessment, activity):
    grow_perspectives(microsystem)
    assert Stakeholder.objects.filter(microsystem=microsystem).count() == EXTRA_STAKEHOLDERS
    assert StakeholderWeight.objects.filter(assessment=assessment).count() == EXTRA_STAKEHOLDERS
    assert Judgement.objects.filter(assessment=assessment, activity=activity).exists()
