"""The activities page: what each activity costs, where the money goes, what could stop.

selector frames -> microsystems.analysis.costs -> charts and tables already
formatted as text, so the template does no per-row work and the view no pandas.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.formatting import hours, money, percent, volume
from core.table_html import disclosed_table
from core.tables import TableView, figure_html
from microsystems.analysis import costs as analysis
from microsystems.charts import costs as charts
from microsystems.charts.costs import CLASSIFICATION_LABELS, NATURE_LABELS
from microsystems.models import Microsystem
from microsystems.report_cache import Reads, unit_report
from microsystems.reports.activities_text import freed_capacity_sentence
from microsystems.selectors.activities import (
    ActivityFrames,
    ActivityRecords,
    activity_records,
    demand_costs,
)

# The tables behind the page, offered as downloads (?table=<name>).
TABLES = ("activities", "classification", "demand", "natures")
# One bar per activity is 28 px: beyond this many the chart would be taller than a
# screen, so it shows the costliest and says so.
CHART_ACTIVITIES = 25


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


@dataclass(frozen=True)
class RecordCosts:
    """What the cost analysis finds from the records alone, before any demand figure."""

    records: ActivityRecords
    costs: pd.DataFrame  # activity_costs plus each activity's contribution
    by_classification: pd.DataFrame
    stop: pd.DataFrame


def record_costs(records: ActivityRecords) -> RecordCosts:
    costs = analysis.activity_costs(
        records.activities, records.efforts, records.staff_roles, records.periods_per_year
    )
    contributions = records.activities[["activity_id", "contribution"]].astype(
        {"activity_id": "int64"}
    )
    costs = costs.merge(contributions, on="activity_id", how="left")
    return RecordCosts(
        records=records,
        costs=costs,
        by_classification=analysis.cost_by_classification(costs),
        stop=analysis.stop_candidates(costs),
    )


def _with_demand(microsystem: Microsystem, found: RecordCosts) -> CostAnalysis:
    """The analysis completed with the demand figures (two queries, none while the
    unit's operations are unchanged since demand_costs last worked them out)."""
    demand = demand_costs(microsystem, found.records, found.costs)
    frames, unit_costs = demand.frames, demand.unit_costs
    return CostAnalysis(
        frames=frames,
        costs=found.costs,
        by_classification=found.by_classification,
        unit_costs=unit_costs,
        failure=analysis.failure_demand_cost(unit_costs, frames.periods_per_year),
        stop=found.stop,
        freed=analysis.freed_capacity(found.costs, frames.capacity_gap_hours),
    )


def cost_analysis(microsystem: Microsystem) -> CostAnalysis:
    return _with_demand(microsystem, record_costs(activity_records(microsystem)))


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
    hours_in_activities_sentence: str = ""
    charts: dict[str, str] = field(default_factory=dict)
    tables: dict[str, TableView] = field(default_factory=dict)
    # The tables beside the charts as HTML with their CSV links (table_html.py).
    tables_html: dict[str, str] = field(default_factory=dict)
    # The rows of the activities table, without and with edit links, and of the
    # "what could we stop" table: rendered once here, not on every view.
    rows_html: str = ""
    rows_html_editable: str = ""
    stop_rows_html: str = ""
    # The cost-per-unit table's rows, from the demand part, likewise.
    demand_rows_html: str = ""


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
                "classification_label": CLASSIFICATION_LABELS[row.classification],
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
            "label": CLASSIFICATION_LABELS[row.classification],
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


def hours_in_activities_sentence(
    available: float, in_activities: float, gap: float | None, period_noun: str
) -> str:
    """The other way of counting spare hours, beside the capacity gap, each named by its
    definition so that the two figures can be told apart (and each added up)."""
    if not available > 0:
        return ""
    unassigned = available - in_activities
    sentence = (
        f"Hours recorded against activities: {hours(in_activities)} of the "
        f"{hours(available)} staff hours the team can give a {period_noun}, "
    )
    if unassigned >= 0:
        sentence += f"leaving {hours(unassigned)} not recorded against any activity."
    else:
        sentence += f"{hours(-unassigned)} more than the team can give."
    if gap is not None:
        sentence += (
            " That differs from the figure above by definition: above, the hours demand "
            "needs (volumes × handling times); here, the hours the team says its "
            "activities take."
        )
    return sentence


@dataclass(frozen=True)
class Column:
    """One column of a table, shown on the page as text and downloaded as a number."""

    header: str
    value: Callable  # row -> the plain value (text or float)
    kind: str = "text"  # text, count, hours, volume, money, unit_money, percent
    on_page: bool = True  # the page's tables are shorter than the downloads

    def shown(self, row) -> str:
        value = self.value(row)
        return DISPLAY[self.kind](value) if self.kind in DISPLAY else str(value)


DISPLAY = {
    "count": lambda value: str(int(value)),
    "hours": hours,
    "volume": volume,
    "money": money,
    # A unit cost is often a few pounds, so pence matter here.
    "unit_money": lambda value: money(value, 2),
    "percent": percent,
}


@dataclass(frozen=True)
class TableSpec:
    caption: str
    columns: list[Column]
    rows: list  # the row objects each column's `value` reads


def table_specs(result: CostAnalysis) -> dict[str, TableSpec]:
    """The tables behind the charts: the page shows them, the downloads export them."""
    noun = result.period_noun
    return {
        **records_table_specs(result.costs, result.by_classification, noun),
        **demand_table_specs(result.unit_costs, result.failure, noun),
    }


def records_table_specs(
    costs: pd.DataFrame, by_classification: pd.DataFrame, noun: str
) -> dict[str, TableSpec]:
    """The tables of what the records alone say: the activities' costs, by classification."""
    return {
        "activities": TableSpec(
            caption=f"Cost of each activity per {noun}",
            columns=[
                Column("Activity", lambda row: row.name),
                Column("Classification",
                       lambda row: CLASSIFICATION_LABELS[row.classification]),
                Column("Preventive", lambda row: "Yes" if row.preventive else "No",
                       on_page=False),
                Column(f"Staff hours per {noun}", lambda row: row.staff_hours, "hours",
                       on_page=False),
                Column(f"Staff cost per {noun}", lambda row: row.staff_cost, "money",
                       on_page=False),
                Column(f"Other costs per {noun}", lambda row: row.other_costs, "money",
                       on_page=False),
                Column(f"Cost per {noun}", lambda row: row.cost_per_period, "money"),
                Column("Cost per year", lambda row: row.cost_per_year, "money"),
                Column("Contribution to the public value goal",
                       lambda row: row.contribution or "", on_page=False),
            ],
            rows=list(costs.itertuples(index=False)),
        ),
        "classification": TableSpec(
            caption=f"Cost by classification per {noun}",
            columns=[
                Column("Classification", lambda row: CLASSIFICATION_LABELS[row.classification]),
                Column("Activities", lambda row: int(row.activities), "count"),
                Column(f"Staff hours per {noun}", lambda row: row.staff_hours, "hours"),
                Column(f"Cost per {noun}", lambda row: row.cost_per_period, "money"),
                Column("Cost per year", lambda row: row.cost_per_year, "money"),
                Column("Share of cost", lambda row: row.share, "percent"),
            ],
            rows=list(by_classification.itertuples(index=False)),
        ),
    }  # fmt: skip


def demand_table_specs(unit_costs: pd.DataFrame, failure: dict, noun: str) -> dict[str, TableSpec]:
    """The tables that read the demand figures: the cost of each nature and demand type."""
    return {
        "natures": TableSpec(
            caption=f"Cost of handling demand per {noun}, by nature",
            columns=[
                Column("Demand", lambda nature: NATURE_LABELS[nature]),
                Column(f"Cost per {noun}",
                       lambda nature: failure[f"{nature}_cost_per_period"], "money"),
                Column("Cost per year",
                       lambda nature: failure[f"{nature}_cost_per_year"], "money"),
            ],
            rows=list(NATURE_LABELS),
        ),
        "demand": TableSpec(
            caption=(
                f"Cost per unit of each demand type, volume per {noun} averaged over the last year"
            ),
            columns=[
                Column("Demand type", lambda row: row.name),
                Column("Nature", lambda row: NATURE_LABELS.get(row.nature, row.nature)),
                Column(f"Volume per {noun}", lambda row: row.volume_per_period, "volume"),
                Column(f"Staff hours per {noun}", lambda row: row.allocated_hours, "hours"),
                Column(f"Cost per {noun}", lambda row: row.allocated_cost, "money"),
                Column("Cost per unit", lambda row: row.unit_cost, "unit_money"),
            ],
            rows=list(unit_costs.itertuples(index=False)),
        ),
    }  # fmt: skip


def _page_tables(specs: dict[str, TableSpec]) -> dict[str, TableView]:
    tables = {}
    for name, spec in specs.items():
        columns = [column for column in spec.columns if column.on_page]
        tables[name] = TableView(
            caption=spec.caption,
            headers=[column.header for column in columns],
            rows=[[column.shown(row) for column in columns] for row in spec.rows],
            csv_name=name,
        )
    return tables


def _tables_html(microsystem: Microsystem, tables: dict[str, TableView]) -> dict[str, str]:
    """The tables shown with their downloads' links (the demand table is shown without)."""
    download = reverse("microsystems:activities_download", kwargs={"slug": microsystem.slug})
    return {
        name: disclosed_table(tables[name], f"{download}?format=csv&table={name}")
        for name in ("activities", "classification", "natures")
        if name in tables
    }


@dataclass(frozen=True)
class RecordsPart:
    """The activities page as far as the records alone say (kept in the cache by
    them, so that a demand save recomputes only the rest), and what the rest needs."""

    found: RecordCosts
    report: ActivitiesReport
    available_hours: float


def records_part(microsystem: Microsystem) -> RecordsPart:
    found = record_costs(activity_records(microsystem))
    records, costs, noun = found.records, found.costs, found.records.granularity
    report = ActivitiesReport(
        period_noun=noun,
        has_staff_roles=not records.staff_roles.empty,
        has_demand_types=not records.demand_types.empty,
        has_activities=not costs.empty,
    )
    roles = records.staff_roles
    available = float((roles["fte"] * roles["hours_per_fte"]).sum()) if not roles.empty else 0.0
    if not report.has_activities:
        return RecordsPart(found, report, available)
    report.rows = _activity_rows(costs, microsystem.slug)
    report.activities_charted = min(len(costs), CHART_ACTIVITIES)
    report.totals = {
        "activities": str(len(costs)),
        "staff_hours": hours(float(costs["staff_hours"].sum())),
        "cost_per_period": money(float(costs["cost_per_period"].sum())),
        "cost_per_year": money(float(costs["cost_per_year"].sum())),
    }
    report.stop_rows = _stop_rows(found.stop)
    report.charts = {
        # costs is sorted costliest first; the table below the chart lists every activity.
        "activities": figure_html(
            charts.cost_by_activity_chart(costs.head(CHART_ACTIVITIES), period_noun=noun)
        ),
        "classification": figure_html(
            charts.cost_by_classification_chart(found.by_classification, period_noun=noun)
        ),
    }
    report.tables = _page_tables(records_table_specs(costs, found.by_classification, noun))
    report.tables_html = _tables_html(microsystem, report.tables)
    report.rows_html = activity_rows_html(report.rows, can_edit=False)
    report.rows_html_editable = activity_rows_html(report.rows, can_edit=True)
    report.stop_rows_html = stop_rows_html(report.stop_rows)
    return RecordsPart(found, report, available)


def activities_report(microsystem: Microsystem) -> ActivitiesReport:
    """The page: what the records say, from the cache while they are unchanged (a
    demand save leaves it there), completed with what the demand figures say."""
    part = unit_report(
        "activities-records",
        microsystem,
        lambda: records_part(microsystem),
        reads=Reads(figures=False),
    )
    report = replace(part.report, charts=dict(part.report.charts), tables=dict(part.report.tables))
    if not report.has_activities:
        return report
    result = _with_demand(microsystem, part.found)
    frames, costs, noun = result.frames, result.costs, result.period_noun
    report.freed_sentence = freed_capacity_sentence(result.freed, noun)
    report.capacity_gap_sentence = capacity_gap_sentence(frames.capacity_gap_hours, noun)
    report.hours_in_activities_sentence = hours_in_activities_sentence(
        part.available_hours, float(costs["staff_hours"].sum()), frames.capacity_gap_hours, noun
    )
    report.charts["natures"] = figure_html(
        charts.failure_vs_value_chart(result.failure, period_noun=noun)
    )
    demand_tables = _page_tables(demand_table_specs(result.unit_costs, result.failure, noun))
    report.tables.update(demand_tables)
    report.demand_rows_html = unit_cost_rows_html(demand_tables["demand"].rows)
    report.tables_html = {**report.tables_html, **_tables_html(microsystem, demand_tables)}
    return report


# The two tables' rows are joined in Python, every text escaped: the template
# language took about 40% of the page's recomputation after a demand save.


def activity_rows_html(rows: list[dict], *, can_edit: bool) -> SafeString:
    """The activities table's rows; with `can_edit`, each with its edit and delete links."""
    parts = []
    for row in rows:
        name = escape(row["name"])
        links = (
            f'<td class="text-nowrap"><a href="{escape(row["edit_url"])}">Edit<span '
            f'class="visually-hidden"> {name}</span></a> · <a class="link-danger" '
            f'href="{escape(row["delete_url"])}">Delete<span class="visually-hidden"> '
            f"{name}</span></a></td>"
            if can_edit
            else ""
        )
        parts.append(
            f'<tr><th scope="row">{name}</th>'
            f'<td class="num" data-sort-value="{escape(row["staff_hours_sort"])}">'
            f"{escape(row['staff_hours'])}</td>"
            f'<td class="num" data-sort-value="{escape(row["cost_per_period_sort"])}">'
            f"{escape(row['cost_per_period'])}</td>"
            f'<td class="num" data-sort-value="{escape(row["cost_per_year_sort"])}">'
            f"{escape(row['cost_per_year'])}</td>"
            f'<td><span class="classification classification-{escape(row["classification"])}">'
            f"{escape(row['classification_label'])}</span></td>"
            f"<td>{escape(row['preventive'])}</td>"
            f'<td class="contribution-cell small">{escape(row["contribution"] or "—")}</td>'
            f"{links}</tr>"
        )
    return mark_safe("".join(parts))  # every text above is escaped


def unit_cost_rows_html(rows: list[list[str]]) -> SafeString:
    """The cost-per-unit table's rows: each row's first cell its heading."""
    return mark_safe(  # every text is escaped
        "".join(
            f'<tr><th scope="row">{escape(heading)}</th>'
            + "".join(f'<td class="num">{escape(cell)}</td>' for cell in cells)
            + "</tr>"
            for heading, *cells in rows
        )
    )


def stop_rows_html(rows: list[dict]) -> SafeString:
    """The "what could we stop" table's rows."""
    return mark_safe(  # every text is escaped
        "".join(
            f'<tr><td>{row["rank"]}</td><th scope="row">{escape(row["name"])}</th>'
            f'<td><span class="classification classification-{escape(row["classification"])}">'
            f"{escape(row['label'])}</span></td>"
            f'<td class="num">{escape(row["staff_hours"])}</td>'
            f'<td class="num">{escape(row["cost_per_period"])}</td>'
            f'<td class="num">{escape(row["cost_per_year"])}</td>'
            f'<td class="num">{escape(row["cumulative_hours"])}</td></tr>'
            for row in rows
        )
    )
