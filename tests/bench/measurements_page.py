"""The measurements page drawn as run charts: 40 measures x 10 years of monthly values.

Every measure gets an XmR chart (small multiple) with its variation and assurance
icons. Target (run charts issue): median server-side render under 300 ms, with the
same number of queries as for one measure with a year of values.
"""

import random
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.bench.harness import BenchResult, bench_microsystem, interleaved_medians, query_count
from valuation.models import Measure, Measurement, ValueDimension

MEASURES = 40
MONTHS = 120
TARGET_MS = 300
RUNS = 15


def build(name: str, measures: int, months: int, rng: random.Random):
    microsystem, lead = bench_microsystem(name)
    dimensions = list(ValueDimension.objects.filter(active=True))
    created = Measure.objects.bulk_create(
        Measure(name=f"{name} measure {n:02d}", code=f"{microsystem.slug}-{n:02d}",
                dimension=dimensions[n % len(dimensions)], applies_to_all=False,
                direction="higher" if n % 2 else "lower",
                baseline=Decimal(50), target=Decimal(80) if n % 2 else Decimal(20))
        for n in range(measures)
    )  # fmt: skip
    for measure in created:
        measure.microsystems.add(microsystem)
    Measurement.objects.bulk_create(
        (
            Measurement(microsystem=microsystem, measure=measure,
                        period_start=date(2016 + month // 12, month % 12 + 1, 1),
                        # A step half-way through some series, so there are signals to draw.
                        value=Decimal(rng.randint(40, 60) + 15 * (n % 3 == 0 and month > 60)))
            for n, measure in enumerate(created)
            for month in range(months)
        ),
        batch_size=2_000,
    )  # fmt: skip
    return microsystem, lead


def run() -> list[BenchResult]:
    rng = random.Random(14)
    small, small_lead = build("Bench small run charts", 1, 12, rng)
    large, lead = build("Bench run charts", MEASURES, MONTHS, rng)
    client = Client()

    client.force_login(small_lead)
    small_url = reverse("valuation:measurements", args=[small.slug])
    small_queries = query_count(lambda: client.get(small_url))
    client.force_login(lead)
    url = reverse("valuation:measurements", args=[large.slug])

    def render_large() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert response.content.count(b"data-chart-figure") == MEASURES

    queries = query_count(render_large)
    assert queries == small_queries, (queries, small_queries)
    home_url = reverse("microsystems:home")
    # Each view a first view (the page's report emptied from the cache before it), so
    # every one draws the 40 charts afresh. The issue sets an absolute target, so the
    # floor is that target; home is timed beside it for scale.
    home_ms, median = interleaved_medians(
        [(lambda: client.get(home_url), None), (render_large, cache.clear)], runs=RUNS, warmup=2
    )
    return [
        BenchResult(
            name=f"measurements page as run charts ({MEASURES} measures x {MONTHS} months)",
            median_ms=median,
            floor_ms=TARGET_MS,
            floor_name=f"the {TARGET_MS} ms target",
            limit=1.0,
            runs=RUNS,
            details={
                "queries": queries,
                "queries with 1 measure x 12 months": small_queries,
                "home_ms": f"{home_ms:.1f}",
            },
        )
    ]
