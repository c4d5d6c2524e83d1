"""Reads for a microsystem's measurement pages, each one query whatever the number of rows."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Subquery

from microsystems.formatting import NO_VALUE, attach_unit, plain_number
from microsystems.models import Microsystem
from microsystems.periods import period_label
from microsystems.selectors.counts import correlated_count
from valuation.measurement_files import MEASURE_NOT_USED, MEASURE_RETIRED, MeasureChoice
from valuation.models import Measure, Measurement
from valuation.selectors.measures import used_by


def with_unit(value: Decimal | None, unit: str) -> str:
    """A value as people read it: £48, 85%, 11.5 days; a dash when there is none."""
    if value is None:
        return NO_VALUE
    return attach_unit(plain_number(value, 4), unit)


def measures_for_entry(microsystem: Microsystem) -> list[Measure]:
    """The grid's rows: active measures this microsystem uses, by dimension then name."""
    return list(
        Measure.objects.filter(used_by(microsystem), active=True)
        .select_related("dimension")
        .order_by("dimension__order", "name")
    )


def measurement_grid_values(
    microsystem: Microsystem, period_starts: list[date]
) -> dict[tuple[int, date], Decimal]:
    """(measure_id, period_start) -> value for the grid's periods (one query)."""
    if not period_starts:
        return {}
    rows = Measurement.objects.filter(
        microsystem=microsystem, period_start__range=(min(period_starts), max(period_starts))
    ).values_list("measure_id", "period_start", "value")
    return {(measure_id, start): value for measure_id, start, value in rows}


def measurement_export_rows(microsystem: Microsystem) -> list[tuple[str, date, Decimal, str]]:
    """Every measurement as (code, period start, value, note), for downloads (one query).

    Ordered by code then date, so a file downloaded, edited and uploaded again
    keeps its order. Retired measures are included: the file is the full record.
    """
    return list(
        Measurement.objects.filter(microsystem=microsystem)
        .order_by("measure__code", "period_start")
        .values_list("measure__code", "period_start", "value", "note")
    )


def measure_choices_for_import(microsystem: Microsystem) -> list[MeasureChoice]:
    """Every measure, saying whether this microsystem may record values for it (one query)."""
    rows = (
        Measure.objects.annotate(usable=used_by(microsystem))
        .order_by("code")
        .values_list("pk", "code", "name", "active", "usable")
    )
    choices = []
    for pk, code, name, active, usable in rows:
        refusal = None if active and usable else MEASURE_RETIRED if not active else MEASURE_NOT_USED
        choices.append(MeasureChoice(id=pk, code=code, name=name, refusal=refusal))
    return choices


def frozen_values(
    microsystem: Microsystem, measure_ids: list[int]
) -> dict[tuple[int, date], tuple[Decimal, str]]:
    """Saved values of measures this microsystem may no longer change (one query, or none)."""
    if not measure_ids:
        return {}
    rows = Measurement.objects.filter(
        microsystem=microsystem, measure_id__in=measure_ids
    ).values_list("measure_id", "period_start", "value", "note")
    return {(measure_id, start): (value, note) for measure_id, start, value, note in rows}


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


RETIRED = "Retired"
NO_LONGER_USED = "No longer used here"


def measurements_overview(microsystem: Microsystem) -> list[MeasureOverviewRow]:
    """The measures this microsystem uses, and any retired or dropped ones it has values
    for, each with its latest value and how many periods are recorded (one query)."""
    own = Measurement.objects.filter(microsystem=microsystem)
    latest = own.filter(measure=OuterRef("pk")).order_by("-period_start")
    measures = (
        Measure.objects.select_related("dimension")
        .annotate(
            usable=used_by(microsystem),
            has_values=Exists(own.filter(measure=OuterRef("pk"))),
            periods_recorded=correlated_count(own, "measure"),
            latest_period_start=Subquery(latest.values("period_start")[:1]),
            latest_value=Subquery(latest.values("value")[:1]),
        )
        .filter(Q(active=True, usable=True) | Q(has_values=True))
        .order_by("-active", "dimension__order", "name")
    )
    granularity = microsystem.period_granularity
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
    # Measures recorded now first; retired or dropped ones after them.
    rows.sort(key=lambda row: bool(row.status))
    return rows
