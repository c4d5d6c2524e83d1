"""Test data for the activities pages, with the costs worked out by hand once.

The conftest library (Library assistant £18.50/h, 2 FTE x 140 h; Book loans, 3 min;
"Lending and returns", 80 h of assistant time, handles Book loans) plus:

- Branch librarian: £30/h, 1 FTE x 140 h;
- Chasing calls: failure demand, 6 min; Room bookings: unclassified, 10 min, never observed;
- monthly demand: Book loans 1,200 a month through 2025 (and 5,000 in Dec 2024, outside
  the last year); Chasing calls 100 a month from Jul to Dec 2025 only;
- "Chase overdue reservations": unnecessary, 10 h assistant + 2 h librarian, £15 other
  costs, handles Chasing calls;
- "Statutory returns": necessary, preventive, 5 h librarian, handles nothing.

Costs a month (and a year, x 12):
  Lending and returns          80 h   80 x 18.50             = £1,480  (£17,760)
  Chase overdue reservations   12 h   185 + 60 + 15          =   £260   (£3,120)
  Statutory returns             5 h   5 x 30                 =   £150   (£1,800)
  Total                        97 h                           £1,890  (£22,680)
"""

from datetime import date
from decimal import Decimal

from microsystems.models import (
    Activity,
    ActivityDemand,
    ActivityEffort,
    DemandObservation,
    DemandType,
    Microsystem,
    StaffRole,
)


def month(year: int, number: int) -> date:
    return date(year, number, 1)


def build_library(
    microsystem: Microsystem, demand_type: DemandType, staff_role: StaffRole, activity: Activity
) -> dict:
    librarian = StaffRole.objects.create(
        microsystem=microsystem,
        title="Branch librarian",
        fte=1,
        hours_per_fte=140,
        hourly_cost="30.00",
    )
    chasing = DemandType.objects.create(
        microsystem=microsystem,
        name="Chasing calls",
        nature=DemandType.Nature.FAILURE,
        handling_minutes=6,
    )
    DemandType.objects.create(microsystem=microsystem, name="Room bookings", handling_minutes=10)
    DemandObservation.objects.bulk_create(
        [DemandObservation(demand_type=demand_type, period_start=month(2024, 12), volume=5000)]
        + [
            DemandObservation(demand_type=demand_type, period_start=month(2025, m), volume=1200)
            for m in range(1, 13)
        ]
        + [
            DemandObservation(demand_type=chasing, period_start=month(2025, m), volume=100)
            for m in range(7, 13)
        ]
    )
    chase = Activity.objects.create(
        microsystem=microsystem,
        name="Chase overdue reservations",
        classification=Activity.Classification.UNNECESSARY,
        other_costs="15.00",
    )
    ActivityEffort.objects.create(activity=chase, staff_role=staff_role, hours_per_period=10)
    ActivityEffort.objects.create(activity=chase, staff_role=librarian, hours_per_period=2)
    ActivityDemand.objects.create(activity=chase, demand_type=chasing)
    returns = Activity.objects.create(
        microsystem=microsystem,
        name="Statutory returns",
        classification=Activity.Classification.NECESSARY,
        contribution="Keeps the library accountable to the council.",
        preventive=True,
    )
    ActivityEffort.objects.create(activity=returns, staff_role=librarian, hours_per_period=5)
    return {
        "lending": activity,
        "chase": chase,
        "returns": returns,
        "assistant": staff_role,
        "librarian": librarian,
        "loans": demand_type,
        "chasing": chasing,
    }


def add_activities(microsystem: Microsystem, count: int) -> None:
    """`count` activities, each with two roles' effort and two demand links."""
    roles = StaffRole.objects.bulk_create(
        StaffRole(
            microsystem=microsystem,
            title=f"Role {n}",
            fte=1,
            hours_per_fte=100,
            hourly_cost=Decimal(20 + n),
        )
        for n in range(3)
    )
    types = DemandType.objects.bulk_create(
        DemandType(microsystem=microsystem, name=f"Type {n}", handling_minutes=5) for n in range(3)
    )
    DemandObservation.objects.bulk_create(
        DemandObservation(demand_type=kind, period_start=month(2025, m), volume=10 * m)
        for kind in types
        for m in range(1, 13)
    )
    activities = Activity.objects.bulk_create(
        Activity(
            microsystem=microsystem,
            name=f"Activity {n:03d}",
            contribution="Helps.",
            classification=Activity.Classification.values[n % 3],
        )
        for n in range(count)
    )
    ActivityEffort.objects.bulk_create(
        ActivityEffort(activity=act, staff_role=role, hours_per_period=3)
        for n, act in enumerate(activities)
        for role in (roles[n % 3], roles[(n + 1) % 3])
    )
    ActivityDemand.objects.bulk_create(
        ActivityDemand(activity=act, demand_type=kind)
        for n, act in enumerate(activities)
        for kind in (types[n % 3], types[(n + 1) % 3])
    )
