"""The unit dashboard on a unit of the portfolio's 500-unit world, and on a unit whose
latest assessment is a draft.

The first: a unit of tests/bench/portfolio.py's world (built once a run, shared with
the portfolio's bench): three years of monthly demand and measurements and four
approved assessments, whose frozen records the page reads. Judged on the issue's
target, under 300 ms median (TARGET_MS), on its ratio to home in the same run, and on
its query count, pinned.

The second: a unit of its own with 20 demand types and 20 measures x 36 months, 12
staff roles, 60 activities, 10 stakeholders who weigh and judge every dimension; the
four quarters of 2025 approved through the services and a draft of 2026 Q1, whose
figures the first view works out from today's data (the one engine run the page may
make).
"""

import random
from calendar import monthrange
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
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
from stakeholders.models import Stakeholder
from tests.bench.harness import (
    BenchResult,
    bench_microsystem,
    bench_pages,
    draft_report_cpu,
    pin_queries,
    under_target,
)
from tests.bench.portfolio import UNITS, shared_world
from valuation.models import (
    Assessment,
    DimensionWeight,
    Judgement,
    Measure,
    Measurement,
    StakeholderWeight,
    ValueDimension,
)
from valuation.services.assessments import assessment_approve, assessment_submit

MONTHS = 36
DEMAND_TYPES = 20
MEASURES = 20
STAFF_ROLES = 12
ACTIVITIES = 60
STAKEHOLDERS = 10
QUARTERS = [
    (f"2025 Q{q}", date(2025, 3 * q - 2, 1), date(2025, 3 * q, monthrange(2025, 3 * q)[1]))
    for q in range(1, 5)
]
DRAFT = ("2026 Q1", date(2026, 1, 1), date(2026, 3, 31))
FIRST_VIEW_LIMIT = 25
TARGET_MS = 300.0
# As tests/test_query_counts.py counts them for an approved latest assessment: session,
# user, the unit with the user's access and versions, then the page's reads.
PINNED_QUERIES = {"page": 13, "json": 13}


def month(number: int) -> date:
    """The first day of month `number` counted from January 2024."""
    return date(2024 + number // 12, number % 12 + 1, 1)


def build_operations(microsystem, rng: random.Random) -> None:
    roles = StaffRole.objects.bulk_create(
        StaffRole(microsystem=microsystem, title=f"Role {n:02d}", fte=2, hours_per_fte=140,
                  hourly_cost=Decimal(18 + n))
        for n in range(STAFF_ROLES)
    )  # fmt: skip
    types = DemandType.objects.bulk_create(
        DemandType(microsystem=microsystem, name=f"Demand {n:02d}",
                   nature=["value", "value", "failure"][n % 3], handling_minutes=5 + n)
        for n in range(DEMAND_TYPES)
    )  # fmt: skip
    DemandObservation.objects.bulk_create(
        (
            DemandObservation(demand_type=demand_type, period_start=month(number),
                              volume=rng.randint(50, 500))
            for demand_type in types
            for number in range(MONTHS)
        ),
        batch_size=2_000,
    )  # fmt: skip
    activities = Activity.objects.bulk_create(
        Activity(microsystem=microsystem, name=f"Activity {n:03d}",
                 other_costs=Decimal(rng.randint(0, 900)), contribution="Helps.")
        for n in range(ACTIVITIES)
    )  # fmt: skip
    ActivityEffort.objects.bulk_create(
        ActivityEffort(activity=activity, staff_role=role,
                       hours_per_period=Decimal(rng.randint(1, 40)))
        for activity in activities
        for role in rng.sample(roles, 3)
    )  # fmt: skip
    ActivityDemand.objects.bulk_create(
        ActivityDemand(activity=activity, demand_type=demand_type)
        for activity in activities
        for demand_type in rng.sample(types, 2)
    )


def build_measures(dimensions) -> list[Measure]:
    """Measures every unit uses (so made once, however many units are built)."""
    return Measure.objects.bulk_create(
        Measure(name=f"Dashboard measure {n:02d}", code=f"dashboard-measure-{n:02d}",
                dimension=dimensions[n % len(dimensions)], direction="higher",
                baseline=Decimal(20), target=Decimal(90), rollup="mean")
        for n in range(MEASURES)
    )  # fmt: skip


def build_measurements(microsystem, measures, rng: random.Random) -> None:
    Measurement.objects.bulk_create(
        (
            Measurement(microsystem=microsystem, measure=measure, period_start=month(number),
                        value=Decimal(rng.randint(10, 90)))
            for measure in measures
            for number in range(MONTHS)
        ),
        batch_size=2_000,
    )  # fmt: skip


def build_assessment(microsystem, stakeholders, dimensions, period, rng) -> Assessment:
    label, start, end = period
    assessment = Assessment.objects.create(
        microsystem=microsystem, period_label=label, start_date=start, end_date=end
    )
    headers = StakeholderWeight.objects.bulk_create(
        StakeholderWeight(assessment=assessment, stakeholder=who, method="points", answers={})
        for who in stakeholders
    )
    rows = []
    for header in headers:
        raw = [rng.randint(1, 10) for _ in dimensions]
        rows += [
            DimensionWeight(stakeholder_weight=header, dimension=dimension,
                            weight=round(Decimal(value) / sum(raw), 6))
            for dimension, value in zip(dimensions, raw, strict=True)
        ]  # fmt: skip
    DimensionWeight.objects.bulk_create(rows)
    Judgement.objects.bulk_create(
        Judgement(assessment=assessment, stakeholder=who, dimension=dimension,
                  score=rng.randint(0, 10), rationale="Because.")
        for who in stakeholders
        for dimension in dimensions
    )  # fmt: skip
    return assessment


def build_dashboard_world(microsystem, lead, measures, *, draft: bool) -> Assessment | None:
    """The unit's data and assessments; its draft, if asked for one."""
    rng = random.Random(15)
    manager = get_user_model().objects.create_user(
        username=f"{microsystem.slug}-manager", password="unused"
    )
    microsystem.organisation.managers.add(manager)
    dimensions = list(ValueDimension.objects.filter(active=True))
    build_operations(microsystem, rng)
    build_measurements(microsystem, measures, rng)
    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(microsystem=microsystem, name=f"Stakeholder {n:02d}")
        for n in range(STAKEHOLDERS)
    )
    for period in QUARTERS:
        assessment = build_assessment(microsystem, stakeholders, dimensions, period, rng)
        assessment_submit(assessment=assessment, user=lead)
        assessment_approve(assessment=assessment, user=manager)
    if draft:
        return build_assessment(microsystem, stakeholders, dimensions, DRAFT, rng)
    return None


def portfolio_unit() -> tuple[Microsystem, object]:
    """A unit of the 500-unit world with four approved assessments bulk-made from the
    frozen template (unit 0 holds the template itself), and the manager of all."""
    manager, units = shared_world()
    return units[len(units) // 2], manager


def dashboard_pages(microsystem: Microsystem, size: str) -> dict[str, tuple[str, float]]:
    unit = {"slug": microsystem.slug}
    return {
        f"unit dashboard ({size})": (reverse("valuation:dashboard", kwargs=unit), FIRST_VIEW_LIMIT),
        f"unit dashboard as JSON ({size})": (
            reverse("valuation:dashboard_json", kwargs=unit),
            FIRST_VIEW_LIMIT,
        ),
    }


def run() -> list[BenchResult]:
    results = []
    microsystem, manager = portfolio_unit()
    client = Client()
    client.force_login(manager)
    size = f"a unit of {UNITS}: {MONTHS} months, 4 approved assessments"
    page, page_repeat, json, json_repeat = bench_pages(client, dashboard_pages(microsystem, size))
    pin_queries(page, PINNED_QUERIES["page"])
    pin_queries(json, PINNED_QUERIES["json"])
    results += [page, page_repeat, under_target(page, TARGET_MS), json, json_repeat]

    measures = build_measures(list(ValueDimension.objects.filter(active=True)))
    microsystem, lead = bench_microsystem("Bench dashboard draft unit")
    draft = build_dashboard_world(microsystem, lead, measures, draft=True)
    client = Client()
    client.force_login(lead)
    size = f"{MONTHS} months, 4 approved assessments and a draft"
    pages = dashboard_pages(microsystem, size)
    pages["assessments list with figures"] = (
        reverse("valuation:assessments", kwargs={"slug": microsystem.slug}),
        5,
    )
    results += bench_pages(client, pages)
    results.append(draft_report_cpu(draft, f"{size}, {ACTIVITIES} activities"))
    return results
