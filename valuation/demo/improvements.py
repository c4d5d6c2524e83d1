"""Demo improvement ideas: three or four per demo microsystem, across every status.

An idea's owner is one of its unit's people, so a demo unit with nobody in it
(no lead is named for it) gets none.

Idempotent: an idea is found by its unit and title and created only when
missing. Each unit has one adopted idea. Across the units, one adopted idea
watches a measure whose values after adoption show a real change in the wanted
direction, and another one whose values show only noise: the seeding picks, among
each unit's measures, the one the run-chart analysis judges that way, so the demo
says what the pages will find.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
from django.db import transaction

from microsystems import periods
from microsystems.analysis import run_charts as rc
from microsystems.models import Membership, Microsystem
from valuation.models import (
    ImprovementBenefit,
    ImprovementIdea,
    ImprovementStatusChange,
    Measure,
    Measurement,
    ValueDimension,
)
from valuation.reports.improvements import monthly_cost
from valuation.selectors.improvements import activities_cost_rows

S = ImprovementIdea.Status


@dataclass(frozen=True)
class DemoIdea:
    title: str
    description: str
    aim: str
    monthly_saving: str
    one_off_cost: str
    benefits: dict[str, int]  # dimension slug -> points
    status: str
    optimism_bias: str = "0"


IDEAS = {
    "eastfield-library": [
        DemoIdea(
            "Self-service reservations collection",
            "Reserved items on open shelves for people to collect themselves.",
            "both",
            "420",
            "3500",
            {"efficiency": 6, "effectiveness": 3},
            S.ADOPTED,
            "10",
        ),
        DemoIdea(
            "Text alerts when reservations are ready",
            "Stop the calls asking whether a reservation has arrived.",
            "cost",
            "180",
            "1200",
            {"efficiency": 3},
            S.TESTING,
        ),
        DemoIdea(
            "Digital help by appointment on estates",
            "Take the drop-in to the two estates with the fewest members.",
            "benefit",
            "-250",
            "800",
            {"equity": 8, "effectiveness": 2},
            S.PLANNED,
        ),
        DemoIdea(
            "Close on Wednesday afternoons",
            "Save staff time in the quietest hours.",
            "cost",
            "600",
            "0",
            {"equity": -4, "accountability": -2},
            S.DROPPED,
        ),
    ],
    "north-housing-repairs": [
        DemoIdea(
            "Book the repair on the first call",
            "Give callers a slot while they are on the phone, so they do not ring back to chase.",
            "both",
            "1800",
            "9000",
            {"efficiency": 8, "effectiveness": 6},
            S.ADOPTED,
            "20",
        ),
        DemoIdea(
            "Photos with every repair request",
            "Send the right trade with the right parts the first time.",
            "both",
            "900",
            "4000",
            {"efficiency": 5, "effectiveness": 4},
            S.TESTING,
        ),
        DemoIdea(
            "Plain-English complaint letters",
            "Answer complaints in words tenants understand.",
            "benefit",
            "0",
            "500",
            {"accountability": 5},
            S.IDEA,
        ),
        DemoIdea(
            "Outsource out-of-hours calls",
            "A call centre instead of the on-call rota.",
            "cost",
            "1200",
            "2500",
            {"effectiveness": -5, "accountability": -3},
            S.DROPPED,
        ),
    ],
    "riverside-gp-reception": [
        DemoIdea(
            "Call-back instead of queueing",
            "Patients keep their place in the queue and are rung back.",
            "both",
            "300",
            "6000",
            {"effectiveness": 7, "equity": 2},
            S.ADOPTED,
            "15",
        ),
        DemoIdea(
            "Online requests for repeat prescriptions",
            "Move repeat requests off the phone.",
            "cost",
            "700",
            "1500",
            {"efficiency": 5},
            S.PLANNED,
        ),
        DemoIdea(
            "Receptionist care-navigation training",
            "Send patients to the right clinician first time.",
            "benefit",
            "-150",
            "2200",
            {"effectiveness": 5, "equity": 3},
            S.IDEA,
        ),
    ],
    "school-admissions": [
        DemoIdea(
            "Online application tracker",
            "Parents see where their application is without calling.",
            "both",
            "650",
            "7000",
            {"accountability": 6, "efficiency": 4},
            S.ADOPTED,
            "20",
        ),
        DemoIdea(
            "Pre-filled in-year transfer forms",
            "Use what we already know about the child.",
            "cost",
            "350",
            "2000",
            {"efficiency": 4},
            S.TESTING,
        ),
        DemoIdea(
            "Appeals guidance in community languages",
            "So every family can follow the appeal process.",
            "benefit",
            "-80",
            "1500",
            {"equity": 7},
            S.PLANNED,
        ),
    ],
}
# The statuses an idea passes through on its way to where it stands.
PATHS = {
    S.IDEA: [S.IDEA],
    S.PLANNED: [S.IDEA, S.PLANNED],
    S.TESTING: [S.IDEA, S.PLANNED, S.TESTING],
    S.ADOPTED: [S.IDEA, S.PLANNED, S.TESTING, S.ADOPTED],
    S.DROPPED: [S.IDEA, S.DROPPED],
}
# The adoption falls this many periods before the last recorded one.
PERIODS_AFTER_ADOPTION = {periods.WEEK: 52, periods.MONTH: 15, periods.QUARTER: 5}


def _series(rows: list[tuple[date, Decimal]]) -> pd.Series:
    return pd.Series(
        [float(value) for _, value in rows], index=pd.DatetimeIndex([start for start, _ in rows])
    )


def _outcome(measure: Measure, rows, adopted_on: date) -> bool | None:
    result = rc.before_after(_series(rows), adopted_on, direction=measure.direction)
    return result["wanted"] if result["enough_before"] and result["after_points"] else False


def _watched_measure(
    microsystem: Microsystem, measures: list[Measure], want_shift: bool, adopted_on: date
) -> Measure | None:
    """A measure of the unit whose values after `adopted_on` show a wanted special cause
    (`want_shift`), or none at all (noise); None if no measure does."""
    rows: dict[int, list] = {}
    for measure_id, start, value in (
        Measurement.objects.filter(microsystem=microsystem)
        .order_by("measure_id", "period_start")
        .values_list("measure_id", "period_start", "value")
    ):
        rows.setdefault(measure_id, []).append((start, value))
    wanted = True if want_shift else None
    for measure in measures:
        if measure.pk in rows and _outcome(measure, rows[measure.pk], adopted_on) is wanted:
            return measure
    return None


# How much of the expected saving the demo's adopted ideas realised: most of it where
# the watched measure shows a real change, little where it shows only noise.
REALISED_SHARE = {True: Decimal("0.8"), False: Decimal("0.1")}


def _cost_at_adoption(microsystem: Microsystem, activity, spec: DemoIdea, shifted: bool):
    """What the idea's activity cost a month when its adoption was recorded: today's
    cost plus the part of the expected saving it realised (the demo's activities have
    no change history reaching back to the adoption)."""
    costs = activities_cost_rows(microsystem, [activity.pk])
    now = monthly_cost(costs, microsystem.period_granularity) or 0.0
    realised = Decimal(spec.monthly_saving) * REALISED_SHARE[shifted]
    return (Decimal(f"{now:.2f}") + realised).quantize(Decimal("0.01"))


def _adoption_date(microsystem: Microsystem) -> date | None:
    last = (
        Measurement.objects.filter(microsystem=microsystem)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    if last is None:
        return None
    granularity = microsystem.period_granularity
    return periods.shift_periods(last, granularity, -PERIODS_AFTER_ADOPTION[granularity] + 1)


@transaction.atomic
def seed_improvements() -> None:
    dimensions = {dimension.slug: dimension for dimension in ValueDimension.objects.all()}
    microsystems = Microsystem.objects.filter(slug__in=IDEAS).order_by("slug")
    for index, microsystem in enumerate(microsystems):
        owner_ids = list(
            Membership.objects.filter(microsystem=microsystem)
            .order_by("role", "user__username")
            .values_list("user_id", flat=True)
        )
        if not owner_ids:
            continue
        existing = set(microsystem.improvement_ideas.values_list("title", flat=True))
        measures = list(Measure.objects.used_by(microsystem).filter(active=True).order_by("code"))
        activities = list(microsystem.activities.order_by("name"))
        adopted_on = _adoption_date(microsystem)
        for number, spec in enumerate(IDEAS[microsystem.slug]):
            if spec.title in existing:
                continue
            adopted = spec.status == S.ADOPTED and adopted_on is not None
            # Even-numbered units show a real change after adoption, odd ones only noise.
            watched = (
                _watched_measure(microsystem, measures, index % 2 == 0, adopted_on)
                if adopted
                else None
            )
            idea = ImprovementIdea.objects.create(
                microsystem=microsystem,
                title=spec.title,
                description=spec.description,
                aim=spec.aim,
                monthly_saving=Decimal(spec.monthly_saving),
                one_off_cost=Decimal(spec.one_off_cost),
                optimism_bias_pct=Decimal(spec.optimism_bias),
                owner_id=owner_ids[number % len(owner_ids)],
                status=spec.status if adopted or spec.status != S.ADOPTED else S.TESTING,
                adopted_on=adopted_on if adopted else None,
            )
            if activities:
                idea.activities.add(activities[number % len(activities)])
            if adopted and activities:
                idea.activities_monthly_cost_at_adoption = _cost_at_adoption(
                    microsystem, activities[number % len(activities)], spec, watched is not None
                )
                idea.save(update_fields=["activities_monthly_cost_at_adoption"])
            if watched is not None:
                idea.measures.add(watched)
            elif measures:
                idea.measures.add(measures[number % len(measures)])
            ImprovementBenefit.objects.bulk_create(
                ImprovementBenefit(idea=idea, dimension=dimensions[slug], points=points)
                for slug, points in spec.benefits.items()
                if slug in dimensions
            )
            path = PATHS[idea.status]
            last_day = adopted_on or date.today()
            ImprovementStatusChange.objects.bulk_create(
                ImprovementStatusChange(
                    idea=idea,
                    status=status,
                    # A month or so between steps, ending on the adoption date.
                    changed_on=last_day - timedelta(days=30 * (len(path) - 1 - step)),
                    recorded_by_id=owner_ids[0],
                )
                for step, status in enumerate(path)
            )
