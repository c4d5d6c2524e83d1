"""The account page's figures as plain numbers, for its JSON endpoint.

Built from the same source as the page (an approved version's frozen record, or
today's data for a draft or a submitted assessment), so the JSON and the page
cannot disagree; exact where the page rounds for display.
"""

from __future__ import annotations

import math

from valuation.models import Assessment, AssessmentRecord
from valuation.selectors.records import AccountSource


def _float(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def account_numbers(
    assessment: Assessment, source: AccountSource, record: AssessmentRecord | None
) -> dict:
    result = source.result
    account = result.account
    return {
        "assessment": {
            "id": assessment.pk,
            "unit": assessment.microsystem.slug,
            "period_label": assessment.period_label,
            "start_date": assessment.start_date.isoformat(),
            "end_date": assessment.end_date.isoformat(),
            "status": assessment.status,
            "provisional": record is None,
            "approved_version": record.version if record is not None else None,
            "period_noun": source.period_noun,
        },
        "overall_value": _float(result.overall.value),
        "disagreement": _float(result.overall.disagreement),
        "stakeholders_counted": result.overall.counted,
        "perspectives": [
            {"stakeholder": str(name), "value": _float(value), "counted": bool(counted)}
            for name, value, counted in zip(
                result.perspectives["name"],
                result.perspectives["value"],
                result.perspectives["counted"],
                strict=True,
            )
        ],
        "dimensions": [
            {
                "name": str(row["name"]),
                "measured": _float(row["measured"]),
                "blended": _float(row["blended"]),
                "contested": bool(row["contested"]),
            }
            for row in result.dimensions.to_dict("records")
        ],
        "account": {
            "periods": _float(account.periods),
            "activities": int(account.activities),
            "money": _float(account.money),
            "money_per_period": _float(account.money_per_period),
            "money_per_month": _float(account.money_per_month),
            "staff_hours": _float(account.staff_hours),
            "failure_cost": _float(account.failure_cost),
            "failure_cost_per_period": _float(account.failure_cost_per_period),
            "value_for_money": _float(account.value_for_money),
        },
    }
