"""A large world of measures and measurements, for the query-count tests (grow_the_world).

`grow_measures` lives here, beside a test that it builds what it promises, so
that tests/test_query_counts.py can prove the measure pages do not make more
queries when there are many measures with years of values.
"""

import datetime as dt
from decimal import Decimal

from microsystems.models import Microsystem
from valuation.models import Measure, Measurement, ValueDimension

MEASURES = 40
MONTHS = 120


def grow_measures(microsystem: Microsystem) -> None:
    """40 more measures (some chosen, some retired) with 10 years of monthly values for
    `microsystem` and a year of values for a neighbour."""
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


def test_grow_measures_builds_many_measures_with_years_of_values(microsystem, organisation):
    from tests.conftest import make_microsystem

    make_microsystem(organisation, "Neighbour")
    grow_measures(microsystem)
    assert Measure.objects.count() == MEASURES
    assert Measure.objects.filter(active=False).count() == 6  # 0, 7, 14, 21, 28, 35
    assert Measure.objects.filter(applies_to_all=False).count() == 8
    assert Measurement.objects.filter(microsystem=microsystem).count() == MEASURES * MONTHS
    assert Measurement.objects.exclude(microsystem=microsystem).count() == MEASURES * 12
