"""The assessment form: suggested period, overlap, bad share, wrong dates; the review form."""

import datetime as dt
from decimal import Decimal

import pytest

from microsystems.periods import QUARTER, period_label
from tests.support.fingerprints import as_opened
from valuation.forms.assessments import (
    DUPLICATE_LABEL,
    SHARE_NOT_A_NUMBER,
    SHARE_OUT_OF_RANGE,
    AssessmentForm,
    ReviewForm,
)
from valuation.models import END_BEFORE_START_MESSAGE, OVERLAP_MESSAGE, Assessment
from valuation.selectors.assessments import next_quarter_after
from valuation.services.assessments import RETURN_NEEDS_COMMENT

TODAY = dt.date(2026, 11, 28)
Q4 = {
    "period_label": "2026 Q4",
    "start_date": "2026-10-01",
    "end_date": "2026-12-31",
    "judgement_share": "0.5",
}


def make(microsystem, label, start, end, **extra) -> Assessment:
    return Assessment.objects.create(
        microsystem=microsystem, period_label=label, start_date=start, end_date=end, **extra
    )


def form_for(microsystem, data=None, **kwargs) -> AssessmentForm:
    return AssessmentForm(data, microsystem=microsystem, **kwargs)


# ---------------------------------------------------------------- defaults


def test_without_assessments_the_current_quarter_is_suggested(microsystem):
    form = form_for(microsystem, today=TODAY)
    assert form.initial["period_label"] == "2026 Q4"
    assert form.initial["start_date"] == dt.date(2026, 10, 1)
    assert form.initial["end_date"] == dt.date(2026, 12, 31)
    assert form["judgement_share"].value() == Decimal("0.50")


def test_the_quarter_after_the_latest_assessment_is_suggested(microsystem):
    make(microsystem, "Old", dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    make(microsystem, "2026 Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    form = form_for(microsystem, today=TODAY)
    assert (form.initial["period_label"], form.initial["start_date"]) == (
        "2026 Q3",
        dt.date(2026, 7, 1),
    )
    assert form.initial["end_date"] == dt.date(2026, 9, 30)


def test_the_latest_assessment_of_another_microsystem_does_not_count(
    microsystem, other_organisation
):
    from tests.support.factories import make_microsystem

    other = make_microsystem(other_organisation, "Elsewhere")
    make(other, "2027 Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert form_for(microsystem, today=TODAY).initial["period_label"] == "2026 Q4"


@pytest.mark.parametrize(
    "latest_end, expected",
    [
        (None, ("2026 Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
        (dt.date(2026, 12, 31), ("2027 Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))),
        (dt.date(2025, 12, 31), ("2026 Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
        # Ended mid-quarter: the next whole quarter, so the suggestion never overlaps.
        (dt.date(2026, 8, 15), ("2026 Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
        (dt.date(2026, 3, 31), ("2026 Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30))),
        # Never a quarter outside the window of dates the app records: today's instead.
        (dt.date(2199, 9, 30), ("2199 Q4", dt.date(2199, 10, 1), dt.date(2199, 12, 31))),
        (dt.date(2199, 12, 31), ("2026 Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
        (dt.date(9999, 12, 31), ("2026 Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
        (dt.date(1, 3, 31), ("2026 Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
    ],
)
def test_next_quarter_after(latest_end, expected):
    period = next_quarter_after(latest_end, TODAY)
    assert (period.label, period.start_date, period.end_date) == expected


def test_quarter_labels():
    assert [period_label(dt.date(2026, month, 1), QUARTER) for month in (1, 4, 7, 10)] == [
        "2026 Q1",
        "2026 Q2",
        "2026 Q3",
        "2026 Q4",
    ]


def test_editing_shows_the_stored_values_not_a_suggestion(microsystem, assessment):
    form = AssessmentForm(instance=assessment, microsystem=microsystem, today=TODAY)
    assert form["period_label"].value() == "2025"
    assert "period_label" not in form.initial or form.initial["period_label"] == "2025"


# ---------------------------------------------------------------- bad input


def test_a_free_quarter_is_accepted(microsystem, assessment):
    form = form_for(microsystem, Q4)
    assert form.is_valid(), form.errors
    assert form.settings() == {
        "period_label": "2026 Q4",
        "start_date": dt.date(2026, 10, 1),
        "end_date": dt.date(2026, 12, 31),
        "judgement_share": Decimal("0.5"),
    }


def test_overlap_is_refused_naming_the_other_assessment_next_to_the_field(microsystem, assessment):
    form = form_for(microsystem, {**Q4, "start_date": "2025-12-01"})
    assert not form.is_valid()
    assert form.errors["start_date"] == [OVERLAP_MESSAGE.format(other="2025")]


@pytest.mark.parametrize(
    "share, message",
    [
        ("1.5", SHARE_OUT_OF_RANGE),
        ("-0.1", SHARE_OUT_OF_RANGE),
        ("half", SHARE_NOT_A_NUMBER),
    ],
)
def test_a_bad_share_is_refused_next_to_the_field(microsystem, share, message):
    form = form_for(microsystem, {**Q4, "judgement_share": share})
    assert not form.is_valid()
    assert form.errors["judgement_share"] == [message]


def test_an_empty_share_means_half_and_half(microsystem):
    form = form_for(microsystem, {**Q4, "judgement_share": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["judgement_share"] == Decimal("0.50")


@pytest.mark.parametrize("share", ["0", "1", "0.25"])
def test_shares_at_and_inside_the_bounds_are_accepted(microsystem, share):
    assert form_for(microsystem, {**Q4, "judgement_share": share}).is_valid()


def test_end_before_start_is_refused_next_to_the_end(microsystem):
    form = form_for(microsystem, {**Q4, "start_date": "2026-12-31", "end_date": "2026-10-01"})
    assert not form.is_valid()
    assert form.errors["end_date"] == [END_BEFORE_START_MESSAGE]


@pytest.mark.parametrize("field", ["start_date", "end_date"])
def test_a_date_that_is_not_a_date_is_refused(microsystem, field):
    form = form_for(microsystem, {**Q4, field: "2026-13-45"})
    assert not form.is_valid()
    assert form.errors[field] == ["Enter a valid date."]


def test_a_label_the_microsystem_already_uses_is_refused_next_to_the_field(microsystem, assessment):
    form = form_for(microsystem, {**Q4, "period_label": " 2025 "})
    assert not form.is_valid()
    assert form.errors["period_label"] == [DUPLICATE_LABEL.format(label="2025")]


def test_an_assessment_keeps_its_own_label_and_dates_when_edited(microsystem, assessment):
    form = AssessmentForm(
        as_opened(
            AssessmentForm(instance=assessment, microsystem=microsystem),
            {
                "period_label": "2025",
                "start_date": "2025-01-01",
                "end_date": "2025-12-31",
                "judgement_share": "0.7",
            },
        ),
        instance=assessment,
        microsystem=microsystem,
    )
    assert form.is_valid(), form.errors


# ---------------------------------------------------------------- review


def test_returning_needs_a_comment_next_to_the_field():
    form = ReviewForm({"decision": "return", "comment": "   "})
    assert not form.is_valid()
    assert form.errors["comment"] == [RETURN_NEEDS_COMMENT]


def test_approving_needs_no_comment_but_a_decision_is_required():
    assert ReviewForm({"decision": "approve", "comment": ""}).is_valid()
    form = ReviewForm({"comment": "Fine"})
    assert not form.is_valid() and "decision" in form.errors
