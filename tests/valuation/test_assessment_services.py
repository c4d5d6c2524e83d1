"""The life of an assessment through its services: every legal and illegal step.

Legal: create; change a draft's settings; delete a draft; draft -> submitted;
submitted -> approved; submitted -> draft (returned, with a comment); a
returned draft submitted again. Everything else is refused with a clear
message, and nothing changes.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from stakeholders.models import Stakeholder
from valuation.models import (
    OVERLAP_MESSAGE,
    Assessment,
    DimensionWeight,
    Judgement,
    StakeholderWeight,
    ValueDimension,
    VoiceWeight,
    not_draft_message,
)
from valuation.services import assessments as services

STATUS_FIELDS = [
    "status",
    "submitted_at",
    "submitted_by_id",
    "reviewed_at",
    "reviewed_by_id",
    "review_comment",
    "period_label",
    "start_date",
    "end_date",
    "judgement_share",
]


def snapshot(assessment: Assessment) -> dict:
    return Assessment.objects.filter(pk=assessment.pk).values(*STATUS_FIELDS).get()


def set_status(assessment: Assessment, status: str) -> Assessment:
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def people(users):
    return users


@pytest.fixture
def lock_spy(monkeypatch):
    """Records every select_for_update() on assessments (SQLite ignores the lock itself)."""
    calls = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        if self.model is Assessment:
            calls.append(self.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    return calls


# ---------------------------------------------------------------- create, update, delete


def test_create_starts_a_draft_with_who_started_it(microsystem, people):
    created = services.assessment_create(
        microsystem=microsystem,
        created_by=people["lead"],
        period_label=" 2026 Q4 ",
        start_date=dt.date(2026, 10, 1),
        end_date=dt.date(2026, 12, 31),
        judgement_share=Decimal("0.25"),
    )
    created.refresh_from_db()
    assert created.status == "draft" and created.created_by == people["lead"]
    assert (created.period_label, created.judgement_share) == ("2026 Q4", Decimal("0.25"))


def test_create_refuses_an_overlap_naming_the_other(microsystem, assessment, people):
    with pytest.raises(ValidationError) as refusal:
        services.assessment_create(
            microsystem=microsystem,
            created_by=people["lead"],
            period_label="Late 2025",
            start_date=dt.date(2025, 11, 1),
            end_date=dt.date(2026, 1, 31),
        )
    assert refusal.value.message_dict["start_date"] == [OVERLAP_MESSAGE.format(other="2025")]
    assert Assessment.objects.count() == 1


def test_update_changes_a_draft_under_a_row_lock(assessment, lock_spy):
    with CaptureQueriesContext(connection) as queries:
        services.assessment_update(
            assessment=assessment, period_label="Year 2025", judgement_share=Decimal("0.8")
        )
    assessment.refresh_from_db()
    assert (assessment.period_label, assessment.judgement_share) == ("Year 2025", Decimal("0.8"))
    assert lock_spy
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_update_of_a_submitted_or_approved_assessment_is_refused(assessment, status):
    set_status(assessment, status)
    before = snapshot(assessment)
    with pytest.raises(ValidationError) as refusal:
        services.assessment_update(assessment=assessment, period_label="Changed")
    assert refusal.value.messages == [not_draft_message(status)]
    assert snapshot(assessment) == before


def test_update_refuses_fields_that_are_not_settings(assessment):
    with pytest.raises(ValueError):
        services.assessment_update(assessment=assessment, status="approved")


@pytest.fixture
def filled(assessment, stakeholder):
    """The draft with one stakeholder's weights, a judgement and voice weights."""
    dimension = ValueDimension.objects.get(slug="equity")
    weights = StakeholderWeight.objects.create(
        assessment=assessment, stakeholder=stakeholder, method="points", answers={}
    )
    DimensionWeight.objects.create(stakeholder_weight=weights, dimension=dimension, weight=1)
    Judgement.objects.create(
        assessment=assessment,
        stakeholder=stakeholder,
        dimension=dimension,
        score=7,
        rationale="Open to all.",
    )
    VoiceWeight.objects.create(assessment=assessment, stakeholder=stakeholder, weight=2)
    return assessment


def test_delete_takes_weights_judgements_and_voices_but_not_stakeholders(filled, lock_spy):
    services.assessment_delete(assessment=filled)
    assert not Assessment.objects.exists()
    assert (StakeholderWeight.objects.count(), DimensionWeight.objects.count()) == (0, 0)
    assert (Judgement.objects.count(), VoiceWeight.objects.count()) == (0, 0)
    assert Stakeholder.objects.count() == 1
    assert lock_spy


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_delete_of_a_submitted_or_approved_assessment_is_refused(filled, status):
    set_status(filled, status)
    with pytest.raises(ValidationError):
        services.assessment_delete(assessment=filled)
    assert Assessment.objects.count() == 1 and Judgement.objects.count() == 1


# ---------------------------------------------------------------- submit, approve, return


def test_submit_records_who_and_when_under_a_row_lock(assessment, people, lock_spy):
    with CaptureQueriesContext(connection) as queries:
        submitted = services.assessment_submit(assessment=assessment, user=people["lead"])
    assessment.refresh_from_db()
    assert assessment.status == "submitted" == submitted.status
    assert assessment.submitted_by == people["lead"] and assessment.submitted_at is not None
    assert lock_spy
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize(
    "status, message",
    [("submitted", services.ALREADY_SUBMITTED), ("approved", services.ALREADY_APPROVED)],
)
def test_submitting_twice_or_after_approval_is_refused(assessment, people, status, message):
    set_status(assessment, status)
    before = snapshot(assessment)
    with pytest.raises(ValidationError) as refusal:
        services.assessment_submit(assessment=assessment, user=people["lead"])
    assert refusal.value.messages == [message]
    assert snapshot(assessment) == before


def test_submit_reads_the_status_from_the_database_not_the_stale_object(assessment, people):
    """Someone else submitted after this page loaded the assessment as a draft."""
    stale = Assessment.objects.get(pk=assessment.pk)
    services.assessment_submit(assessment=assessment, user=people["lead"])
    with pytest.raises(ValidationError):
        services.assessment_submit(assessment=stale, user=people["admin"])
    assessment.refresh_from_db()
    assert assessment.submitted_by == people["lead"]


def test_approve_records_the_reviewer_and_note(assessment, people, lock_spy):
    services.assessment_submit(assessment=assessment, user=people["lead"])
    lock_spy.clear()
    services.assessment_approve(assessment=assessment, user=people["manager"], comment=" Good. ")
    assessment.refresh_from_db()
    assert assessment.status == "approved"
    assert assessment.reviewed_by == people["manager"] and assessment.reviewed_at is not None
    assert assessment.review_comment == "Good."
    assert lock_spy


def test_return_sends_it_back_to_draft_with_the_comment(assessment, people, lock_spy):
    services.assessment_submit(assessment=assessment, user=people["lead"])
    lock_spy.clear()
    services.assessment_return(
        assessment=assessment, user=people["manager"], comment="Add the funders' judgements."
    )
    assessment.refresh_from_db()
    assert assessment.status == "draft" and assessment.is_draft
    assert assessment.review_comment == "Add the funders' judgements."
    assert assessment.reviewed_by == people["manager"]
    # The submission that was returned stays on record.
    assert assessment.submitted_by == people["lead"]
    assert lock_spy


def test_a_returned_draft_can_be_changed_and_submitted_again(assessment, people):
    services.assessment_submit(assessment=assessment, user=people["lead"])
    services.assessment_return(assessment=assessment, user=people["manager"], comment="Fix.")
    services.assessment_update(assessment=assessment, period_label="2025 (revised)")
    services.assessment_submit(assessment=assessment, user=people["admin"])
    assessment.refresh_from_db()
    assert (assessment.status, assessment.submitted_by) == ("submitted", people["admin"])
    services.assessment_approve(assessment=assessment, user=people["manager"])
    assessment.refresh_from_db()
    assert assessment.status == "approved" and assessment.review_comment == ""


@pytest.mark.parametrize("status", ["draft", "approved"])
@pytest.mark.parametrize("step", ["approve", "return"])
def test_reviewing_what_is_not_submitted_is_refused(assessment, people, status, step):
    set_status(assessment, status)
    before = snapshot(assessment)
    service = services.assessment_approve if step == "approve" else services.assessment_return
    with pytest.raises(ValidationError) as refusal:
        service(assessment=assessment, user=people["manager"], comment="A comment.")
    assert refusal.value.messages == [services.NOT_SUBMITTED_FOR_REVIEW.format(status=status)]
    assert snapshot(assessment) == before


@pytest.mark.parametrize("comment", ["", "   "])
def test_returning_without_a_comment_is_refused(assessment, people, comment):
    services.assessment_submit(assessment=assessment, user=people["lead"])
    before = snapshot(assessment)
    with pytest.raises(ValidationError) as refusal:
        services.assessment_return(assessment=assessment, user=people["manager"], comment=comment)
    assert refusal.value.message_dict == {"comment": [services.RETURN_NEEDS_COMMENT]}
    assert snapshot(assessment) == before


def test_an_approved_assessment_takes_no_further_step(assessment, people):
    services.assessment_submit(assessment=assessment, user=people["lead"])
    services.assessment_approve(assessment=assessment, user=people["manager"])
    before = snapshot(assessment)
    for attempt in (
        lambda: services.assessment_submit(assessment=assessment, user=people["lead"]),
        lambda: services.assessment_approve(assessment=assessment, user=people["admin"]),
        lambda: services.assessment_return(
            assessment=assessment, user=people["admin"], comment="Reopen."
        ),
        lambda: services.assessment_update(assessment=assessment, period_label="X"),
        lambda: services.assessment_delete(assessment=assessment),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert snapshot(assessment) == before


# ---------------------------------------------------------------- an archived microsystem


def archive(microsystem) -> None:
    """As the archive page does, on another copy: the services must read it from the database."""
    from microsystems.models import Microsystem
    from microsystems.services import microsystem_archive

    microsystem_archive(microsystem=Microsystem.objects.get(pk=microsystem.pk))


@pytest.mark.parametrize(
    "status, step",
    [("submitted", "approve"), ("submitted", "return"), ("draft", "submit"),
     ("draft", "update"), ("draft", "delete")],
)  # fmt: skip
def test_an_archived_microsystems_assessment_takes_no_step(assessment, people, status, step):
    set_status(assessment, status)
    archive(assessment.microsystem)
    before = snapshot(assessment)
    steps = {
        "approve": lambda: services.assessment_approve(
            assessment=assessment, user=people["manager"], comment="Fine."
        ),
        "return": lambda: services.assessment_return(
            assessment=assessment, user=people["manager"], comment="Fix."
        ),
        "submit": lambda: services.assessment_submit(assessment=assessment, user=people["lead"]),
        "update": lambda: services.assessment_update(assessment=assessment, period_label="X"),
        "delete": lambda: services.assessment_delete(assessment=assessment),
    }
    with pytest.raises(ValidationError) as refusal:
        steps[step]()
    assert refusal.value.messages == [services.ARCHIVED.format(name="Eastfield Library")]
    assert snapshot(assessment) == before


def test_no_assessment_is_started_for_an_archived_microsystem(microsystem, people):
    archive(microsystem)
    with pytest.raises(ValidationError) as refusal:
        services.assessment_create(
            microsystem=microsystem,
            created_by=people["lead"],
            period_label="2026 Q4",
            start_date=dt.date(2026, 10, 1),
            end_date=dt.date(2026, 12, 31),
        )
    assert refusal.value.messages == [services.ARCHIVED.format(name="Eastfield Library")]
    assert not Assessment.objects.exists()


def test_once_restored_the_assessment_can_be_approved(assessment, people):
    from microsystems.models import Microsystem
    from microsystems.services import microsystem_restore

    set_status(assessment, "submitted")
    archive(assessment.microsystem)
    microsystem_restore(microsystem=Microsystem.objects.get(pk=assessment.microsystem_id))
    services.assessment_approve(assessment=assessment, user=people["manager"])
    assert snapshot(assessment)["status"] == "approved"


def test_an_archived_microsystems_draft_takes_no_weights_judgements_or_voices(
    filled, stakeholder, people
):
    """Not only the status steps: every write to a draft's inputs goes through
    lock_draft, which refuses once the unit is archived, so a crafted POST past
    the views' 403 changes nothing either."""
    from valuation.services.drafts import ARCHIVED
    from valuation.services.judgements import JudgementInput, dimension_judgements_replace
    from valuation.services.voices import voice_weights_set
    from valuation.services.weights import weights_set_by_points

    archive(filled.microsystem)
    dimensions = list(ValueDimension.objects.active())
    equity = ValueDimension.objects.get(slug="equity")
    writes = [
        lambda: weights_set_by_points(
            assessment=filled,
            stakeholder=stakeholder,
            points={d: (100 if i == 0 else 0) for i, d in enumerate(dimensions)},
        ),
        lambda: dimension_judgements_replace(
            assessment=filled,
            stakeholder=stakeholder,
            judgements=[JudgementInput(dimension=equity, score=2, rationale="Changed.")],
        ),
        lambda: voice_weights_set(
            assessment=filled,
            weights={stakeholder.pk: Decimal(5)},
            rationale="Louder.",
            user=people["lead"],
        ),
    ]
    before = (
        list(Judgement.objects.values_list("score", "rationale")),
        list(DimensionWeight.objects.values_list("dimension_id", "weight")),
        list(VoiceWeight.objects.values_list("stakeholder_id", "weight")),
    )
    for write in writes:
        with pytest.raises(ValidationError) as refusal:
            write()
        assert refusal.value.messages == [ARCHIVED.format(name="Eastfield Library")]
    assert before == (
        list(Judgement.objects.values_list("score", "rationale")),
        list(DimensionWeight.objects.values_list("dimension_id", "weight")),
        list(VoiceWeight.objects.values_list("stakeholder_id", "weight")),
    )


def test_the_service_refuses_to_approve_an_open_period_without_confirmation(assessment, people):
    """The rule holds whatever sends the request: the service checks it, not just the form."""
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted")
    assessment.refresh_from_db()
    last_day = assessment.end_date  # 31 Dec 2025
    with pytest.raises(ValidationError) as refused:
        services.assessment_approve(assessment=assessment, user=people["manager"], today=last_day)
    assert refused.value.message_dict[services.CONFIRM_PERIOD_FIELD] == [
        services.PERIOD_NOT_ENDED.format(end="31 December 2025")
    ]
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.reviewed_by is None
    services.assessment_approve(
        assessment=assessment, user=people["manager"], today=last_day,
        period_not_ended_confirmed=True,
    )  # fmt: skip
    assessment.refresh_from_db()
    assert assessment.status == "approved"


def test_the_day_after_the_last_day_needs_no_confirmation(assessment, people):
    Assessment.objects.filter(pk=assessment.pk).update(status="submitted")
    assessment.refresh_from_db()
    services.assessment_approve(
        assessment=assessment, user=people["manager"], today=dt.date(2026, 1, 1)
    )
    assessment.refresh_from_db()
    assert assessment.status == "approved"
