"""The assessment page on a large microsystem.

40 measures x 10 years of monthly values, 30 stakeholders who each weigh the
dimensions and judge every dimension and every activity on every dimension
(30,000 activity judgements), 200 activities with staff time and demand, and an
assessment of the last of the ten years.

Judged against home timed in the same run (harness): first views within
their limits, repeat views within 3 times home. The same world serves every
page of the assessment and the unit's measurements and assessments list.
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
    StaffRole,
)
from stakeholders.models import Stakeholder
from tests.bench.harness import BenchResult, bench_microsystem, bench_pages, draft_report_cpu
from valuation.models import (
    Assessment,
    DimensionWeight,
    Judgement,
    Measure,
    Measurement,
    StakeholderWeight,
    ValueDimension,
    VoiceWeight,
)

MEASURES = 40
MONTHS = 120
STAKEHOLDERS = 30
ACTIVITIES = 200
STAFF_ROLES = 10
DEMAND_TYPES = 20
FIRST_VIEW_LIMIT = 40


def build_measures(dimensions: list[ValueDimension]) -> list[Measure]:
    """MEASURES measures over the dimensions; the last dimension rests on judgement alone."""
    return Measure.objects.bulk_create(
        Measure(name=f"Bench measure {n:02d}", code=f"bench-measure-{n:02d}",
                dimension=dimensions[n % (len(dimensions) - 1)],
                direction="higher" if n % 2 else "lower",
                baseline=Decimal(50), target=Decimal(80) if n % 2 else Decimal(20),
                rollup=["sum", "mean", "last"][n % 3], side="cost" if n % 5 == 0 else "benefit")
        for n in range(MEASURES)
    )  # fmt: skip


def build_assessment_world(microsystem, *, measures: list[Measure] | None = None) -> Assessment:
    """The world of the assessment page; `measures` (global, so made once) are created
    when not given, as for one microsystem."""
    rng = random.Random(40)
    dimensions = list(ValueDimension.objects.filter(active=True))
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
            DemandObservation(demand_type=demand_type, period_start=date(2025, month, 1),
                              volume=rng.randint(50, 500))
            for demand_type in types
            for month in range(1, 13)
        ),
        batch_size=2_000,
    )  # fmt: skip
    activities = Activity.objects.bulk_create(
        Activity(microsystem=microsystem, name=f"Activity {n:03d}",
                 other_costs=Decimal(rng.randint(0, 900)), contribution="Helps.",
                 classification=["adds_value", "necessary", "unnecessary"][n % 3])
        for n in range(ACTIVITIES)
    )  # fmt: skip
    ActivityEffort.objects.bulk_create(
        (
            ActivityEffort(activity=activity, staff_role=role,
                           hours_per_period=Decimal(rng.randint(1, 40)))
            for activity in activities
            for role in rng.sample(roles, 3)
        ),
        batch_size=2_000,
    )  # fmt: skip
    ActivityDemand.objects.bulk_create(
        (
            ActivityDemand(activity=activity, demand_type=demand_type)
            for activity in activities
            for demand_type in rng.sample(types, 2)
        ),
        batch_size=2_000,
    )
    if measures is None:
        measures = build_measures(dimensions)
    Measurement.objects.bulk_create(
        (
            Measurement(microsystem=microsystem, measure=measure,
                        period_start=date(2016 + month // 12, month % 12 + 1, 1),
                        value=Decimal(rng.randint(10, 90)))
            for measure in measures
            for month in range(MONTHS)
        ),
        batch_size=2_000,
    )  # fmt: skip
    assessment = Assessment.objects.create(
        microsystem=microsystem,
        period_label="2025",
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
    )
    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(microsystem=microsystem, name=f"Stakeholder {n:02d}")
        for n in range(STAKEHOLDERS)
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
    Judgement.objects.bulk_create(
        (
            Judgement(assessment=assessment, stakeholder=who, dimension=dimension,
                      activity=activity, score=rng.randint(0, 10), rationale="It helps.")
            for who in stakeholders
            for dimension in dimensions
            for activity in activities
        ),
        batch_size=2_000,
    )  # fmt: skip
    VoiceWeight.objects.bulk_create(
        VoiceWeight(assessment=assessment, stakeholder=who, weight=Decimal(1 + n % 3))
        for n, who in enumerate(stakeholders)
    )
    return assessment


def run() -> list[BenchResult]:
    microsystem, lead = bench_microsystem("Bench assessment unit")
    assessment = build_assessment_world(microsystem)
    client = Client()
    client.force_login(lead)
    unit = {"slug": microsystem.slug}
    one = {**unit, "assessment_id": assessment.pk}
    stakeholder = assessment.microsystem.stakeholders.order_by("pk").first()
    size = (
        f"{MEASURES} measures x {MONTHS} months, {STAKEHOLDERS} stakeholders, "
        f"{ACTIVITIES} activities"
    )
    results = bench_pages(
        client,
        {
            f"assessment page ({size})": (
                reverse("valuation:assessment", kwargs=one),
                FIRST_VIEW_LIMIT,
            ),
            "perspectives": (reverse("valuation:perspectives", kwargs=one), 35),
            "weights": (reverse("valuation:weights", kwargs=one), 10),
            "judgements": (reverse("valuation:judgements", kwargs=one), 60),
            "judgements of one stakeholder": (
                reverse(
                    "valuation:judgements_edit",
                    kwargs={**one, "stakeholder_id": stakeholder.pk},
                ),
                10,
            ),
            "measurements": (reverse("valuation:measurements", kwargs=unit), 10),
            "assessments list": (reverse("valuation:assessments", kwargs=unit), 5),
        },
    )
    return [*results, draft_report_cpu(assessment, size)]
