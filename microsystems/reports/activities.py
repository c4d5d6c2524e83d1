"""The activities page: what each activity costs, where the money goes, what could stop.

selector frames -> microsystems.analysis.costs -> charts and tables already
formatted as text, so the template does no per-row work and the view no pandas.
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from django.urls import reverse

from microsystems.analysis import costs as analysis
from microsystems.charts import costs as charts
from microsystems.charts.costs import NATURE_LABELS
from microsystems.models import Microsystem
from microsystems.reports.common import TableView, figure_html
from microsystems.selectors.activities import ActivityFrames, activity_frames

# The tables behind the page, offered as downloads (?table=<name>).
TABLES = ("activities", "classification", "demand", "natures")
NO_VALUE = "—"
# One bar per activity is 28 px: beyond this many the chart would be taller than a
# screen, so it shows the costliest and says so.
CHART_ACTIVITIES = 25


def money(amount: float | None) -> str:
    """£ with thousands separators, to the nearest pound (halves rounded up)."""
    if amount is None or math.isnan(amount):
        return NO_VALUE
    pounds = Decimal(repr(float(amount))).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"£{pounds:,}"


def hours(amount: float | None) -> str:
    if amount is None or math.isnan(amount):
        return NO_VALUE
    return f"{amount:,.1f}"


def volume(amount: float | None) -> str:
    """A mean count: whole when it is whole ("1,200"), else one decimal ("1,183.3")."""
    if amount is None or math.isnan(amount):
        return NO_VALUE
    return f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.1f}"


def percent(share: float | None) -> str:
    if share is None or math.isnan(share):
        return NO_VALUE
    return f"{share * 100:.0f}%"


@dataclass(frozen=True)
class CostAnalysis:
    """The results of microsystems.analysis.costs for one microsystem."""

    frames: ActivityFrames
    costs: pd.DataFrame  # activity_costs plus each activity's contribution
    by_classification: pd.DataFrame
    unit_costs: pd.DataFrame
    failure: dict
    stop: pd.DataFrame
    freed: dict

    @property
    def period_noun(self) -> str:
        return self.frames.granularity


def cost_analysis(microsystem: Microsystem) -> CostAnalysis:
    frames = activity_frames(microsystem)
    per_year = frames.periods_per_year
    costs = analysis.activity_costs(frames.activities, frames.efforts, frames.staff_roles, per_year)
    contributions = frames.activities[["activity_id", "contribution"]].astype(
        {"activity_id": "int64"}
    )
    costs = costs.merge(contributions, on="activity_id", how="left")
    unit_costs = analysis.unit_costs(costs, frames.activity_demand, frames.demand)
    return CostAnalysis(
        frames=frames,
        costs=costs,
        by_classification=analysis.cost_by_classification(costs),
        unit_costs=unit_costs,
        failure=analysis.failure_demand_cost(unit_costs, per_year),
        stop=analysis.stop_candidates(costs),
        freed=analysis.freed_capacity(
            costs, frames.capacity_gap_hours, period_noun=frames.granularity
        ),
    )


# --- the page -------------------------------------------------------------------------


@dataclass
class ActivitiesReport:
    period_noun: str
    has_staff_roles: bool
    has_demand_types: bool
    has_activities: bool
    activities_charted: int = 0
    rows: list[dict] = field(default_factory=list)
    totals: dict[str, str] = field(default_factory=dict)
    stop_rows: list[dict] = field(default_factory=list)
    freed_sentence: str = ""
    capacity_gap_sentence: str = ""
    charts: dict[str, str] = field(default_factory=dict)
    tables: dict[str, TableView] = field(default_factory=dict)


def _activity_rows(costs: pd.DataFrame, slug: str) -> list[dict]:
    rows = []
    for row in costs.itertuples(index=False):
        url_kwargs = {"slug": slug, "activity_id": int(row.activity_id)}
        rows.append(
            {
                "name": row.name,
                "edit_url": reverse("microsystems:activity_edit", kwargs=url_kwargs),
                "delete_url": reverse("microsystems:activity_delete", kwargs=url_kwargs),
                "staff_hours": hours(row.staff_hours),
                "staff_hours_sort": f"{row.staff_hours:.4f}",
                "cost_per_period": money(row.cost_per_period),
                "cost_per_period_sort": f"{row.cost_per_period:.4f}",
                "cost_per_year": money(row.cost_per_year),
                "cost_per_year_sort": f"{row.cost_per_year:.4f}",
                "classification": row.classification,
                "classification_label": analysis.CLASSIFICATION_LABELS[row.classification],
                "preventive": "Yes" if row.preventive else "No",
                "contribution": row.contribution or "",
            }
        )
    return rows


def _stop_rows(stop: pd.DataFrame) -> list[dict]:
    return [
        {
            "rank": rank,
            "name": row.name,
            "classification": row.classification,
            "label": row.label,
            "staff_hours": hours(row.staff_hours),
            "cost_per_period": money(row.cost_per_period),
            "cost_per_year": money(row.cost_per_year),
            "cumulative_hours": hours(row.cumulative_hours),
        }
        for rank, row in enumerate(stop.itertuples(index=False), start=1)
    ]


def capacity_gap_sentence(gap: float | None, period_noun: str) -> str:
    if gap is None:
        return (
            "The capacity gap is not known yet: it needs demand volumes with handling "
            "times, recorded on the demand pages."
        )
    span = "averaged over the last year of recorded demand"
    if gap > 0:
        return (
            f"Demand needs about {hours(gap)} staff hours a {period_noun} more than the "
            f"team can give ({span})."
        )
    if gap < 0:
        return (
            f"The team can give about {hours(-gap)} staff hours a {period_noun} more than "
            f"demand needs ({span})."
        )
    return f"The staff hours the team can give match what demand needs ({span})."


def _chart_tables(result: CostAnalysis) -> dict[str, TableView]:
    noun = result.period_noun
    costs, by_class = result.costs, result.by_classification
    failure, unit_costs = result.failure, result.unit_costs
    return {
        "activities": TableView(
            caption=f"Cost of each activity per {noun}",
            headers=["Activity", "Classification", f"Cost per {noun}", "Cost per year"],
            rows=[
                [
                    row.name,
                    analysis.CLASSIFICATION_LABELS[row.classification],
                    money(row.cost_per_period),
                    money(row.cost_per_year),
                ]
                for row in costs.itertuples(index=False)
            ],
            csv_name="activities",
        ),
        "classification": TableView(
            caption=f"Cost by classification per {noun}",
            headers=[
                "Classification",
                "Activities",
                f"Staff hours per {noun}",
                f"Cost per {noun}",
                "Cost per year",
                "Share of cost",
            ],
            rows=[
                [
                    row.label,
                    str(row.activities),
                    hours(row.staff_hours),
                    money(row.cost_per_period),
                    money(row.cost_per_year),
                    percent(row.share),
                ]
                for row in by_class.itertuples(index=False)
            ],
            csv_name="classification",
        ),
        "natures": TableView(
            caption=f"Cost of handling demand per {noun}, by nature",
            headers=["Demand", f"Cost per {noun}", "Cost per year"],
            rows=[
                [
                    label,
                    money(failure[f"{nature}_cost_per_period"]),
                    money(failure[f"{nature}_cost_per_year"]),
                ]
                for nature, label in NATURE_LABELS.items()
            ],
            csv_name="natures",
        ),
        "demand": TableView(
            caption=(
                f"Cost per unit of each demand type, volume per {noun} averaged over the last year"
            ),
            headers=[
                "Demand type",
                "Nature",
                f"Volume per {noun}",
                f"Staff hours per {noun}",
                f"Cost per {noun}",
                "Cost per unit",
            ],
            rows=[
                [
                    row.name,
                    NATURE_LABELS.get(row.nature, row.nature),
                    volume(row.volume_per_period),
                    hours(row.allocated_hours),
                    money(row.allocated_cost),
                    _unit_money(row.unit_cost),
                ]
                for row in unit_costs.itertuples(index=False)
            ],
            csv_name="demand",
        ),
    }


def _unit_money(amount: float) -> str:
    # A unit cost is often a few pounds, so pence matter here.
    return NO_VALUE if math.isnan(amount) else f"£{amount:,.2f}"


def activities_report(microsystem: Microsystem) -> ActivitiesReport:
    result = cost_analysis(microsystem)
    frames, costs, noun = result.frames, result.costs, result.period_noun
    report = ActivitiesReport(
        period_noun=noun,
        has_staff_roles=not frames.staff_roles.empty,
        has_demand_types=not frames.demand.empty,
        has_activities=not costs.empty,
    )
    if not report.has_activities:
        return report
    report.rows = _activity_rows(costs, microsystem.slug)
    report.activities_charted = min(len(costs), CHART_ACTIVITIES)
    report.totals = {
        "activities": str(len(costs)),
        "staff_hours": hours(float(costs["staff_hours"].sum())),
        "cost_per_period": money(float(costs["cost_per_period"].sum())),
        "cost_per_year": money(float(costs["cost_per_year"].sum())),
    }
    report.stop_rows = _stop_rows(result.stop)
    report.freed_sentence = result.freed["sentence"]
    report.capacity_gap_sentence = capacity_gap_sentence(frames.capacity_gap_hours, noun)
    report.charts = {
        # costs is sorted costliest first; the table below the chart lists every activity.
        "activities": figure_html(
            charts.cost_by_activity_chart(costs.head(CHART_ACTIVITIES), period_noun=noun)
        ),
        "classification": figure_html(
            charts.cost_by_classification_chart(result.by_classification, period_noun=noun)
        ),
        "natures": figure_html(charts.failure_vs_value_chart(result.failure, period_noun=noun)),
    }
    report.tables = _chart_tables(result)
    return report
