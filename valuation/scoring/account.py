"""The public value account: what the unit cost over the assessment, beside what it gave.

Costs come from the activities (microsystems.analysis.costs, per period) scaled
to the assessment's length in the microsystem's periods; benefits are the
dimension scores and the benefit-side measures. Value for money is the overall
value in points per 1,000 of money a month: length-free, so an assessment of one
month and one of a year of the same unit at the same cost read the same (per
1,000 over the whole assessment, the same unit read 30.97 for 1 month and 4.82
for 12).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from microsystems.periods import FIRST_DAY, LAST_DAY, period_start_for, shift_periods
from valuation.scoring.common import finite_or_none, float_array

# Why there is no value for money (Account.value_for_money_reason): codes, worded
# in valuation.reports.account_text.
NO_OVERALL = "no_overall_value"
NO_MONEY = "no_money_cost_recorded"


def periods_covered(start: date, end: date, granularity: str) -> float:
    """How many of the microsystem's periods the assessment spans.

    A period only partly inside the assessment counts by the share of its days
    inside: 2025 Q1 is 3 months; 1 to 14 January is 14/31 of a month. Days
    outside the window of microsystems.periods do not count: the database keeps
    assessments inside it, and a far-off date must not make this loop for ages
    or step past the last date Python knows.
    """
    start, end = max(start, FIRST_DAY), min(end, LAST_DAY)
    if end < start:
        return 0.0
    total = 0.0
    period = period_start_for(start, granularity)
    while period <= end:
        following = shift_periods(period, granularity, 1)
        first, last = max(start, period), min(end, following - timedelta(days=1))
        total += ((last - first).days + 1) / (following - period).days
        period = following
    return total


@dataclass(frozen=True)
class Account:
    """Costs beside benefits over the assessment; money in the activities' currency."""

    periods: float  # the assessment's length in the microsystem's periods
    activities: int
    money_per_period: float
    money: float
    staff_hours_per_period: float
    staff_hours: float
    failure_cost_per_period: float
    failure_cost: float
    cost_measures: pd.DataFrame  # scored measures on the cost side
    benefit_measures: pd.DataFrame  # scored measures on the benefit side
    value_for_money: float | None  # overall value points per 1,000 of money a month
    money_per_month: float = 0.0
    value_for_money_reason: str = ""


def public_value_account(
    *,
    activity_costs: pd.DataFrame,
    failure_cost_per_period: float,
    scored_measures: pd.DataFrame,
    overall: float | None,
    periods: float,
    periods_per_year: int = 12,
) -> Account:
    """`activity_costs` is microsystems.analysis.costs.activity_costs(); the failure cost
    per period is its failure_demand_cost()["failure_cost_per_period"].
    """
    money_per_period = float(np.nansum(float_array(activity_costs["cost_per_period"])))
    hours_per_period = float(np.nansum(float_array(activity_costs["staff_hours"])))
    failure_per_period = finite_or_none(failure_cost_per_period) or 0.0
    money = money_per_period * periods
    # A week is 12/52 of a month, a quarter 3 months.
    money_per_month = money_per_period * periods_per_year / 12
    if overall is None:
        value_for_money, reason = None, NO_OVERALL
    elif not money > 0:
        value_for_money, reason = None, NO_MONEY
    else:
        value_for_money, reason = finite_or_none(overall / (money_per_month / 1000.0)), ""
    cost_side = (scored_measures["side"] == "cost").to_numpy(dtype=bool)
    return Account(
        periods=periods,
        activities=len(activity_costs),
        money_per_period=money_per_period,
        money=money,
        staff_hours_per_period=hours_per_period,
        staff_hours=hours_per_period * periods,
        failure_cost_per_period=failure_per_period,
        failure_cost=failure_per_period * periods,
        cost_measures=scored_measures[cost_side].reset_index(drop=True),
        benefit_measures=scored_measures[~cost_side].reset_index(drop=True),
        value_for_money=value_for_money,
        value_for_money_reason=reason,
        money_per_month=money_per_month,
    )
