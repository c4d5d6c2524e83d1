"""The points and pairwise forms: what they offer, and each bad input refused with a message."""

from fractions import Fraction

import pytest

from core.concurrency import EDIT_CONFLICT
from microsystems.demand_rows import shown
from tests.support.fingerprints import as_opened
from valuation.analysis.weights import pairs
from valuation.forms.weights import (
    DIMENSION_UNKNOWN,
    PAIR_OFF_SCALE,
    PAIR_REQUIRED,
    POINTS_NOT_WHOLE,
    POINTS_RANGE,
    PairwiseForm,
    PointsForm,
    pair_field_name,
    points_field_name,
    weights_fingerprint,
)
from valuation.models import ValueDimension
from valuation.selectors.weights import StoredWeights
from valuation.services.weights import DIMENSION_RETIRED


@pytest.fixture
def active(db) -> list[ValueDimension]:
    return list(ValueDimension.objects.active())


@pytest.fixture
def retired(db) -> ValueDimension:
    return ValueDimension.objects.create(
        name="Openness", slug="openness", description="Old.", active=False
    )


def points_form(active, stakeholder, data=None, stored=None) -> PointsForm:
    def build(data):
        return PointsForm(data, dimensions=active, stakeholder=stakeholder, stored=stored)

    return build(None if data is None else as_opened(build(None), data))


def points_data(active, *values) -> dict:
    return {points_field_name(d): str(v) for d, v in zip(active, values, strict=False)}


def test_points_form_offers_every_active_dimension_and_reads_blank_as_zero(active, stakeholder):
    form = points_form(active, stakeholder, points_data(active, 40, 30, "", 30))
    assert [field.label for field in form.point_fields()] == [d.name for d in active]
    assert form.is_valid(), form.errors
    assert list(form.points().values()) == [40, 30, 0, 30, 0]


@pytest.mark.parametrize(
    "values, total",
    [((40, 30, 20), 90), ((50, 50, 10), 110), ((), 0)],
)
def test_points_form_refuses_a_total_other_than_100_naming_it(active, stakeholder, values, total):
    form = points_form(active, stakeholder, points_data(active, *values))
    assert not form.is_valid()
    assert form.non_field_errors()[0].startswith(f"The points add up to {total}, not 100.")


@pytest.mark.parametrize(
    "value, message",
    [("abc", POINTS_NOT_WHOLE), ("12.5", POINTS_NOT_WHOLE), ("-5", POINTS_RANGE),
     ("101", POINTS_RANGE)],
)  # fmt: skip
def test_points_form_puts_a_bad_value_next_to_its_field(active, stakeholder, value, message):
    form = points_form(active, stakeholder, points_data(active, value, 100))
    assert not form.is_valid()
    assert form.errors[points_field_name(active[0])] == [message]
    # The total is only checked once every value is readable.
    assert not any("add up to" in error for error in form.non_field_errors())


def test_points_form_refuses_a_posted_retired_or_unknown_dimension(active, stakeholder, retired):
    data = points_data(active, 100)
    form = points_form(
        active, stakeholder, {**data, points_field_name(retired): "0", "points_99999": "0"}
    )
    assert not form.is_valid()
    assert form.non_field_errors() == [
        DIMENSION_RETIRED.format(dimension="Openness"),
        DIMENSION_UNKNOWN.format(id=99999),
    ]


# Past 64 bits the database refuses the id with an error; past 4,300 digits int() does.
HUGE_IDS = ["9" * 30, "9" * 5000]


@pytest.mark.parametrize("posted_id", HUGE_IDS)
def test_points_form_refuses_a_posted_dimension_id_no_row_can_have(active, stakeholder, posted_id):
    data = {**points_data(active, 100), f"points_{posted_id}": "0"}
    form = points_form(active, stakeholder, data)
    assert not form.is_valid()
    assert form.non_field_errors() == [DIMENSION_UNKNOWN.format(id=shown(posted_id))]


@pytest.mark.parametrize("posted_id", HUGE_IDS)
def test_pairwise_form_refuses_a_posted_dimension_id_no_row_can_have(
    active, stakeholder, posted_id
):
    data = {**all_equal(active), f"pair_{active[0].pk}_{posted_id}": "3"}
    form = pairwise_form(active, stakeholder, data)
    assert not form.is_valid()
    assert form.non_field_errors() == [DIMENSION_UNKNOWN.format(id=shown(posted_id))]


def test_points_form_starts_from_the_stored_points(active, stakeholder):
    stored = StoredWeights(
        method="points",
        answers={str(active[0].pk): 60, str(active[1].pk): 40},
        weights={active[0].pk: 0.6, active[1].pk: 0.4},
        consistency_ratio=None,
    )
    form = points_form(active, stakeholder, stored=stored)
    assert [field.value() for field in form.point_fields()][:3] == [60, 40, None]
    assert form.total_shown == 100


def test_a_save_over_someone_elses_change_is_refused(active, stakeholder):
    earlier = weights_fingerprint(None)
    now = StoredWeights("points", {str(active[0].pk): 100}, {active[0].pk: 1.0}, None)
    form = points_form(
        active, stakeholder, {**points_data(active, 100), "edit_fingerprint": earlier}, now
    )
    assert not form.is_valid()
    assert EDIT_CONFLICT.format(what="stakeholder's weights") in form.non_field_errors()
    # Saving again deliberately replaces their change.
    renewed = form.data["edit_fingerprint"]
    again = points_form(
        active, stakeholder, {**points_data(active, 100), "edit_fingerprint": renewed}, now
    )
    assert again.is_valid(), again.errors


# --- pairwise -------------------------------------------------------------------------


def pairwise_form(active, stakeholder, data=None, stored=None) -> PairwiseForm:
    def build(data):
        return PairwiseForm(data, dimensions=active, stakeholder=stakeholder, stored=stored)

    return build(None if data is None else as_opened(build(None), data))


def all_equal(active) -> dict:
    return {pair_field_name(a, b): "1" for a, b in pairs(active)}


def test_pairwise_form_asks_every_pair_once_in_words(active, stakeholder):
    form = pairwise_form(active, stakeholder)
    questions = form.questions()
    assert len(questions) == 10  # 5 x 4 / 2
    assert questions[0].label == (
        "For Library users, which matters more: Efficiency or Effectiveness, and by how much?"
    )
    choices = dict(questions[0].field.choices)
    assert choices["9"] == "Efficiency: extremely more (9)"
    assert choices["1"] == "Equally (1)"
    assert choices["1/3"] == "Effectiveness: moderately more (3)"
    assert len(choices) == 18  # a blank, then 9 .. 2, 1, 1/2 .. 1/9


def test_pairwise_form_gives_exact_answers(active, stakeholder):
    data = {**all_equal(active), pair_field_name(active[0], active[3]): "1/5"}
    form = pairwise_form(active, stakeholder, data)
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers[2] == (active[0], active[3], Fraction(1, 5))
    assert answers[0] == (active[0], active[1], Fraction(1))


@pytest.mark.parametrize("value", ["12", "1/10", "0", "abc", "2.5"])
def test_pairwise_form_refuses_an_answer_off_the_scale(active, stakeholder, value):
    field = pair_field_name(active[0], active[1])
    form = pairwise_form(active, stakeholder, {**all_equal(active), field: value})
    assert not form.is_valid()
    assert form.errors[field] == [PAIR_OFF_SCALE % {"value": value}]


def test_pairwise_form_needs_every_answer(active, stakeholder):
    data = all_equal(active)
    del data[pair_field_name(active[3], active[4])]
    form = pairwise_form(active, stakeholder, data)
    assert not form.is_valid()
    assert form.errors[pair_field_name(active[3], active[4])] == [
        PAIR_REQUIRED.format(first="Equity", second="Probity")
    ]


def test_pairwise_form_refuses_a_posted_retired_dimension(active, stakeholder, retired):
    data = {**all_equal(active), pair_field_name(active[0], retired): "3"}
    form = pairwise_form(active, stakeholder, data)
    assert not form.is_valid()
    assert form.non_field_errors() == [DIMENSION_RETIRED.format(dimension="Openness")]


def test_pairwise_form_starts_from_stored_answers_in_either_order(active, stakeholder):
    stored = StoredWeights(
        method="pairwise",
        # Stored the other way round: active[1] over active[0] by 3 -> "1/3" for (0, 1).
        answers=[[active[1].pk, active[0].pk, 3.0], [active[0].pk, active[2].pk, 1 / 7]],
        weights={},
        consistency_ratio=0.0,
    )
    form = pairwise_form(active, stakeholder, stored=stored)
    assert form[pair_field_name(active[0], active[1])].value() == "1/3"
    assert form[pair_field_name(active[0], active[2])].value() == "1/7"
    assert form[pair_field_name(active[0], active[3])].value() == ""
