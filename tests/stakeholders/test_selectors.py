"""stakeholders.selectors: what the pages read, in a fixed number of queries."""

import pytest
from django.http import Http404

from stakeholders.models import Expectation, Stakeholder
from stakeholders.reports import bundle_groups, register_in_words
from stakeholders.selectors import (
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
    rows = register_in_words(rows)
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
        bundle = bundle_groups(groups_with_expectations(microsystem))
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
