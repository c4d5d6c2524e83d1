"""The measurements overview in words: each measure with its latest value and period,
its baseline and target in its unit, and whether the microsystem still records it.

valuation.selectors.measurements (annotated measures) -> this module, so the
template prints it as it is.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.formatting import NO_VALUE, attach_unit, plain_number
from microsystems.periods import period_label
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


def measurements_page(measures: list[Measure], granularity: str) -> MeasurementsPage:
    """The overview from selectors.measurements_overview, periods named by `granularity`.

    Measures recorded now first; retired or dropped ones after them.
    """
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
            )
        )
    rows.sort(key=lambda row: bool(row.status))
    return MeasurementsPage(rows)
