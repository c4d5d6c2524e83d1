"""Improvement ideas in numbers: net present value, payback, and the ranking of ideas by
benefit per £1,000 of net cost under each stakeholder's weights.

Pure: numbers and frames in, numbers and frames out; valuation.reports.improvements
words them.

Net present value over a horizon of N years (1..30):

    NPV = -C0 + sum over t = 1..N of S / (1 + r)^t

where S is the recurring saving a year (12 x the monthly saving, received at the
end of each year), r the discount rate (3.5% by default, the Green Book's) and
C0 the one-off cost in year 0. The optimism-bias uplift b (a share, 0 by default)
raises costs, never savings: C0 becomes C0 x (1 + b), and a negative saving (the
idea costs more to run) becomes S x (1 + b).

Payback period: the one-off cost over the yearly saving, in years (undiscounted),
with costs uplifted as above; 0 with no one-off cost, none when the idea saves
nothing a year.

Net cost over the horizon = -NPV. Benefit of an idea under a stakeholder's weights
= sum over dimensions of weight x expected points. Ideas are ranked by benefit per
£1,000 of net cost; an idea that pays for itself (net cost 0 or less) ranks ahead
of every idea that costs money, those by benefit. The ranking under each
stakeholder's weights in turn is robust when the first idea is the same for all,
contested otherwise (naming whose weights change it), as the account does for
activities (valuation.scoring.sensitivity).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_HORIZON = 1
MAX_HORIZON = 30
DEFAULT_HORIZON = 5
DEFAULT_DISCOUNT_RATE = 0.035


@dataclass(frozen=True)
class PresentValue:
    """An idea's NPV and payback, with the yearly figures that make it up."""

    yearly_saving: float
    one_off_cost: float  # after the uplift
    discount_factors: list[float]  # 1 / (1 + r)^t for t = 1..N
    discounted_savings: list[float]
    npv: float
    payback_years: float | None


def present_value(
    *,
    monthly_saving: float,
    one_off_cost: float,
    horizon_years: int = DEFAULT_HORIZON,
    discount_rate: float = DEFAULT_DISCOUNT_RATE,
    optimism_bias: float = 0.0,
) -> PresentValue:
    """NPV and payback (see the module's docstring); rates and uplift as shares."""
    if not MIN_HORIZON <= horizon_years <= MAX_HORIZON:
        raise ValueError(f"horizon_years must be {MIN_HORIZON}..{MAX_HORIZON}")
    if discount_rate < 0 or optimism_bias < 0:
        raise ValueError("discount_rate and optimism_bias cannot be negative")
    uplift = 1 + optimism_bias
    yearly = 12 * float(monthly_saving)
    if yearly < 0:
        yearly *= uplift
    cost = float(one_off_cost) * uplift
    factors = [(1 + discount_rate) ** -year for year in range(1, horizon_years + 1)]
    discounted = [yearly * factor for factor in factors]
    if cost == 0:
        payback = 0.0
    elif yearly > 0:
        payback = cost / yearly
    else:
        payback = None
    return PresentValue(
        yearly_saving=yearly,
        one_off_cost=cost,
        discount_factors=factors,
        discounted_savings=discounted,
        npv=sum(discounted) - cost,
        payback_years=payback,
    )


RANKING_COLUMNS = ["idea_id", "title", "benefit", "net_cost", "per_thousand", "pays_for_itself"]


def rank_ideas(ideas: pd.DataFrame, benefits: pd.DataFrame, weights: pd.Series) -> pd.DataFrame:
    """Ideas ranked under one set of weights.

    `ideas`: idea_id, title, net_cost. `benefits`: idea_id, dimension_id, points.
    `weights`: dimension_id -> weight (rescaled here to add up to 1).
    """
    total = float(weights.sum())
    shares = weights / total if total > 0 else weights * 0.0
    points = benefits.assign(
        weighted=benefits["points"].astype(float)
        * benefits["dimension_id"].map(shares).fillna(0.0).astype(float)
    )
    benefit = points.groupby("idea_id")["weighted"].sum()
    frame = ideas[["idea_id", "title", "net_cost"]].copy()
    frame["benefit"] = frame["idea_id"].map(benefit).fillna(0.0).astype(float)
    frame["net_cost"] = frame["net_cost"].astype(float)
    frame["pays_for_itself"] = frame["net_cost"] <= 0
    costly = ~frame["pays_for_itself"]
    frame["per_thousand"] = np.where(
        costly, frame["benefit"] / (frame["net_cost"].where(costly, 1.0) / 1000), np.nan
    )
    # Pays for itself first (by benefit), then by benefit per £1,000; ties by title.
    frame["_group"] = np.where(frame["pays_for_itself"], 0, 1)
    frame["_key"] = np.where(frame["pays_for_itself"], -frame["benefit"], -frame["per_thousand"])
    frame = frame.sort_values(["_group", "_key", "title"]).drop(columns=["_group", "_key"])
    return frame.reset_index(drop=True)[RANKING_COLUMNS]


@dataclass(frozen=True)
class IdeaRanking:
    """The ranking under the mean weights, and whose weights change the first idea."""

    reference: pd.DataFrame  # RANKING_COLUMNS under the mean of the stakeholders' weights
    firsts: pd.DataFrame  # stakeholder, first (title of their first idea)
    robust: bool
    changes_for: list[str]


def ranking_sensitivity(
    ideas: pd.DataFrame, benefits: pd.DataFrame, weights: pd.DataFrame
) -> IdeaRanking | None:
    """`weights`: stakeholder, dimension_id, weight. None without ideas or weights."""
    if ideas.empty or weights.empty:
        return None
    table = weights.pivot_table(
        index="stakeholder", columns="dimension_id", values="weight", aggfunc="sum"
    ).fillna(0.0)
    mean = table.div(table.sum(axis=1).replace(0, 1), axis=0).mean(axis=0)
    reference = rank_ideas(ideas, benefits, mean)
    first = reference["title"].iloc[0]
    rows = []
    for stakeholder, row in table.iterrows():
        ranked = rank_ideas(ideas, benefits, row)
        rows.append({"stakeholder": stakeholder, "first": ranked["title"].iloc[0]})
    firsts = pd.DataFrame(rows, columns=["stakeholder", "first"])
    changes = sorted(firsts.loc[firsts["first"] != first, "stakeholder"])
    return IdeaRanking(reference=reference, firsts=firsts, robust=not changes, changes_for=changes)


def realised_monthly_saving(before: float | None, after: float | None) -> float | None:
    """The fall in the monthly cost of the idea's activities from before to after adoption."""
    if before is None or after is None:
        return None
    return float(before) - float(after)


def activities_monthly_cost(
    activities: pd.DataFrame, efforts: pd.DataFrame, periods_per_year: int
) -> float | None:
    """What the activities cost a month: per period, their other costs plus staff hours x
    the role's hourly cost, times periods a year over 12. None without activities."""
    if activities.empty:
        return None
    other = pd.to_numeric(activities["other_costs"], errors="coerce").fillna(0.0).sum()
    hours = pd.to_numeric(efforts["hours"], errors="coerce").fillna(0.0)
    rate = pd.to_numeric(efforts["hourly_cost"], errors="coerce").fillna(0.0)
    per_period = float(other) + float((hours * rate).sum())
    return per_period * periods_per_year / 12


def state_as_of(history: pd.DataFrame, moment) -> pd.DataFrame | None:
    """The records of a change history as they stood at `moment`; None when the history
    cannot say.

    `history`: one row per saved version, with `id`, `history_date`, `history_type`
    ("+" created, "~" changed, "-" deleted) and the record's values. A record's state
    is its last version at or before `moment`, unless that is its deletion. A record
    whose versions all come after `moment` did not exist yet if the first is its
    creation; if the first is a change, it existed before its history was kept, and
    what it was at `moment` is unknown (None).
    """
    ordered = history.sort_values(["id", "history_date"], kind="stable")
    first = ordered.groupby("id", sort=False).head(1)
    unknown = first[(first["history_date"] > moment) & (first["history_type"] != "+")]
    if not unknown.empty:
        return None
    known = ordered[ordered["history_date"] <= moment]
    latest = known.groupby("id", sort=False).tail(1)
    return latest[latest["history_type"] != "-"].reset_index(drop=True)


def monthly_cost_as_of(
    activities: pd.DataFrame,
    efforts: pd.DataFrame,
    roles: pd.DataFrame,
    moment,
    periods_per_year: int,
) -> float | None:
    """What the activities cost a month at `moment`, from their change histories (see
    `state_as_of`): `activities` (id, other_costs), their `efforts` (id, activity_id,
    staff_role_id, hours_per_period) and the staff `roles` (id, hourly_cost). None when
    a history cannot say, or no activity existed yet."""
    activity_state = state_as_of(activities, moment)
    effort_state = state_as_of(efforts, moment)
    role_state = state_as_of(roles, moment)
    if activity_state is None or effort_state is None or role_state is None:
        return None
    if activity_state.empty:
        return None
    effort_state = effort_state[effort_state["activity_id"].isin(activity_state["id"])]
    rates = role_state.set_index("id")["hourly_cost"]
    if not effort_state["staff_role_id"].isin(rates.index).all():
        return None  # a role's rate at that moment is not in its history
    return activities_monthly_cost(
        activity_state[["other_costs"]],
        pd.DataFrame(
            {
                "hours": effort_state["hours_per_period"].to_numpy(),
                "hourly_cost": rates.reindex(effort_state["staff_role_id"]).to_numpy(),
            }
        ),
        periods_per_year,
    )


QUADRANTS = {
    (True, True): "both",  # lower cost and more benefit
    (False, True): "benefit_at_a_cost",
    (True, False): "saving_at_a_loss",
    (False, False): "neither",
}


def quadrant(monthly_saving: float, benefit: float) -> str:
    """Where an idea lies on the cost-benefit plane; on an axis counts as the better side."""
    return QUADRANTS[(float(monthly_saving) >= 0, float(benefit) >= 0)]
