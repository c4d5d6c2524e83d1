"""Where stakeholders agree and where they do not (pure pandas, no Django).

Judgements arrive as a long DataFrame with columns `stakeholder`, `dimension`
and `score` (0..10), one row per stakeholder and dimension; weights likewise
with `stakeholder`, `dimension` and `weight` (0..1, summing to 1 per stakeholder).
"""

from dataclasses import dataclass

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


# --- agreement among the stakeholders' rankings of the dimensions ----------------------

# Plain readings of Kendall's W: below 0.3 weak, 0.3 to 0.6 (both included) moderate,
# above 0.6 strong.
WEAK_BELOW = 0.3
MODERATE_UP_TO = 0.6
AGREEMENT_BANDS_TEXT = "below 0.3 is weak agreement, 0.3 to 0.6 moderate, above 0.6 strong"
AGREEMENT_MISSING = (
    "Agreement cannot be measured yet: it needs weights from at least two stakeholders "
    "on at least two dimensions."
)
AGREEMENT_ALL_TIED = (
    "Agreement cannot be measured: every stakeholder weighted all the dimensions equally, "
    "so there are no rankings to compare."
)


@dataclass(frozen=True)
class Agreement:
    """Kendall's W over the stakeholders' rankings of the dimensions, with its reading.

    `w` is None (never NaN) when it is undefined: fewer than two stakeholders
    or dimensions, or every ranking a complete tie.
    """

    w: float | None
    stakeholders: int
    dimensions: int
    reading: str
    sentence: str


def agreement_reading(w: float) -> str:
    if w < WEAK_BELOW:
        return "weak agreement"
    if w <= MODERATE_UP_TO:
        return "moderate agreement"
    return "strong agreement"


def dimension_ranks(weights: pd.DataFrame) -> pd.DataFrame:
    """Each stakeholder's ranking of the dimensions (1 = most weight), ties averaged.

    `weights` is long (stakeholder, dimension, weight). Only dimensions every
    stakeholder weighted are ranked, so that all rank the same set.
    """
    wide = weights.pivot_table(
        index="stakeholder", columns="dimension", values="weight", aggfunc="first", sort=False
    )
    wide = wide.dropna(axis="columns", how="any")
    return wide.rank(axis="columns", method="average", ascending=False)


def kendalls_w(weights: pd.DataFrame) -> Agreement:
    """Kendall's coefficient of concordance W, with the correction for tied ranks.

    For m stakeholders ranking n dimensions, with R_j the sum of the ranks of
    dimension j and S = sum_j (R_j - mean R)^2:
        W = 12 S / (m^2 (n^3 - n) - m sum_i T_i),  T_i = sum over i's ties of (t^3 - t),
    where t is the number of dimensions sharing a rank. W is 1 when every
    stakeholder ranks the dimensions the same, 0 when there is no common order.
    """
    if weights.empty:
        return Agreement(None, 0, 0, "", AGREEMENT_MISSING)
    ranks = dimension_ranks(weights)
    m, n = ranks.shape
    if m < 2 or n < 2:
        return Agreement(None, m, n, "", AGREEMENT_MISSING)
    rank_sums = ranks.sum(axis="index")
    s = float(((rank_sums - rank_sums.mean()) ** 2).sum())
    ties = sum(
        float((counts**3 - counts).sum())
        for counts in (row.value_counts() for _, row in ranks.iterrows())
    )
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        return Agreement(None, m, n, "", AGREEMENT_ALL_TIED)
    w = min(1.0, max(0.0, 12 * s / denominator))
    reading = agreement_reading(w)
    sentence = (
        f"Kendall's W is {w:.2f}: {reading} among {m} stakeholders on how they rank "
        f"{n} dimensions ({AGREEMENT_BANDS_TEXT})."
    )
    return Agreement(w, m, n, reading, sentence)


# --- the plain-language summary ---------------------------------------------------------


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _score(value: float) -> str:
    return f"{value:g}"


def widest_disagreement(judgements: pd.DataFrame) -> str:
    """ "Stakeholders disagree most about Equity: Tenants score it 8, Finance 3." or why not.

    The dimension with the widest range of judgements (the first listed on a tie);
    stakeholders who share the highest or lowest score are all named.
    """
    spread = judgement_spread(judgements)
    compared = spread[spread["judges"] >= 2]
    if compared.empty:
        return (
            "No dimension has been judged by two or more stakeholders yet, so their "
            "judgements cannot be compared."
        )
    dimension = compared["range"].astype("float64").idxmax()
    row = compared.loc[dimension]
    if row["range"] == 0:
        return (
            "Stakeholders agree: on every dimension judged by two or more, "
            "they give the same score."
        )
    scores = judgements[judgements["dimension"] == dimension]
    high = scores.loc[scores["score"] == row["highest"], "stakeholder"].astype(str).tolist()
    low = scores.loc[scores["score"] == row["lowest"], "stakeholder"].astype(str).tolist()
    detail = (
        f"{_names(high)} score it {_score(row['highest'])}, {_names(low)} {_score(row['lowest'])}"
    )
    contested = int(compared["contested"].sum())
    if contested:
        others = contested - 1
        tail = f" A range of {CONTESTED_RANGE} points or more makes a dimension contested; " + (
            f"{others} other dimension{'s are' if others != 1 else ' is'} contested too."
            if others
            else "no other dimension is."
        )
        return f"Stakeholders disagree most about {dimension}: {detail}.{tail}"
    return (
        f"Stakeholders broadly agree: no dimension's judgements span {CONTESTED_RANGE} points "
        f"or more. The widest gap is on {dimension}: {detail}."
    )


def top_priorities(weights: pd.DataFrame) -> pd.Series:
    """Per stakeholder, the dimension(s) with the most weight ("Equity and Probity" on a tie)."""
    if weights.empty:
        return pd.Series(dtype="object")
    top = {}
    for stakeholder, rows in weights.groupby("stakeholder", sort=False):
        best = rows["weight"].max()
        top[stakeholder] = _names(
            rows.loc[rows["weight"] == best, "dimension"].astype(str).tolist()
        )
    return pd.Series(top, dtype="object")


def perspectives_summary(
    judgements: pd.DataFrame, weights: pd.DataFrame, agreement: Agreement
) -> str:
    """One paragraph for the top of the perspectives page: where views differ, and on what."""
    parts = (
        [widest_disagreement(judgements)]
        if not judgements.empty
        else ["No stakeholder has judged a dimension yet."]
    )
    priorities = top_priorities(weights)
    if not priorities.empty:
        # "Funders give most weight to Efficiency; Tenants and Staff to Equity."
        groups: dict[str, list[str]] = {}
        for stakeholder, dimension in priorities.items():
            groups.setdefault(dimension, []).append(str(stakeholder))
        listed = [
            f"{_names(stakeholders)} {'give most weight ' if number == 0 else ''}to {dimension}"
            for number, (dimension, stakeholders) in enumerate(groups.items())
        ]
        parts.append("; ".join(listed) + ".")
    if agreement.w is not None:
        parts.append(
            f"Their rankings of the dimensions show {agreement.reading} "
            f"(Kendall's W = {agreement.w:.2f})."
        )
    return " ".join(parts)
