"""Demo assessments: four approved quarters and the current one as a draft, per unit."""

import datetime as dt

import pytest
from django.utils import timezone

from microsystems.demo import MICROSYSTEMS, seed_microsystems
from stakeholders.models import Stakeholder
from valuation.demo.assessments import VOICE_RATIONALE, past_quarters, seed_assessments
from valuation.models import Assessment, VoiceWeight

TODAY = dt.date(2026, 11, 28)


def test_past_quarters_are_the_full_ones_before_today():
    assert past_quarters(TODAY, 4) == [
        dt.date(2025, 10, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 1),
        dt.date(2026, 7, 1),
    ]
    # On the first day of a quarter, that quarter is the current one, not a full past one.
    assert past_quarters(dt.date(2026, 10, 1), 1) == [dt.date(2026, 7, 1)]


@pytest.fixture
def demo(db):
    seed_microsystems()
    from stakeholders.demo import seed_stakeholders

    seed_stakeholders()
    seed_assessments(TODAY)


def test_each_unit_has_a_year_of_approved_quarters_and_a_draft(demo):
    assert Assessment.objects.count() == 5 * len(MICROSYSTEMS)
    end_of_today = timezone.make_aware(dt.datetime(2026, 11, 28))
    for spec in MICROSYSTEMS:
        assessments = list(
            Assessment.objects.filter(microsystem__slug=spec["slug"])
            .select_related("submitted_by", "reviewed_by", "created_by")
            .order_by("start_date")
        )
        assert [(a.period_label, a.status) for a in assessments] == [
            ("2025 Q4", "approved"),
            ("2026 Q1", "approved"),
            ("2026 Q2", "approved"),
            ("2026 Q3", "approved"),
            ("2026 Q4", "draft"),
        ]
        assert (assessments[0].start_date, assessments[0].end_date) == (
            dt.date(2025, 10, 1),
            dt.date(2025, 12, 31),
        )
        submitter = spec["lead"] or "admin"
        for approved in assessments[:4]:
            assert approved.submitted_by.username == submitter
            assert approved.reviewed_by.username == "manager"
            # Submitted after the quarter ended, approved after that, all in the past.
            assert approved.end_date < approved.submitted_at.date()
            assert approved.submitted_at < approved.reviewed_at < end_of_today
        draft = assessments[4]
        assert draft.submitted_at is None and draft.created_by.username == submitter


def test_one_unit_weighs_its_users_voices_with_a_reason(demo):
    weighted = Assessment.objects.exclude(voice_weights_rationale="")
    assert [(a.microsystem.slug, a.period_label) for a in weighted] == [
        ("eastfield-library", "2026 Q3")
    ]
    assessment = weighted.get()
    assert assessment.voice_weights_rationale == VOICE_RATIONALE
    assert assessment.voice_weights_set_by.username == "leader"
    weights = {
        row.stakeholder.kind: row.weight
        for row in VoiceWeight.objects.filter(assessment=assessment).select_related("stakeholder")
    }
    assert weights[Stakeholder.Kind.SERVICE_USERS] == 2
    assert set(weights.values()) == {1, 2}
    assert VoiceWeight.objects.filter(assessment=assessment).count() == (
        Stakeholder.objects.filter(microsystem=assessment.microsystem).count()
    )


def test_seeding_again_changes_nothing(demo):
    before = list(Assessment.objects.order_by("pk").values())
    voices = list(VoiceWeight.objects.order_by("pk").values())
    seed_assessments(TODAY)
    assert list(Assessment.objects.order_by("pk").values()) == before
    assert list(VoiceWeight.objects.order_by("pk").values()) == voices


def test_without_stakeholders_voices_stay_equal_until_seeded_again(db):
    seed_microsystems()
    seed_assessments(TODAY)
    assert not VoiceWeight.objects.exists()
    from stakeholders.demo import seed_stakeholders

    seed_stakeholders()
    seed_assessments(TODAY)
    assert VoiceWeight.objects.exists()
    assert Assessment.objects.count() == 5 * len(MICROSYSTEMS)


def test_a_quarter_someone_else_already_covers_is_skipped(db):
    seed_microsystems()
    from microsystems.models import Microsystem

    library = Microsystem.objects.get(slug="eastfield-library")
    Assessment.objects.create(
        microsystem=library,
        period_label="Summer 2026",
        start_date=dt.date(2026, 6, 1),
        end_date=dt.date(2026, 8, 31),
    )
    seed_assessments(TODAY)
    labels = list(library.assessments.order_by("start_date").values_list("period_label", flat=True))
    assert labels == ["2025 Q4", "2026 Q1", "Summer 2026", "2026 Q4"]
