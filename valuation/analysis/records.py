"""What changed in today's data since an assessment was approved.

Compares the engine inputs frozen in the record with the same selector's rows
today, frame by frame, by key: a row added, deleted or with any value changed
counts once. Everything about one activity (its row, its staff time, the demand
it handles, its judgements) counts as one activity.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from valuation.records.codec import encode

# (what is counted, its frames and the key column(s) in each)
COMPARED: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    ("measurement", (("measurements", ("measure_id", "period_start")),)),
    ("measure", (("measures", ("measure_id",)),)),
    (
        "activity",
        (
            ("activities", ("activity_id",)),
            ("efforts", ("activity_id",)),
            ("activity_demand", ("activity_id",)),
            ("activity_judgements", ("activity_id",)),
        ),
    ),
    ("staff role", (("staff_roles", ("staff_role_id",)),)),
    ("stakeholder group", (("stakeholders", ("stakeholder_id",)),)),
    ("demand type", (("demand", ("demand_type_id",)),)),
    ("value dimension", (("dimensions", ("dimension_id",)),)),
    ("weight", (("weights", ("stakeholder_id", "dimension_id")),)),
    ("judgement", (("judgements", ("stakeholder_id", "dimension_id")),)),
    ("voice weight", (("voices", ("stakeholder_id",)),)),
)


def _rows_by_key(frame: pd.DataFrame, keys: tuple[str, ...]) -> dict[str, list[str]]:
    """key -> its rows, each as exact JSON text (NaN equals NaN, 1.0 is not 1.5)."""
    grouped: dict[str, list[str]] = {}
    columns = list(frame.columns)
    for values in frame.itertuples(index=False, name=None):
        row = dict(zip(columns, values, strict=True))
        # Plain Python keys, so an activity's id matches across its frames whatever
        # each frame's dtype.
        key = json.dumps(encode([_plain(row[column]) for column in keys]))
        grouped.setdefault(key, []).append(json.dumps(encode(list(values))))
    return {key: sorted(rows) for key, rows in grouped.items()}


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def changed_keys(before: pd.DataFrame, after: pd.DataFrame, keys: tuple[str, ...]) -> set[str]:
    old, new = _rows_by_key(before, keys), _rows_by_key(after, keys)
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def changes_since(frozen, live) -> dict[str, int]:
    """{what: how many changed} for each kind with a change, in COMPARED order.

    `frozen` and `live` are AssessmentInputs (the record's and today's)."""
    counts = {}
    for what, frames in COMPARED:
        changed: set[str] = set()
        for name, keys in frames:
            changed |= changed_keys(getattr(frozen, name), getattr(live, name), keys)
        if changed:
            counts[what] = len(changed)
    return counts
