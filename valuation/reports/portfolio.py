"""What the portfolio page and its downloads show, from the selector's frames.

The table's cells, the downloads' rows and the charts' tables all come from one
sorted, filtered frame (valuation.analysis.portfolio), so what a manager downloads
is what the page shows: the same units in the same order, each number rounded as
on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd

from core.formatting import NO_VALUE, fixed, money, percent, round_half_up
from core.table_html import table_rows_html
from core.tables import TableView, figure_html
from valuation.analysis.portfolio import (
    filter_table,
    page_bounds,
    portfolio_table,
    ranked_units,
    scatter_points,
    sort_table,
)
from valuation.charts.portfolio import ranked_bars, value_cost_scatter
from valuation.forms.portfolio import SORT_LABELS, PortfolioChoices
from valuation.selectors.portfolio import PortfolioFrames

PER_PAGE = 50
RANKED_SHOWN = 15  # the best and the worst this many on the chart; all in its table
STATE_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "approved": "Approved",
    "none": "No assessment yet",
}
NO_RECORD = "No approved assessment yet"
NOT_IN_RECORD = "Not worked out for this approved assessment"
NO_PREVIOUS = "No earlier approved assessment with a value to compare with"
PAST_THE_END = "There is no page {asked}: there {verb} {pages} page{s}. Showing page {pages}."


@dataclass(frozen=True)
class Column:
    key: str  # the sort key (SORT_COLUMNS) and the export's column
    label: str
    places: int | None  # decimals in the page and the download; None: text
    fmt: str = "number"  # number, signed, money, share, text


# The table's columns after Unit and Organisation, in the page's order.
FIGURES = [
    Column("value", "Value", 1),
    Column("change", "Change", 1, "signed"),
    Column("disagreement", "Disagreement", 1),
    Column("cost", "Cost a month", 0, "money"),
    Column("value_for_money", "Value for money", 1),
    Column("failure_share", "Failure demand", 0, "share"),
    Column("contested", "Contested dimensions", 0),
]
SOURCE = {
    "value": "overall_value",
    "change": "change",
    "disagreement": "disagreement",
    "cost": "money_per_month",
    "value_for_money": "value_for_money",
    "failure_share": "failure_demand_share",
    "contested": "contested_dimension_count",
}
EXPORT_HEADERS = [
    "Unit",
    "Organisation",
    "State",
    "Period",
    "Last approved",
    "Overall value",
    "Change since previous approved",
    "Disagreement",
    "Cost a month (£)",
    "Value for money (points per £1,000 a month)",
    "Failure demand (% of demand)",
    "Contested dimensions",
    "Contested dimension names",
    "Cost of failure demand a month (£)",
    "Demand a month",
]


def _missing_reason(row: pd.Series, key: str) -> str:
    if row["period_label"] is None or pd.isna(row["period_label"]):
        return NO_RECORD
    if key == "change":
        return NO_PREVIOUS
    return NOT_IN_RECORD


def cell_text(value, column: Column) -> str:
    if value is None or pd.isna(value):
        return NO_VALUE
    if column.fmt == "money":
        return money(value, column.places)
    if column.fmt == "share":
        return percent(value)
    text = fixed(value, column.places)
    if column.fmt == "signed" and not text.startswith("-") and text != fixed(0, column.places):
        return f"+{text}"
    return text


def export_number(value, places: int, *, scale: float = 1.0) -> float | int | None:
    """A figure as the download holds it: rounded as on the page (a share as a percent)."""
    if value is None or pd.isna(value):
        return None
    rounded = round_half_up(float(value) * scale, places)
    return int(rounded) if places == 0 else float(rounded)


@dataclass
class Cell:
    text: str
    why_missing: str = ""


@dataclass
class TableRow:
    unit: str
    slug: str
    organisation: str
    cells: list[Cell]
    contested_names: str
    state: str
    period_label: str
    last_approved: object


@dataclass
class Header:
    key: str
    label: str
    query: str  # the query string that sorts by this column (the other way if sorted)
    sorted_as: str  # "ascending", "descending" or "none" (aria-sort)


@dataclass
class PortfolioReport:
    rows: list[TableRow]
    headers: list[Header]
    count: int
    page: int
    pages: int
    first_row: int
    last_row: int
    notices: list[str] = field(default_factory=list)
    scatter_html: str = ""
    scatter_table: TableView | None = None
    left_out_of_scatter: int = 0
    ranked_html: str = ""
    ranked_table: TableView | None = None
    measure_name: str = ""
    scatter_rows_html: str = ""
    ranked_rows_html: str = ""
    previous_query: str = ""
    next_query: str = ""
    download_query: str = ""


def sorted_table(frames: PortfolioFrames, choices: PortfolioChoices) -> pd.DataFrame:
    """The filtered, sorted rows: what the page pages through and the downloads hold."""
    table = portfolio_table(frames.units, frames.assessments, frames.records, year=choices.year)
    table = filter_table(table, organisation_id=choices.organisation_id, state=choices.state)
    return sort_table(table, choices.sort, descending=choices.descending)


def export_rows(table: pd.DataFrame) -> tuple[list[str], list[list]]:
    rows = []
    for row in table.to_dict("records"):
        names = row["contested_dimension_names"]
        rows.append(
            [
                row["unit"],
                row["organisation"],
                STATE_LABELS[row["state"]],
                row["period_label"] if isinstance(row["period_label"], str) else None,
                row["last_approved"],
                export_number(row["overall_value"], 1),
                export_number(row["change"], 1),
                export_number(row["disagreement"], 1),
                export_number(row["money_per_month"], 0),
                export_number(row["value_for_money"], 1),
                export_number(row["failure_demand_share"], 0, scale=100),
                export_number(row["contested_dimension_count"], 0),
                ", ".join(names) if isinstance(names, list) else None,
                export_number(row["failure_cost_per_month"], 0),
                export_number(row["demand_per_month"], 0),
            ]
        )
    return EXPORT_HEADERS, rows


def _headers(choices: PortfolioChoices, query: dict) -> list[Header]:
    headers = []
    keys = ("unit", "organisation", *(column.key for column in FIGURES), "state", "last_approved")
    for key in keys:
        current = choices.sort == key
        descending = current and choices.descending
        sort = key if (current and descending) or not current else f"-{key}"
        headers.append(
            Header(
                key=key,
                label=SORT_LABELS[key],
                query=_query({**query, "sort": sort, "page": None}),
                sorted_as=("descending" if descending else "ascending") if current else "none",
            )
        )
    return headers


def _query(values: dict) -> str:
    return urlencode({key: value for key, value in values.items() if value not in (None, "")})


def _table_rows(table: pd.DataFrame) -> list[TableRow]:
    rows = []
    for _, row in table.iterrows():
        cells = []
        for column in FIGURES:
            value = row[SOURCE[column.key]]
            text = cell_text(value, column)
            cells.append(Cell(text, _missing_reason(row, column.key) if text == NO_VALUE else ""))
        names = row["contested_dimension_names"]
        rows.append(
            TableRow(
                unit=row["unit"],
                slug=row["slug"],
                organisation=row["organisation"],
                cells=cells,
                contested_names=", ".join(names) if isinstance(names, list) else "",
                state=STATE_LABELS[row["state"]],
                period_label=row["period_label"] if isinstance(row["period_label"], str) else "",
                last_approved=row["last_approved"],
            )
        )
    return rows


def scatter_table(points: pd.DataFrame) -> TableView:
    frame = pd.DataFrame(
        {
            "Unit": points["unit"],
            "Organisation": points["organisation"],
            "Overall value": [fixed(value, 1) for value in points["overall_value"]],
            "Cost a month": [money(value) for value in points["money_per_month"]],
            "Demand a month": [fixed(value, 0) for value in points["demand_per_month"]],
        }
    )
    return TableView.from_frame(
        frame, caption="Each plotted unit's value, cost a month and demand a month"
    )


def ranked_table(ranked: pd.DataFrame, unit: str) -> TableView:
    frame = pd.DataFrame(
        {
            "Rank": [str(rank) for rank in ranked["rank"]],
            "Unit": ranked["unit"],
            "Organisation": ranked["organisation"],
            "Latest period": [day.strftime("%b %Y") for day in ranked["period_start"]],
            f"Value{f' ({unit})' if unit else ''}": [fixed(value, 2) for value in ranked["value"]],
        }
    )
    return TableView.from_frame(
        frame, caption="Units ranked on their latest measurement, best first"
    )


def shown_on_chart(ranked: pd.DataFrame) -> pd.DataFrame:
    if len(ranked) <= 2 * RANKED_SHOWN:
        return ranked
    return pd.concat([ranked.head(RANKED_SHOWN), ranked.tail(RANKED_SHOWN)])


def portfolio_report(
    frames: PortfolioFrames,
    choices: PortfolioChoices,
    *,
    query: dict,
    latest: pd.DataFrame,
    measure=None,
) -> PortfolioReport:
    """`latest` is the selector's latest measurement per unit of `measure`."""
    table = sorted_table(frames, choices)
    count = len(table)
    page, start, stop = page_bounds(count, choices.page, PER_PAGE)
    pages = max(1, -(-count // PER_PAGE))
    notices = []
    if choices.page > pages:
        notices.append(
            PAST_THE_END.format(
                asked=choices.page, pages=pages, verb="is" if pages == 1 else "are",
                s="" if pages == 1 else "s",
            )
        )  # fmt: skip
    points, left_out = scatter_points(table)
    report = PortfolioReport(
        rows=_table_rows(table.iloc[start:stop]),
        headers=_headers(choices, query),
        count=count,
        page=page,
        pages=pages,
        first_row=start + 1 if count else 0,
        last_row=stop,
        notices=notices,
        scatter_html=figure_html(value_cost_scatter(points)),
        scatter_table=scatter_table(points) if not points.empty else None,
        left_out_of_scatter=left_out,
    )
    if report.scatter_table is not None:
        report.scatter_rows_html = table_rows_html(report.scatter_table)
    report.download_query = _query({**query, "page": None})
    if page > 1:
        report.previous_query = _query({**query, "page": page - 1})
    if page < pages:
        report.next_query = _query({**query, "page": page + 1})
    if measure is not None:
        shown_units = table[["unit_id", "unit", "organisation"]]
        ranked = ranked_units(latest.merge(shown_units, on="unit_id"), measure.direction)
        report.measure_name = measure.name
        report.ranked_html = figure_html(
            ranked_bars(shown_on_chart(ranked), measure=measure.name, unit=measure.unit)
        )
        report.ranked_table = ranked_table(ranked, measure.unit) if not ranked.empty else None
        if report.ranked_table is not None:
            report.ranked_rows_html = table_rows_html(report.ranked_table)
    return report
