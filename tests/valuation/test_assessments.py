import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from valuation.forms.assessments import AssessmentForm
from valuation.models import END_BEFORE_START_MESSAGE, OVERLAP_MESSAGE, Assessment


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
        data={"period_label": "2026 Q3b", "start_date": "2026-07-01", "end_date": "2026-09-30"},
        instance=q3,
        microsystem=microsystem,
    )
    assert edit.is_valid(), edit.errors
