"""stakeholders.selectors: what the pages read, in a fixed number of queries."""

import datetime as dt

import pytest
from django.http import Http404

from stakeholders.models import Expectation, Stakeholder
from stakeholders.selectors import (
    assessments_recording,
    expectation_for_microsystem,
    groups_with_expectations,
    register_frame,
    register_rows,
    stakeholder_for_microsystem,
)
from tests.support.factories import make_microsystem


@pytest.fixture
def groups(microsystem):
    zebra = Stakeholder.objects.create(microsystem=microsystem, name="Zebra crossing users",
                                       power=4, interest=5)  # fmt: skip
    apple = Stakeholder.objects.create(microsystem=microsystem, name="apple growers",
                                       power=1, interest=2, kind="partners")  # fmt: skip
    for statement, priority in [("Low one", 3), ("High one", 1), ("Medium one", 2)]:
        Expectation.objects.create(stakeholder=zebra, statement=statement, priority=priority)
    return zebra, apple


def test_register_rows_in_name_order_ignoring_case_with_counts_and_quadrants(
    microsystem, groups, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = register_rows(microsystem)
    assert [row["name"] for row in rows] == ["apple growers", "Zebra crossing users"]
    assert [row["expectation_count"] for row in rows] == [0, 3]
    assert [row["quadrant_label"] for row in rows] == ["Monitor", "Manage closely"]
    assert rows[0]["kind_label"] == "Partner services"
    frame = register_frame(rows)
    assert frame["power"].tolist() == [1, 4] and frame["interest"].tolist() == [2, 5]


def test_groups_with_expectations_most_important_first_in_one_query(
    microsystem, groups, django_assert_num_queries
):
    with django_assert_num_queries(1):
        bundle = groups_with_expectations(microsystem)
    assert [group.name for group in bundle] == ["apple growers", "Zebra crossing users"]
    assert bundle[0].expectations == []
    statements = [item["statement"] for item in bundle[1].expectations]
    assert statements == ["High one", "Medium one", "Low one"]
    assert [item["priority_label"] for item in bundle[1].expectations] == [
        "High", "Medium", "Low",
    ]  # fmt: skip
    assert bundle[1].kind_counts == [3, 0, 0, 0]
    assert bundle[1].quadrant_label == "Manage closely"


def test_other_microsystems_records_are_404(organisation, microsystem, stakeholder, expectation):
    other = make_microsystem(organisation, "Westfield Library")
    with pytest.raises(Http404):
        stakeholder_for_microsystem(other, stakeholder.pk)
    with pytest.raises(Http404):
        expectation_for_microsystem(other, expectation.pk)
    assert expectation_for_microsystem(microsystem, expectation.pk) == expectation


def test_assessments_recording_lists_each_assessment_once_oldest_first(
    microsystem, stakeholder, django_assert_num_queries
):
    from valuation.models import Assessment, Judgement, ValueDimension, VoiceWeight

    assert assessments_recording(stakeholder) == []
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
    # One query per protecting relation (weights, judgements, voice weights).
    with django_assert_num_queries(3):
        assert assessments_recording(stakeholder) == ["2026 Q1", "2026 Q2"]
