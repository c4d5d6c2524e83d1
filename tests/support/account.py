"""Worlds for the assessment page's tests.

`repairs_world` builds, with the ORM, the assessment worked out by hand in
tests/support/scoring.py (2025 Q1 of a repairs desk: three measures, two
stakeholders, two activities), so the page's numbers can be checked against
the same hand computation.

`grow_account` adds, for the query-count tests (grow_the_world), what the other
grow functions do not: measures used only by other microsystems, values outside
the assessment's period, stakeholders with weights but no voice row, and
activity judgements on dimensions nobody weighs.
"""

import datetime as dt
from decimal import Decimal

from microsystems.models import (
    Activity,
    ActivityEffort,
    DemandObservation,
    DemandType,
    Microsystem,
    StaffRole,
)
from stakeholders.models import Stakeholder
from valuation.access import get_assessment_for_user
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
from valuation.records.codec import encode
from valuation.scoring.engine import assess
from valuation.selectors.account import assessment_inputs
from valuation.selectors.records import live_source


def _weights(assessment, stakeholder, weights: dict) -> None:
    header = StakeholderWeight.objects.create(
        assessment=assessment,
        stakeholder=stakeholder,
        method=StakeholderWeight.Method.POINTS,
        answers={str(dimension.pk): int(weight * 100) for dimension, weight in weights.items()},
    )
    DimensionWeight.objects.bulk_create(
        DimensionWeight(stakeholder_weight=header, dimension=dimension, weight=Decimal(str(weight)))
        for dimension, weight in weights.items()
    )


def repairs_world(microsystem: Microsystem) -> dict:
    """The hand-computed assessment of tests/support/scoring.py, in the database."""
    efficiency = ValueDimension.objects.get(slug="efficiency")
    equity = ValueDimension.objects.get(slug="equity")
    role = StaffRole.objects.create(
        microsystem=microsystem, title="Repairs officer", fte=1, hours_per_fte=150, hourly_cost=20
    )
    requests = DemandType.objects.create(
        microsystem=microsystem, name="Repair requests", nature="value", handling_minutes=30
    )
    chasing = DemandType.objects.create(
        microsystem=microsystem, name="Chasing calls", nature="failure", handling_minutes=12
    )
    DemandObservation.objects.bulk_create(
        DemandObservation(demand_type=demand_type, period_start=dt.date(2025, month, 1),
                          volume=volume)
        for month in range(1, 13)
        for demand_type, volume in ((requests, 100), (chasing, 50))
    )  # fmt: skip
    emergency = Activity.objects.create(
        microsystem=microsystem, name="Emergency repairs", other_costs=500,
        contribution="Safe homes tonight.",
    )  # fmt: skip
    emergency.demand_types.add(requests, chasing)
    planned = Activity.objects.create(
        microsystem=microsystem, name="Planned maintenance", contribution="Fewer emergencies."
    )
    planned.demand_types.add(requests)
    ActivityEffort.objects.create(activity=emergency, staff_role=role, hours_per_period=100)
    ActivityEffort.objects.create(activity=planned, staff_role=role, hours_per_period=50)

    def measure(code, name, dimension, direction, baseline, target, rollup, side, unit):
        return Measure.objects.create(
            code=code, name=name, dimension=dimension, direction=direction,
            baseline=baseline, target=target, rollup=rollup, side=side, unit=unit,
        )  # fmt: skip

    cost = measure("cost-per-repair", "Cost per repair", efficiency, "lower", 200, 100, "mean",
                   "cost", "£")  # fmt: skip
    days = measure("days-to-repair", "Days to complete a repair", efficiency, "lower", 20, 10,
                   "last", "benefit", "days")  # fmt: skip
    deprived = measure("deprived-area-repairs", "Repairs in deprived areas", equity, "higher",
                       100, 300, "sum", "benefit", "repairs")  # fmt: skip
    values = {
        cost: [(dt.date(2024, 12, 1), 300), (dt.date(2025, 1, 1), 160),
               (dt.date(2025, 2, 1), 140), (dt.date(2025, 3, 1), 120)],
        days: [(dt.date(2025, 1, 1), 15), (dt.date(2025, 2, 1), 14), (dt.date(2025, 3, 1), 12)],
        deprived: [(dt.date(2025, 1, 1), 50), (dt.date(2025, 2, 1), 60),
                   (dt.date(2025, 3, 1), 90), (dt.date(2025, 4, 1), 999)],
    }  # fmt: skip
    Measurement.objects.bulk_create(
        Measurement(microsystem=microsystem, measure=m, period_start=day, value=value)
        for m, rows in values.items()
        for day, value in rows
    )
    assessment = Assessment.objects.create(
        microsystem=microsystem,
        period_label="2025 Q1",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 3, 31),
        judgement_share=Decimal("0.50"),
        voice_weights_rationale="Tenants live with the repairs.",
    )
    tenants = Stakeholder.objects.create(microsystem=microsystem, name="Tenants")
    funders = Stakeholder.objects.create(microsystem=microsystem, name="Funders")
    _weights(assessment, tenants, {efficiency: 0.25, equity: 0.75})
    _weights(assessment, funders, {efficiency: 0.2, equity: 0.8})
    Judgement.objects.bulk_create(
        Judgement(assessment=assessment, stakeholder=who, dimension=dimension, score=score,
                  rationale="Seen it.")
        for who, dimension, score in ((tenants, efficiency, 4), (tenants, equity, 9),
                                      (funders, efficiency, 8))
    )  # fmt: skip
    VoiceWeight.objects.bulk_create(
        [
            VoiceWeight(assessment=assessment, stakeholder=tenants, weight=3),
            VoiceWeight(assessment=assessment, stakeholder=funders, weight=1),
        ]
    )
    return {
        "assessment": assessment,
        "tenants": tenants,
        "funders": funders,
        "emergency": emergency,
        "planned": planned,
        "efficiency": efficiency,
        "equity": equity,
    }


def grow_account(microsystem: Microsystem) -> None:
    """More of what the assessment page reads, in and around `microsystem`."""
    dimensions = list(ValueDimension.objects.all())
    neighbour = Microsystem.objects.exclude(pk=microsystem.pk).first()
    elsewhere = Measure.objects.bulk_create(
        Measure(name=f"Account elsewhere {n}", code=f"account-elsewhere-{n}",
                dimension=dimensions[n % len(dimensions)], baseline=0, target=10,
                applies_to_all=False)
        for n in range(10)
    )  # fmt: skip
    if neighbour is not None:
        Measure.microsystems.through.objects.bulk_create(
            Measure.microsystems.through(measure_id=m.pk, microsystem_id=neighbour.pk)
            for m in elsewhere
        )
    ours = list(Measure.objects.filter(applies_to_all=True)[:10])
    Measurement.objects.bulk_create(
        (
            Measurement(microsystem=microsystem, measure=m, period_start=dt.date(2030, month, 1),
                        value=month)
            for m in ours
            for month in range(1, 13)
        ),
        batch_size=2_000,
    )  # fmt: skip
    newcomers = Stakeholder.objects.bulk_create(
        Stakeholder(microsystem=microsystem, name=f"Account newcomer {n}") for n in range(10)
    )
    # A few activities are enough to show the queries do not grow with them.
    activities = list(Activity.objects.filter(microsystem=microsystem)[:5])
    for assessment in Assessment.objects.filter(microsystem=microsystem):
        headers = StakeholderWeight.objects.bulk_create(
            StakeholderWeight(assessment=assessment, stakeholder=who, method="points", answers={})
            for who in newcomers
        )
        DimensionWeight.objects.bulk_create(
            DimensionWeight(stakeholder_weight=header, dimension=dimension,
                            weight=Decimal(1) / len(dimensions))
            for header in headers
            for dimension in dimensions
        )  # fmt: skip
        Judgement.objects.bulk_create(
            Judgement(assessment=assessment, stakeholder=who, dimension=dimensions[-1],
                      activity=activity, score=(n + number) % 11, rationale="Grown.")
            for n, who in enumerate(newcomers)
            for number, activity in enumerate(activities)
        )  # fmt: skip


def second_quarter(world) -> Assessment:
    """2025 Q2 of `repairs_world`, a draft worked out by hand in tests/valuation/test_dashboard.py:
    overall 74.125, disagreement 5.8457, £3,500 a month, value for money 21.1786."""
    microsystem = world["assessment"].microsystem
    q2 = Assessment.objects.create(
        microsystem=microsystem, period_label="2025 Q2", start_date=dt.date(2025, 4, 1),
        end_date=dt.date(2025, 6, 30), judgement_share=Decimal("0.50"),
        voice_weights_rationale="Tenants live with the repairs.",
    )  # fmt: skip
    tenants, funders = world["tenants"], world["funders"]
    efficiency, equity = world["efficiency"], world["equity"]
    _weights(q2, tenants, {efficiency: 0.25, equity: 0.75})
    _weights(q2, funders, {efficiency: 0.2, equity: 0.8})
    Judgement.objects.bulk_create(
        Judgement(assessment=q2, stakeholder=who, dimension=dimension, score=score,
                  rationale="Seen it.")
        for who, dimension, score in ((tenants, efficiency, 4), (tenants, equity, 9),
                                      (funders, efficiency, 8), (funders, equity, 6))
    )  # fmt: skip
    VoiceWeight.objects.bulk_create(
        [
            VoiceWeight(assessment=q2, stakeholder=tenants, weight=3),
            VoiceWeight(assessment=q2, stakeholder=funders, weight=1),
        ]
    )
    return q2


def account_page_url(assessment: Assessment) -> str:
    """The assessment page of `assessment`."""
    from django.urls import reverse

    return reverse(
        "valuation:assessment",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )


# --- the assessment of repairs_world as a page reads it, and a change of each input -----
# (the assessment page's cache tests: every change must reach the page, and the
# cached parts must give what reading everything afresh gives)


def loaded(world, users):
    """The assessment as a page request loads it (its unit with the versions)."""
    assessment = world["assessment"]
    return get_assessment_for_user(users["lead"], assessment.microsystem.slug, assessment.pk)


def from_scratch(world, users) -> tuple:
    assessment = loaded(world, users)
    inputs = assessment_inputs(assessment)
    return encode(inputs), encode(assess(inputs))


def through_the_cache(world, users) -> tuple:
    source = live_source(loaded(world, users))
    return encode(source.inputs), encode(source.result)


def save_fields(row, **values) -> None:
    for field, value in values.items():
        setattr(row, field, value)
    row.save()


CHANGES = {
    "demand figure": lambda w: save_fields(
        DemandObservation.objects.get(
            demand_type__name="Chasing calls", period_start=dt.date(2025, 12, 1)
        ),
        volume=110,
    ),
    "activity": lambda w: save_fields(Activity.objects.get(pk=w["emergency"].pk), other_costs=800),
    "staff": lambda w: save_fields(StaffRole.objects.get(title="Repairs officer"), hourly_cost=30),
    "judgement": lambda w: save_fields(
        Judgement.objects.get(stakeholder=w["funders"], dimension=w["efficiency"]), score=2
    ),
    "judgement of an activity": lambda w: Judgement.objects.create(
        assessment=w["assessment"],
        stakeholder=w["tenants"],
        dimension=w["efficiency"],
        activity=w["emergency"],
        score=2,
        rationale="Slow.",
    ),
    "weight": lambda w: save_fields(
        DimensionWeight.objects.get(
            stakeholder_weight__stakeholder=w["tenants"], dimension=w["efficiency"]
        ),
        weight=Decimal("0.6"),
    ),
    "assessment period": lambda w: save_fields(w["assessment"], end_date=dt.date(2025, 2, 28)),
    "configuration": lambda w: save_fields(Measure.objects.get(code="cost-per-repair"), target=120),
    "measurement": lambda w: save_fields(
        Measurement.objects.get(measure__code="cost-per-repair", period_start=dt.date(2025, 3, 1)),
        value=60,
    ),
    "stakeholder": lambda w: save_fields(w["funders"], name="Backers"),
}
