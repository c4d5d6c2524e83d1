"""The measurements overview in words: each measure with its latest value and period,
its baseline and target in its unit, and whether the microsystem still records it.

valuation.selectors.measurements (annotated measures) -> this module, so the
template prints it as it is.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from core.formatting import NO_VALUE, attach_unit, plain_number
from microsystems.analysis import run_charts as rc
from microsystems.periods import period_label
from microsystems.reports.run_charts import SmallMultiple, small_multiple
from valuation.models import Measure

RETIRED = "Retired"
NO_LONGER_USED = "No longer used here"


def with_unit(value: Decimal | None, unit: str) -> str:
    """A value as people read it: £48, 85%, 11.5 days; a dash when there is none."""
    if value is None:
        return NO_VALUE
    return attach_unit(plain_number(value, 4), unit)


@dataclass(frozen=True)
class MeasureOverviewRow:
    """One line of the measurements page, formatted for reading."""

    measure: Measure
    status: str  # "" when the microsystem records it now
    latest_value: str
    latest_period: str
    latest_period_start: date | None
    periods_recorded: int
    baseline: str
    target: str
    run_chart: SmallMultiple | None = None

    @property
    def can_record(self) -> bool:
        return not self.status


@dataclass(frozen=True)
class MeasurementsPage:
    rows: list[MeasureOverviewRow]

    @property
    def recordable(self) -> list[MeasureOverviewRow]:
        return [row for row in self.rows if row.can_record]

    @property
    def has_values(self) -> bool:
        return any(row.periods_recorded for row in self.rows)


def measure_chart(measure: Measure, series: pd.Series, **options) -> rc.RunChart:
    """The measure's XmR chart, its signals judged by its direction, against its target."""
    target = None if measure.target is None else float(measure.target)
    return rc.xmr_chart(series, direction=measure.direction, target=target, **options)


def measurements_page(
    measures: list[Measure],
    granularity: str,
    series: dict[int, pd.Series] | None = None,
) -> MeasurementsPage:
    """The overview from selectors.measurements_overview, periods named by `granularity`,
    with a small run chart of each measure that has values in `series` (id -> values).

    Measures recorded now first; retired or dropped ones after them.
    """
    series = series or {}
    rows = []
    for measure in measures:
        if not measure.active:
            status = RETIRED
        elif not measure.usable:
            status = NO_LONGER_USED
        else:
            status = ""
        start = measure.latest_period_start
        rows.append(
            MeasureOverviewRow(
                measure=measure,
                status=status,
                latest_value=with_unit(measure.latest_value, measure.unit),
                latest_period=period_label(start, granularity) if start else NO_VALUE,
                latest_period_start=start,
                periods_recorded=measure.periods_recorded,
                baseline=with_unit(measure.baseline, measure.unit),
                target=with_unit(measure.target, measure.unit),
                run_chart=(
                    small_multiple(measure_chart(measure, series[measure.pk]), title=measure.name)
                    if measure.pk in series
                    else None
                ),
            )
        )
    rows.sort(key=lambda row: bool(row.status))
    return MeasurementsPage(rows)
