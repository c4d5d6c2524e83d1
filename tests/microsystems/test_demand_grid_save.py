"""Tests for services.demand_import.demand_grid_save: the grid's one-transaction write."""

from datetime import date

import pytest

from microsystems.models import DemandObservation, DemandType
from microsystems.services.demand_import import (
    GRID_CHANGED_MEANWHILE,
    DemandGridConflict,
    GridConflict,
    demand_grid_save,
)
from tests.support.factories import make_microsystem

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def volumes(demand_type) -> dict[date, int]:
    return dict(
        DemandObservation.objects.filter(demand_type=demand_type).values_list(
            "period_start", "volume"
        )
    )


@pytest.fixture
def january_and_february(demand_type):
    DemandObservation.objects.create(demand_type=demand_type, period_start=JAN, volume=5)
    DemandObservation.objects.create(demand_type=demand_type, period_start=FEB, volume=6)


def test_adds_changes_and_clears_cells_in_one_save(microsystem, demand_type, january_and_february):
    result = demand_grid_save(
        microsystem=microsystem,
        values={(demand_type.pk, JAN): 50, (demand_type.pk, FEB): None, (demand_type.pk, MAR): 0},
    )
    assert (result.created, result.changed, result.cleared) == (1, 1, 1)
    assert result.summary == "Saved demand: 1 added, 1 changed, 1 cleared."
    assert volumes(demand_type) == {JAN: 50, MAR: 0}


def test_a_cell_equal_to_its_saved_value_is_not_a_change(
    microsystem, demand_type, january_and_february
):
    result = demand_grid_save(microsystem=microsystem, values={(demand_type.pk, JAN): 5})
    assert result.summary == "No changes to save."


def test_a_cell_someone_else_changed_is_a_conflict_and_nothing_is_saved(
    microsystem, demand_type, january_and_february
):
    # The page showed 5 and empty; meanwhile someone set January to 7.
    DemandObservation.objects.filter(period_start=JAN).update(volume=7)
    with pytest.raises(DemandGridConflict) as refused:
        demand_grid_save(
            microsystem=microsystem,
            values={(demand_type.pk, JAN): 9, (demand_type.pk, MAR): 1},
            expected={(demand_type.pk, JAN): 5, (demand_type.pk, MAR): None},
        )
    assert refused.value.messages == [GRID_CHANGED_MEANWHILE]
    assert refused.value.conflicts == [GridConflict(demand_type.pk, JAN, 5, 7, 9)]
    assert volumes(demand_type) == {JAN: 7, FEB: 6}


def test_saving_again_with_the_new_value_as_expected_replaces_it(
    microsystem, demand_type, january_and_february
):
    demand_grid_save(
        microsystem=microsystem,
        values={(demand_type.pk, JAN): 9},
        expected={(demand_type.pk, JAN): 5},
    )
    assert volumes(demand_type)[JAN] == 9


@pytest.mark.parametrize(
    ("key_period", "volume", "message"),
    [
        (date(2026, 1, 15), 1, "not the start of a month"),
        (JAN, -1, "out of range"),
    ],
)
def test_values_the_form_should_have_refused_raise(
    microsystem, demand_type, key_period, volume, message
):
    with pytest.raises(ValueError, match=message):
        demand_grid_save(microsystem=microsystem, values={(demand_type.pk, key_period): volume})
    assert not DemandObservation.objects.exists()


def test_a_demand_type_of_another_microsystem_is_refused(microsystem, organisation):
    other_type = DemandType.objects.create(
        microsystem=make_microsystem(organisation, "Westfield Library"), name="Room bookings"
    )
    with pytest.raises(ValueError, match="not in Eastfield Library"):
        demand_grid_save(microsystem=microsystem, values={(other_type.pk, JAN): 1})
    assert not DemandObservation.objects.exists()
