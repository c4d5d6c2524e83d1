"""The demand page on a long history: 30 demand types x 10 years of monthly data.

Target (demand issue): median server-side render under 250 ms, with a fixed
number of queries whatever the history length.
"""

import random
from datetime import date

from django.test import Client
from django.urls import reverse

from microsystems.models import (
    DemandObservation,
    DemandType,
    Microsystem,
    StaffRole,
)
from tests.bench.harness import BenchResult, bench_microsystem, median_ms, query_count

DEMAND_TYPES = 30
MONTHS = 120
TARGET_MS = 250


def build_microsystem() -> tuple[Microsystem, object]:
    rng = random.Random(30)
    microsystem, lead = bench_microsystem("Bench demand unit")
    StaffRole.objects.create(
        microsystem=microsystem, title="Officer", fte=20, hours_per_fte=130, hourly_cost=20
    )
    natures = ["value", "value", "failure"]
    types = DemandType.objects.bulk_create(
        DemandType(
            microsystem=microsystem,
            name=f"Demand {number:02d}",
            nature=natures[number % 3],
            handling_minutes=rng.randint(2, 30),
        )
        for number in range(DEMAND_TYPES)
    )
    DemandObservation.objects.bulk_create(
        (
            DemandObservation(
                demand_type=demand_type,
                period_start=date(2016 + month // 12, month % 12 + 1, 1),
                volume=rng.randint(50, 500),
            )
            for demand_type in types
            for month in range(MONTHS)
        ),
        batch_size=2000,
    )
    return microsystem, lead


def run() -> list[BenchResult]:
    microsystem, lead = build_microsystem()
    client = Client()
    client.force_login(lead)
    url = reverse("microsystems:demand", args=[microsystem.slug])

    def render_page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    queries = query_count(render_page)
    median = median_ms(render_page, runs=15, warmup=2)
    return [
        BenchResult(
            name=f"demand page ({DEMAND_TYPES} types x {MONTHS} months)",
            median_ms=median,
            target_ms=TARGET_MS,
            runs=15,
            details={"queries": queries},
        )
    ]
