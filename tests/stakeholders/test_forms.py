"""The stakeholder group and expectation forms: each bad input gets a message by its field."""

import pytest

from stakeholders.forms import (
    INTEREST_RANGE,
    NAME_REQUIRED,
    POWER_RANGE,
    ExpectationForm,
    StakeholderForm,
)
from stakeholders.models import Stakeholder
from stakeholders.services import DUPLICATE_STAKEHOLDER_NAME, STATEMENT_REQUIRED
from tests.support.fingerprints import as_opened

GROUP = {
    "name": "Tenants",
    "kind": "service_users",
    "description": "",
    "power": "3",
    "interest": "5",
    "consultation": "Tenants' panel, March 2026.",
}
EXPECTATION = {"statement": "Fix it right first time.", "kind": "benefit", "priority": "1"}


def test_a_good_group_is_valid_and_stripped(microsystem):
    form = StakeholderForm({**GROUP, "name": "  Tenants  "}, microsystem=microsystem)
    assert form.is_valid(), form.errors
    assert form.stakeholder_data()["name"] == "Tenants"
    assert form.stakeholder_data()["power"] == 3


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("power", "0", POWER_RANGE),
        ("power", "6", POWER_RANGE),
        ("power", "-1", POWER_RANGE),
        ("power", "2.5", POWER_RANGE),
        ("power", "high", POWER_RANGE),
        ("power", "", POWER_RANGE),
        ("interest", "0", INTEREST_RANGE),
        ("interest", "9", INTEREST_RANGE),
        ("name", "   ", NAME_REQUIRED),
        ("kind", "press", "Select a valid choice. press is not one of the available choices."),
    ],
)  # fmt: skip
def test_bad_group_input_is_refused_next_to_the_field(microsystem, field, value, message):
    form = StakeholderForm({**GROUP, field: value}, microsystem=microsystem)
    assert not form.is_valid()
    assert form.errors[field] == [message]
    # Only that field's message: no second copy from the database constraint.
    assert set(form.errors) == {field}


@pytest.mark.parametrize("name", ["library users", "LIBRARY USERS", " Library Users "])
def test_duplicate_name_in_any_case_is_refused_next_to_the_name(microsystem, stakeholder, name):
    form = StakeholderForm({**GROUP, "name": name}, microsystem=microsystem)
    assert not form.is_valid()
    assert form.errors["name"] == [DUPLICATE_STAKEHOLDER_NAME.format(name=name.strip())]


def test_same_name_in_another_microsystem_is_fine(organisation, stakeholder):
    from tests.support.factories import make_microsystem

    other = make_microsystem(organisation, "Westfield Library")
    form = StakeholderForm({**GROUP, "name": "Library users"}, microsystem=other)
    assert form.is_valid(), form.errors


def test_keeping_its_own_name_when_editing_is_fine(microsystem, stakeholder):
    opened = StakeholderForm(instance=stakeholder, microsystem=microsystem)
    form = StakeholderForm(
        as_opened(opened, {**GROUP, "name": "LIBRARY users"}),
        instance=stakeholder,
        microsystem=microsystem,
    )
    assert form.is_valid(), form.errors


def test_a_good_expectation_is_valid(stakeholder):
    form = ExpectationForm(EXPECTATION, stakeholder=stakeholder)
    assert form.is_valid(), form.errors
    assert form.expectation_data() == {
        "statement": "Fix it right first time.",
        "kind": "benefit",
        "priority": 1,
    }


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("statement", "", STATEMENT_REQUIRED),
        ("statement", "   \n ", STATEMENT_REQUIRED),
        ("kind", "wish", "Select a valid choice. wish is not one of the available choices."),
        ("priority", "4", "Select a valid choice. 4 is not one of the available choices."),
        ("priority", "", "This field is required."),
    ],
)
def test_bad_expectation_input_is_refused_next_to_the_field(stakeholder, field, value, message):
    form = ExpectationForm({**EXPECTATION, field: value}, stakeholder=stakeholder)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_new_expectation_offers_the_defaults(stakeholder):
    form = ExpectationForm(stakeholder=stakeholder)
    assert form["kind"].value() == "benefit"
    assert form["priority"].value() == 2
    # Radio buttons: no blank choice to pick by mistake.
    assert [value for value, _ in form.fields["priority"].choices] == [1, 2, 3]


def test_group_form_for_a_new_group_belongs_to_the_microsystem(microsystem):
    form = StakeholderForm(GROUP, microsystem=microsystem)
    assert form.is_valid()
    assert form.instance.microsystem == microsystem
    assert Stakeholder.objects.count() == 0  # a form never saves by itself
