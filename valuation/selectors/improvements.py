"""Reads for the improvement pages, each a fixed number of queries whatever the data size."""

from __future__ import annotations

from datetime import date

import pandas as pd
from django.contrib.auth import get_user_model
from django.db.models import Max, Min, Subquery
from django.http import Http404

from microsystems.models import Activity, ActivityEffort, Microsystem, StaffRole
from valuation.models import (
    Assessment,
    DimensionWeight,
    ImprovementIdea,
    ImprovementStatusChange,
    Measurement,
    ValueDimension,
)
from valuation.selectors.measurements import values_series


def ideas_for_page(microsystem: Microsystem) -> list[ImprovementIdea]:
    """The unit's ideas with their owners and benefits (two queries)."""
    return list(
        ImprovementIdea.objects.filter(microsystem=microsystem)
        .select_related("owner")
        .prefetch_related("benefits")
        .order_by("title")
    )


def benefits_frame(ideas: list[ImprovementIdea]) -> pd.DataFrame:
    """idea_id, dimension_id, points from ideas loaded by ideas_for_page (no query)."""
    rows = [
        (idea.pk, row.dimension_id, float(row.points))
        for idea in ideas
        for row in idea.benefits.all()
    ]
    return pd.DataFrame.from_records(rows, columns=["idea_id", "dimension_id", "points"])


def idea_for_microsystem(microsystem: Microsystem, idea_id: int) -> ImprovementIdea:
    """One idea of the microsystem, with its owner (one query); 404 for any other."""
    idea = (
        ImprovementIdea.objects.select_related("owner")
        .filter(microsystem=microsystem, pk=idea_id)
        .first()
    )
    if idea is None:
        raise Http404("No such improvement idea.")
    return idea


def idea_detail_rows(idea: ImprovementIdea) -> dict:
    """The idea's benefits, history, activities, demand types and measures (five queries)."""
    return {
        "benefits": list(idea.benefits.select_related("dimension").order_by("dimension__order")),
        "history": list(
            ImprovementStatusChange.objects.filter(idea=idea)
            .select_related("recorded_by")
            .order_by("recorded_at", "pk")
        ),
        "activities": list(idea.activities.order_by("name").values("id", "name")),
        "demand_types": list(idea.demand_types.order_by("name").values("id", "name")),
        "measures": list(idea.measures.order_by("name")),
    }


def unit_members(microsystem: Microsystem) -> list:
    """Users who belong to the microsystem (members and leads), by name (one query)."""
    return list(
        get_user_model()
        .objects.filter(memberships__microsystem=microsystem)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def active_dimensions() -> list[ValueDimension]:
    return list(ValueDimension.objects.active().order_by("order", "name"))


def latest_weights(microsystem: Microsystem) -> pd.DataFrame:
    """stakeholder, dimension_id, weight from the unit's latest assessment that has weights
    (one query)."""
    latest = (
        Assessment.objects.filter(microsystem=microsystem, stakeholder_weights__isnull=False)
        .order_by("-start_date", "-pk")
        .values("pk")[:1]
    )
    rows = (
        DimensionWeight.objects.filter(stakeholder_weight__assessment=Subquery(latest))
        .order_by("stakeholder_weight__stakeholder__name", "dimension_id")
        .values_list("stakeholder_weight__stakeholder__name", "dimension_id", "weight")
    )
    frame = pd.DataFrame.from_records(list(rows), columns=["stakeholder", "dimension_id", "weight"])
    return frame.astype({"weight": float})


def measure_data_span(microsystem: Microsystem, measure_ids: list[int]) -> tuple[date, date] | None:
    """The first and last period with a value of any of the measures (one query, or none)."""
    if not measure_ids:
        return None
    span = Measurement.objects.filter(
        microsystem=microsystem, measure_id__in=measure_ids
    ).aggregate(first=Min("period_start"), last=Max("period_start"))
    return None if span["first"] is None else (span["first"], span["last"])


def activities_cost_rows(microsystem: Microsystem, activity_ids: list[int]) -> dict:
    """Other costs per activity, and staff hours with the role's hourly cost (two queries)."""
    if not activity_ids:
        return {
            "activities": pd.DataFrame(columns=["activity_id", "other_costs"]),
            "efforts": pd.DataFrame(columns=["activity_id", "hours", "hourly_cost"]),
        }
    activities = Activity.objects.filter(microsystem=microsystem, pk__in=activity_ids).values_list(
        "pk", "other_costs"
    )
    efforts = (
        ActivityEffort.objects.filter(
            activity__microsystem=microsystem, activity_id__in=activity_ids
        )
        .order_by()
        .values_list("activity_id", "hours_per_period", "staff_role__hourly_cost")
    )
    return {
        "activities": pd.DataFrame.from_records(
            list(activities), columns=["activity_id", "other_costs"]
        ),
        "efforts": pd.DataFrame.from_records(
            list(efforts), columns=["activity_id", "hours", "hourly_cost"]
        ),
    }


HISTORY_COLUMNS = ["id", "history_date", "history_type"]


def _history(versions, live, columns: list[str], now) -> pd.DataFrame:
    """Saved versions, then every live record once more as a change dated `now`: a
    record saved before its history was kept then reads as unknown before now."""
    rows = [*versions, *((pk, now, "~", *values) for pk, *values in live)]
    frame = pd.DataFrame.from_records(rows, columns=[*HISTORY_COLUMNS, *columns])
    frame["history_date"] = pd.to_datetime(frame["history_date"], utc=True)
    return frame


def activities_cost_history(microsystem: Microsystem, activity_ids: list[int], now) -> dict:
    """The change histories of the activities, their staff time and the unit's staff
    roles, for analysis.monthly_cost_as_of (six queries)."""
    activity_values = ["other_costs"]
    effort_values = ["activity_id", "staff_role_id", "hours_per_period"]
    role_values = ["hourly_cost"]
    activities = Activity.objects.filter(microsystem=microsystem, pk__in=activity_ids)
    efforts = ActivityEffort.objects.filter(
        activity__microsystem=microsystem, activity_id__in=activity_ids
    )
    roles = StaffRole.objects.filter(microsystem=microsystem)
    return {
        "activities": _history(
            Activity.history.filter(microsystem_id=microsystem.pk, id__in=activity_ids)
            .order_by()
            .values_list(*HISTORY_COLUMNS, *activity_values),
            activities.order_by().values_list("pk", *activity_values),
            activity_values,
            now,
        ),
        "efforts": _history(
            ActivityEffort.history.filter(activity_id__in=activity_ids)
            .order_by()
            .values_list(*HISTORY_COLUMNS, *effort_values),
            efforts.order_by().values_list("pk", *effort_values),
            effort_values,
            now,
        ),
        "roles": _history(
            StaffRole.history.filter(microsystem_id=microsystem.pk)
            .order_by()
            .values_list(*HISTORY_COLUMNS, *role_values),
            roles.order_by().values_list("pk", *role_values),
            role_values,
            now,
        ),
    }


def measure_series_for(microsystem: Microsystem, measure_ids: list[int]) -> dict[int, pd.Series]:
    """measure id -> values by period, for the given measures (one query, or none)."""
    if not measure_ids:
        return {}
    rows = (
        Measurement.objects.filter(microsystem=microsystem, measure_id__in=measure_ids)
        .order_by("measure_id", "period_start")
        .values_list("measure_id", "period_start", "value")
    )
    grouped: dict[int, list] = {}
    for measure_id, start, value in rows:
        grouped.setdefault(measure_id, []).append((start, value))
    return {measure_id: values_series(values) for measure_id, values in grouped.items()}
