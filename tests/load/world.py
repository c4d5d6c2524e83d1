"""The load test's world: one large organisation, and the people who sign in to it.

Each microsystem is the benchmark's assessment world (tests/bench/assessment_page.py:
200 activities with staff time and demand, 30 stakeholders who weigh and judge
every dimension and every activity, 40 measures x 10 years of monthly
measurements, a draft assessment of 2025), with ten years of monthly demand
for 30 demand types up to last month and two expectations per stakeholder.

Leaders lead one microsystem each, several to a microsystem, so their saves
meet on the same records; managers manage the whole organisation. Everyone
signs in with LOAD_PASSWORD.
"""

import random
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from microsystems.models import DemandObservation, DemandType, Membership, Microsystem, Organisation
from stakeholders.models import Expectation, Stakeholder
from tests.bench.assessment_page import build_assessment_world, build_measures
from valuation.models import ValueDimension

LOAD_PASSWORD = "load-pass-2026"
ORGANISATION_SLUG = "load-test-partnership"
DEMAND_TYPES = 30  # the assessment world makes 20; the rest are added here
HISTORY_YEARS = 10
UNIT_NAMES = [
    "Eastfield Library",
    "North Area Housing Repairs",
    "Riverside GP Reception",
    "Central School Admissions",
    "Westgate Benefits Desk",
    "Harbour Community Transport",
    "Southside Youth Service",
    "Market Square Registrars",
]


def _months(first: date, last: date) -> list[date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _add_demand_history(microsystem: Microsystem, rng: random.Random, today: date) -> None:
    """Monthly demand for DEMAND_TYPES types from HISTORY_YEARS ago to last month.

    Months the assessment world already recorded are left as they are.
    """
    existing_types = list(DemandType.objects.filter(microsystem=microsystem).order_by("pk"))
    natures = ["value", "value", "failure"]
    added_types = DemandType.objects.bulk_create(
        DemandType(
            microsystem=microsystem,
            name=f"Demand {number:02d}",
            nature=natures[number % 3],
            handling_minutes=rng.randint(2, 30),
        )
        for number in range(len(existing_types), DEMAND_TYPES)
    )
    this_month = date(today.year, today.month, 1)
    months = _months(date(this_month.year - HISTORY_YEARS, this_month.month, 1), this_month)[:-1]
    recorded = set(
        DemandObservation.objects.filter(demand_type__microsystem=microsystem).values_list(
            "demand_type_id", "period_start"
        )
    )
    DemandObservation.objects.bulk_create(
        (
            DemandObservation(
                demand_type=demand_type, period_start=month, volume=rng.randint(50, 900)
            )
            for demand_type in [*existing_types, *added_types]
            for month in months
            if (demand_type.pk, month) not in recorded
        ),
        batch_size=2_000,
    )


def _add_expectations(microsystem: Microsystem) -> None:
    kinds = list(Expectation.Kind.values)
    Expectation.objects.bulk_create(
        Expectation(
            stakeholder=stakeholder,
            statement=f"{stakeholder.name} expect {what}.",
            kind=kinds[(stakeholder.pk + number) % len(kinds)],
            priority=1 + (stakeholder.pk + number) % 3,
        )
        for stakeholder in Stakeholder.objects.filter(microsystem=microsystem)
        for number, what in enumerate(["a quick answer", "value for public money"])
    )


@transaction.atomic
def build_world(*, microsystems: int, leaders: int, managers: int, today: date) -> dict:
    """Create the world in an empty, migrated database; return the manifest the
    simulated users read (who signs in, which microsystems and assessments exist)."""
    if not 1 <= microsystems <= len(UNIT_NAMES):
        raise ValueError(f"The load world has 1 to {len(UNIT_NAMES)} microsystems.")
    rng = random.Random(2026)
    organisation = Organisation.objects.create(
        name="Load Test Partnership", slug=ORGANISATION_SLUG, description="For make load."
    )
    measures = build_measures(list(ValueDimension.objects.filter(active=True)))
    units, unit_ids = [], []
    for name in UNIT_NAMES[:microsystems]:
        microsystem = Microsystem.objects.create(
            organisation=organisation,
            name=name,
            slug=name.lower().replace(" ", "-"),
            purpose=f"What {name} is for.",
            public_value_goal=f"The public value {name} adds.",
        )
        assessment = build_assessment_world(microsystem, measures=measures)
        _add_demand_history(microsystem, rng, today)
        _add_expectations(microsystem)
        unit_ids.append(microsystem.pk)
        units.append(
            {
                "slug": microsystem.slug,
                "assessment_id": assessment.pk,
                "stakeholder_ids": list(
                    Stakeholder.objects.filter(microsystem=microsystem)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                ),
            }
        )

    # One hash for everyone: hashing a password costs a deliberate fraction of a second.
    password = make_password(LOAD_PASSWORD)
    user_model = get_user_model()
    leader_users = user_model.objects.bulk_create(
        user_model(username=f"load-lead-{n:02d}", password=password, first_name=f"Leader {n}")
        for n in range(1, leaders + 1)
    )
    manager_users = user_model.objects.bulk_create(
        user_model(username=f"load-manager-{n:02d}", password=password, first_name=f"Manager {n}")
        for n in range(1, managers + 1)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            microsystem_id=unit_ids[n % len(units)],
            role=Membership.Role.LEAD,
        )
        for n, user in enumerate(leader_users)
    )
    organisation.managers.add(*manager_users)
    return {
        "password": LOAD_PASSWORD,
        "leaders": [
            {"username": user.username, "microsystem": units[n % len(units)]["slug"]}
            for n, user in enumerate(leader_users)
        ],
        "managers": [user.username for user in manager_users],
        "microsystems": units,
    }
