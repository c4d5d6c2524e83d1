"""stakeholders.services: writes in one transaction, rules checked whoever calls."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from stakeholders.models import Expectation, Stakeholder
from stakeholders.services import (
    DUPLICATE_STAKEHOLDER_NAME,
    STATEMENT_REQUIRED,
    StakeholderInUseError,
    expectation_create,
    expectation_delete,
    expectation_update,
    stakeholder_create,
    stakeholder_delete,
    stakeholder_update,
)
from valuation.models import (
    Assessment,
    Judgement,
    StakeholderWeight,
    ValueDimension,
    VoiceWeight,
)

GROUP = {
    "name": "Tenants",
    "kind": "service_users",
    "description": "",
    "power": 3,
    "interest": 5,
    "consultation": "",
}


def make_assessment(microsystem, label: str, start: dt.date, end: dt.date) -> Assessment:
    return Assessment.objects.create(
        microsystem=microsystem, period_label=label, start_date=start, end_date=end
    )


@pytest.fixture
def quarters(microsystem):
    # Created newest first, so the message's oldest-first order is not an accident.
    q2 = make_assessment(microsystem, "2026 Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    q1 = make_assessment(microsystem, "2026 Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    return q1, q2


def test_create_and_update_a_group(microsystem):
    group = stakeholder_create(microsystem=microsystem, data={**GROUP, "name": " Tenants "})
    assert group.pk and group.name == "Tenants" and group.microsystem == microsystem
    stakeholder_update(stakeholder=group, data={**GROUP, "power": 4})
    group.refresh_from_db()
    assert group.power == 4


def test_duplicate_name_ignoring_case_is_refused_on_the_name(microsystem, stakeholder):
    with pytest.raises(ValidationError) as refusal:
        stakeholder_create(microsystem=microsystem, data={**GROUP, "name": "LIBRARY USERS"})
    assert refusal.value.message_dict == {
        "name": [DUPLICATE_STAKEHOLDER_NAME.format(name="LIBRARY USERS")]
    }
    assert Stakeholder.objects.count() == 1


@pytest.mark.parametrize("field, value", [("power", 0), ("power", 6), ("interest", 7)])
def test_scores_outside_one_to_five_are_refused(microsystem, field, value):
    with pytest.raises(ValidationError) as refusal:
        stakeholder_create(microsystem=microsystem, data={**GROUP, field: value})
    assert field in refusal.value.message_dict
    assert not Stakeholder.objects.exists()


def test_unknown_field_is_a_programming_error(microsystem):
    with pytest.raises(ValueError):
        stakeholder_create(microsystem=microsystem, data={**GROUP, "microsystem_id": 99})


def test_delete_takes_the_expectations(stakeholder, expectation):
    stakeholder_delete(stakeholder=stakeholder)
    assert not Stakeholder.objects.exists()
    assert not Expectation.objects.exists()


def test_delete_is_refused_naming_the_assessments_oldest_first(
    microsystem, stakeholder, expectation, quarters
):
    q1, q2 = quarters
    efficiency = ValueDimension.objects.get(slug="efficiency")
    for assessment in (q1, q2):
        Judgement.objects.create(
            assessment=assessment,
            stakeholder=stakeholder,
            dimension=efficiency,
            score=7,
            rationale="Queues are shorter.",
        )
    StakeholderWeight.objects.create(assessment=q2, stakeholder=stakeholder, method="points")

    with pytest.raises(StakeholderInUseError) as refusal:
        stakeholder_delete(stakeholder=stakeholder)

    assert str(refusal.value) == (
        "“Library users” cannot be deleted: it has weights or judgements in assessments "
        "2026 Q1, 2026 Q2; they keep the record of what this group said."
    )
    # Nothing deleted, not even the expectations.
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()
    assert Expectation.objects.filter(pk=expectation.pk).exists()


def test_a_voice_weight_alone_also_protects_the_group(stakeholder, assessment):
    VoiceWeight.objects.create(assessment=assessment, stakeholder=stakeholder, weight=2)
    with pytest.raises(StakeholderInUseError, match="in assessment 2025;"):
        stakeholder_delete(stakeholder=stakeholder)


def test_expectation_create_update_delete(stakeholder):
    expectation = expectation_create(
        stakeholder=stakeholder,
        data={"statement": "  Quiet study space.  ", "kind": "benefit", "priority": 2},
    )
    assert expectation.statement == "Quiet study space."
    expectation_update(
        expectation=expectation,
        data={"statement": "Quiet study space.", "kind": "standard", "priority": 1},
    )
    expectation.refresh_from_db()
    assert (expectation.kind, expectation.priority) == ("standard", 1)
    expectation_delete(expectation=expectation)
    assert not Expectation.objects.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"statement": "   ", "kind": "benefit", "priority": 2}, "statement"),
        ({"statement": "Fast.", "kind": "wish", "priority": 2}, "kind"),
        ({"statement": "Fast.", "kind": "benefit", "priority": 4}, "priority"),
    ],
)
def test_bad_expectation_is_refused_and_nothing_saved(stakeholder, data, field):
    with pytest.raises(ValidationError) as refusal:
        expectation_create(stakeholder=stakeholder, data=data)
    assert field in refusal.value.message_dict
    if field == "statement":
        assert refusal.value.message_dict["statement"] == [STATEMENT_REQUIRED]
    assert not Expectation.objects.exists()


def test_records_protecting_a_group_without_a_delete_guard_are_named_by_kind(
    monkeypatch, stakeholder, assessment
):
    """A later app that protects a group but registers no guard still gets a clear refusal."""
    from microsystems.extensions import Extensions
    from stakeholders import services

    monkeypatch.setattr(services, "extensions", Extensions())  # no guards registered
    VoiceWeight.objects.create(assessment=assessment, stakeholder=stakeholder, weight=2)
    with pytest.raises(StakeholderInUseError) as refusal:
        stakeholder_delete(stakeholder=stakeholder)
    assert str(refusal.value) == (
        "“Library users” cannot be deleted: other records still refer to it (voice weights); "
        "they keep the record of what this group said."
    )
