"""Tests for services.measurements.measurement_grid_save: the grid's one-transaction write."""

from datetime import date
from decimal import Decimal

import pytest

from tests.support.factories import make_microsystem
from valuation.models import Measure, Measurement, ValueDimension
from valuation.services.measurements import (
    GRID_CHANGED_MEANWHILE,
    GridConflict,
    MeasurementGridConflict,
    measurement_grid_save,
)

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def values(measure) -> dict[date, tuple[Decimal, str, str | None]]:
    return {
        start: (value, note, who)
        for start, value, note, who in Measurement.objects.filter(measure=measure).values_list(
            "period_start", "value", "note", "recorded_by__username"
        )
    }


@pytest.fixture
def january_and_february(microsystem, measure):
    Measurement.objects.create(
        microsystem=microsystem, measure=measure, period_start=JAN, value=60, note="Low response"
    )
    Measurement.objects.create(microsystem=microsystem, measure=measure, period_start=FEB, value=61)


def save(microsystem, cells, expected=None, user=None):
    return measurement_grid_save(
        microsystem=microsystem, values=cells, expected=expected, user=user
    )


def test_adds_changes_and_clears_cells_in_one_save_recording_who(
    microsystem, measure, january_and_february, users
):
    result = save(
        microsystem,
        {
            (measure.pk, JAN): Decimal("-2.5000"),
            (measure.pk, FEB): None,
            (measure.pk, MAR): Decimal("0.0000"),
        },
        user=users["lead"],
    )
    assert (result.created, result.changed, result.cleared) == (1, 1, 1)
    assert result.summary == "Saved measurements: 1 added, 1 changed, 1 cleared."
    # A changed value keeps the period's note.
    assert values(measure) == {
        JAN: (Decimal("-2.5"), "Low response", "lead"),
        MAR: (Decimal("0"), "", "lead"),
    }


def test_a_cell_equal_to_its_saved_value_is_not_a_change(
    microsystem, measure, january_and_february
):
    result = save(microsystem, {(measure.pk, JAN): Decimal("60.0000")})
    assert result.summary == "No changes to save."


def test_a_cell_someone_else_changed_is_a_conflict_and_nothing_is_saved(
    microsystem, measure, january_and_february
):
    # The page showed 60 and empty; meanwhile someone set January to 62.
    Measurement.objects.filter(period_start=JAN).update(value=62)
    with pytest.raises(MeasurementGridConflict) as refused:
        save(
            microsystem,
            {(measure.pk, JAN): Decimal("65.0000"), (measure.pk, MAR): Decimal("1.0000")},
            expected={(measure.pk, JAN): Decimal("60"), (measure.pk, MAR): None},
        )
    assert refused.value.messages == [GRID_CHANGED_MEANWHILE]
    assert refused.value.conflicts == [
        GridConflict(measure.pk, JAN, Decimal("60"), Decimal("62"), Decimal("65"))
    ]
    assert set(values(measure)) == {JAN, FEB}
    assert values(measure)[JAN][0] == 62


def test_saving_again_with_the_new_value_as_expected_replaces_it(
    microsystem, measure, january_and_february
):
    save(
        microsystem,
        {(measure.pk, JAN): Decimal("65.0000")},
        expected={(measure.pk, JAN): Decimal("60")},
    )
    assert values(measure)[JAN][0] == 65


@pytest.mark.parametrize(
    ("key_period", "value", "message"),
    [
        (date(2026, 1, 15), Decimal("1.0000"), "not the start of a month"),
        (JAN, Decimal("1.00001"), "does not fit"),
        (JAN, Decimal("10000000000.0000"), "does not fit"),
    ],
)
def test_values_the_form_should_have_refused_raise(
    microsystem, measure, key_period, value, message
):
    with pytest.raises(ValueError, match=message):
        save(microsystem, {(measure.pk, key_period): value})
    assert not Measurement.objects.exists()


def test_a_measure_the_microsystem_may_not_record_is_refused(microsystem, organisation, measure):
    chosen_elsewhere = Measure.objects.create(
        name="Appeals upheld",
        code="appeals-upheld",
        dimension=ValueDimension.objects.get(slug="probity"),
        applies_to_all=False,
    )
    chosen_elsewhere.microsystems.add(make_microsystem(organisation, "Westfield Library"))
    with pytest.raises(ValueError, match="take no values in Eastfield Library"):
        save(microsystem, {(chosen_elsewhere.pk, JAN): Decimal("1.0000")})
    Measure.objects.filter(pk=measure.pk).update(active=False)
    with pytest.raises(ValueError, match="take no values"):
        save(microsystem, {(measure.pk, JAN): Decimal("1.0000")})
    assert not Measurement.objects.exists()


def test_an_archived_microsystem_is_refused(microsystem, measure):
    from django.utils import timezone

    microsystem.archived_at = timezone.now()
    microsystem.save()
    with pytest.raises(ValueError, match="archived"):
        save(microsystem, {(measure.pk, JAN): Decimal("1.0000")})
