"""The figures a record keeps for the portfolio: worked out by hand, set on approval,
and filled by the migration from records frozen before the columns existed."""

import importlib

import pandas as pd
import pytest
from django.apps import apps as django_apps

from tests.support.account import repairs_world
from tests.support.records import approve
from valuation.analysis.headline import contested_dimensions, demand_figures, per_month
from valuation.models import AssessmentRecord

migration = importlib.import_module("valuation.migrations.0015_record_portfolio_figures")

PORTFOLIO_COLUMNS = (
    "disagreement",
    "contested_dimension_count",
    "contested_dimension_names",
    "failure_demand_share",
    "failure_cost_per_month",
    "demand_per_month",
)


def demand(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["nature", "volume_per_period"])


def test_demand_figures_leave_out_types_not_in_use():
    # 30 failure of 30 + 60 + 10 = 100 a week; 100 a week is 100 * 52 / 12 a month.
    figures = demand_figures(
        demand(("failure", 30.0), ("value", 60.0), ("unclassified", 10.0), ("failure", None)),
        "week",
    )
    assert figures.failure_share == pytest.approx(0.3)
    assert figures.per_month == pytest.approx(433.3333333)


def test_no_known_demand_is_not_zero_demand():
    assert demand_figures(demand(("failure", None)), "month").failure_share is None
    assert demand_figures(demand(), "month").per_month is None
    # Known but all zero: no share to give, and zero a month.
    zero = demand_figures(demand(("value", 0.0)), "quarter")
    assert (zero.failure_share, zero.per_month) == (None, 0.0)


def test_per_month_of_a_quarter_is_a_third():
    assert per_month(300.0, "quarter") == 100.0
    assert per_month(None, "month") is None


def test_contested_dimensions_in_order():
    frame = pd.DataFrame({"name": ["Equity", "Probity", "Efficiency"],
                          "contested": [True, False, True]})  # fmt: skip
    assert contested_dimensions(frame) == ["Equity", "Efficiency"]


@pytest.mark.django_db
def test_approval_stores_the_portfolio_figures(microsystem, users):
    """The repairs desk: 100 requests (value) and 50 chasing calls (failure) a month;
    emergency repairs (£2,500 a month) handle both, weighed by volume x minutes:
    chasing is 50 x 12 / (100 x 30 + 50 x 12) = 1/6 of it, £416.67 a month.
    Tenants judge efficiency 4 and funders 8: a spread of 4, contested."""
    world = repairs_world(microsystem)
    approve(world["assessment"], lead=users["lead"], manager=users["manager"])
    record = AssessmentRecord.objects.get(assessment=world["assessment"])
    assert record.failure_demand_share == pytest.approx(1 / 3)
    assert record.demand_per_month == pytest.approx(150)
    assert record.failure_cost_per_month == pytest.approx(2500 / 6)
    assert record.contested_dimension_names == ["Efficiency"]
    assert record.contested_dimension_count == 1
    assert record.disagreement is not None and record.disagreement > 0

    # The migration fills the same figures from the stored JSON of a record without them.
    stored = {name: getattr(record, name) for name in PORTFOLIO_COLUMNS}
    AssessmentRecord.objects.filter(pk=record.pk).update(**dict.fromkeys(PORTFOLIO_COLUMNS))
    migration.fill_portfolio_figures(django_apps, None)
    record.refresh_from_db()
    assert {name: getattr(record, name) for name in PORTFOLIO_COLUMNS} == stored


def test_migration_leaves_null_what_the_json_cannot_say():
    assert migration.portfolio_figures({}, {}) == dict.fromkeys(PORTFOLIO_COLUMNS)
    nan = {"fields": {"overall": {"fields": {"disagreement": {"$float": "nan"}}}}}
    assert migration.portfolio_figures({}, nan)["disagreement"] is None
