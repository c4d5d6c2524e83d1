"""The assessment page's numbers as text, and the formulas a reader can redo by hand.

Plain functions of plain values (floats, None for missing), shared by the page
and its CSV downloads.
"""

from datetime import date
from functools import lru_cache

import pandas as pd

from core.formatting import NO_VALUE, attach_unit, fixed, plain_number, plural, round_half_up
from microsystems.periods import period_label
from valuation.analysis.agreement import CONTESTED_RANGE
from valuation.scoring import account as account_codes
from valuation.scoring import dimensions as dimension_notes
from valuation.scoring import measures as measure_codes
from valuation.scoring import perspective_values as perspective_notes
from valuation.scoring import sensitivity as sensitivity_notes
from valuation.scoring.common import NOTE_JOIN
from valuation.scoring.perspective_values import BLEND, JUDGED_ONLY, MEASURED_ONLY, MISSING

ROLLUP_WORDS = {"sum": "Sum", "mean": "Mean", "last": "Last value"}
DIRECTION_WORDS = {"higher": "Higher is better", "lower": "Lower is better"}
SIDE_WORDS = {"cost": "Cost", "benefit": "Benefit"}
# Where a blended score came from (the engine's source codes).
SOURCE_WORDS = {
    BLEND: "Measures and judgement",
    MEASURED_ONLY: "Measures only (no judgement)",
    JUDGED_ONLY: "Judgement only (no scored measure)",
    MISSING: "No score",
}

# The engine's note codes as words: {count} is the count a code carries, {s} its
# plural ending, {names} the dimensions in the row's left_out column.
NOTE_WORDS = {
    dimension_notes.NO_MEASURES: "No measures.",
    dimension_notes.NONE_SCORED: "None of its {count} measure{s} could be scored.",
    dimension_notes.MEAN_OF: "Mean of {count} scored measure{s}.",
    dimension_notes.BLENDED_ACROSS: (
        "Mean of {count} stakeholder{s}' blended scores, weighted by their voices."
    ),
    dimension_notes.NO_STAKEHOLDERS_YET: "No stakeholders yet, so the measured score alone.",
    dimension_notes.NOT_JUDGED_YET: (
        "No stakeholder has judged it yet, so the measured score alone."
    ),
    dimension_notes.NO_BLENDED: (
        "No score: no scored measure and no judgement from a stakeholder whose voice counts."
    ),
    perspective_notes.NO_WEIGHTS: "No weights recorded, so left out of the overall value.",
    perspective_notes.NOTHING_SCORED: (
        "None of the dimensions they weight has a score, so no value can be worked out."
    ),
    perspective_notes.LEFT_OUT: (
        "Left out (no score): {names}; the other weights were rescaled to add up to 1."
    ),
    perspective_notes.NO_VOICE: (
        "No voice weight recorded while others have one, so their voice counts 0."
    ),
    perspective_notes.ZERO_VOICE: "Voice weight 0, so not counted in the overall value.",
    sensitivity_notes.NOT_JUDGED: "Not judged by any stakeholder.",
    sensitivity_notes.NO_COST: "No money cost recorded, so no value per 1,000 can be worked out.",
    sensitivity_notes.NO_OTHER_DIMENSION: "It is the only dimension, so its weight cannot move.",
    sensitivity_notes.NO_SWITCH: (
        "No change within 0..1: the same activity stays first whatever its weight."
    ),
    sensitivity_notes.ONE_ACTIVITY: "Only one activity can be ranked, so nothing can overtake it.",
}


# Why the engine could not work something out, as words. {0}, {1} are the data a
# code carries ("wrong_side:lower"); {expected} and {missing} come from the
# measure's row (expected_periods, missing_periods).
MEASURE_REASON_WORDS = {
    measure_codes.NO_VALUES: "No values recorded in this period.",
    measure_codes.NO_BASELINE: "No baseline set.",
    measure_codes.NO_TARGET: "No target set.",
    measure_codes.SAME_REFERENCE: "The baseline and the target are equal.",
    measure_codes.WRONG_SIDE: (
        "The target is on the wrong side of the baseline for “{0} is better”."
    ),
    measure_codes.UNKNOWN_DIRECTION: "The direction (higher or lower is better) is not known.",
    measure_codes.UNKNOWN_ROLLUP: "The roll-up (sum, mean or last value) is not known.",
    measure_codes.NOT_FINITE: "The rolled-up value is too large to score.",
    measure_codes.INCOMPLETE: (
        "Incomplete: values for {0} of the {expected} {1}s of the assessment; "
        "missing {missing}. Not scored until every {1} has a value."
    ),
}
OVERALL_REASON_WORDS = {
    perspective_notes.NO_STAKEHOLDERS: "No stakeholders are recorded for this microsystem.",
    perspective_notes.NO_STAKEHOLDER_WEIGHTS: "No stakeholder has weights in this assessment.",
    perspective_notes.NO_PERSPECTIVE: "No stakeholder's perspective value could be worked out.",
    perspective_notes.NO_VOICE_COUNTS: (
        "Every stakeholder with a perspective value has a voice weight of 0."
    ),
}
VALUE_FOR_MONEY_REASON_WORDS = {
    account_codes.NO_OVERALL: "There is no overall value yet.",
    account_codes.NO_MONEY: "No money cost is recorded for the activities in this period.",
}
RANKING_STATUS_WORDS = {
    sensitivity_notes.NO_WEIGHTS: (
        "No stakeholder has weights yet, so activities cannot be weighed."
    ),
    sensitivity_notes.NO_ACTIVITY_JUDGEMENTS: (
        "No stakeholder has judged the activities' contributions yet."
    ),
    sensitivity_notes.NO_COSTED: "None of the judged activities has a money cost recorded.",
}


def _coded_parts(note) -> list[tuple[str, list[str]]]:
    """An engine note's codes, each with the data it carries, in order."""
    parts = (part.split(":") for part in str(note).split(NOTE_JOIN))
    return [(code, data) for code, *data in parts]


def reason_words(reason, words: dict[str, str], **fields) -> str:
    """An engine reason (codes joined by NOTE_JOIN, each with its data) as sentences,
    from `words`; `fields` are the row's values the words name.

    Records approved before the engine returned codes hold the sentences
    themselves: a reason not made of known codes is shown as it was stored.
    """
    if not reason:
        return ""
    sentences = []
    for code, data in _coded_parts(reason):
        if code not in words:
            return str(reason)
        try:
            sentences.append(words[code].format(*data, **fields))
        except (IndexError, KeyError):
            return str(reason)
    return " ".join(sentences)


# Beyond this many, the missing periods are counted rather than all named.
MISSING_NAMED = 6


def missing_text(missing: list[date], granularity: str) -> str:
    """ "Feb 2025 and Mar 2025"; beyond MISSING_NAMED, "... and 4 more"."""
    labels = [period_label(day, granularity) for day in missing]
    if len(labels) > MISSING_NAMED:
        named = labels[:MISSING_NAMED]
        return f"{', '.join(named)} and {len(labels) - MISSING_NAMED} more"
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


def missing_words(missing, granularity: str) -> str:
    """A measure's missing periods (the engine's ISO dates joined by NOTE_JOIN) named:
    "Feb 2025 and Mar 2025". A record approved before the engine returned dates holds
    the names themselves: shown as stored."""
    if not missing:
        return ""
    try:
        days = [date.fromisoformat(part) for part in str(missing).split(NOTE_JOIN)]
        return missing_text(days, granularity)
    except ValueError:
        return str(missing)


def measure_reason(row: dict) -> str:
    """Why a measure is unscored, in words (its missing periods named by the period
    noun its incomplete code carries)."""
    reason, missing = row["reason"], row.get("missing_periods") or ""
    for code, data in _coded_parts(reason) if reason else []:
        if code == measure_codes.INCOMPLETE and len(data) == 2:
            missing = missing_words(missing, data[1])
    return reason_words(
        reason, MEASURE_REASON_WORDS, expected=row.get("expected_periods"), missing=missing
    )


def note_words(note, names: str = "") -> str:
    """An engine note (one code, or codes joined by NOTE_JOIN) as its sentences.

    Records approved before the engine returned codes hold the sentences
    themselves: a note that is not made of known codes is shown as it was stored.
    """
    if not note:
        return ""
    sentences = []
    for code, data in _coded_parts(note):
        words = NOTE_WORDS.get(code)
        if words is None or len(data) > 1 or data and not data[0].isdigit():
            return note
        number = int(data[0]) if data else 0
        sentences.append(words.format(count=number, s=plural(number), names=names))
    return " ".join(sentences)


_NA = pd.NA


def missing(value) -> bool:
    return value is None or value is _NA or (isinstance(value, float) and value != value)


def _half_up(value, places: int) -> str:
    # The one rounding rule, core.formatting's: halves up (66.25 -> 66.3).
    return str(round_half_up(float(value), places))


def score(value) -> str:
    """A 0..100 score to one decimal: 63.4."""
    return NO_VALUE if missing(value) else _half_up(value, 1)


def whole(value) -> str:
    return NO_VALUE if missing(value) else _half_up(value, 0)


def with_unit(value, unit: str) -> str:
    """£140, 12 days, 75%."""
    return attach_unit(number(value), unit)


def number(value, places: int = 2) -> str:
    """For formulas a reader recomputes: at most `places` decimals, no trailing zeros,
    thousands separated: 1,234.5. (The same as formatting.plain_number, which is
    too slow for the thousands of cells of this page.)"""
    if missing(value):
        return NO_VALUE
    return _plain_float(float(value), places)


# The same figures recur across a page (a dimension's measured score in every
# stakeholder's rows) and across the pages drawn after each save: their text kept.
@lru_cache(maxsize=8192)
def _plain_float(value: float, places: int) -> str:
    return plain_number(value, places)


def weight(value) -> str:
    return number(value, 4)


def share_text(value) -> str:
    return NO_VALUE if missing(value) else f"{fixed(float(value) * 100, 1)}%"


def names_text(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def possessive(name: str) -> str:
    return f"{name}’" if name.endswith("s") else f"{name}’s"


# --- formulas ---------------------------------------------------------------------------


def measure_formula(row: dict) -> str:
    if row["score"] is None:
        return row["reason"]  # already in words (Rows.of)
    raw = 100 * (row["value"] - row["baseline"]) / (row["target"] - row["baseline"])
    text = (
        f"100 × ({number(row['value'])} − {number(row['baseline'])}) ÷ "
        f"({number(row['target'])} − {number(row['baseline'])}) = {number(raw)}"
    )
    if raw != row["score"]:
        text += f", kept within 0 to 100: {number(row['score'])}"
    return text


DEFAULT_REFERENCE_WORDS = "organisation default"


def reference_text(row: dict) -> str:
    """Which baseline and target applied: the unit's own (who set them and why) or
    the organisation's default."""
    if row.get("reference") != "unit":
        return DEFAULT_REFERENCE_WORDS
    who = row.get("reference_set_by") or "someone since removed"
    why = row.get("reference_reason") or ""
    text = f"unit’s own target, set by {who}"
    return f"{text}: {why}" if why else text


def coverage_text(row: dict) -> str:
    """ "Incomplete: missing Mar 2026", or "" for a complete measure."""
    missing = row.get("missing_periods") or ""
    if row.get("complete", True) or not missing:
        return ""
    return f"Incomplete: missing {missing}"


def blend_formula(row: dict, share: float) -> str:
    source = row["source"]
    if source == "blend":
        return (
            f"{number(1 - share)} × {number(row['measured'])} + {number(share)} × "
            f"{number(row['judged'])} = {number(row['blended'])}"
        )
    if source == "measured":
        return f"measured score alone: {number(row['blended'])}"
    if source == "judged":
        return f"judgement alone: {number(row['blended'])}"
    return "no score"


def contribution_formula(row: dict) -> str:
    if row["weight_applied"] is None:
        return NO_VALUE
    if row["blended"] is None:
        return "left out (no score)" if row["weight"] else "0 (no weight, no score)"
    return (
        f"{weight(row['weight_applied'])} × {number(row['blended'])} = "
        f"{number(row['contribution'])}"
    )


def contest_text(row: dict) -> str:
    judges = row["judges"]
    if judges == 0:
        return "No stakeholder has judged it yet."
    if judges == 1:
        return "Judged by one stakeholder only, so it cannot be contested yet."
    span = f"judgements range from {number(row['lowest'])} to {number(row['highest'])} out of 10"
    if row["contested"]:
        return f"Contested: {span}, {CONTESTED_RANGE} or more points apart."
    return f"Not contested: {span}."


def mean_formula(scores: list[float], note: str) -> str:
    if not scores:
        return note
    if len(scores) == 1:
        return f"{number(scores[0])} (one scored measure)"
    mean = sum(scores) / len(scores)
    return f"({' + '.join(number(value) for value in scores)}) ÷ {len(scores)} = {number(mean)}"
