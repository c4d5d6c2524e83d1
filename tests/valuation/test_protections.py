"""valuation.protections: what valuation's records keep in the earlier apps."""

import datetime as dt

from microsystems.extensions import extensions
from valuation.models import Assessment, Judgement, StakeholderWeight, ValueDimension, VoiceWeight
from valuation.protections import assessments_keeping_stakeholder


def test_assessments_keeping_a_group_are_listed_once_oldest_first(
    microsystem, stakeholder, django_assert_num_queries
):
    assert assessments_keeping_stakeholder(stakeholder) == []
    later = Assessment.objects.create(microsystem=microsystem, period_label="2026 Q2",
                                      start_date=dt.date(2026, 4, 1),
                                      end_date=dt.date(2026, 6, 30))  # fmt: skip
    earlier = Assessment.objects.create(microsystem=microsystem, period_label="2026 Q1",
                                        start_date=dt.date(2026, 1, 1),
                                        end_date=dt.date(2026, 3, 31))  # fmt: skip
    for dimension in ValueDimension.objects.all()[:2]:
        Judgement.objects.create(assessment=later, stakeholder=stakeholder, dimension=dimension,
                                 score=5, rationale="Mixed.")  # fmt: skip
    VoiceWeight.objects.create(assessment=earlier, stakeholder=stakeholder, weight=1)
    VoiceWeight.objects.create(assessment=later, stakeholder=stakeholder, weight=1)
    # One query whatever the number of kinds of records (weights, judgements, voice weights).
    with django_assert_num_queries(1):
        assert assessments_keeping_stakeholder(stakeholder) == ["2026 Q1", "2026 Q2"]


def test_a_weight_alone_keeps_a_group_and_other_groups_are_free(
    microsystem, stakeholder, assessment
):
    from stakeholders.models import Stakeholder

    other = Stakeholder.objects.create(microsystem=microsystem, name="Tenants")
    StakeholderWeight.objects.create(assessment=assessment, stakeholder=stakeholder,
                                     method="points")  # fmt: skip
    assert assessments_keeping_stakeholder(stakeholder) == ["2025"]
    assert assessments_keeping_stakeholder(other) == []


def test_the_installed_guard_gives_the_refusal_the_stakeholder_pages_show(stakeholder, assessment):
    VoiceWeight.objects.create(assessment=assessment, stakeholder=stakeholder, weight=1)
    assert extensions.delete_refusal(stakeholder) == (
        "“Library users” cannot be deleted: it has weights or judgements in assessment 2025; "
        "they keep the record of what this group said."
    )
