"""An assessment worked out entirely by hand, as the scoring engine's inputs.

A repairs desk, 2025 Q1 (January to March, monthly periods), judgement share 0.5.

Two dimensions: Efficiency (id 1) and Equity (id 2).
Three measures:
- cost-per-repair (Efficiency, lower is better, baseline 200, target 100, mean,
  cost side): Dec 2024 300 (outside the period), Jan 160, Feb 140, Mar 120.
- days-to-repair (Efficiency, lower is better, baseline 20, target 10, last
  value, benefit side): Jan 15, Feb 14, Mar 12.
- deprived-area-repairs (Equity, higher is better, baseline 100, target 300,
  sum, benefit side): Jan 50, Feb 60, Mar 90, Apr 999 (outside the period).
Two stakeholders: Tenants (id 21) and Funders (id 22).
- Tenants weigh Efficiency 0.25, Equity 0.75, judge Efficiency 4/10, Equity 9/10.
- Funders weigh Efficiency 0.2, Equity 0.8, judge Efficiency 8/10 (not Equity).
Voices: Tenants 3, Funders 1.
Activities (one staff role at £20 an hour):
- Emergency repairs: 100 hours + £500 other costs a month; handles repair
  requests (100 a month x 30 minutes) and chasing calls (failure demand, 50 a
  month x 12 minutes).
- Planned maintenance: 50 hours a month; handles repair requests.
"""

from datetime import date
from decimal import Decimal

import pandas as pd

from valuation.scoring.engine import AssessmentInputs

EFFICIENCY, EQUITY = 1, 2
COST_PER_REPAIR, DAYS_TO_REPAIR, DEPRIVED_AREAS = 11, 12, 13
TENANTS, FUNDERS = 21, 22


def frame(columns: list[str], rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=columns)


def hand_inputs(**changes) -> AssessmentInputs:
    months = {
        COST_PER_REPAIR: [(date(2024, 12, 1), 300), (date(2025, 1, 1), 160),
                          (date(2025, 2, 1), 140), (date(2025, 3, 1), 120)],
        DAYS_TO_REPAIR: [(date(2025, 1, 1), 15), (date(2025, 2, 1), 14), (date(2025, 3, 1), 12)],
        DEPRIVED_AREAS: [(date(2025, 1, 1), 50), (date(2025, 2, 1), 60),
                         (date(2025, 3, 1), 90), (date(2025, 4, 1), 999)],
    }  # fmt: skip
    inputs = {
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 3, 31),
        "granularity": "month",
        "judgement_share": Decimal("0.50"),
        "dimensions": frame(
            ["dimension_id", "name", "order", "active"],
            [(EFFICIENCY, "Efficiency", 10, True), (EQUITY, "Equity", 40, True)],
        ),
        "measures": frame(
            ["measure_id", "code", "name", "dimension_id", "unit", "direction", "baseline",
             "target", "rollup", "side", "active"],
            [
                (COST_PER_REPAIR, "cost-per-repair", "Cost per repair", EFFICIENCY, "£",
                 "lower", Decimal(200), Decimal(100), "mean", "cost", True),
                (DAYS_TO_REPAIR, "days-to-repair", "Days to complete a repair", EFFICIENCY,
                 "days", "lower", Decimal(20), Decimal(10), "last", "benefit", True),
                (DEPRIVED_AREAS, "deprived-area-repairs", "Repairs in deprived areas", EQUITY,
                 "repairs", "higher", Decimal(100), Decimal(300), "sum", "benefit", True),
            ],
        ),
        "measurements": frame(
            ["measure_id", "period_start", "value"],
            [(measure, day, Decimal(value)) for measure, rows in months.items()
             for day, value in rows],
        ),
        "stakeholders": frame(["stakeholder_id", "name"], [(TENANTS, "Tenants"),
                                                           (FUNDERS, "Funders")]),
        "weights": frame(
            ["stakeholder_id", "dimension_id", "weight"],
            [(TENANTS, EFFICIENCY, Decimal("0.25")), (TENANTS, EQUITY, Decimal("0.75")),
             (FUNDERS, EFFICIENCY, Decimal("0.2")), (FUNDERS, EQUITY, Decimal("0.8"))],
        ),
        "judgements": frame(
            ["stakeholder_id", "dimension_id", "score"],
            [(TENANTS, EFFICIENCY, 4), (TENANTS, EQUITY, 9), (FUNDERS, EFFICIENCY, 8)],
        ),
        "activity_judgements": frame(["activity_id", "dimension_id", "judges", "mean_score"], []),
        "voices": frame(["stakeholder_id", "weight"], [(TENANTS, Decimal(3)),
                                                       (FUNDERS, Decimal(1))]),
        "activities": frame(
            ["activity_id", "name", "classification", "preventive", "other_costs",
             "contribution"],
            [(31, "Emergency repairs", "adds_value", False, 500.0, "Safe homes."),
             (32, "Planned maintenance", "adds_value", True, 0.0, "Fewer emergencies.")],
        ),
        "efforts": frame(["activity_id", "staff_role_id", "hours_per_period"],
                         [(31, 41, 100.0), (32, 41, 50.0)]),
        "staff_roles": frame(["staff_role_id", "title", "hourly_cost", "fte", "hours_per_fte"],
                             [(41, "Repairs officer", 20.0, 1.0, 150.0)]),
        "activity_demand": frame(["activity_id", "demand_type_id"], [(31, 51), (31, 52), (32, 51)]),
        "demand": frame(
            ["demand_type_id", "name", "nature", "handling_minutes", "volume_per_period"],
            [(51, "Repair requests", "value", 30.0, 100.0),
             (52, "Chasing calls", "failure", 12.0, 50.0)],
        ),
    }  # fmt: skip
    inputs.update(changes)
    return AssessmentInputs(**inputs)
