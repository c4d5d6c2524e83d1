"""Reads for a microsystem's measurement pages, each one query whatever the number of rows.

Stored values only; valuation.reports.measurements words the overview.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
from django.db.models import CharField, Exists, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast

from core.aggregates import JoinedText
from core.prepared_queries import PreparedQuery, PreparedRows
from microsystems.analysis.demand import days_in_window, period_timestamps
from microsystems.models import Microsystem
from microsystems.selectors.counts import correlated_count
from valuation.measurement_files import MEASURE_NOT_USED, MEASURE_RETIRED, MeasureChoice
from valuation.models import Measure, Measurement, MeasureTarget, used_by_condition


def measures_for_entry(microsystem: Microsystem) -> list[Measure]:
    """The grid's rows: active measures this microsystem uses, by dimension then name."""
    return list(
        Measure.objects.used_by(microsystem)
        .filter(active=True)
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
        Measure.objects.annotate(usable=used_by_condition(microsystem))
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


def _overview(microsystem_id: int) -> QuerySet[Measure]:
    own = Measurement.objects.filter(microsystem_id=microsystem_id)
    own_target = MeasureTarget.objects.filter(microsystem_id=microsystem_id, measure=OuterRef("pk"))
    latest = own.filter(measure=OuterRef("pk")).order_by("-period_start")
    return (
        Measure.objects.select_related("dimension")
        .annotate(
            usable=used_by_condition(Microsystem(pk=microsystem_id)),
            has_values=Exists(own.filter(measure=OuterRef("pk"))),
            periods_recorded=correlated_count(own, "measure"),
            latest_period_start=Subquery(latest.values("period_start")[:1]),
            latest_value=Subquery(latest.values("value")[:1]),
            own_baseline=Subquery(own_target.values("baseline")[:1]),
            own_target=Subquery(own_target.values("target")[:1]),
        )
        .filter(Q(active=True, usable=True) | Q(has_values=True))
        .order_by("-active", "dimension__order", "name")
    )


# Compiled once per process: Django took longer to compile its seven subqueries than
# the database to run them, on every first view of the measurements page.
measurements_overview_prepared = PreparedQuery(_overview, int)


def measurements_overview(microsystem: Microsystem) -> list[Measure]:
    """The measures this microsystem uses, and any retired or dropped ones it has values
    for, each annotated with `usable` (this microsystem uses it), `periods_recorded`,
    `latest_period_start`, `latest_value` and the unit's own `own_baseline` and
    `own_target` (None where the default applies) (one query). Active first, then
    by dimension and name."""
    return measurements_overview_prepared(microsystem.pk)


def measure_for_run_chart(microsystem: Microsystem, measure_id: int) -> Measure | None:
    """A measure this microsystem uses or has values for (one query), with the unit's
    own `own_target` (None where the default applies); None otherwise."""
    own = Measurement.objects.filter(microsystem=microsystem, measure=OuterRef("pk"))
    own_target = MeasureTarget.objects.filter(microsystem=microsystem, measure=OuterRef("pk"))
    return (
        Measure.objects.select_related("dimension")
        .annotate(
            usable=used_by_condition(microsystem),
            has_values=Exists(own),
            own_target=Subquery(own_target.values("target")[:1]),
        )
        .filter(Q(usable=True) | Q(has_values=True), pk=measure_id)
        .first()
    )


def measure_series(microsystem: Microsystem, measure_id: int) -> pd.Series:
    """One measure's values by period start (one query)."""
    rows = (
        Measurement.objects.filter(microsystem=microsystem, measure_id=measure_id)
        .order_by("period_start")
        .values_list("period_start", "value")
    )
    return values_series(list(rows))


def values_series(rows: list[tuple]) -> pd.Series:
    """(period start, value) rows as a Series by period; dates outside the window left out."""
    frame = pd.DataFrame.from_records(rows, columns=["period_start", "value"])
    index = pd.DatetimeIndex(period_timestamps(frame["period_start"]), name="period_start")
    series = pd.Series(frame["value"].astype(float).to_numpy(), index=index, name="value")
    return series[series.index.notna()]


@dataclass(frozen=True)
class MeasureValues:
    """Every measure's values of a unit, one measure after another, each by period:
    measure ids[i]'s are values[starts[i]:starts[i + 1]] (the last's run to the end),
    with their period starts in `stamps` (datetime64[ns])."""

    ids: list[int]
    starts: list[int]
    stamps: np.ndarray
    values: np.ndarray


NO_VALUES = MeasureValues(
    ids=[], starts=[], stamps=np.array([], dtype="datetime64[ns]"), values=np.array([])
)


# One row a measure, its dates and its values (as floats, the unit the charts work in)
# each joined into one text: building a date, a Decimal and a tuple for each of 4,800
# values (40 measures x 10 years) cost more than everything else on the page, and
# numpy reads the joined texts at once. Compiled once per process.
joined_measurement_rows = PreparedRows(
    lambda microsystem_id: (
        Measurement.objects.filter(microsystem_id=microsystem_id)
        .order_by("measure_id")
        .values("measure_id")
        .annotate(
            dates=JoinedText(Cast("period_start", output_field=CharField())),
            values=JoinedText(
                Cast(Cast("value", output_field=FloatField()), output_field=CharField())
            ),
        )
        .values_list("measure_id", "dates", "values")
    ),
    int,
)


def measurement_series(microsystem: Microsystem) -> MeasureValues:
    """Every measure's values by period start, for every measure with values (one query).

    As columns, not a Series per measure: the measurements page works out every
    measure's run chart from them at once (valuation.reports.measurements).
    """
    return measure_values(joined_measurement_rows(microsystem.pk))


def measure_values(rows: list[tuple[int, str, str]]) -> MeasureValues:
    """(measure id, its period starts joined by commas, its values likewise) rows, in
    any order, items paired by position, as MeasureValues sorted by measure and period."""
    if not rows:
        return NO_VALUES
    measure_ids, dates, values = zip(*rows, strict=True)
    days = ",".join(dates).split(",")
    ids = np.repeat(measure_ids, [text.count(",") + 1 for text in dates])
    # ISO dates as the database writes them; one outside the window becomes NaT.
    stamps = days_in_window(np.array(days, dtype="datetime64[D]")).astype("datetime64[ns]")
    numbers = np.array(",".join(values).split(","), dtype=float)
    # By measure, then period: the joined texts come in whatever order the database
    # fed them (the two of a measure in the same one).
    order = np.lexsort((stamps, ids))
    ids, stamps, numbers = ids[order], stamps[order], numbers[order]
    inside = ~np.isnat(stamps)  # a date outside the window is left out
    ids = ids[inside]
    if not len(ids):
        return NO_VALUES
    starts = [0, *(np.flatnonzero(np.diff(ids)) + 1).tolist()]
    return MeasureValues(
        ids=ids[starts].tolist(),
        starts=starts,
        stamps=stamps[inside],
        values=numbers[inside],
    )
