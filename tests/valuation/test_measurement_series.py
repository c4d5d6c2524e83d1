"""Every measure's values read at once for the run charts (selectors.measurements)."""

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from valuation.models import Measure, Measurement, ValueDimension
from valuation.selectors.measurements import measure_series, measure_values, measurement_series


def test_joined_rows_in_any_order_come_out_by_measure_and_period():
    # Measure 9's two values given newest first, measure 4 after measure 9: sorted,
    # measure 4 (2.5 in January, 1.0 in March) comes first, then measure 9.
    rows = [
        (9, "2024-02-01,2024-01-01", "20.0,10.0"),
        (4, "2024-03-01,2024-01-01", "1.0,2.5"),
    ]
    values = measure_values(rows)
    assert values.ids == [4, 9]
    assert values.starts == [0, 2]
    assert values.values.tolist() == [2.5, 1.0, 10.0, 20.0]
    assert values.stamps.astype("datetime64[D]").astype(str).tolist() == [
        "2024-01-01", "2024-03-01", "2024-01-01", "2024-02-01",
    ]  # fmt: skip
    assert measure_values([]).ids == []


def test_a_date_outside_the_window_is_left_out_and_a_measure_with_none_left_goes():
    values = measure_values([(1, "9999-12-01", "5.0"), (2, "2024-01-01,0001-01-01", "7,8")])
    assert values.ids == [2]
    assert values.values.tolist() == [7.0]


@pytest.mark.django_db
def test_every_measures_values_are_each_measures_own_read_alone(microsystem, measure):
    """The joined read gives, to the last digit, what reading each measure gives: values
    of every size a measurement holds (14 digits, 4 after the point), saved out of
    order, and another unit's values left out."""
    other = Measure.objects.create(
        name="Days to repair", code="days-to-repair",
        dimension=ValueDimension.objects.get(slug="efficiency"), direction="lower",
        baseline=10, target=5,
    )  # fmt: skip
    figures = [Decimal("1234567890.1234"), Decimal("0.0001"), Decimal("-42.5"), Decimal("7")]
    for number, figure in enumerate(figures):
        for which, saved in ((measure, figure), (other, figure * 3)):
            Measurement.objects.create(
                microsystem=microsystem, measure=which,
                period_start=dt.date(2024, 12 - 3 * number, 1), value=saved,
            )  # fmt: skip
    elsewhere = type(microsystem).objects.create(
        organisation=microsystem.organisation, name="Elsewhere", slug="elsewhere"
    )
    Measurement.objects.create(
        microsystem=elsewhere, measure=measure, period_start=dt.date(2024, 1, 1), value=99
    )
    values = measurement_series(microsystem)
    assert sorted(values.ids) == values.ids == sorted([measure.pk, other.pk])
    ends = [*values.starts[1:], len(values.values)]
    for measure_id, start, end in zip(values.ids, values.starts, ends, strict=True):
        alone = measure_series(microsystem, measure_id)
        assert values.values[start:end].tolist() == alone.to_numpy().tolist()
        assert np.array_equal(values.stamps[start:end], alone.index.to_numpy())
    assert float(Decimal("1234567890.1234")) in values.values.tolist()
