"""Voice weights: equal by default, others only with a reason, reset, and bad input refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.concurrency import EDIT_CONFLICT, FINGERPRINT_FIELD
from stakeholders.models import Stakeholder
from tests.support.factories import make_microsystem
from tests.support.fingerprints import as_opened, fingerprint_on
from valuation.forms.voices import (
    WEIGHT_NOT_A_NUMBER,
    WEIGHT_REQUIRED,
    VoiceWeightsForm,
    plain_weight,
)
from valuation.models import Assessment, VoiceWeight, not_draft_message
from valuation.services.voices import (
    VOICE_MISSING_STAKEHOLDER,
    VOICE_NEGATIVE,
    VOICE_RATIONALE_REQUIRED,
    VOICE_UNKNOWN_STAKEHOLDER,
    VOICES_ALL_ZERO,
    voice_weights_reset,
    voice_weights_set,
)


@pytest.fixture
def funders(microsystem) -> Stakeholder:
    return Stakeholder.objects.create(microsystem=microsystem, name="Funders", kind="funders")


@pytest.fixture
def groups(stakeholder, funders) -> list[Stakeholder]:
    return [funders, stakeholder]  # by name: Funders, Library users


def voices_url(assessment: Assessment) -> str:
    return reverse("valuation:voices", args=[assessment.microsystem.slug, assessment.pk])


def posted(groups, weights, rationale="") -> dict:
    data = {f"weight_{g.pk}": w for g, w in zip(groups, weights, strict=True)}
    data["voice_weights_rationale"] = rationale
    return data


def stored(assessment) -> dict:
    return dict(
        VoiceWeight.objects.filter(assessment=assessment).values_list("stakeholder__name", "weight")
    )


def page_text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


# ---------------------------------------------------------------- the form


def form(groups, data) -> VoiceWeightsForm:
    def build(data):
        return VoiceWeightsForm(data, stakeholders=groups, weights={})

    return build(as_opened(build(None), data))


def test_the_form_offers_every_stakeholder_at_1_by_default(groups):
    unbound = VoiceWeightsForm(stakeholders=groups, weights={})
    assert [field.value() for _, field in unbound.weight_fields()] == ["1", "1"]
    assert [s.name for s, _ in unbound.weight_fields()] == ["Funders", "Library users"]


def test_weights_are_shown_plainly():
    assert [plain_weight(Decimal(v)) for v in ("2.500", "10.000", "0.250", "1")] == [
        "2.5",
        "10",
        "0.25",
        "1",
    ]


@pytest.mark.parametrize(
    "weights, field_error",
    [
        (["-1", "1"], VOICE_NEGATIVE),
        (["lots", "1"], WEIGHT_NOT_A_NUMBER),
        (["", "1"], WEIGHT_REQUIRED),
        (["1000", "1"], "Enter a weight below 1,000 with at most three decimals."),
    ],
)
def test_a_bad_weight_is_refused_next_to_its_field(groups, weights, field_error):
    bound = form(groups, posted(groups, weights, "Because."))
    assert not bound.is_valid()
    assert bound.errors[f"weight_{groups[0].pk}"] == [field_error]


def test_all_zero_is_refused(groups):
    bound = form(groups, posted(groups, ["0", "0"]))
    assert not bound.is_valid()
    assert bound.non_field_errors() == [VOICES_ALL_ZERO]


def test_unequal_weights_need_a_reason_next_to_the_field(groups):
    bound = form(groups, posted(groups, ["2", "1"], "  "))
    assert not bound.is_valid()
    assert bound.errors["voice_weights_rationale"] == [VOICE_RATIONALE_REQUIRED]
    assert form(groups, posted(groups, ["2", "1"], "Agreed at the forum.")).is_valid()


def test_equal_weights_need_no_reason(groups):
    assert form(groups, posted(groups, ["3", "3"])).is_valid()


def test_a_posted_unknown_stakeholder_is_an_error(groups, organisation):
    other = make_microsystem(organisation, "Elsewhere")
    stranger = Stakeholder.objects.create(microsystem=other, name="Strangers")
    data = {**posted(groups, ["1", "1"]), f"weight_{stranger.pk}": "5"}
    bound = form(groups, data)
    assert not bound.is_valid()
    assert bound.non_field_errors() == [
        VOICE_UNKNOWN_STAKEHOLDER.format(stakeholder_id=stranger.pk)
    ]


# ---------------------------------------------------------------- the services


def test_setting_voices_keeps_the_reason_and_who(assessment, groups, users):
    funders, library_users = groups
    voice_weights_set(
        assessment=assessment,
        weights={funders.pk: Decimal(1), library_users.pk: Decimal("2.5")},
        rationale=" Users first. ",
        user=users["lead"],
    )
    assessment.refresh_from_db()
    assert stored(assessment) == {"Funders": Decimal(1), "Library users": Decimal("2.5")}
    assert assessment.voice_weights_rationale == "Users first."
    assert assessment.voice_weights_set_by == users["lead"]
    assert assessment.voice_weights_set_at is not None


def test_setting_voices_again_replaces_them(assessment, groups, users):
    funders, library_users = groups
    for weights in ((1, 2), (3, 1)):
        voice_weights_set(
            assessment=assessment,
            weights={funders.pk: Decimal(weights[0]), library_users.pk: Decimal(weights[1])},
            rationale="Changed our minds.",
            user=users["lead"],
        )
    assert stored(assessment) == {"Funders": 3, "Library users": 1}


def test_equal_weights_are_stored_as_equal_voices(assessment, groups, users):
    funders, library_users = groups
    VoiceWeight.objects.create(assessment=assessment, stakeholder=funders, weight=2)
    voice_weights_set(
        assessment=assessment,
        weights={funders.pk: Decimal(2), library_users.pk: Decimal(2)},
        rationale="No longer needed.",
        user=users["lead"],
    )
    assessment.refresh_from_db()
    assert stored(assessment) == {} and assessment.voice_weights_rationale == ""


def with_voices(assessment, groups, users) -> Assessment:
    funders, library_users = groups
    return voice_weights_set(
        assessment=assessment,
        weights={funders.pk: Decimal(1), library_users.pk: Decimal(2)},
        rationale="Users first.",
        user=users["lead"],
    )


def test_reset_to_equal_voices(assessment, groups, users):
    with_voices(assessment, groups, users)
    voice_weights_reset(assessment=assessment, user=users["admin"])
    assessment.refresh_from_db()
    assert stored(assessment) == {}
    assert assessment.voice_weights_rationale == ""
    assert assessment.voice_weights_set_by == users["admin"]


def refused(assessment, groups, users, weights, rationale="Because.", message=None, field=None):
    before = (stored(assessment), Assessment.objects.values().get(pk=assessment.pk))
    with pytest.raises(ValidationError) as refusal:
        voice_weights_set(
            assessment=assessment, weights=weights, rationale=rationale, user=users["lead"]
        )
    assert (stored(assessment), Assessment.objects.values().get(pk=assessment.pk)) == before
    if field:
        assert refusal.value.message_dict[field] == [message]
    else:
        assert refusal.value.messages == [message]


def test_the_service_refuses_bad_weights_and_saves_nothing(assessment, groups, users, organisation):
    with_voices(assessment, groups, users)
    funders, library_users = groups

    def weights(first, second) -> dict:
        return {funders.pk: Decimal(first), library_users.pk: Decimal(second)}

    refused(assessment, groups, users, weights(-1, 1), message=VOICE_NEGATIVE)
    refused(assessment, groups, users, weights(0, 0), message=VOICES_ALL_ZERO)
    refused(
        assessment,
        groups,
        users,
        weights(3, 1),
        rationale="",
        message=VOICE_RATIONALE_REQUIRED,
        field="voice_weights_rationale",
    )
    missing = VOICE_MISSING_STAKEHOLDER.format(names="Library users")
    refused(assessment, groups, users, {funders.pk: Decimal(3)}, message=missing)
    stranger = Stakeholder.objects.create(
        microsystem=make_microsystem(organisation, "Elsewhere"), name="Strangers"
    )
    unknown = VOICE_UNKNOWN_STAKEHOLDER.format(stakeholder_id=stranger.pk)
    refused(assessment, groups, users, {**weights(1, 1), stranger.pk: Decimal(9)}, message=unknown)


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_voices_of_a_submitted_assessment_do_not_change(assessment, groups, users, status):
    with_voices(assessment, groups, users)
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    funders, library_users = groups
    weights = {funders.pk: Decimal(5), library_users.pk: Decimal(1)}
    refused(assessment, groups, users, weights, message=not_draft_message(status))
    with pytest.raises(ValidationError):
        voice_weights_reset(assessment=assessment, user=users["lead"])
    assert stored(assessment) == {"Funders": 1, "Library users": 2}


# ---------------------------------------------------------------- the page


def test_the_page_shows_equal_voices_and_shares(client_for, assessment, groups):
    response = client_for("lead").get(voices_url(assessment))
    assert response.status_code == 200
    text = page_text(response)
    assert "Equal voices." in text and "50%" in text
    assert "Reset to equal voices" not in text


def test_saving_weights_from_the_page(client_for, assessment, groups, users):
    client = client_for("lead")
    opened = fingerprint_on(client, voices_url(assessment))
    response = client.post(
        voices_url(assessment), {**posted(groups, ["1", "3"], "Users first."), **opened}
    )
    assert response.status_code == 302
    assert stored(assessment) == {"Funders": 1, "Library users": 3}
    text = page_text(client.get(voices_url(assessment)))
    # 1 / (1 + 3) = 25%, 3 / 4 = 75%.
    assert "25%" in text and "75%" in text
    assert "Voices are weighted." in text and "Users first." in text
    assert "Reset to equal voices" in text


def test_a_fingerprint_holding_a_null_character_is_a_conflict_the_page_explains(
    client_for, assessment, groups
):
    """Found by tests/fuzz: it was an error on the hidden field, shown nowhere on the page."""
    client = client_for("lead")
    response = client.post(
        voices_url(assessment),
        {**posted(groups, ["1", "3"], "Users first."), FINGERPRINT_FIELD: "a\x00b"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["__all__"]
    message = EDIT_CONFLICT.format(what="assessment's voice weights")
    assert errors["__all__"] == [message]
    assert message in page_text(response)
    assert stored(assessment) == {}


def test_the_page_shows_a_missing_reason_next_to_the_field(client_for, assessment, groups):
    client = client_for("lead")
    opened = fingerprint_on(client, voices_url(assessment))
    response = client.post(voices_url(assessment), {**posted(groups, ["1", "3"]), **opened})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "voice_weights_rationale": [VOICE_RATIONALE_REQUIRED]
    }
    assert VOICE_RATIONALE_REQUIRED in page_text(response)
    assert stored(assessment) == {}


def test_reset_from_the_page(client_for, assessment, groups, users):
    with_voices(assessment, groups, users)
    response = client_for("lead").post(voices_url(assessment), {"action": "reset"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert stored(assessment) == {} and assessment.voice_weights_rationale == ""


def test_without_stakeholders_the_page_says_what_to_do_first(client_for, assessment):
    text = page_text(client_for("lead").get(voices_url(assessment)))
    assert "No stakeholders yet" in text and "Save voice weights" not in text


@pytest.mark.parametrize("persona, status", [("member", 403), ("manager", 403), ("outsider", 404)])
def test_only_editors_set_voices(client_for, assessment, groups, persona, status):
    response = client_for(persona).post(voices_url(assessment), posted(groups, ["1", "3"], "Why"))
    assert response.status_code == status
    assert stored(assessment) == {}
