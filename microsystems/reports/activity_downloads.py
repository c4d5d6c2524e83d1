"""The activities page's tables as downloads: exact figures, not display text.

Each table holds plain values (text and numbers rounded to 2 decimal places) that
microsystems.reports.spreadsheets writes as CSV or XLSX.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

from microsystems.analysis.costs import CLASSIFICATION_LABELS
from microsystems.charts.costs import NATURE_LABELS
from microsystems.models import Microsystem
from microsystems.reports.activities import TABLES, CostAnalysis, cost_analysis


@dataclass(frozen=True)
class DownloadTable:
    """Headers and rows of plain values (text, numbers), for CSV and XLSX alike."""

    name: str
    headers: list[str]
    rows: list[list]
    money_columns: frozenset[int] = frozenset()  # 0-based, formatted £0.00 in XLSX


def _round(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 2)


def _activities(result: CostAnalysis) -> DownloadTable:
    noun = result.period_noun
    return DownloadTable(
        name="activities",
        headers=[
            "Activity",
            "Classification",
            "Preventive",
            f"Staff hours per {noun}",
            f"Staff cost per {noun} (£)",
            f"Other costs per {noun} (£)",
            f"Cost per {noun} (£)",
            "Cost per year (£)",
            "Contribution to the public value goal",
        ],
        rows=[
            [
                row.name,
                CLASSIFICATION_LABELS[row.classification],
                "Yes" if row.preventive else "No",
                _round(row.staff_hours),
                _round(row.staff_cost),
                _round(row.other_costs),
                _round(row.cost_per_period),
                _round(row.cost_per_year),
                row.contribution or "",
            ]
            for row in result.costs.itertuples(index=False)
        ],
        money_columns=frozenset({4, 5, 6, 7}),
    )


def _classification(result: CostAnalysis) -> DownloadTable:
    noun = result.period_noun
    return DownloadTable(
        name="classification",
        headers=[
            "Classification",
            "Activities",
            f"Staff hours per {noun}",
            f"Cost per {noun} (£)",
            "Cost per year (£)",
            "Share of cost (%)",
        ],
        rows=[
            [
                row.label,
                int(row.activities),
                _round(row.staff_hours),
                _round(row.cost_per_period),
                _round(row.cost_per_year),
                _round(row.share * 100),
            ]
            for row in result.by_classification.itertuples(index=False)
        ],
        money_columns=frozenset({3, 4}),
    )


def _natures(result: CostAnalysis) -> DownloadTable:
    failure = result.failure
    return DownloadTable(
        name="natures",
        headers=["Demand", f"Cost per {result.period_noun} (£)", "Cost per year (£)"],
        rows=[
            [
                label,
                _round(failure[f"{nature}_cost_per_period"]),
                _round(failure[f"{nature}_cost_per_year"]),
            ]
            for nature, label in NATURE_LABELS.items()
        ],
        money_columns=frozenset({1, 2}),
    )


def _demand(result: CostAnalysis) -> DownloadTable:
    noun = result.period_noun
    return DownloadTable(
        name="demand",
        headers=[
            "Demand type",
            "Nature",
            f"Volume per {noun} (mean of the last year)",
            f"Staff hours per {noun}",
            f"Cost per {noun} (£)",
            "Cost per unit (£)",
        ],
        rows=[
            [
                row.name,
                NATURE_LABELS.get(row.nature, row.nature),
                _round(row.volume_per_period),
                _round(row.allocated_hours),
                _round(row.allocated_cost),
                _round(row.unit_cost),
            ]
            for row in result.unit_costs.itertuples(index=False)
        ],
        money_columns=frozenset({4, 5}),
    )


BUILDERS: dict[str, Callable[[CostAnalysis], DownloadTable]] = {
    "activities": _activities,
    "classification": _classification,
    "natures": _natures,
    "demand": _demand,
}


def download_table(microsystem: Microsystem, table: str) -> DownloadTable:
    """One of TABLES with exact figures (pounds and hours to 2 decimal places)."""
    if table not in BUILDERS:
        raise ValueError(f"Unknown table {table!r}; expected one of {TABLES}")
    return BUILDERS[table](cost_analysis(microsystem))
