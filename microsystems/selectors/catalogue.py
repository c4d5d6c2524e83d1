"""Reads for the demand types and staff pages (fixed query counts)."""

from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from microsystems.models import ActivityDemand, DemandObservation, Microsystem, StaffRole


def demand_types_with_usage(microsystem: Microsystem) -> QuerySet:
    """Demand types with how many periods are recorded and how many activities handle them."""
    observations = (
        DemandObservation.objects.filter(demand_type=OuterRef("pk"))
        .order_by()
        .values("demand_type")
        .annotate(n=Count("pk"))
        .values("n")
    )
    activities = (
        ActivityDemand.objects.filter(demand_type=OuterRef("pk"))
        .order_by()
        .values("demand_type")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return microsystem.demand_types.annotate(
        periods_recorded=Coalesce(Subquery(observations, output_field=IntegerField()), 0),
        activity_count=Coalesce(Subquery(activities, output_field=IntegerField()), 0),
    ).order_by("nature", "name")


def staff_roles_with_capacity(microsystem: Microsystem) -> tuple[list[StaffRole], dict]:
    """Staff roles with hours per period, plus totals for the table footer."""
    roles = list(microsystem.staff_roles.order_by("title"))
    total_fte = sum((role.fte for role in roles), Decimal(0))
    total_hours = sum((role.fte * role.hours_per_fte for role in roles), Decimal(0))
    total_cost = sum(
        (role.fte * role.hours_per_fte * role.hourly_cost for role in roles), Decimal(0)
    )
    for role in roles:
        role.hours_available = role.fte * role.hours_per_fte
        role.cost_per_period = role.hours_available * role.hourly_cost
    return roles, {"fte": total_fte, "hours": total_hours, "cost": total_cost}
