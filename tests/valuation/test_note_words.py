"""The engine's note codes become words in the reports layer, and records approved
before the engine returned codes (their notes stored as sentences) read the same."""

import dataclasses

import pytest
from django.core.cache import cache
from django.urls import reverse

from stakeholders.models import Stakeholder
from tests.support.account import repairs_world
from tests.support.html import text_of
from tests.support.records import approve
from valuation.models import AssessmentRecord
from valuation.records.codec import decode, encode
from valuation.reports.account_text import NOTE_WORDS, note_words
from valuation.scoring import dimensions, perspective_values, sensitivity

# What the engine wrote before it returned codes, copied from that code: an old
# record holds these sentences. Kept apart from NOTE_WORDS so the test can fail.
OLD_SENTENCES = {
    dimensions.NO_MEASURES: "No measures.",
    dimensions.NONE_SCORED: "None of its {count} measure{s} could be scored.",
    dimensions.MEAN_OF: "Mean of {count} scored measure{s}.",
    dimensions.BLENDED_ACROSS: (
        "Mean of {count} stakeholder{s}' blended scores, weighted by their voices."
    ),
    dimensions.NO_STAKEHOLDERS_YET: "No stakeholders yet, so the measured score alone.",
    dimensions.NOT_JUDGED_YET: "No stakeholder has judged it yet, so the measured score alone.",
    dimensions.NO_BLENDED: (
        "No score: no scored measure and no judgement from a stakeholder whose voice counts."
    ),
    perspective_values.NO_WEIGHTS: "No weights recorded, so left out of the overall value.",
    perspective_values.NOTHING_SCORED: (
        "None of the dimensions they weight has a score, so no value can be worked out."
    ),
    perspective_values.LEFT_OUT: (
        "Left out (no score): {names}; the other weights were rescaled to add up to 1."
    ),
    perspective_values.NO_VOICE: (
        "No voice weight recorded while others have one, so their voice counts 0."
    ),
    perspective_values.ZERO_VOICE: "Voice weight 0, so not counted in the overall value.",
    sensitivity.NOT_JUDGED: "Not judged by any stakeholder.",
    sensitivity.NO_COST: "No money cost recorded, so no value per 1,000 can be worked out.",
    sensitivity.NO_OTHER_DIMENSION: "It is the only dimension, so its weight cannot move.",
    sensitivity.NO_SWITCH: (
        "No change within 0..1: the same activity stays first whatever its weight."
    ),
    sensitivity.ONE_ACTIVITY: "Only one activity can be ranked, so nothing can overtake it.",
}


def test_every_code_has_words_and_no_two_codes_share_a_name():
    assert NOTE_WORDS.keys() == OLD_SENTENCES.keys()
    assert len(OLD_SENTENCES) == 17


@pytest.mark.parametrize(
    ("note", "names", "words"),
    [
        ("", "", ""),
        (None, "", ""),
        ("no_measures", "", "No measures."),
        ("mean_of_scored:1", "", "Mean of 1 scored measure."),
        ("mean_of_scored:3", "", "Mean of 3 scored measures."),
        ("none_scored:2", "", "None of its 2 measures could be scored."),
        (
            "blended_across:1",
            "",
            "Mean of 1 stakeholder' blended scores, weighted by their voices.",
        ),
        (
            "left_out+zero_voice",
            "Equity, Safety",
            "Left out (no score): Equity, Safety; the other weights were rescaled to add up "
            "to 1. Voice weight 0, so not counted in the overall value.",
        ),
        # Sentences stored by records approved before the codes are shown as stored.
        ("Mean of 2 scored measures.", "", "Mean of 2 scored measures."),
        ("Left out (no score): A+B; rescaled.", "A+B", "Left out (no score): A+B; rescaled."),
        ("no_measures+Something else", "", "no_measures+Something else"),
        ("mean_of_scored:two", "", "mean_of_scored:two"),
    ],
)
def test_note_words(note, names, words):
    assert note_words(note, names) == words


def _old_sentence(note: str, names: str) -> str:
    """A note code as the engine wrote it before codes (several joined by a space)."""
    sentences = []
    for part in note.split("+") if note else []:
        code, _, count = part.partition(":")
        number = int(count or 0)
        sentences.append(
            OLD_SENTENCES[code].format(
                count=number, s="" if number == 1 else "s", names=names or ""
            )
        )
    return " ".join(sentences)


def _as_old_record(result):
    """`result` as a record approved before the engine returned codes would hold it."""

    def frame_in_sentences(frame, column, names=None):
        frame = frame.copy()
        frame[column] = [
            _old_sentence(note, frame[names].iloc[row] if names else "")
            for row, note in enumerate(frame[column].tolist())
        ]
        return frame

    perspectives = frame_in_sentences(result.perspectives, "note", names="left_out")
    summary = frame_in_sentences(result.dimensions, "measured_note")
    summary = frame_in_sentences(summary, "blended_note")
    ranking = dataclasses.replace(
        result.sensitivity,
        activities=frame_in_sentences(result.sensitivity.activities, "note"),
        switching=frame_in_sentences(result.sensitivity.switching, "note"),
    )
    return dataclasses.replace(
        result,
        perspectives=perspectives,
        dimensions=summary,
        sensitivity=ranking,
        notes=[
            f"{name}: {note}"
            for name, note in zip(perspectives["name"], perspectives["note"], strict=True)
            if note
        ],
    )


def test_a_record_stored_with_sentences_reads_the_same_as_one_with_codes(
    microsystem, users, client_for
):
    world = repairs_world(microsystem)
    Stakeholder.objects.create(microsystem=microsystem, name="Readers")  # no weights: a note
    approved = approve(world["assessment"], lead=users["lead"], manager=users["manager"])
    url = reverse(
        "valuation:assessment",
        kwargs={"slug": microsystem.slug, "assessment_id": approved.pk},
    )
    client = client_for("member")
    with_codes = client.get(url).content.decode()
    words = text_of(with_codes)
    assert "Readers: No weights recorded, so left out of the overall value." in words
    assert "Measured: Mean of 2 scored measures." in words
    assert "Measured: Mean of 1 scored measure." in words
    assert "mean_of_scored" not in with_codes and "blended_across" not in with_codes

    record = AssessmentRecord.objects.get(assessment=approved)
    result = decode(record.result)
    assert result.notes == [] and "no_weights" in result.perspectives["note"].tolist()
    old = _as_old_record(result)
    assert "Readers: No weights recorded, so left out of the overall value." in old.notes
    record.result = encode(old)
    record.save(update_fields=["result"])
    cache.clear()

    with_sentences = client.get(url).content.decode()
    assert text_of(with_sentences) == words
