"""Demo measures across the five default value dimensions, and three years of values
for each demo microsystem (microsystems.demo.seed_microsystems creates them).

Idempotent and quick: measures are found by code and created only when
missing; values are bulk-inserted and periods already recorded are skipped,
so a second run changes nothing. The wobble comes from a random generator
seeded by microsystem and measure, so every run draws the same numbers.
"""

import math
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from microsystems import periods
from microsystems.demo import MICROSYSTEMS
from microsystems.models import Membership, Microsystem
from valuation.models import Measure, Measurement, ValueDimension

LIBRARY = "eastfield-library"
HOUSING = "north-housing-repairs"
SURGERY = "riverside-gp-reception"
ADMISSIONS = "school-admissions"

# Three years of periods, whatever the microsystem's granularity.
PERIODS_IN_THREE_YEARS = {periods.WEEK: 156, periods.MONTH: 36, periods.QUARTER: 12}
# Measures that roll up by sum have a baseline and target per quarter (an assessment).
PERIODS_PER_QUARTER = {periods.WEEK: 13, periods.MONTH: 3, periods.QUARTER: 1}


@dataclass(frozen=True)
class DemoMeasure:
    code: str
    name: str
    dimension: str  # slug
    kind: str
    unit: str
    direction: str
    baseline: str
    target: str
    rollup: str
    side: str
    description: str
    used_by: tuple[str, ...] = ()  # empty: every microsystem
    places: int = 1  # decimals of the recorded values
    winter_swing: float = 0.0  # share of the baseline-target gap added in January


M, R, D, S = Measure.Kind, Measure.Rollup, Measure.Direction, Measure.Side

DEMO_MEASURES = [
    DemoMeasure(
        "cost-per-case", "Cost per case handled", "efficiency", M.FINANCIAL, "£", D.LOWER,
        "48", "32", R.MEAN, S.COST,
        "The unit's running cost in the period divided by the cases it closed.", places=2,
    ),
    DemoMeasure(
        "staff-hours-per-case", "Staff hours per case", "efficiency", M.TIME, "hours", D.LOWER,
        "1.6", "1.0", R.MEAN, S.COST,
        "Staff hours worked on cases divided by cases closed.", places=2,
    ),
    DemoMeasure(
        "avoidable-contacts", "Avoidable contacts", "efficiency", M.RATE, "%", D.LOWER,
        "35", "15", R.MEAN, S.BENEFIT,
        "Share of contacts that chase progress or repeat an earlier request (failure demand).",
    ),
    DemoMeasure(
        "days-to-repair", "Days to complete a repair", "effectiveness", M.TIME, "days", D.LOWER,
        "28", "10", R.MEAN, S.BENEFIT,
        "Mean working days from the tenant's request to the repair being signed off.",
        used_by=(HOUSING,), winter_swing=0.25,
    ),
    DemoMeasure(
        "repairs-right-first-time", "Repairs fixed first time", "effectiveness", M.RATE, "%",
        D.HIGHER, "72", "92", R.MEAN, S.BENEFIT,
        "Share of repairs completed at the first visit, with no return visit within 30 days.",
        used_by=(HOUSING,),
    ),
    DemoMeasure(
        "pct-satisfied", "Users satisfied with the service", "effectiveness", M.SATISFACTION,
        "%", D.HIGHER, "68", "90", R.MEAN, S.BENEFIT,
        "Share of users answering “satisfied” or “very satisfied” in the monthly survey.",
    ),
    DemoMeasure(
        "decisions-on-time", "Applications decided on time", "effectiveness", M.RATE, "%",
        D.HIGHER, "88", "99", R.MEAN, S.BENEFIT,
        "Share of school place applications decided within the statutory deadline.",
        used_by=(ADMISSIONS,),
    ),
    DemoMeasure(
        "foi-on-time", "FOI requests answered on time", "accountability", M.RATE, "%", D.HIGHER,
        "78", "100", R.MEAN, S.BENEFIT,
        "Share of freedom of information requests answered within 20 working days.",
    ),
    DemoMeasure(
        "complaints-upheld", "Complaints upheld", "accountability", M.COUNT, "complaints",
        D.LOWER, "24", "6", R.SUM, S.BENEFIT,
        "Formal complaints found justified. Baseline and target are per quarter.", places=0,
    ),
    DemoMeasure(
        "decisions-with-reasons", "Decisions published with reasons", "accountability", M.RATE,
        "%", D.HIGHER, "60", "95", R.MEAN, S.BENEFIT,
        "Share of decisions sent with a plain-language reason and how to challenge it.",
        used_by=(ADMISSIONS, HOUSING),
    ),
    DemoMeasure(
        "deprived-area-users", "Users from the most deprived areas", "equity", M.RATE, "%",
        D.HIGHER, "18", "30", R.MEAN, S.BENEFIT,
        "Share of users living in the 20% most deprived neighbourhoods; about 24% of residents "
        "do.",
    ),
    DemoMeasure(
        "adjustments-provided", "Interpreters and adjustments provided", "equity", M.RATE, "%",
        D.HIGHER, "70", "98", R.MEAN, S.BENEFIT,
        "Share of requests for an interpreter or a reasonable adjustment that were met.",
        used_by=(SURGERY, ADMISSIONS, LIBRARY),
    ),
    DemoMeasure(
        "open-audit-findings", "Open audit findings", "probity", M.COUNT, "findings", D.LOWER,
        "8", "0", R.LAST, S.BENEFIT,
        "Internal audit recommendations not yet closed at the end of the period.", places=0,
    ),
    DemoMeasure(
        "data-incidents", "Data protection incidents", "probity", M.COUNT, "incidents", D.LOWER,
        "3", "0", R.SUM, S.BENEFIT,
        "Personal data breaches reported to the data protection officer. Baseline and target "
        "are per quarter.",
        places=0,
    ),
    DemoMeasure(
        "appeals-upheld", "Admission appeals upheld", "probity", M.RATE, "%", D.LOWER,
        "14", "5", R.MEAN, S.BENEFIT,
        "Share of admission appeals the independent panel upheld against the council.",
        used_by=(ADMISSIONS,),
    ),
]  # fmt: skip

# Where a unit got worse, or much better, than the generator would draw:
# (share of the baseline-target gap achieved at the start, at the end).
STORIES = {
    (HOUSING, "days-to-repair"): (-0.15, 0.7),  # a backlog cleared after a slow start
    (HOUSING, "complaints-upheld"): (0.0, 0.6),
    (SURGERY, "pct-satisfied"): (0.55, 0.2),  # phone queues got worse
    (SURGERY, "avoidable-contacts"): (0.3, -0.1),
    (LIBRARY, "deprived-area-users"): (0.1, 0.85),  # outreach to estates
    (ADMISSIONS, "foi-on-time"): (0.2, 0.95),
}


def _periods(today: date, granularity: str) -> list[date]:
    """Three years of periods, the last one ending before the period that holds `today`."""
    last = periods.shift_periods(today, granularity, -1)
    count = PERIODS_IN_THREE_YEARS[granularity]
    return [periods.shift_periods(last, granularity, offset) for offset in range(1 - count, 1)]


def _poisson(noise: random.Random, mean: float) -> int:
    """A count of chance events with this mean (Knuth's method; means here are small)."""
    limit, count, product = math.exp(-mean), 0, noise.random()
    while product > limit:
        count += 1
        product *= noise.random()
    return count


def _values(spec: DemoMeasure, slug: str, starts: list[date], granularity: str) -> list[Decimal]:
    """A believable series: a trend from baseline towards target, seasonal swing, noise."""
    noise = random.Random(f"{slug}:{spec.code}")
    baseline, target = float(spec.baseline), float(spec.target)
    start_share, end_share = STORIES.get(
        (slug, spec.code), (noise.uniform(-0.1, 0.3), noise.uniform(0.35, 0.9))
    )
    scale = 1 / PERIODS_PER_QUARTER[granularity] if spec.rollup == Measure.Rollup.SUM else 1
    gap = target - baseline
    values = []
    for index, start in enumerate(starts):
        share = start_share + (end_share - start_share) * index / max(1, len(starts) - 1)
        season = spec.winter_swing * math.cos(2 * math.pi * (start.month - 1) / 12)
        value = (baseline + gap * (share - season) + noise.gauss(0, abs(gap) * 0.06)) * scale
        if spec.unit == "%":
            value = min(100.0, value)
        value = max(0.0, value)
        if spec.rollup == Measure.Rollup.SUM and spec.places == 0:
            value = _poisson(noise, value)  # events that are counted, such as complaints
        values.append(Decimal(f"{value:.{spec.places}f}"))
    return values


def _ensure_measures() -> dict[str, Measure]:
    dimensions = {dimension.slug: dimension for dimension in ValueDimension.objects.all()}
    existing = {measure.code: measure for measure in Measure.objects.all()}
    chosen = {
        microsystem.slug: microsystem
        for microsystem in Microsystem.objects.filter(slug__in=[m["slug"] for m in MICROSYSTEMS])
    }
    for spec in DEMO_MEASURES:
        units = [chosen[slug] for slug in spec.used_by if slug in chosen]
        if spec.code in existing:
            # Demo microsystems created after the measures still get their links.
            if units and not existing[spec.code].applies_to_all:
                existing[spec.code].microsystems.add(*units)
            continue
        measure = Measure(
            code=spec.code,
            name=spec.name,
            dimension=dimensions[spec.dimension],
            kind=spec.kind,
            unit=spec.unit,
            direction=spec.direction,
            baseline=Decimal(spec.baseline),
            target=Decimal(spec.target),
            rollup=spec.rollup,
            side=spec.side,
            description=spec.description,
            applies_to_all=not spec.used_by,
        )
        measure.full_clean()
        measure.save()
        measure.microsystems.set(units)
        existing[spec.code] = measure
    return existing


@transaction.atomic
def seed_measures(today: date | None = None) -> None:
    """The demo measures, and three years of values up to the period before `today`'s
    for each demo microsystem that exists."""
    today = today or date.today()
    measures = _ensure_measures()
    microsystems = Microsystem.objects.filter(slug__in=[spec["slug"] for spec in MICROSYSTEMS])
    leads = dict(
        Membership.objects.filter(
            microsystem__in=microsystems, role=Membership.Role.LEAD
        ).values_list("microsystem_id", "user_id")
    )
    rows = []
    for microsystem in microsystems:
        granularity = microsystem.period_granularity
        starts = _periods(today, granularity)
        for spec in DEMO_MEASURES:
            if spec.used_by and microsystem.slug not in spec.used_by:
                continue
            measure = measures[spec.code]
            rows += [
                Measurement(
                    microsystem=microsystem,
                    measure=measure,
                    period_start=start,
                    value=value,
                    recorded_by_id=leads.get(microsystem.pk),
                )
                for start, value in zip(
                    starts, _values(spec, microsystem.slug, starts, granularity), strict=True
                )
            ]
    # Periods already recorded keep their values: a second run changes nothing.
    Measurement.objects.bulk_create(rows, batch_size=2_000, ignore_conflicts=True)
