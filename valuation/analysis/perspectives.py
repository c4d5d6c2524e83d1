"""Where stakeholders agree and where they do not (pure pandas, no Django).

Judgements arrive as a long DataFrame with columns `stakeholder`, `dimension`
and `score` (0..10), one row per stakeholder and dimension.
"""

import pandas as pd

# A dimension is contested when the judgements of it span this many points or
# more on the 0..10 scale (e.g. one group scores 3 and another 7).
CONTESTED_RANGE = 4

SPREAD_COLUMNS = ["judges", "lowest", "highest", "range", "mean", "contested"]


def judgement_spread(judgements: pd.DataFrame) -> pd.DataFrame:
    """Per dimension: how many judged it, the lowest and highest score, the
    range between them, the mean, and whether the range is CONTESTED_RANGE or more.

    Indexed by dimension. A dimension judged by one stakeholder cannot be contested.
    """
    if judgements.empty:
        return pd.DataFrame(columns=SPREAD_COLUMNS, index=pd.Index([], name="dimension"))
    grouped = judgements.groupby("dimension", sort=False)["score"]
    spread = pd.DataFrame(
        {
            "judges": grouped.count(),
            "lowest": grouped.min(),
            "highest": grouped.max(),
        }
    )
    spread["range"] = spread["highest"] - spread["lowest"]
    spread["mean"] = grouped.mean()
    spread["contested"] = (spread["judges"] >= 2) & (spread["range"] >= CONTESTED_RANGE)
    return spread[SPREAD_COLUMNS]
