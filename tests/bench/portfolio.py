"""The portfolio on 500 units: 3 years of monthly demand and measurements each, and four
approved assessments per unit (2,000 records).

One assessment is approved through the services (tests.support.account.repairs_world,
frozen by record_freeze: the engine runs, its JSON is stored). Running the engine
2,000 times would take the bench minutes, so the other records are bulk-created
with that record's JSON and headline figures varied per unit and quarter: the same
rows, the same columns and the same JSON size as real ones, which is all the
portfolio reads (it reads the columns; on SQLite, columns added after the JSON are
read past it, so its size counts).

Judged on two counts: the median first view under 500 ms (TARGET_MS), and within
FIRST_VIEW_LIMIT times home in the same run; its queries must be the number pinned
for the page in tests/test_query_counts.py. The bare SQL floor is the page's own
SELECTs run again through a plain cursor.
"""

import functools
import random
from datetime import date

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microsystems.models import (
    DemandObservation,
    DemandType,
    Membership,
    Microsystem,
    Organisation,
)
from tests.bench.harness import BenchResult, bench_pages, pin_queries, under_target
from tests.support.account import repairs_world
from tests.support.records import approve
from valuation.models import Assessment, AssessmentRecord, Measure, Measurement, ValueDimension

ORGANISATIONS = 5
UNITS = 500
MONTHS = 36
DEMAND_TYPES = 3
MEASURES = 3
QUARTERS = [(2025, 1), (2025, 4), (2025, 7), (2025, 10)]  # start year and month
TARGET_MS = 500.0
FIRST_VIEW_LIMIT = 6
PINNED_QUERIES = 9
DIMENSION_NAMES = ["Efficiency", "Effectiveness", "Accountability", "Equity", "Probity"]


def _month(number: int) -> date:
    """Month `number` of the three years 2023 to 2025."""
    return date(2023 + number // 12, number % 12 + 1, 1)


def build_units(manager) -> list[Microsystem]:
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench portfolio trust {n}", slug=f"bench-portfolio-{n}")
        for n in range(ORGANISATIONS)
    )
    for organisation in organisations:
        organisation.managers.add(manager)
    return Microsystem.objects.bulk_create(
        Microsystem(organisation=organisations[n % ORGANISATIONS], name=f"Bench unit {n:03d}",
                    slug=f"bench-unit-{n:03d}", purpose="Benchmark.",
                    public_value_goal="Fast pages.")
        for n in range(UNITS)
    )  # fmt: skip


def build_history(units: list[Microsystem], rng: random.Random) -> None:
    """Three years of monthly demand (value, value, failure) and of three measures."""
    types = DemandType.objects.bulk_create(
        (
            DemandType(microsystem=unit, name=f"Demand {n}", handling_minutes=10,
                       nature=["value", "value", "failure"][n])
            for unit in units
            for n in range(DEMAND_TYPES)
        ),
        batch_size=2_000,
    )  # fmt: skip
    DemandObservation.objects.bulk_create(
        (
            DemandObservation(demand_type=demand_type, period_start=_month(month),
                              volume=rng.randint(20, 400))
            for demand_type in types
            for month in range(MONTHS)
        ),
        batch_size=5_000,
    )  # fmt: skip
    dimension = ValueDimension.objects.get(slug="effectiveness")
    measures = Measure.objects.bulk_create(
        Measure(name=f"Bench shared measure {n}", code=f"bench-shared-{n}", dimension=dimension,
                direction="higher", baseline=0, target=100, rollup="mean")
        for n in range(MEASURES)
    )  # fmt: skip
    Measurement.objects.bulk_create(
        (
            Measurement(microsystem=unit, measure=measure, period_start=_month(month),
                        value=rng.randint(10, 95))
            for unit in units
            for measure in measures
            for month in range(MONTHS)
        ),
        batch_size=5_000,
    )  # fmt: skip


def frozen_template(unit: Microsystem, manager) -> AssessmentRecord:
    """One assessment approved as on the site: the engine runs and its record is frozen."""
    lead = get_user_model().objects.create_user(username="bench-portfolio-lead", password="x")
    Membership.objects.create(user=lead, microsystem=unit, role=Membership.Role.LEAD)
    world = repairs_world(unit)
    approve(world["assessment"], lead=lead, manager=manager)
    return AssessmentRecord.objects.get(assessment=world["assessment"])


def varied_figures(rng: random.Random) -> dict:
    value = rng.uniform(25, 90)
    money = rng.uniform(4_000, 60_000)
    share = rng.uniform(0.05, 0.5)
    contested = rng.sample(DIMENSION_NAMES, rng.randint(0, 3))
    return {
        "overall_value": value,
        "money_per_month": money,
        "value_for_money": value / (money / 1000),
        "disagreement": rng.uniform(0, 20),
        "contested_dimension_count": len(contested),
        "contested_dimension_names": contested,
        "failure_demand_share": share,
        "failure_cost_per_month": money * share * 0.3,
        "demand_per_month": rng.uniform(60, 1_200),
    }


def build_records(units: list[Microsystem], template: AssessmentRecord, rng) -> None:
    """Four approved assessments per unit (the template's unit has one already)."""
    taken = template.assessment
    assessments = Assessment.objects.bulk_create(
        (
            Assessment(microsystem=unit, period_label=f"{year} Q{(month + 2) // 3}",
                       start_date=date(year, month, 1),
                       end_date=date(year, month + 2, 28),
                       status=Assessment.Status.APPROVED, reviewed_at=timezone.now())
            for unit in units
            for year, month in QUARTERS
            if not (unit.pk == taken.microsystem_id and month == taken.start_date.month)
        ),
        batch_size=1_000,
    )  # fmt: skip
    now = timezone.now()
    AssessmentRecord.objects.bulk_create(
        (
            AssessmentRecord(assessment=assessment, version=1, approved_at=now, frozen_at=now,
                             approved_by_name="Bench manager", inputs=template.inputs,
                             result=template.result, perspectives=template.perspectives,
                             context=template.context, **varied_figures(rng))
            for assessment in assessments
        ),
        batch_size=200,
    )  # fmt: skip


@functools.cache
def shared_world() -> tuple[object, list[Microsystem]]:
    """The manager of every unit, and the units, built once a run: the unit dashboard's
    bench (tests/bench/unit_dashboard.py) times a unit of the same world."""
    rng = random.Random(500)
    manager = get_user_model().objects.create_user(username="bench-portfolio-manager",
                                                   password="x")  # fmt: skip
    units = build_units(manager)
    build_history(units, rng)
    template = frozen_template(units[0], manager)
    build_records(units, template, rng)
    return manager, units


def run() -> list[BenchResult]:
    manager, _ = shared_world()
    records = AssessmentRecord.objects.filter(
        assessment__microsystem__organisation__slug__startswith="bench-portfolio-"
    ).count()
    client = Client()
    client.force_login(manager)
    url = reverse("valuation:portfolio") + "?sort=-value"
    name = f"portfolio ({UNITS} units, {records} approved records)"
    # The page caches nothing, so its "repeat view" is a second first view.
    first, _repeat = bench_pages(client, {name: (url, FIRST_VIEW_LIMIT)})
    pin_queries(first, PINNED_QUERIES)
    download = bench_pages(
        client,
        {"portfolio CSV download": (reverse("valuation:portfolio_download") + "?format=csv",
                                    FIRST_VIEW_LIMIT)},
    )[0]  # fmt: skip
    return [first, under_target(first, TARGET_MS), download]
