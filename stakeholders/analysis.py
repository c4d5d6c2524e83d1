"""Where each stakeholder group falls on the power/interest grid (pure pandas, no Django).

The rules: power and interest are each scored from 1 to 5; a score of HIGH_FROM
(4) or more is high, anything lower is low, and the pair of high or low places
a group in one of four quadrants. The page's words for the quadrants are in
stakeholders.charts (the grid names them) and stakeholders.reports.

The register frame has one row per group with the columns REGISTER_COLUMNS:
`stakeholder_id`, `name`, `kind` and `power` and `interest` (1 to 5 each).
"""

from __future__ import annotations

import pandas as pd

REGISTER_COLUMNS = ["stakeholder_id", "name", "kind", "power", "interest"]

SCORES = range(1, 6)  # power and interest alike
# A score of 4 or 5 is "high"; 1 to 3 is "low". The middle score counts as low so
# that "manage closely" is kept for the groups that really matter most.
HIGH_FROM = 4

MANAGE_CLOSELY = "manage_closely"
KEEP_SATISFIED = "keep_satisfied"
KEEP_INFORMED = "keep_informed"
MONITOR = "monitor"
# In the order people read them: most attention first.
QUADRANTS = (MANAGE_CLOSELY, KEEP_SATISFIED, KEEP_INFORMED, MONITOR)


def is_high(score: int) -> bool:
    """Whether a power or interest score (1 to 5) counts as high."""
    return score >= HIGH_FROM


def quadrant(power: int, interest: int) -> str:
    """The quadrant key of one group, from its power and interest (1 to 5 each)."""
    if is_high(power):
        return MANAGE_CLOSELY if is_high(interest) else KEEP_SATISFIED
    return KEEP_INFORMED if is_high(interest) else MONITOR


def attention_rank(key: str) -> int:
    """0 for the quadrant that needs most attention (manage closely) to 3 (monitor)."""
    return QUADRANTS.index(key)


def quadrants(register: pd.DataFrame) -> pd.Series:
    """The quadrant key of each group in the register frame, on the frame's index."""
    keys = [
        quadrant(int(power), int(interest))
        for power, interest in zip(register["power"], register["interest"], strict=True)
    ]
    return pd.Series(keys, index=register.index, dtype="object", name="quadrant")
