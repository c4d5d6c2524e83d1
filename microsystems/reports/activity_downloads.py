"""The activities page's tables as downloads: exact figures, not display text.

The same tables as the page (reports.activities.table_specs), with every column,
numbers rounded to 2 decimal places and units in the headers, for
core.spreadsheets to write as CSV or XLSX.
"""

import math
from dataclasses import dataclass

from microsystems.models import Microsystem
from microsystems.reports.activities import TABLES, Column, cost_analysis, table_specs

UNITS = {"money": " (£)", "unit_money": " (£)", "percent": " (%)"}
MONEY_KINDS = {"money", "unit_money"}


@dataclass(frozen=True)
class DownloadTable:
    """Headers and rows of plain values (text, numbers), for CSV and XLSX alike."""

    name: str
    headers: list[str]
    rows: list[list]
    money_columns: frozenset[int] = frozenset()  # 0-based, formatted £0.00 in XLSX


def exact(column: Column, row):
    """The column's plain value: text as it is, numbers to 2 decimal places, shares as %."""
    value = column.value(row)
    if column.kind == "text":
        return value
    if column.kind == "count":
        return int(value)
    if value is None or math.isnan(value):
        return None
    return round(float(value) * (100 if column.kind == "percent" else 1), 2)


def download_table(microsystem: Microsystem, table: str) -> DownloadTable:
    """One of TABLES with exact figures (pounds and hours to 2 decimal places)."""
    if table not in TABLES:
        raise ValueError(f"Unknown table {table!r}; expected one of {TABLES}")
    spec = table_specs(cost_analysis(microsystem))[table]
    return DownloadTable(
        name=table,
        headers=[column.header + UNITS.get(column.kind, "") for column in spec.columns],
        rows=[[exact(column, row) for column in spec.columns] for row in spec.rows],
        money_columns=frozenset(
            index for index, column in enumerate(spec.columns) if column.kind in MONEY_KINDS
        ),
    )
