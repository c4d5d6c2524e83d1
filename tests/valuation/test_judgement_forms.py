"""The judgement forms: every active dimension at once, the activity grid, each bad input."""

import pytest

from core.concurrency import EDIT_CONFLICT
from microsystems.demand_rows import shown
from microsystems.models import Activity
from tests.support.factories import make_microsystem
from tests.support.fingerprints import as_opened
from valuation.forms.judgements import (
    ACTIVITY_UNKNOWN,
    ROW_RATIONALE_REQUIRED,
    ROW_SCORE_MISSING,
    SCORE_MISSING,
    SCORE_NOT_A_NUMBER,
    ActivityJudgementsForm,
    DimensionJudgementsForm,
    rationale_field,
    score_field,
)
from valuation.models import JUDGEMENT_SCORE_RANGE, ValueDimension
from valuation.services.judgements import RATIONALE_REQUIRED
from valuation.services.weights import DIMENSION_RETIRED


@pytest.fixture
def active(db) -> list[ValueDimension]:
    return list(ValueDimension.objects.active())


def dimension_form(active, stakeholder, data=None, stored=None):
    def build(data):
        return DimensionJudgementsForm(
            data, dimensions=active, stakeholder=stakeholder, stored=stored or {}
        )

    return build(None if data is None else as_opened(build(None), data))


def test_every_active_dimension_is_offered_at_once(active, stakeholder):
    form = dimension_form(active, stakeholder, stored={active[3].pk: (8, "Open to all.")})
    rows = form.rows()
    assert [dimension.name for dimension, _, _ in rows] == [
        "Efficiency", "Effectiveness", "Accountability", "Equity", "Probity"
    ]  # fmt: skip
    _, score, rationale = rows[3]
    assert score.label == "Equity: score from 0 to 10"
    assert rationale.label == "Why Library users give Equity this score"
    assert (score.value(), rationale.value()) == (8, "Open to all.")


def test_blank_scores_are_not_judged_and_given_ones_need_a_reason(active, stakeholder):
    data = {
        score_field(active[0]): "0",
        rationale_field(active[0]): "Queues every morning.",
        score_field(active[3]): "10",
        rationale_field(active[3]): "Free for everyone.",
    }
    form = dimension_form(active, stakeholder, data)
    assert form.is_valid(), form.errors
    judged = [(j.dimension.name, j.score, j.rationale) for j in form.judgements()]
    assert judged == [
        ("Efficiency", 0, "Queues every morning."),
        ("Equity", 10, "Free for everyone."),
    ]


@pytest.mark.parametrize(
    "score, rationale, field, message",
    [
        ("11", "Too high.", "score", JUDGEMENT_SCORE_RANGE),
        ("-1", "Too low.", "score", JUDGEMENT_SCORE_RANGE),
        ("seven", "Words.", "score", SCORE_NOT_A_NUMBER),
        ("7.5", "Half.", "score", SCORE_NOT_A_NUMBER),
        ("7", "  ", "rationale", RATIONALE_REQUIRED),
        ("", "A reason but no score.", "score", SCORE_MISSING),
    ],
)
def test_each_bad_input_is_refused_next_to_its_field(
    active, stakeholder, score, rationale, field, message
):
    equity = active[3]
    data = {score_field(equity): score, rationale_field(equity): rationale}
    form = dimension_form(active, stakeholder, data)
    assert not form.is_valid()
    name = score_field(equity) if field == "score" else rationale_field(equity)
    assert form.errors[name] == [message]


def test_a_posted_retired_or_unknown_dimension_is_refused(active, stakeholder):
    retired = ValueDimension.objects.create(
        name="Openness", slug="openness", description="Old.", active=False
    )
    data = {score_field(retired): "5", rationale_field(retired): "Why not.", "score_424242": "3"}
    form = dimension_form(active, stakeholder, data)
    assert not form.is_valid()
    assert form.non_field_errors() == [
        DIMENSION_RETIRED.format(dimension="Openness"),
        "There is no value dimension number 424242: reload the page and try again.",
    ]


@pytest.mark.parametrize("posted_id", ["9" * 30, "9" * 5000])
def test_a_posted_dimension_id_no_row_can_have_is_refused(active, stakeholder, posted_id):
    # Past 64 bits the database refuses the id with an error; past 4,300 digits int() does.
    form = dimension_form(active, stakeholder, {f"score_{posted_id}": "3"})
    assert not form.is_valid()
    assert form.non_field_errors() == [
        f"There is no value dimension number {shown(posted_id)}: reload the page and try again."
    ]


def test_a_save_over_someone_elses_judgements_is_refused(active, stakeholder):
    opened = dimension_form(active, stakeholder)
    shown = opened["edit_fingerprint"].value()
    now = {active[3].pk: (3, "Someone else's view.")}
    form = dimension_form(active, stakeholder, {"edit_fingerprint": shown}, stored=now)
    assert not form.is_valid()
    assert form.non_field_errors() == [EDIT_CONFLICT.format(what="stakeholder's judgements")]


# --- the activity grid ------------------------------------------------------------------


@pytest.fixture
def activities(microsystem, activity) -> list[Activity]:
    rhyme_time = Activity.objects.create(
        microsystem=microsystem, name="Rhyme time", preventive=True, contribution="Early reading."
    )
    return [activity, rhyme_time]


def activity_form(active, stakeholder, activities, data=None, stored=None):
    def build(data):
        return ActivityJudgementsForm(
            data,
            activities=activities,
            dimensions=active,
            stakeholder=stakeholder,
            stored=stored or {},
        )

    return build(None if data is None else as_opened(build(None), data))


def test_the_grid_has_a_score_per_activity_and_dimension_and_one_reason_per_row(
    active, stakeholder, activities
):
    lending, rhyme_time = activities
    stored = {
        (rhyme_time.pk, active[1].pk): (9, "Stops gaps later."),
        (rhyme_time.pk, active[3].pk): (9, "Stops gaps later."),
    }
    form = activity_form(active, stakeholder, activities, stored=stored)
    rows = form.rows()
    assert [activity.name for activity, _, _ in rows] == ["Lending and returns", "Rhyme time"]
    _, scores, rationale = rows[1]
    assert [score.value() for score in scores] == [None, 9, None, 9, None]
    assert scores[1].label == "Rhyme time: contribution to Effectiveness, 0 to 10"
    assert rationale.value() == "Stops gaps later."


def test_the_rows_reason_is_stored_on_each_of_its_judgements(active, stakeholder, activities):
    lending, rhyme_time = activities
    data = {
        score_field(active[0], rhyme_time): "2",
        score_field(active[1], rhyme_time): "9",
        rationale_field(rhyme_time): "Prevents later literacy gaps.",
    }
    form = activity_form(active, stakeholder, activities, data)
    assert form.is_valid(), form.errors
    assert [
        (j.activity.name, j.dimension.name, j.score, j.rationale) for j in form.judgements()
    ] == [
        ("Rhyme time", "Efficiency", 2, "Prevents later literacy gaps."),
        ("Rhyme time", "Effectiveness", 9, "Prevents later literacy gaps."),
    ]


def test_a_row_with_a_score_needs_a_reason_and_a_reason_needs_a_score(
    active, stakeholder, activities
):
    lending, rhyme_time = activities
    data = {
        score_field(active[0], lending): "5",
        rationale_field(rhyme_time): "Reason without a score.",
        score_field(active[2], rhyme_time): "12",
    }
    form = activity_form(active, stakeholder, activities, data)
    assert not form.is_valid()
    assert form.errors[rationale_field(lending)] == [
        ROW_RATIONALE_REQUIRED.format(activity="Lending and returns")
    ]
    assert form.errors[score_field(active[2], rhyme_time)] == [JUDGEMENT_SCORE_RANGE]
    # A row whose score is unreadable is not checked for its reason until the score is put right.
    assert rationale_field(rhyme_time) not in form.errors
    form = activity_form(
        active, stakeholder, activities, {rationale_field(rhyme_time): "Reason without a score."}
    )
    assert form.errors[rationale_field(rhyme_time)] == [
        ROW_SCORE_MISSING.format(activity="Rhyme time")
    ]


def test_another_microsystems_activity_or_a_retired_dimension_is_refused(
    active, stakeholder, activities, organisation
):
    elsewhere = make_microsystem(organisation, "Westfield Library")
    theirs = Activity.objects.create(
        microsystem=elsewhere, name="Mobile library", contribution="Reaches villages."
    )
    retired = ValueDimension.objects.create(
        name="Openness", slug="openness", description="Old.", active=False
    )
    data = {
        score_field(active[0], theirs): "5",
        rationale_field(theirs): "Not ours.",
        score_field(retired, activities[0]): "5",
    }
    form = activity_form(active, stakeholder, activities, data)
    assert not form.is_valid()
    assert form.non_field_errors() == [
        ACTIVITY_UNKNOWN.format(id=theirs.pk),
        DIMENSION_RETIRED.format(dimension="Openness"),
    ]
    # The other microsystem's activity is not named: its name is none of this user's business.
    assert "Mobile library" not in str(form.errors)


@pytest.mark.parametrize("posted_id", ["9" * 30, "9" * 5000])
def test_a_posted_activity_or_dimension_id_no_row_can_have_is_refused(
    active, stakeholder, activities, posted_id
):
    data = {
        rationale_field(activities[0]): "Ours.",
        score_field(active[0], activities[0]): "5",
        f"rationale_{posted_id}": "Nobody's.",
        f"score_{activities[0].pk}_{posted_id}": "5",
    }
    form = activity_form(active, stakeholder, activities, data)
    assert not form.is_valid()
    assert form.non_field_errors() == [
        ACTIVITY_UNKNOWN.format(id=shown(posted_id)),
        f"There is no value dimension number {shown(posted_id)}: reload the page and try again.",
    ]
