"""The figures an approved record keeps as plain columns, worked out from the engine's
inputs and result, so that a portfolio of hundreds of units reads columns, not JSON.

Pure: frames and numbers in, numbers out. Money and demand are per month, whatever
the unit's period, so that a weekly unit and a quarterly one compare (as
value for money does: valuation.scoring.account).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from microsystems.analysis.demand import PERIODS_PER_YEAR
from valuation.scoring.common import float_array


@dataclass(frozen=True)
class DemandFigures:
    # Failure demand's share (0..1) of all demand volume with a known figure.
    failure_share: float | None
    # Demand a month: the volume per period the costs used, summed over types.
    per_month: float | None


def per_month(per_period: float | None, granularity: str) -> float | None:
    """A per-period amount as a month's: a week is 12/52 of a month, a quarter 3."""
    if per_period is None or not math.isfinite(per_period):
        return None
    return per_period * PERIODS_PER_YEAR[granularity] / 12


def demand_figures(demand: pd.DataFrame, granularity: str) -> DemandFigures:
    """From the engine's `demand` frame (nature, volume_per_period per demand type).

    A type with no volume (no observation in the year the costs use) was not in use:
    it is left out, as the cost analysis leaves it out. No known volume at all: both
    None (there is nothing to divide, and no demand is not zero demand).
    """
    volumes = float_array(demand["volume_per_period"]) if len(demand) else float_array([])
    known = ~pd.isna(volumes)
    if not known.any():
        return DemandFigures(failure_share=None, per_month=None)
    total = float(volumes[known].sum())
    is_failure = (demand["nature"] == "failure").to_numpy(dtype=bool)
    failure = float(volumes[known & is_failure].sum())
    share = failure / total if total > 0 else None
    return DemandFigures(failure_share=share, per_month=per_month(total, granularity))


def contested_dimensions(dimensions: pd.DataFrame) -> list[str]:
    """The names of the dimensions flagged contested, in the result's order."""
    flagged = dimensions["contested"].fillna(False).astype(bool)
    return [str(name) for name in dimensions.loc[flagged, "name"]]
