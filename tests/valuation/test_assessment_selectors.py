"""Reads for the assessment pages: the checklist, what a delete takes, the review queue."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stakeholders.models import Stakeholder
from tests.support.factories import make_microsystem, make_user
from valuation.models import (
    Assessment,
    Judgement,
    Measure,
    Measurement,
    StakeholderWeight,
    ValueDimension,
    VoiceWeight,
)
from valuation.reports.checklist import submission_checklist
from valuation.selectors.assessments import (
    assessment_contents,
    review_queue,
    submission_facts,
    voice_rows,
)

# A day after every fixture assessment has ended.
TODAY = dt.date(2026, 6, 1)


def items_by_label(assessment) -> dict:
    checklist = submission_checklist(submission_facts(assessment), TODAY)
    return {item.label: item for item in checklist.items}


def test_an_empty_draft_warns_about_everything(assessment):
    checklist = submission_checklist(submission_facts(assessment), TODAY)
    assert checklist.warnings == 5
    items = {item.label: item for item in checklist.items}
    assert "No stakeholder groups yet" in items["Stakeholders recorded"].detail
    assert "Efficiency" in items["Every value dimension measured or judged"].detail
    assert "No measurements" in items["Measurements in the period"].detail


def test_the_checklist_names_what_is_missing(assessment, stakeholder, measure, microsystem):
    funders = Stakeholder.objects.create(microsystem=microsystem, name="Funders", kind="funders")
    StakeholderWeight.objects.create(
        assessment=assessment, stakeholder=stakeholder, method="points"
    )
    equity = ValueDimension.objects.get(slug="equity")
    Judgement.objects.create(
        assessment=assessment, stakeholder=funders, dimension=equity, score=4, rationale="Why."
    )
    items = items_by_label(assessment)
    assert items["Stakeholders recorded"].done
    weights = items["Every stakeholder's dimension weights"]
    assert not weights.done and weights.detail == "Without weights: Funders."
    judgements = items["Every stakeholder's judgements"]
    assert not judgements.done and judgements.detail == "Without judgements: Library users."
    # Effectiveness has a measure, equity a judgement; the other three have neither.
    dimensions = items["Every value dimension measured or judged"]
    assert not dimensions.done
    assert dimensions.detail.startswith("No measure and no judgement: Efficiency, Accountability")
    assert "Equity" not in dimensions.detail and "Effectiveness" not in dimensions.detail


def test_judgements_of_activities_and_retired_measures_do_not_count(
    assessment, stakeholder, activity, measure, microsystem
):
    Measure.objects.filter(pk=measure.pk).update(active=False)
    Judgement.objects.create(
        assessment=assessment,
        stakeholder=stakeholder,
        dimension=ValueDimension.objects.get(slug="effectiveness"),
        activity=activity,
        score=8,
        rationale="Loans matter.",
    )
    items = items_by_label(assessment)
    assert not items["Every stakeholder's judgements"].done
    assert "Effectiveness" in items["Every value dimension measured or judged"].detail


def test_a_measure_chosen_for_another_microsystem_does_not_count(assessment, measure, organisation):
    other = make_microsystem(organisation, "Elsewhere")
    Measure.objects.filter(pk=measure.pk).update(applies_to_all=False)
    measure.microsystems.add(other)
    assert (
        "Effectiveness"
        in items_by_label(assessment)["Every value dimension measured or judged"].detail
    )
    measure.microsystems.add(assessment.microsystem)
    assert (
        "Effectiveness"
        not in items_by_label(assessment)["Every value dimension measured or judged"].detail
    )


def test_everything_in_place(assessment, stakeholder, measure, microsystem):
    StakeholderWeight.objects.create(
        assessment=assessment, stakeholder=stakeholder, method="points"
    )
    Judgement.objects.bulk_create(
        Judgement(
            assessment=assessment,
            stakeholder=stakeholder,
            dimension=dimension,
            score=6,
            rationale="Seen.",
        )
        for dimension in ValueDimension.objects.active()
    )
    # Every month of 2025, so the measure is complete.
    Measurement.objects.bulk_create(
        Measurement(
            microsystem=microsystem, measure=measure, period_start=dt.date(2025, month, 1), value=70
        )
        for month in range(1, 13)
    )
    # Outside the period: not counted.
    Measurement.objects.create(
        microsystem=microsystem, measure=measure, period_start=dt.date(2026, 1, 1), value=70
    )
    checklist = submission_checklist(submission_facts(assessment), TODAY)
    assert checklist.warnings == 0
    measured = {item.label: item for item in checklist.items}["Measurements in the period"]
    assert measured.detail == "12 measurements recorded between 1 Jan 2025 and 31 Dec 2025."


def test_the_checklist_takes_four_queries_whatever_the_data(assessment, microsystem, measure):
    Stakeholder.objects.bulk_create(
        Stakeholder(microsystem=microsystem, name=f"Group {n}") for n in range(20)
    )
    Measurement.objects.bulk_create(
        Measurement(
            microsystem=microsystem, measure=measure, period_start=dt.date(2025, month, 1), value=7
        )
        for month in range(1, 7)
    )
    with CaptureQueriesContext(connection) as queries:
        submission_checklist(submission_facts(assessment), TODAY)
    assert len(queries.captured_queries) == 4


def test_contents_count_what_a_delete_takes(assessment, stakeholder):
    StakeholderWeight.objects.create(
        assessment=assessment, stakeholder=stakeholder, method="points"
    )
    for slug in ("equity", "probity"):
        Judgement.objects.create(
            assessment=assessment,
            stakeholder=stakeholder,
            dimension=ValueDimension.objects.get(slug=slug),
            score=5,
            rationale="Why.",
        )
    contents = assessment_contents(assessment)
    assert (contents.weights, contents.judgements, contents.voice_weights) == (1, 2, 0)


# ---------------------------------------------------------------- review queue


@pytest.fixture
def submitted_elsewhere(users, microsystem, organisation, other_organisation):
    """A submitted assessment here, one in another organisation, and a draft here."""
    here = Assessment.objects.create(
        microsystem=microsystem,
        period_label="2026 Q3",
        start_date=dt.date(2026, 7, 1),
        end_date=dt.date(2026, 9, 30),
        status="submitted",
    )
    Assessment.objects.create(
        microsystem=microsystem,
        period_label="2026 Q4",
        start_date=dt.date(2026, 10, 1),
        end_date=dt.date(2026, 12, 31),
    )
    there = Assessment.objects.create(
        microsystem=make_microsystem(other_organisation, "Southgate Library"),
        period_label="2026 Q3",
        start_date=dt.date(2026, 7, 1),
        end_date=dt.date(2026, 9, 30),
        status="submitted",
    )
    return here, there


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("manager", ["here"]),
        ("other_manager", ["there"]),
        ("admin", ["here", "there"]),
        ("lead", []),
        ("member", []),
        ("outsider", []),
    ],
)
def test_the_queue_shows_only_what_the_user_may_review(
    users, submitted_elsewhere, persona, expected
):
    here, there = submitted_elsewhere
    names = {here.pk: "here", there.pk: "there"}
    assert sorted(names[a.pk] for a in review_queue(users[persona])) == expected


def test_the_queue_is_one_query_however_many_are_waiting(users, organisation):
    for number in range(15):
        Assessment.objects.create(
            microsystem=make_microsystem(organisation, f"Unit {number}"),
            period_label="2026 Q3",
            start_date=dt.date(2026, 7, 1),
            end_date=dt.date(2026, 9, 30),
            status="submitted",
            submitted_by=make_user(f"leader{number}"),
        )
    with CaptureQueriesContext(connection) as queries:
        queue = review_queue(users["manager"])
        names = [(a.microsystem.organisation.name, a.submitted_by.username) for a in queue]
    assert len(names) == 15 and len(queries.captured_queries) == 1


# ---------------------------------------------------------------- voices


def test_voices_are_equal_with_no_rows(assessment, stakeholder, microsystem):
    Stakeholder.objects.create(microsystem=microsystem, name="Funders", kind="funders")
    rows, equal = voice_rows(assessment)
    assert equal
    assert [(r.stakeholder.name, r.weight, r.share) for r in rows] == [
        ("Funders", 1, 50),
        ("Library users", 1, 50),
    ]


def test_shares_follow_the_stored_weights(assessment, stakeholder, microsystem):
    funders = Stakeholder.objects.create(microsystem=microsystem, name="Funders", kind="funders")
    staff = Stakeholder.objects.create(microsystem=microsystem, name="Staff", kind="staff")
    VoiceWeight.objects.create(assessment=assessment, stakeholder=stakeholder, weight=2)
    VoiceWeight.objects.create(assessment=assessment, stakeholder=funders, weight=1)
    VoiceWeight.objects.create(assessment=assessment, stakeholder=staff, weight=1)
    rows, equal = voice_rows(assessment)
    assert not equal
    # 2 / (2 + 1 + 1) = 50%, 1 / 4 = 25% each.
    assert {r.stakeholder.name: r.share for r in rows} == {
        "Funders": 25,
        "Library users": 50,
        "Staff": 25,
    }


def test_a_stakeholder_added_after_voices_were_set_counts_nothing_until_saved(
    assessment, stakeholder, microsystem
):
    VoiceWeight.objects.create(assessment=assessment, stakeholder=stakeholder, weight=3)
    Stakeholder.objects.create(microsystem=microsystem, name="Funders", kind="funders")
    rows, equal = voice_rows(assessment)
    assert not equal
    # As the scoring engine reads it: no row, no voice. The form offers 1.
    assert [(r.stakeholder.name, r.weight, r.share, r.unweighted) for r in rows] == [
        ("Funders", 1, 0, True),
        ("Library users", 3, 100, False),
    ]


def test_the_checklist_names_measures_recorded_for_part_of_the_period(
    assessment, microsystem, measure
):
    # The fixture assessment is 2025, monthly: January to June only.
    Measurement.objects.bulk_create(
        Measurement(
            microsystem=microsystem, measure=measure, period_start=dt.date(2025, month, 1), value=7
        )
        for month in range(1, 7)
    )
    item = items_by_label(assessment)["Every measure recorded for each month of the period"]
    assert not item.done
    assert item.detail == (
        "Incomplete, so not scored: Users satisfied (missing Jul 2025, Aug 2025, Sep 2025, "
        "Oct 2025, Nov 2025 and Dec 2025)."
    )
    # On the assessment's last day its period has not ended.
    checklist = submission_checklist(submission_facts(assessment), dt.date(2025, 12, 31))
    ended = {item.label: item for item in checklist.items}["The period has ended"]
    assert not ended.done and "runs until 31 Dec 2025" in ended.detail


def test_the_means_of_judgements_of_activities_are_read_from_their_index_alone(
    assessment, stakeholder, microsystem
):
    """The averaging query is answered from the judgement_activity_means index in
    group order, with no sort and no read of the table (SQLite's plan says so; its
    numbers are the engine's tests')."""
    from valuation.selectors.account import activity_judgement_frame

    if connection.vendor != "sqlite":
        pytest.skip("The plan is read on SQLite; PostgreSQL chooses by its statistics.")
    with CaptureQueriesContext(connection) as captured:
        activity_judgement_frame(assessment)
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
        plan = " | ".join(row[-1] for row in cursor.fetchall())
    assert "COVERING INDEX judgement_activity_means" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
