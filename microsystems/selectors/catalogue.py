"""Reads for the demand types and staff pages (fixed query counts)."""

from decimal import Decimal

from django.db.models import QuerySet

from microsystems.models import ActivityDemand, DemandObservation, Microsystem, StaffRole
from microsystems.selectors.counts import correlated_count


def demand_types_with_usage(microsystem: Microsystem) -> QuerySet:
    """Demand types with how many periods are recorded and how many activities handle them."""
    return microsystem.demand_types.annotate(
        periods_recorded=correlated_count(DemandObservation.objects.all(), "demand_type"),
        activity_count=correlated_count(ActivityDemand.objects.all(), "demand_type"),
    ).order_by("nature", "name")


def staff_roles_with_capacity(microsystem: Microsystem) -> tuple[list[StaffRole], dict]:
    """Staff roles with hours and cost per period, plus totals for the table footer."""
    roles = list(microsystem.staff_roles.order_by("title"))
    for role in roles:
        role.hours_available = role.fte * role.hours_per_fte
        role.cost_per_period = role.hours_available * role.hourly_cost
    totals = {
        "fte": sum((role.fte for role in roles), Decimal(0)),
        "hours": sum((role.hours_available for role in roles), Decimal(0)),
        "cost": sum((role.cost_per_period for role in roles), Decimal(0)),
    }
    return roles, totals
