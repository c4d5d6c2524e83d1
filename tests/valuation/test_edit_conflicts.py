"""Weights, judgements and voices: a save over someone else's change is refused, theirs kept.

Each page is opened, someone else saves through the service meanwhile, and the
page's save is refused with the conflict message while their values stay; the
re-shown form carries the new fingerprint, so saving again replaces them. A
POST without any fingerprint is refused the same way.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.concurrency import EDIT_CONFLICT, FINGERPRINT_FIELD, FINGERPRINT_MISSING
from tests.support.fingerprints import fingerprint_on
from valuation.analysis.weights import pairs
from valuation.forms.judgements import rationale_field, score_field
from valuation.forms.weights import pair_field_name, points_field_name
from valuation.models import Judgement, StakeholderWeight, ValueDimension, VoiceWeight
from valuation.services.judgements import (
    JudgementInput,
    activity_judgements_replace,
    dimension_judgements_replace,
)
from valuation.services.voices import voice_weights_set
from valuation.services.weights import weights_set_by_pairwise, weights_set_by_points


@pytest.fixture
def active(db) -> list[ValueDimension]:
    return list(ValueDimension.objects.active())


def page(name: str, assessment, stakeholder=None) -> str:
    kwargs = {"slug": assessment.microsystem.slug, "assessment_id": assessment.pk}
    if stakeholder is not None:
        kwargs["stakeholder_id"] = stakeholder.pk
    return reverse(f"valuation:{name}", kwargs=kwargs)


def refused(client, url: str, posted: dict, message: str) -> dict:
    """Post, see the save refused with `message`; what to post to save on purpose."""
    response = client.post(url, posted)
    assert response.status_code == 200
    assert message in response.context["form"].non_field_errors()
    refreshed = response.context["form"].data[FINGERPRINT_FIELD]
    assert refreshed and refreshed != posted.get(FINGERPRINT_FIELD)
    return {**posted, FINGERPRINT_FIELD: refreshed}


# --- weights -------------------------------------------------------------------------------


def points(active, *values) -> dict:
    return {points_field_name(d): str(v) for d, v in zip(active, values, strict=False)}


def stored_points(assessment, stakeholder) -> dict:
    answers = StakeholderWeight.objects.get(assessment=assessment, stakeholder=stakeholder).answers
    return {key: value for key, value in answers.items() if value}


def test_points(client_for, assessment, stakeholder, active):
    client = client_for("lead")
    url = page("weights_points", assessment, stakeholder)
    posted = {**points(active, 100, 0, 0, 0, 0), **fingerprint_on(client, url)}
    theirs = {d: 100 if d == active[1] else 0 for d in active}
    weights_set_by_points(assessment=assessment, stakeholder=stakeholder, points=theirs)

    again = refused(client, url, posted, EDIT_CONFLICT.format(what="stakeholder's weights"))
    assert stored_points(assessment, stakeholder) == {str(active[1].pk): 100}
    assert client.post(url, again).status_code == 302
    assert stored_points(assessment, stakeholder) == {str(active[0].pk): 100}


def test_pairwise(client_for, assessment, stakeholder, active):
    client = client_for("lead")
    url = page("weights_pairwise", assessment, stakeholder)
    posted = {
        **{pair_field_name(a, b): "1" for a, b in pairs(active)},
        **fingerprint_on(client, url),
    }
    theirs = [(a, b, 2) for a, b in pairs(active)]
    weights_set_by_pairwise(assessment=assessment, stakeholder=stakeholder, answers=theirs)

    def stored_answers() -> set:
        weight = StakeholderWeight.objects.get(assessment=assessment, stakeholder=stakeholder)
        return {value for _, _, value in weight.answers}

    again = refused(client, url, posted, EDIT_CONFLICT.format(what="stakeholder's weights"))
    assert stored_answers() == {2.0}
    assert client.post(url, again).status_code == 302
    assert stored_answers() == {1.0}


# --- judgements ----------------------------------------------------------------------------


def test_judgements_of_dimensions(client_for, assessment, stakeholder, active):
    client = client_for("lead")
    url = page("judgements_edit", assessment, stakeholder)
    equity = active[3]
    posted = {
        score_field(equity): "9",
        rationale_field(equity): "Mine.",
        **fingerprint_on(client, url),
    }
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(dimension=equity, score=2, rationale="Theirs.")],
    )
    again = refused(client, url, posted, EDIT_CONFLICT.format(what="stakeholder's judgements"))
    assert list(Judgement.objects.values_list("score", "rationale")) == [(2, "Theirs.")]
    assert client.post(url, again).status_code == 302
    assert list(Judgement.objects.values_list("score", "rationale")) == [(9, "Mine.")]


def test_judgements_of_activities(client_for, assessment, stakeholder, activity, active):
    client = client_for("lead")
    url = page("activity_judgements_edit", assessment, stakeholder)
    posted = {
        score_field(active[0], activity): "9",
        rationale_field(activity): "Mine.",
        **fingerprint_on(client, url),
    }
    activity_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[
            JudgementInput(dimension=active[0], score=2, rationale="Theirs.", activity=activity)
        ],
    )
    again = refused(client, url, posted, EDIT_CONFLICT.format(what="stakeholder's judgements"))
    assert list(Judgement.objects.values_list("score", "rationale")) == [(2, "Theirs.")]
    assert client.post(url, again).status_code == 302
    assert list(Judgement.objects.values_list("score", "rationale")) == [(9, "Mine.")]


# --- voices --------------------------------------------------------------------------------


@pytest.fixture
def funders(microsystem):
    from stakeholders.models import Stakeholder

    return Stakeholder.objects.create(microsystem=microsystem, name="Funders", kind="funders")


def voices(assessment) -> dict:
    return dict(
        VoiceWeight.objects.filter(assessment=assessment).values_list("stakeholder", "weight")
    )


def test_voice_weights(client_for, assessment, stakeholder, funders, users):
    client = client_for("lead")
    url = page("voices", assessment)
    posted = {
        f"weight_{stakeholder.pk}": "3",
        f"weight_{funders.pk}": "1",
        "voice_weights_rationale": "Users first, agreed at the panel.",
        **fingerprint_on(client, url),
    }
    voice_weights_set(
        assessment=assessment,
        weights={stakeholder.pk: Decimal(1), funders.pk: Decimal(2)},
        rationale="Funders first, said the board.",
        user=users["manager"],
    )
    again = refused(client, url, posted, EDIT_CONFLICT.format(what="assessment's voice weights"))
    assert voices(assessment) == {stakeholder.pk: 1, funders.pk: 2}
    assessment.refresh_from_db()
    assert assessment.voice_weights_rationale == "Funders first, said the board."
    assert client.post(url, again).status_code == 302
    assert voices(assessment) == {stakeholder.pk: 3, funders.pk: 1}


def test_voice_weights_changed_only_in_their_reason(client_for, assessment, stakeholder, users):
    voice_weights_set(
        assessment=assessment,
        weights={stakeholder.pk: Decimal(2)},
        rationale="First reason.",
        user=users["lead"],
    )
    client = client_for("lead")
    url = page("voices", assessment)
    posted = {
        f"weight_{stakeholder.pk}": "2",
        "voice_weights_rationale": "My reason.",
        **fingerprint_on(client, url),
    }
    assessment.voice_weights_rationale = "Their better reason."
    assessment.save(update_fields=["voice_weights_rationale"])
    refused(client, url, posted, EDIT_CONFLICT.format(what="assessment's voice weights"))
    assessment.refresh_from_db()
    assert assessment.voice_weights_rationale == "Their better reason."


# --- a POST without the fingerprint -----------------------------------------------------


def test_a_save_without_a_fingerprint_is_refused_on_every_form(
    client_for, assessment, stakeholder, activity, funders, active
):
    client = client_for("lead")
    cases = [
        (
            page("weights_points", assessment, stakeholder),
            points(active, 100, 0, 0, 0, 0),
            "stakeholder's weights",
        ),
        (
            page("weights_pairwise", assessment, stakeholder),
            {pair_field_name(a, b): "1" for a, b in pairs(active)},
            "stakeholder's weights",
        ),
        (
            page("judgements_edit", assessment, stakeholder),
            {score_field(active[0]): "5", rationale_field(active[0]): "Why."},
            "stakeholder's judgements",
        ),
        (
            page("activity_judgements_edit", assessment, stakeholder),
            {score_field(active[0], activity): "5", rationale_field(activity): "Why."},
            "stakeholder's judgements",
        ),
        (
            page("voices", assessment),
            {
                f"weight_{stakeholder.pk}": "2",
                f"weight_{funders.pk}": "1",
                "voice_weights_rationale": "Why.",
            },
            "assessment's voice weights",
        ),
        (
            page("assessment_edit", assessment),
            {"period_label": "Mine", "start_date": "2025-01-01", "end_date": "2025-12-31"},
            "assessment",
        ),
    ]
    for url, posted, what in cases:
        again = refused(client, url, posted, FINGERPRINT_MISSING.format(what=what))
        assert client.post(url, again).status_code == 302
    assert StakeholderWeight.objects.get().method == "pairwise"
    assert Judgement.objects.count() == 2
    assert voices(assessment) == {stakeholder.pk: 2, funders.pk: 1}
    assessment.refresh_from_db()
    assert assessment.period_label == "Mine"


def test_a_refused_save_without_a_fingerprint_saves_nothing(client_for, assessment, stakeholder):
    posted = {f"weight_{stakeholder.pk}": "2", "voice_weights_rationale": "Why."}
    what = "assessment's voice weights"
    refused(
        client_for("lead"),
        page("voices", assessment),
        posted,
        FINGERPRINT_MISSING.format(what=what),
    )
    assert voices(assessment) == {}
    assessment.refresh_from_db()
    assert assessment.voice_weights_rationale == ""
