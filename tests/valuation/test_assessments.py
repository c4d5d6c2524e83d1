import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.support.fingerprints import as_opened
from valuation.forms.assessments import AssessmentForm
from valuation.models import (
    END_BEFORE_START_MESSAGE,
    OVERLAP_MESSAGE,
    Assessment,
    Measurement,
)


def make_assessment(microsystem, label, start, end) -> Assessment:
    return Assessment.objects.create(
        microsystem=microsystem, period_label=label, start_date=start, end_date=end
    )


@pytest.fixture
def q3(microsystem) -> Assessment:
    return make_assessment(microsystem, "2026 Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30))


@pytest.mark.parametrize(
    "start, end",
    [
        (dt.date(2026, 9, 30), dt.date(2026, 12, 31)),  # shares the last day
        (dt.date(2026, 6, 1), dt.date(2026, 7, 1)),  # shares the first day
        (dt.date(2026, 8, 1), dt.date(2026, 8, 31)),  # inside
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),  # around
    ],
)
def test_database_refuses_overlapping_periods(microsystem, q3, start, end):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_assessment(microsystem, "Clash", start, end)


def test_database_refuses_an_update_that_creates_an_overlap(microsystem, q3):
    q4 = make_assessment(microsystem, "2026 Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    q4.start_date = dt.date(2026, 9, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        q4.save()


def test_adjacent_periods_and_other_microsystems_are_fine(microsystem, q3, other_organisation):
    from tests.support.factories import make_microsystem

    make_assessment(microsystem, "2026 Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    other = make_microsystem(other_organisation, "Southgate Library")
    make_assessment(other, "2026 Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert Assessment.objects.count() == 3


def test_database_refuses_end_before_start(microsystem):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_assessment(microsystem, "Backwards", dt.date(2026, 9, 30), dt.date(2026, 7, 1))


def test_form_names_the_overlapping_assessment(microsystem, q3):
    form = AssessmentForm(
        data={"period_label": "Summer", "start_date": "2026-08-01", "end_date": "2026-10-31"},
        microsystem=microsystem,
    )
    assert not form.is_valid()
    assert form.errors["start_date"] == [OVERLAP_MESSAGE.format(other="2026 Q3")]


def test_form_refuses_end_before_start_next_to_the_field(microsystem):
    form = AssessmentForm(
        data={"period_label": "2027 Q1", "start_date": "2027-03-31", "end_date": "2027-01-01"},
        microsystem=microsystem,
    )
    assert not form.is_valid()
    assert END_BEFORE_START_MESSAGE in form.errors["end_date"]


def test_form_accepts_a_free_period_and_editing_keeps_its_own_dates(microsystem, q3):
    form = AssessmentForm(
        data={"period_label": "2026 Q4", "start_date": "2026-10-01", "end_date": "2026-12-31"},
        microsystem=microsystem,
    )
    assert form.is_valid(), form.errors
    form.save()
    edit = AssessmentForm(
        data=as_opened(
            AssessmentForm(instance=q3, microsystem=microsystem),
            {"period_label": "2026 Q3b", "start_date": "2026-07-01", "end_date": "2026-09-30"},
        ),
        instance=q3,
        microsystem=microsystem,
    )
    assert edit.is_valid(), edit.errors


def outside_window(day: str) -> str:
    return (
        f"{day} is outside the years this service records; use a date from 1900-01-01 "
        "to 2199-12-31."
    )


@pytest.mark.parametrize(
    "start, end",
    [
        (dt.date(1, 1, 1), dt.date(1, 3, 31)),
        (dt.date(1899, 10, 1), dt.date(1900, 3, 31)),
        (dt.date(2199, 10, 1), dt.date(2200, 3, 31)),
        (dt.date(9999, 10, 1), dt.date(9999, 12, 31)),
    ],
)
def test_database_refuses_assessment_dates_outside_the_window(microsystem, start, end):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_assessment(microsystem, "Far off", start, end)


def test_database_refuses_a_measurement_period_outside_the_window(microsystem, measure):
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(
            microsystem=microsystem, measure=measure, period_start=dt.date(9999, 12, 1), value=1
        )


def test_validation_names_the_measurement_period_outside_the_window(microsystem, measure):
    measurement = Measurement(
        microsystem=microsystem, measure=measure, period_start=dt.date(1, 1, 1), value=1
    )
    with pytest.raises(ValidationError) as refused:
        measurement.full_clean()
    assert refused.value.message_dict == {"period_start": [outside_window("0001-01-01")]}


def test_form_refuses_dates_outside_the_window_next_to_each_field(microsystem):
    form = AssessmentForm(
        data={"period_label": "Far", "start_date": "0001-01-01", "end_date": "9999-12-31"},
        microsystem=microsystem,
    )
    assert not form.is_valid()
    assert form.errors["start_date"] == [outside_window("0001-01-01")]
    assert form.errors["end_date"] == [outside_window("9999-12-31")]
    assert not Assessment.objects.exists()


def test_the_form_offers_only_dates_inside_the_window(microsystem):
    form = AssessmentForm(microsystem=microsystem)
    for name in ("start_date", "end_date"):
        attrs = form.fields[name].widget.attrs
        assert (attrs["min"], attrs["max"]) == ("1900-01-01", "2199-12-31")
