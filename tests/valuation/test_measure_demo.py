"""Tests for valuation.demo.measures.seed_measures: believable, complete and idempotent."""

from datetime import date
from decimal import Decimal

import pytest

from microsystems.demo import seed_microsystems
from microsystems.models import Microsystem
from valuation.demo.measures import DEMO_MEASURES, seed_measures
from valuation.models import Measure, Measurement

TODAY = date(2026, 3, 15)


@pytest.fixture
def seeded(db):
    seed_microsystems()
    seed_measures(today=TODAY)


def series(slug: str, code: str) -> list[Decimal]:
    return list(
        Measurement.objects.filter(microsystem__slug=slug, measure__code=code)
        .order_by("period_start")
        .values_list("value", flat=True)
    )


def test_ten_to_fifteen_measures_across_all_five_dimensions(seeded):
    measures = list(Measure.objects.select_related("dimension"))
    assert 10 <= len(measures) <= 15
    assert {measure.dimension.slug for measure in measures} == {
        "efficiency", "effectiveness", "accountability", "equity", "probity",
    }  # fmt: skip
    assert {measure.side for measure in measures} == {"cost", "benefit"}
    assert {measure.rollup for measure in measures} == {"sum", "mean", "last"}
    assert {measure.direction for measure in measures} == {"higher", "lower"}
    for measure in measures:
        measure.full_clean()  # baseline and target on the right sides
        assert measure.baseline is not None and measure.target is not None
    most = sum(measure.applies_to_all for measure in measures)
    assert most > len(measures) / 2
    repairs = Measure.objects.get(code="days-to-repair")
    assert not repairs.applies_to_all
    assert list(repairs.microsystems.values_list("slug", flat=True)) == ["north-housing-repairs"]


def test_every_demo_microsystem_has_36_months_up_to_last_month(seeded):
    from microsystems.demo import MICROSYSTEMS

    # The second organisation's unit has just started: no figures yet.
    for microsystem in Microsystem.objects.filter(slug__in=[m["slug"] for m in MICROSYSTEMS]):
        used = Measure.objects.filter(applies_to_all=True).count() + microsystem.measures.count()
        rows = Measurement.objects.filter(microsystem=microsystem)
        assert rows.count() == used * 36
        dates = sorted(set(rows.values_list("period_start", flat=True)))
        assert dates[0] == date(2023, 3, 1)
        assert dates[-1] == date(2026, 2, 1)  # the month before TODAY's
        assert len(dates) == 36
        assert rows.filter(recorded_by__isnull=False).exists() == (
            microsystem.memberships.filter(role="lead").exists()
        )


def test_values_stay_believable(seeded):
    for measure in Measure.objects.all():
        values = list(measure.measurements.values_list("value", flat=True))
        assert min(values) >= 0
        if measure.unit == "%":
            assert max(values) <= 100
        if measure.kind == "count":
            assert all(value == value.to_integral_value() for value in values)
    # Complaints are per month here, the target per quarter: a month is about a third.
    complaints = series("eastfield-library", "complaints-upheld")
    assert 0 <= sum(complaints[:3]) <= 40


def test_trends_tell_the_stories_of_the_demo(seeded):
    def mean(values):
        return sum(values) / len(values)

    # Repair times came down from around the baseline of 28 days...
    repairs = series("north-housing-repairs", "days-to-repair")
    assert mean(repairs[:12]) > 24 > 20 > mean(repairs[-12:])
    # ... and are worse every winter than the summer before.
    months = Measurement.objects.filter(
        microsystem__slug="north-housing-repairs", measure__code="days-to-repair"
    )
    by_month = dict(months.values_list("period_start", "value"))
    assert by_month[date(2025, 1, 1)] > by_month[date(2024, 7, 1)]
    # The surgery's satisfaction fell as phone queues grew.
    satisfied = series("riverside-gp-reception", "pct-satisfied")
    assert mean(satisfied[-12:]) < mean(satisfied[:12])
    # Most other series moved towards their target.
    improved = total = 0
    for measure in Measure.objects.all():
        for slug in Microsystem.objects.values_list("slug", flat=True):
            values = series(slug, measure.code)
            if not values:
                continue
            total += 1
            towards = (mean(values[-12:]) - mean(values[:12])) * (
                1 if measure.direction == "higher" else -1
            )
            improved += towards > 0
    assert improved / total > 0.7


def test_seeding_twice_changes_nothing(seeded):
    before = list(Measurement.objects.order_by("pk").values_list("pk", "value", "recorded_at"))
    measures = list(Measure.objects.order_by("pk").values_list("pk", "code", "updated_at"))
    seed_measures(today=TODAY)
    assert list(Measurement.objects.order_by("pk").values_list("pk", "value", "recorded_at")) == (
        before
    )
    assert list(Measure.objects.order_by("pk").values_list("pk", "code", "updated_at")) == measures


def test_the_same_numbers_on_every_run(db):
    seed_microsystems()
    seed_measures(today=TODAY)
    first = series("school-admissions", "appeals-upheld")
    Measurement.objects.all().delete()
    seed_measures(today=TODAY)
    assert series("school-admissions", "appeals-upheld") == first


def test_a_quarterly_microsystem_gets_three_years_of_quarters(db):
    seed_microsystems()
    Microsystem.objects.filter(slug="school-admissions").update(period_granularity="quarter")
    seed_measures(today=TODAY)
    dates = sorted(
        set(
            Measurement.objects.filter(microsystem__slug="school-admissions").values_list(
                "period_start", flat=True
            )
        )
    )
    assert len(dates) == 12
    assert (dates[0], dates[-1]) == (date(2023, 1, 1), date(2025, 10, 1))


def test_measures_come_first_even_without_demo_microsystems(db):
    seed_measures(today=TODAY)
    assert Measure.objects.count() == len(DEMO_MEASURES)
    assert not Measurement.objects.exists()
    seed_microsystems()
    seed_measures(today=TODAY)
    assert Measure.objects.get(code="days-to-repair").microsystems.count() == 1
    assert Measurement.objects.exists()
