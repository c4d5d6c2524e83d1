"""Why the engine could not work something out: codes in the engine, words in the
reports layer; records approved before the engine returned codes (the reasons
stored as sentences) read the same."""

import dataclasses

import pandas as pd
import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.support.account import repairs_world
from tests.support.html import text_of
from tests.support.records import approve
from valuation.models import AssessmentRecord
from valuation.records.codec import decode, encode
from valuation.reports.account_text import (
    MEASURE_REASON_WORDS,
    OVERALL_REASON_WORDS,
    RANKING_STATUS_WORDS,
    VALUE_FOR_MONEY_REASON_WORDS,
    measure_reason,
    missing_words,
    reason_words,
)
from valuation.scoring import account, measures, perspective_values, sensitivity
from valuation.scoring.common import coded, joined_notes

# What the engine wrote before it returned codes, copied from that code: an old
# record holds these sentences. Kept apart from the reports' words so a test can fail.
OLD_MEASURE_SENTENCES = {
    measures.NO_VALUES: "No values recorded in this period.",
    measures.NO_BASELINE: "No baseline set.",
    measures.NO_TARGET: "No target set.",
    measures.SAME_REFERENCE: "The baseline and the target are equal.",
    measures.UNKNOWN_DIRECTION: "The direction (higher or lower is better) is not known.",
    measures.UNKNOWN_ROLLUP: "The roll-up (sum, mean or last value) is not known.",
    measures.NOT_FINITE: "The rolled-up value is too large to score.",
}
OLD_OVERALL_SENTENCES = {
    perspective_values.NO_STAKEHOLDERS: "No stakeholders are recorded for this microsystem.",
    perspective_values.NO_STAKEHOLDER_WEIGHTS: "No stakeholder has weights in this assessment.",
    perspective_values.NO_PERSPECTIVE: "No stakeholder's perspective value could be worked out.",
    perspective_values.NO_VOICE_COUNTS: (
        "Every stakeholder with a perspective value has a voice weight of 0."
    ),
}
OLD_VALUE_FOR_MONEY_SENTENCES = {
    account.NO_OVERALL: "There is no overall value yet.",
    account.NO_MONEY: "No money cost is recorded for the activities in this period.",
}
OLD_RANKING_SENTENCES = {
    sensitivity.NO_WEIGHTS: "No stakeholder has weights yet, so activities cannot be weighed.",
    sensitivity.NO_ACTIVITY_JUDGEMENTS: (
        "No stakeholder has judged the activities' contributions yet."
    ),
    sensitivity.NO_COSTED: "None of the judged activities has a money cost recorded.",
}


@pytest.mark.parametrize(
    ("words", "old"),
    [
        (OVERALL_REASON_WORDS, OLD_OVERALL_SENTENCES),
        (VALUE_FOR_MONEY_REASON_WORDS, OLD_VALUE_FOR_MONEY_SENTENCES),
        (RANKING_STATUS_WORDS, OLD_RANKING_SENTENCES),
    ],
)
def test_every_code_reads_as_the_engine_used_to_write_it(words, old):
    assert words.keys() == old.keys()
    for code, sentence in old.items():
        assert reason_words(code, words) == sentence
        # A record approved before the codes holds the sentence: shown as stored.
        assert reason_words(sentence, words) == sentence


def test_measure_reasons_read_as_the_engine_used_to_write_them():
    row = {"expected_periods": 3, "missing_periods": "2025-02-01+2025-03-01"}
    for code, sentence in OLD_MEASURE_SENTENCES.items():
        assert measure_reason({**row, "reason": code}) == sentence
    assert len(MEASURE_REASON_WORDS) == len(OLD_MEASURE_SENTENCES) + 2
    assert measure_reason({**row, "reason": coded(measures.WRONG_SIDE, "higher")}) == (
        "The target is on the wrong side of the baseline for “higher is better”."
    )
    incomplete = coded(measures.INCOMPLETE, 1, "month")
    both = joined_notes(incomplete, measures.NO_TARGET)
    assert measure_reason({**row, "reason": both}) == (
        "Incomplete: values for 1 of the 3 months of the assessment; missing Feb 2025 and "
        "Mar 2025. Not scored until every month has a value. No target set."
    )


def test_missing_periods_are_named_from_the_engines_dates_or_shown_as_stored():
    assert missing_words("2025-02-01+2025-03-01", "month") == "Feb 2025 and Mar 2025"
    assert missing_words("2025-04-01", "quarter") == "2025 Q2"
    assert missing_words("", "month") == ""
    # A record approved before the engine returned dates holds the names themselves.
    assert missing_words("Feb 2025 and Mar 2025", "month") == "Feb 2025 and Mar 2025"


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "No target set. No values recorded in this period.",
        "Incomplete: values for 1 of the 3 months of the assessment; missing Feb 2025.",
        "no_target+Something else",
        "wrong_side",  # its words need the direction: not ours, so shown as stored
    ],
)
def test_a_reason_that_is_not_made_of_codes_is_shown_as_stored(stored):
    assert measure_reason({"reason": stored, "expected_periods": 3}) == stored


def _with_reasons(result, *, measure, missing, overall, value_for_money, ranking):
    """`result` with its first benefit measure unscored, no overall value, no value for
    money and no ranking, each for the reason given (a code or a stored sentence)."""

    def unscored(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        frame["score"] = frame["score"].astype("Float64")
        frame.loc[frame["side"] == "benefit", ["score", "scored", "reason", "missing_periods"]] = [
            pd.NA,
            False,
            measure,
            missing,
        ]
        return frame

    return dataclasses.replace(
        result,
        measures=unscored(result.measures),
        overall=dataclasses.replace(
            result.overall, value=None, disagreement=None, counted=0, reason=overall
        ),
        account=dataclasses.replace(
            result.account,
            benefit_measures=unscored(result.account.benefit_measures),
            value_for_money=None,
            value_for_money_reason=value_for_money,
        ),
        sensitivity=dataclasses.replace(result.sensitivity, status=ranking),
    )


def _page(client, url, record, result) -> str:
    record.result = encode(result)
    record.save(update_fields=["result"])
    cache.clear()
    return client.get(url).content.decode()


def test_a_record_stored_with_reason_sentences_reads_the_same_as_one_with_codes(
    microsystem, users, client_for
):
    world = repairs_world(microsystem)
    approved = approve(world["assessment"], lead=users["lead"], manager=users["manager"])
    url = reverse(
        "valuation:assessment",
        kwargs={"slug": microsystem.slug, "assessment_id": approved.pk},
    )
    client = client_for("member")
    record = AssessmentRecord.objects.get(assessment=approved)
    result = decode(record.result)
    assert (result.measures["side"] == "benefit").any()

    with_codes = _page(
        client,
        url,
        record,
        _with_reasons(
            result,
            measure=joined_notes(coded(measures.INCOMPLETE, 1, "month"), measures.NO_TARGET),
            missing="2025-02-01+2025-03-01",
            overall=perspective_values.NO_PERSPECTIVE,
            value_for_money=account.NO_OVERALL,
            ranking=sensitivity.NO_COSTED,
        ),
    )
    words = text_of(with_codes)
    assert (
        "Incomplete: values for 1 of the 3 months of the assessment; missing Feb 2025 and "
        "Mar 2025. Not scored until every month has a value. No target set." in words
    )
    assert "No stakeholder&#x27;s perspective value could be worked out." in words
    assert "Value for money cannot be worked out yet. There is no overall value yet." in words
    assert "None of the judged activities has a money cost recorded." in words
    for code in (
        "no_target", "incomplete:", "2025-02-01", "overall_no_perspective", "no_overall_value",
        "ranking_none",
    ):  # fmt: skip
        assert code not in with_codes

    with_sentences = _page(
        client,
        url,
        record,
        _with_reasons(
            result,
            measure=(
                "Incomplete: values for 1 of the 3 months of the assessment; missing Feb 2025 "
                "and Mar 2025. Not scored until every month has a value. No target set."
            ),
            missing="Feb 2025 and Mar 2025",
            overall="No stakeholder's perspective value could be worked out.",
            value_for_money="There is no overall value yet.",
            ranking="None of the judged activities has a money cost recorded.",
        ),
    )
    assert text_of(with_sentences) == words
