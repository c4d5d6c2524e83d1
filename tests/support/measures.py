"""A large world of measures and measurements, for the query-count tests (grow_the_world).

`grow_measures` lets tests/test_query_counts.py prove the measure pages do not
make more queries when there are many measures with years of values
(tests/test_support.py checks it builds what it promises).
"""

import datetime as dt
from decimal import Decimal

from microsystems.models import Microsystem
from valuation.models import Measure, Measurement, MeasureTarget, ValueDimension

MEASURES = 40
MONTHS = 120


def grow_measures(microsystem: Microsystem) -> None:
    """40 more measures (some chosen, some retired) with 10 years of monthly values for
    `microsystem` and a year of values for a neighbour; every third active measure has
    the unit's own baseline and target."""
    dimensions = list(ValueDimension.objects.all())
    neighbour = Microsystem.objects.exclude(pk=microsystem.pk).first()
    measures = Measure.objects.bulk_create(
        Measure(
            name=f"Grown measure {number:02d}",
            code=f"grown-{number:02d}",
            dimension=dimensions[number % len(dimensions)],
            unit=["%", "days", "£", ""][number % 4],
            direction="higher" if number % 2 else "lower",
            baseline=Decimal(50),
            target=Decimal(80) if number % 2 else Decimal(20),
            applies_to_all=number % 5 != 0,
            active=number % 7 != 0,
        )
        for number in range(MEASURES)
    )
    chosen = [measure for measure in measures if not measure.applies_to_all]
    Measure.microsystems.through.objects.bulk_create(
        Measure.microsystems.through(measure_id=measure.pk, microsystem_id=unit.pk)
        for measure in chosen
        for unit in [microsystem, *([neighbour] if neighbour else [])]
    )
    rows = [
        Measurement(
            microsystem=microsystem,
            measure=measure,
            period_start=dt.date(2016 + month // 12, month % 12 + 1, 1),
            value=Decimal(40 + (month * 7 + number) % 50) + Decimal("0.25"),
            note="Grown." if month % 12 == 0 else "",
        )
        for number, measure in enumerate(measures)
        for month in range(MONTHS)
    ]
    if neighbour is not None:
        rows += [
            Measurement(
                microsystem=neighbour,
                measure=measure,
                period_start=dt.date(2025, month + 1, 1),
                value=Decimal(month),
            )
            for measure in measures
            for month in range(12)
        ]
    Measurement.objects.bulk_create(rows, batch_size=2_000)
    MeasureTarget.objects.bulk_create(
        MeasureTarget(
            measure=measure,
            microsystem=microsystem,
            baseline=Decimal(55),
            target=Decimal(85) if measure.direction == "higher" else Decimal(25),
            reason="Grown.",
        )
        for number, measure in enumerate(measures)
        if number % 3 == 0 and measure.active
    )
