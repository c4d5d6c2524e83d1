"""The demand page on a long history: 30 demand types x 10 years of monthly data.

Judged against the trivial signed-in page timed in the same run (harness):
a first view (nothing cached) within FIRST_VIEW_LIMIT times home, a repeat
view within 3 times. The same world serves the profile and stakeholders pages.
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
from tests.bench.harness import BenchResult, bench_microsystem, bench_pages

DEMAND_TYPES = 30
MONTHS = 120
FIRST_VIEW_LIMIT = 35


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
    slug = microsystem.slug
    return bench_pages(
        client,
        {
            f"demand page ({DEMAND_TYPES} types x {MONTHS} months)": (
                reverse("microsystems:demand", args=[slug]),
                FIRST_VIEW_LIMIT,
            ),
            "microsystem profile": (reverse("microsystems:detail", args=[slug]), 3),
            "stakeholders register": (reverse("stakeholders:list", args=[slug]), 5),
        },
    )
