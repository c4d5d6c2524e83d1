"""The demand page: how demand is changing, how much is failure demand, and capacity."""

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.urls import reverse

from core.background import PENDING, cached_or_queued, queue_configured
from core.spreadsheets import csv_bytes
from core.table_html import disclosed_table
from core.tables import TableView, figure_html
from microsystems.analysis import demand as analysis
from microsystems.charts import demand as charts
from microsystems.models import Microsystem
from microsystems.periods import FIRST_DAY, LAST_DAY
from microsystems.reports.demand_text import (
    FORECAST_METHODS,
    backtest_sentences,
    demand_summary,
)
from microsystems.selectors.demand import demand_types_frame, observations_frame, staff_frame
from microsystems.tasks import fit_backtest, fit_forecast, series_arguments

# The tables beside the charts, also offered as CSV downloads (?table=<name>).
TABLES = ("demand", "failure_share", "capacity", "year_on_year")
DATES_LEFT_OUT = (
    "{count:,} demand figure{plural} dated outside {first} to {last} {verb} left out of this page."
)


HEADERS = {
    "period_start": "Period starting",
    "value_volume": "Value demand",
    "failure_volume": "Failure demand",
    "unclassified_volume": "Not yet classified",
    "total_volume": "All demand",
    "failure_share_pct": "Failure demand (%)",
    "required_hours": "Staff hours needed",
    "available_hours": "Staff hours available",
    "utilisation_pct": "Utilisation (%)",
    "is_forecast": "Forecast?",
    "required_lower": "Forecast low (80% interval)",
    "required_upper": "Forecast high (80% interval)",
    "name": "Demand type",
    "nature": "Nature",
    "last_year": "Last year",
    "previous_year": "Year before",
    "change": "Change",
    "pct_change": "Change (%)",
    "slope_per_period": "Trend per period",
    "periods_compared": "Periods compared",
}


@dataclass
class DemandReport:
    granularity: str
    has_types: bool
    has_observations: bool
    has_staff: bool
    periods_recorded: int = 0
    summary: list[str] = field(default_factory=list)
    forecast_method: str = ""
    backtest: analysis.Backtest | None = None
    # The seasonal fit is being computed by a background job: the page shows a
    # straight-line forecast meanwhile, says so, and is not cached.
    forecast_pending: bool = False
    charts: dict[str, str] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    missing_handling_times: list[str] = field(default_factory=list)
    # (role, how its abilities could be used in new ways), for the capacity section.
    new_uses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def has_forecast_band(self) -> bool:
        capacity = self.tables.get("capacity")
        return capacity is not None and capacity["required_lower"].notna().any()

    @property
    def backtest_sentence(self) -> str:
        return " ".join(backtest_sentences(self.backtest, self.granularity))

    @property
    def has_two_years(self) -> bool:
        return self.periods_recorded >= 2 * analysis.PERIODS_PER_YEAR[self.granularity]

    def table_view(self, table: str, caption: str) -> "TableView | None":
        if table not in self.tables:
            return None
        return TableView.from_frame(
            self.tables[table], caption=caption, headers=HEADERS, csv_name=table
        )


def _demand_table(matrix: pd.DataFrame, demand_types: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(demand_types["demand_type_id"], demand_types["name"], strict=True))
    table = matrix.rename(columns=names)
    table.insert(0, "period_start", table.index.date)
    return table.reset_index(drop=True)


def _share_table(share: pd.DataFrame) -> pd.DataFrame:
    table = share.copy()
    table["failure_share_pct"] = (table.pop("failure_share") * 100).round(1)
    table.insert(0, "period_start", table.index.date)
    return table.reset_index(drop=True)


def _capacity_table(frame: pd.DataFrame) -> pd.DataFrame:
    table = frame.round(
        {"required_hours": 1, "available_hours": 1, "utilisation_pct": 1,
         "required_lower": 1, "required_upper": 1}
    )  # fmt: skip
    table.insert(0, "period_start", table.index.date)
    return table.reset_index(drop=True)


# Fitting the smoothing model takes a fraction of a second a fit (two per forecast,
# two more for the backtest): remembered by the series' own numbers, so a page view
# refits only after the figures change. The report cache's key also holds a
# fingerprint of the code, so a change of method retires old entries, and a cache
# that does not answer costs the fit, not the page.


def _series_digest(series: pd.Series, granularity: str, horizon: int = 0) -> str:
    digest = hashlib.sha256()
    digest.update(f"{granularity}:{horizon}".encode())
    digest.update(pd.DatetimeIndex(series.index).asi8.tobytes())
    digest.update(np.asarray(series, dtype="float64").tobytes())
    return digest.hexdigest()


def _job_arguments(series: pd.Series) -> tuple:
    """The series as a job's JSON arguments, written only where a job can be queued:
    without a queue the fit is computed inline and they are never read (a list of
    every period's date and value, on every view after a save)."""
    return series_arguments(series) if queue_configured() else ([], [])


class Forecasts:
    """The page's fits, remembered by the series' numbers: from the cache, else
    from a background job (the page then says it is pending) or computed inline
    when no task queue is configured (core/background.py)."""

    def __init__(self) -> None:
        self.pending = False

    def forecast(self, series: pd.Series, granularity: str, horizon: int = 3):
        """analysis.forecast_interval, or a straight line while it is pending."""
        found = cached_or_queued(
            "forecast",
            [_series_digest(series, granularity, horizon)],
            lambda: analysis.forecast_interval(series, granularity, horizon),
            fit_forecast,
            *_job_arguments(series),
            granularity,
            horizon,
        )
        if found is PENDING:
            self.pending = True
            return analysis.straight_line_interval(series, granularity, horizon)
        return found

    def backtest(self, series: pd.Series, granularity: str):
        """analysis.forecast_backtest, or None (no backtest shown) while it is pending.

        Its fit is remembered by the history before the last year alone: a figure
        changed within the last year (where saves mostly are) refits only the forecast.
        """
        pending = False

        def year_ahead(past: pd.Series, granularity: str):
            nonlocal pending
            found = cached_or_queued(
                "forecast-year-ahead",
                [_series_digest(past, granularity)],
                lambda: analysis.year_ahead(past, granularity),
                fit_backtest,
                *_job_arguments(past),
                granularity,
            )
            if found is PENDING:
                pending = True
                return np.array([], dtype=float), ""  # no forecast: no backtest
            return found

        result = analysis.forecast_backtest(series, granularity, year_ahead)
        if pending:
            self.pending = True
            return None
        return result


def demand_report(microsystem: Microsystem) -> DemandReport:
    granularity = microsystem.period_granularity
    demand_types = demand_types_frame(microsystem)
    observations = observations_frame(microsystem)
    # The database keeps dates inside the window; if one ever got past it, it is
    # left out and said so, rather than breaking the page.
    outside = analysis.outside_window(observations)
    observations = observations.loc[~outside]
    staff = staff_frame(microsystem)
    report = DemandReport(
        granularity=granularity,
        has_types=not demand_types.empty,
        has_observations=not observations.empty,
        has_staff=not staff.empty and float((staff["fte"] * staff["hours_per_fte"]).sum()) > 0,
        missing_handling_times=list(
            demand_types.loc[demand_types["handling_minutes"] <= 0, "name"]
        ),
        new_uses=[
            (title, text.strip())
            for title, text in zip(staff["title"], staff["new_uses"], strict=True)
            if text and text.strip()
        ],
    )
    if not report.has_observations:
        return report

    matrix = analysis.demand_matrix(observations, demand_types, granularity)
    report.periods_recorded = len(matrix.index)
    year_table = analysis.year_on_year(matrix, demand_types, granularity)
    share = analysis.failure_demand_share(matrix, demand_types)
    share_change = analysis.failure_share_change(share, granularity)
    forecasts = Forecasts()
    capacity_frame, method = analysis.capacity(
        matrix, demand_types, staff, granularity, forecaster=forecasts.forecast
    )
    report.forecast_method = FORECAST_METHODS[method]
    needed = capacity_frame.loc[~capacity_frame["is_forecast"].astype(bool), "required_hours"]
    report.backtest = forecasts.backtest(needed, granularity)
    report.forecast_pending = forecasts.pending
    report.summary = demand_summary(
        year_table,
        share_change,
        capacity_frame,
        granularity,
        missing=analysis.missing_periods(matrix, demand_types),
    )
    if left_out := int(outside.sum()):
        report.summary.append(
            DATES_LEFT_OUT.format(
                count=left_out,
                plural="" if left_out == 1 else "s",
                first=FIRST_DAY.isoformat(),
                last=LAST_DAY.isoformat(),
                verb="is" if left_out == 1 else "are",
            )
        )
    report.charts = {
        "demand": figure_html(charts.stacked_demand_chart(matrix, demand_types)),
        "failure_share": figure_html(charts.failure_share_chart(share)),
        "capacity": figure_html(charts.capacity_chart(capacity_frame)),
    }
    report.tables = {
        "demand": _demand_table(matrix, demand_types),
        "failure_share": _share_table(share),
        "capacity": _capacity_table(capacity_frame),
        "year_on_year": year_table.drop(columns=["demand_type_id"]).round(
            {"change": 0, "pct_change": 1, "slope_per_period": 2}
        ),
    }
    return report


# The page's tables: context name -> (table, caption).
PAGE_TABLES = {
    "demand_table": ("demand", "Demand by type and period"),
    "share_table": ("failure_share", "Failure demand by period"),
    "capacity_table": ("capacity", "Staff hours needed against available, with forecast"),
    "year_table": ("year_on_year", "Last year against the year before, by demand type"),
}


def demand_page(microsystem: Microsystem) -> dict:
    """Everything the demand page shows: the report and its tables as HTML, built
    once so that a page served from the cache need not format thousands of cells again."""
    report = demand_report(microsystem)
    url = reverse("microsystems:demand", args=[microsystem.slug])
    tables = {
        key: disclosed_table(report.table_view(name, caption), f"{url}?table={name}")
        for key, (name, caption) in PAGE_TABLES.items()
    }
    return {"report": report, **tables}


def table_csv(report: DemandReport, table: str) -> bytes:
    """One of the report's tables as CSV (blank cells where nothing was recorded).

    Through the shared writer, so demand type names, which are the demand
    table's column headers, are escaped like every other download's text.
    """
    if table not in report.tables:
        return b""
    frame = report.tables[table]
    cells = frame.astype(object).where(frame.notna(), None)
    return csv_bytes(
        [str(column) for column in frame.columns], cells.itertuples(index=False, name=None)
    )
