"""From dimension scores to each stakeholder's perspective value and the overall value.

- Blend: D_sd = (1 - share) * measured_d + share * judged_sd where both exist
  (judged = the 0..10 judgement x 10), the one that exists otherwise, missing
  when neither.
- Perspective value: V_s = sum_d w_sd * D_sd with the stakeholder's weights. When
  some of the dimensions they weight have no score, the weights are rescaled over
  the dimensions that have one, and the others are reported as left out. A
  stakeholder with no weights is left out of the overall value (and reported):
  equal weights would put words in their mouth.
- Voices: VoiceWeight rows when there are any (a stakeholder without a row then
  counts 0, and is reported); equal voices when there are none.
- Overall value: the voice-weighted mean of the V_s; disagreement: the
  voice-weighted standard deviation (population form) of the V_s.

Stakeholders x dimensions are held as numpy matrices (a Grid): one row per
stakeholder, one column per dimension in scope.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from valuation.scoring.common import (
    finite_or_none,
    float_array,
    int_array,
    joined_notes,
    positions,
    result_frame,
    sum_and_count,
    weighted_mean,
)

STAKEHOLDER_COLUMNS = ["stakeholder_id", "name"]
WEIGHT_COLUMNS = ["stakeholder_id", "dimension_id", "weight"]
JUDGEMENT_COLUMNS = ["stakeholder_id", "dimension_id", "score"]
VOICE_COLUMNS = ["stakeholder_id", "weight"]

BLEND_COLUMNS = [
    "stakeholder_id",
    "stakeholder",
    "dimension_id",
    "dimension",
    "measured",
    "judgement",
    "judged",
    "blended",
    "source",
    "weight",
    "weight_applied",
    "contribution",
]
PERSPECTIVE_COLUMNS = [
    "stakeholder_id",
    "name",
    "has_weights",
    "value",
    "left_out",
    "voice",
    "voice_share",
    "counted",
    "note",
]

# Where D_sd came from.
BLEND = "blend"
MEASURED_ONLY = "measured"
JUDGED_ONLY = "judged"
MISSING = "missing"

# Note codes (valuation.reports.account_text has their words). LEFT_OUT's
# words name the dimensions in the row's left_out column.
NO_WEIGHTS = "no_weights"
NOTHING_SCORED = "nothing_scored"
LEFT_OUT = "left_out"
NO_VOICE = "no_voice_row"
ZERO_VOICE = "zero_voice"

# Why there is no overall value (Overall.reason): codes, worded in
# valuation.reports.account_text.
NO_STAKEHOLDERS = "overall_no_stakeholders"
NO_STAKEHOLDER_WEIGHTS = "overall_no_weights"
NO_PERSPECTIVE = "overall_no_perspective"
NO_VOICE_COUNTS = "overall_no_voice"

DEFAULT_SHARE = 0.5


def judgement_share(value) -> float:
    """The assessment's share of judgement, kept within 0..1 (0.5 when unknown)."""
    share = finite_or_none(value)
    return DEFAULT_SHARE if share is None else min(max(share, 0.0), 1.0)


def stakeholder_weights(
    weights: pd.DataFrame, stakeholder_ids: np.ndarray, dimension_ids: np.ndarray
) -> np.ndarray:
    """Stakeholders x dimensions, each row rescaled to add up to 1; NaN rows = no weights.

    Negative or unreadable weights count 0; a stakeholder whose weights add up
    to 0 has none.
    """
    values = float_array(weights["weight"])
    weight, _ = sum_and_count(
        weights["stakeholder_id"],
        weights["dimension_id"],
        np.where(values > 0, values, np.nan),
        stakeholder_ids,
        dimension_ids,
    )
    row_total = weight.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(row_total > 0, weight / row_total, np.nan)


@dataclass(frozen=True)
class Grid:
    """Stakeholders (rows) x dimensions in scope (columns)."""

    stakeholder_ids: np.ndarray
    stakeholder_names: list[str]
    dimension_ids: np.ndarray
    dimension_names: list[str]
    measured: np.ndarray  # per dimension, 0..100; NaN = not measured
    judgement: np.ndarray  # 0..10; NaN = not judged
    weight: np.ndarray  # each row adds up to 1; a row of NaN = no weights

    @property
    def has_weights(self) -> np.ndarray:
        return ~np.isnan(self.weight).all(axis=1)

    def judgement_frame(self) -> pd.DataFrame:
        """The valid judgements, long: stakeholder_id, dimension_id, score."""
        row, column = np.nonzero(~np.isnan(self.judgement))
        return pd.DataFrame(
            {
                "stakeholder_id": self.stakeholder_ids[row],
                "dimension_id": self.dimension_ids[column],
                "score": self.judgement[row, column],
            }
        )


def build_grid(
    stakeholders: pd.DataFrame,
    measured: pd.DataFrame,
    judgements: pd.DataFrame,
    weights: pd.DataFrame,
) -> Grid:
    """`measured` is dimensions.measured_scores(); `judgements` the dimension
    judgements (no activity), 0..10; `weights` the DimensionWeight rows.

    A judgement outside 0..10 is no judgement; two of the same stakeholder and
    dimension count as their mean. Negative or unreadable weights count 0, and a
    stakeholder whose weights add up to 0 has none.
    """
    people = int_array(stakeholders["stakeholder_id"])
    dimension_ids = int_array(measured["dimension_id"])
    scores = float_array(judgements["score"])
    total, count = sum_and_count(
        judgements["stakeholder_id"],
        judgements["dimension_id"],
        np.where((scores >= 0) & (scores <= 10), scores, np.nan),
        people,
        dimension_ids,
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        judgement = np.where(count > 0, total / count, np.nan)
    weight = stakeholder_weights(weights, people, dimension_ids)
    return Grid(
        stakeholder_ids=people,
        stakeholder_names=[str(name) for name in stakeholders["name"].tolist()],
        dimension_ids=dimension_ids,
        dimension_names=[str(name) for name in measured["name"].tolist()],
        measured=float_array(measured["measured"]),
        judgement=judgement,
        weight=weight,
    )


def blend(grid: Grid, share: float) -> tuple[np.ndarray, np.ndarray]:
    """(D_sd, where each came from: BLEND, MEASURED_ONLY, JUDGED_ONLY or MISSING)."""
    measured = np.broadcast_to(grid.measured, grid.judgement.shape)
    judged = grid.judgement * 10.0
    has_measured, has_judged = ~np.isnan(measured), ~np.isnan(judged)
    both = (1.0 - share) * measured + share * judged
    blended = np.where(has_measured & has_judged, both, np.where(has_measured, measured, judged))
    source = np.select(
        [has_measured & has_judged, has_measured, has_judged],
        [BLEND, MEASURED_ONLY, JUDGED_ONLY],
        default=MISSING,
    ).astype(object)
    return blended, source


@dataclass(frozen=True)
class Perspectives:
    """Each stakeholder's weights as applied, and their perspective value."""

    applied: np.ndarray  # stakeholders x dimensions; NaN where not applied
    contribution: np.ndarray  # applied x blended
    value: np.ndarray  # V_s per stakeholder; NaN = none
    left_out: list[str]  # per stakeholder: dimensions they weight that have no score
    notes: list[str]


def perspective_values(grid: Grid, blended: np.ndarray) -> Perspectives:
    """V_s = sum_d applied_sd * D_sd, applied = the weights rescaled over the scored dimensions."""
    weight = grid.weight
    scored = ~np.isnan(blended)
    usable = np.where(scored, np.nan_to_num(weight), 0.0)
    usable_total = usable.sum(axis=1, keepdims=True)
    has_weights = grid.has_weights
    counted = has_weights[:, None] & (usable_total > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        applied = np.where(counted, usable / usable_total, np.nan)
    contribution = np.where(counted & scored, applied * blended, np.where(counted, 0.0, np.nan))
    value = np.where(counted[:, 0], np.nansum(contribution, axis=1), np.nan)
    left_out, notes = [], []
    for row in range(len(grid.stakeholder_ids)):
        missing = [
            grid.dimension_names[column]
            for column in np.nonzero((np.nan_to_num(weight[row]) > 0) & ~scored[row])[0]
        ]
        left_out.append(", ".join(missing))
        if not has_weights[row]:
            notes.append(NO_WEIGHTS)
        elif np.isnan(value[row]):
            notes.append(NOTHING_SCORED)
        elif missing:
            notes.append(LEFT_OUT)
        else:
            notes.append("")
    return Perspectives(applied, contribution, value, left_out, notes)


def blend_frame(
    grid: Grid, blended: np.ndarray, source: np.ndarray, perspectives: Perspectives
) -> pd.DataFrame:
    """One row per stakeholder and dimension, stakeholder by stakeholder: the decomposition."""
    people, dims = len(grid.stakeholder_ids), len(grid.dimension_ids)
    return result_frame(
        {
            "stakeholder_id": np.repeat(grid.stakeholder_ids, dims),
            "stakeholder": np.repeat(np.array(grid.stakeholder_names, dtype=object), dims),
            "dimension_id": np.tile(grid.dimension_ids, people),
            "dimension": np.tile(np.array(grid.dimension_names, dtype=object), people),
            "measured": np.tile(grid.measured, people),
            "judgement": grid.judgement.ravel(),
            "judged": grid.judgement.ravel() * 10.0,
            "blended": blended.ravel(),
            "source": source.ravel(),
            "weight": grid.weight.ravel(),
            "weight_applied": perspectives.applied.ravel(),
            "contribution": perspectives.contribution.ravel(),
        }
    )


@dataclass(frozen=True)
class Voices:
    """How much each stakeholder's perspective counts (relative weights, not normalised)."""

    weight: np.ndarray  # per stakeholder, in the grid's order
    equal: bool  # no VoiceWeight rows: every voice is 1
    without_row: np.ndarray  # per stakeholder: counts 0 for want of a row

    def by_stakeholder(self, stakeholder_ids: np.ndarray) -> pd.Series:
        return pd.Series(self.weight, index=stakeholder_ids, dtype="float64")


def voices(stakeholder_ids: np.ndarray, voice_rows: pd.DataFrame) -> Voices:
    where = positions(voice_rows["stakeholder_id"], stakeholder_ids)
    weight = float_array(voice_rows["weight"])
    known = where >= 0
    if not known.any():
        count = len(stakeholder_ids)
        return Voices(np.ones(count), True, np.zeros(count, dtype=bool))
    voice = np.full(len(stakeholder_ids), np.nan)
    voice[where[known]] = np.where(weight[known] > 0, weight[known], 0.0)
    without_row = np.isnan(voice)
    return Voices(np.nan_to_num(voice), False, without_row)


@dataclass(frozen=True)
class Overall:
    """The overall value and how far the perspectives behind it disagree."""

    value: float | None
    disagreement: float | None
    counted: int  # stakeholders whose perspective counts (a value and a voice above 0)
    equal_voices: bool
    lowest: tuple[str, float] | None = None  # (stakeholder, V_s) among those counted
    highest: tuple[str, float] | None = None
    reason: str = ""  # the code of why value is None


def overall_value(
    grid: Grid, perspectives: Perspectives, voice: Voices
) -> tuple[pd.DataFrame, Overall]:
    """(one row per stakeholder: PERSPECTIVE_COLUMNS; the Overall)."""
    value, has_weights = perspectives.value, grid.has_weights
    counted = ~np.isnan(value) & (voice.weight > 0)
    total_voice = float(voice.weight[counted].sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(counted, voice.weight / total_voice, np.nan)
    notes = []
    for row, note in enumerate(perspectives.notes):
        if has_weights[row] and voice.without_row[row]:
            note = joined_notes(note, NO_VOICE)
        elif has_weights[row] and voice.weight[row] == 0:
            note = joined_notes(note, ZERO_VOICE)
        notes.append(note)
    frame = result_frame(
        {
            "stakeholder_id": grid.stakeholder_ids,
            "name": np.array(grid.stakeholder_names, dtype=object),
            "has_weights": has_weights,
            "value": value,
            "left_out": np.array(perspectives.left_out, dtype=object),
            "voice": voice.weight.astype("float64"),
            "voice_share": share,
            "counted": counted,
            "note": np.array(notes, dtype=object),
        }
    )
    if not len(value):
        reason = NO_STAKEHOLDERS
    elif not has_weights.any():
        reason = NO_STAKEHOLDER_WEIGHTS
    elif np.isnan(value).all():
        reason = NO_PERSPECTIVE
    elif not counted.any():
        reason = NO_VOICE_COUNTS
    else:
        reason = ""
    if reason:
        return frame, Overall(None, None, 0, voice.equal, reason=reason)

    values, weights = value[counted], voice.weight[counted]
    mean = weighted_mean(values, weights)
    if float(values.max()) == float(values.min()):
        spread = 0.0
    else:
        variance = float((weights * (values - mean) ** 2).sum()) / total_voice
        spread = math.sqrt(max(variance, 0.0))
    names = [name for name, keep in zip(grid.stakeholder_names, counted, strict=True) if keep]
    low, high = int(np.argmin(values)), int(np.argmax(values))
    return frame, Overall(
        value=mean,
        disagreement=finite_or_none(spread),
        counted=int(counted.sum()),
        equal_voices=voice.equal,
        lowest=(names[low], float(values[low])),
        highest=(names[high], float(values[high])),
    )
