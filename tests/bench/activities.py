"""The activities page on a large microsystem: 200 activities, 20 roles, 30 demand types.

Builds the data with bulk_create (a few dozen queries, not thousands), then times
a first and a repeat view of the page as its team leader, against home (harness).
"""

import random
from datetime import date
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from microsystems.models import (
    Activity,
    ActivityDemand,
    ActivityEffort,
    DemandObservation,
    DemandType,
    Microsystem,
    StaffRole,
)
from tests.bench.harness import BenchResult, bench_microsystem, bench_pages

STAFF_ROLES = 20
DEMAND_TYPES = 30
MONTHS = 24
ACTIVITIES = 200
ROLES_PER_ACTIVITY = 4
DEMAND_TYPES_PER_ACTIVITY = 3
FIRST_VIEW_LIMIT = 35


def _month(index: int) -> date:
    """The 1st of the month `index` months after January 2024."""
    return date(2024 + index // 12, index % 12 + 1, 1)


def build_microsystem() -> tuple[Microsystem, object]:
    rng = random.Random(2026)  # the same data on every run
    microsystem, lead = bench_microsystem("Bench activities unit")

    roles = StaffRole.objects.bulk_create(
        StaffRole(
            microsystem=microsystem,
            title=f"Role {number:02d}",
            fte=Decimal(rng.randint(1, 8)),
            hours_per_fte=Decimal("140"),
            hourly_cost=Decimal(rng.randint(15, 60)),
        )
        for number in range(STAFF_ROLES)
    )
    natures = [DemandType.Nature.VALUE, DemandType.Nature.FAILURE, DemandType.Nature.UNCLASSIFIED]
    demand_types = DemandType.objects.bulk_create(
        DemandType(
            microsystem=microsystem,
            name=f"Demand {number:02d}",
            nature=natures[number % 3],
            handling_minutes=Decimal(rng.randint(2, 45)),
        )
        for number in range(DEMAND_TYPES)
    )
    DemandObservation.objects.bulk_create(
        DemandObservation(demand_type=demand_type, period_start=_month(month), volume=volume)
        for demand_type in demand_types
        for month, volume in enumerate(rng.randint(50, 900) for _ in range(MONTHS))
    )
    classifications = list(Activity.Classification.values)
    activities = Activity.objects.bulk_create(
        Activity(
            microsystem=microsystem,
            name=f"Activity {number:03d}",
            other_costs=Decimal(rng.randint(0, 500)),
            classification=classifications[number % 3],
            preventive=number % 7 == 0,
            contribution=f"How activity {number} serves the public value goal.",
        )
        for number in range(ACTIVITIES)
    )
    ActivityEffort.objects.bulk_create(
        ActivityEffort(
            activity=activity,
            staff_role=role,
            hours_per_period=Decimal(rng.randint(1, 40)),
        )
        for activity in activities
        for role in rng.sample(roles, ROLES_PER_ACTIVITY)
    )
    ActivityDemand.objects.bulk_create(
        ActivityDemand(activity=activity, demand_type=demand_type)
        for activity in activities
        for demand_type in rng.sample(demand_types, DEMAND_TYPES_PER_ACTIVITY)
    )
    return microsystem, lead


def run() -> list[BenchResult]:
    microsystem, lead = build_microsystem()
    client = Client()
    client.force_login(lead)
    url = reverse("microsystems:activities", kwargs={"slug": microsystem.slug})
    name = (
        f"activities page ({ACTIVITIES} activities, {STAFF_ROLES} roles, "
        f"{DEMAND_TYPES} demand types x {MONTHS} months)"
    )
    return bench_pages(client, {name: (url, FIRST_VIEW_LIMIT)})
