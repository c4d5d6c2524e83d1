"""Reads for the activities pages: the frames microsystems.analysis.costs takes.

Every read is one `.values()` query, whatever the number of activities, roles or
demand types (seven in all for `activity_frames`). Money and hours arrive from
the database as floats (_as_floats), the unit the analysis works in.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from django.db.models import F, FloatField, Max
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404

from core.prepared_queries import PreparedRows
from microsystems.analysis import costs as cost_analysis
from microsystems.analysis.demand import (
    PERIODS_PER_YEAR,
    available_hours,
    demand_matrix,
    required_hours,
)
from microsystems.models import (
    Activity,
    ActivityDemand,
    ActivityEffort,
    DemandObservation,
    DemandType,
    Microsystem,
    StaffRole,
)
from microsystems.periods import FIRST_DAY, LAST_DAY, shift_periods
from microsystems.report_cache import unit_report, unit_report_if_cached

ACTIVITY_COLUMNS = [
    "activity_id",
    "name",
    "classification",
    "preventive",
    "other_costs",
    "contribution",
]
EFFORT_COLUMNS = ["activity_id", "staff_role_id", "hours_per_period"]
STAFF_ROLE_COLUMNS = ["staff_role_id", "title", "hourly_cost", "fte", "hours_per_fte"]
ACTIVITY_DEMAND_COLUMNS = ["activity_id", "demand_type_id"]
DEMAND_TYPE_COLUMNS = ["demand_type_id", "name", "nature", "handling_minutes"]
DEMAND_COLUMNS = [*DEMAND_TYPE_COLUMNS, "volume_per_period"]
OBSERVATION_COLUMNS = ["demand_type_id", "period_start", "volume"]


@dataclass(frozen=True)
class ActivityFrames:
    """Everything the cost analysis of one microsystem needs, as plain frames."""

    activities: pd.DataFrame
    efforts: pd.DataFrame
    staff_roles: pd.DataFrame
    activity_demand: pd.DataFrame
    demand: pd.DataFrame
    # Mean hours demand needed per period over the last year minus the hours staff
    # can give; None when no demand (or no handling time) has been recorded.
    capacity_gap_hours: float | None
    granularity: str

    @property
    def periods_per_year(self) -> int:
        return PERIODS_PER_YEAR[self.granularity]


# The suffix of the alias a money or hours column is read under as a float.
AS_FLOAT = "_as_float"


def _as_floats(*fields: str) -> dict[str, Cast]:
    """`.values()` keywords reading each Decimal field as a float (under its name plus
    AS_FLOAT): every value the fields hold has 12 digits or fewer, which a float holds
    exactly as float(Decimal) gives it, and Django's Decimal converter took a sixth of
    reading the activity records."""
    return {f"{field}{AS_FLOAT}": Cast(field, FloatField()) for field in fields}


def _frame(rows: Iterable[dict], columns: list[str], floats: tuple[str, ...] = ()) -> pd.DataFrame:
    """`.values()` rows as a frame with exactly `columns`, even when there are none,
    `floats` (read through _as_floats) as float64. Built column by column:
    DataFrame.from_records and astype took most of the activity records' reading
    (about 5 ms of a first view of the assessment page's 200 activities)."""
    rows = list(rows)
    if not rows:  # the dtypes from_records gives the columns of no rows
        frame = pd.DataFrame.from_records([], columns=columns)
        return frame.astype(dict.fromkeys(floats, "float64"))
    return pd.DataFrame(
        {
            column: (
                np.array([row[f"{column}{AS_FLOAT}"] for row in rows], dtype="float64")
                if column in floats
                else [row[column] for row in rows]
            )
            for column in columns
        }
    )


def _observations_in_window(microsystem_id: int):
    return DemandObservation.objects.filter(
        demand_type__microsystem_id=microsystem_id, period_start__range=(FIRST_DAY, LAST_DAY)
    )


# Compiled once per process, as the activity records are.
latest_observation_rows = PreparedRows(
    lambda microsystem_id: (
        _observations_in_window(microsystem_id)
        .order_by()
        .values("demand_type__microsystem_id")
        .annotate(latest=Max("period_start"))
        .values_list("latest")
    ),
    int,
)
observation_rows_since = PreparedRows(
    lambda microsystem_id, start: (
        _observations_in_window(microsystem_id)
        .filter(period_start__gte=start)
        .order_by()
        .values_list(*OBSERVATION_COLUMNS)
    ),
    int,
    date,
)


def _last_year_observations(microsystem: Microsystem, granularity: str) -> pd.DataFrame:
    """Observations of the last year of periods recorded (two queries).

    Only dates inside the window count, so that no stray date far off can set
    the "last year" (the database refuses them, but this must not fail on one).
    """
    found = latest_observation_rows(microsystem.pk)
    if not found:
        return _frame([], OBSERVATION_COLUMNS)
    window_start = shift_periods(found[0][0], granularity, 1 - PERIODS_PER_YEAR[granularity])
    rows = observation_rows_since(microsystem.pk, window_start)
    # The frame _frame makes of these rows' dicts, built from one array per column
    # (tuples, not dicts, and no type to infer): the activities and assessment pages
    # both read it after every demand save.
    return pd.DataFrame(
        {
            "demand_type_id": np.array([row[0] for row in rows], dtype=np.int64),
            "period_start": np.array([row[1] for row in rows], dtype=object),
            "volume": np.array([row[2] for row in rows], dtype=np.int64),
        }
    )


def _capacity_gap(
    matrix: pd.DataFrame, demand_types: pd.DataFrame, staff_roles: pd.DataFrame, granularity: str
) -> float | None:
    """Mean required hours per period over the last year of periods minus available hours
    (the page says "averaged over the last year of recorded demand": it averaged every
    period recorded before)."""
    if matrix.empty or demand_types.empty:
        return None
    # The capacity frame's history alone, without the frame (a fit or the forecast
    # rows would be thrown away; building the frame was most of this).
    required = required_hours(matrix, demand_types)
    required = required.iloc[-PERIODS_PER_YEAR[granularity] :].dropna()
    if required.empty:
        return None
    gap = float(required.mean()) - available_hours(staff_roles)
    return gap if math.isfinite(gap) else None


@dataclass(frozen=True)
class ActivityRecords:
    """The records the cost analysis reads, without a demand figure: what stays the
    same when demand is saved (microsystems.reports.activities keeps its part of
    the page by them)."""

    activities: pd.DataFrame
    efforts: pd.DataFrame
    staff_roles: pd.DataFrame
    activity_demand: pd.DataFrame
    demand_types: pd.DataFrame
    granularity: str

    @property
    def periods_per_year(self) -> int:
        return PERIODS_PER_YEAR[self.granularity]


# Compiled once per process (core.prepared_queries): Django took longer to compile
# these five reads than the database to run them, on every first view.
activity_rows = PreparedRows(
    lambda microsystem_id: Activity.objects.filter(microsystem_id=microsystem_id).values(
        "name",
        "classification",
        "preventive",
        "contribution",
        activity_id=F("id"),
        **_as_floats("other_costs"),
    ),
    int,
)
effort_rows = PreparedRows(
    # order_by(): the model's default order would join staff roles for nothing.
    lambda microsystem_id: (
        ActivityEffort.objects.filter(activity__microsystem_id=microsystem_id)
        .order_by()
        .values("activity_id", "staff_role_id", **_as_floats("hours_per_period"))
    ),
    int,
)
staff_role_rows = PreparedRows(
    lambda microsystem_id: StaffRole.objects.filter(microsystem_id=microsystem_id).values(
        "title", staff_role_id=F("id"), **_as_floats("hourly_cost", "fte", "hours_per_fte")
    ),
    int,
)
activity_demand_rows = PreparedRows(
    lambda microsystem_id: ActivityDemand.objects.filter(
        activity__microsystem_id=microsystem_id
    ).values("activity_id", "demand_type_id"),
    int,
)
demand_type_rows = PreparedRows(
    lambda microsystem_id: DemandType.objects.filter(microsystem_id=microsystem_id).values(
        "name", "nature", demand_type_id=F("id"), **_as_floats("handling_minutes")
    ),
    int,
)
ACTIVITY_RECORD_ROWS = (
    activity_rows,
    effort_rows,
    staff_role_rows,
    activity_demand_rows,
    demand_type_rows,
)


def activity_records(microsystem: Microsystem) -> ActivityRecords:
    """The activities, efforts, staff roles, demand links and demand types (five queries)."""
    unit = microsystem.pk
    activities = _frame(activity_rows(unit), ACTIVITY_COLUMNS, floats=("other_costs",))
    efforts = _frame(effort_rows(unit), EFFORT_COLUMNS, floats=("hours_per_period",))
    staff_roles = _frame(
        staff_role_rows(unit), STAFF_ROLE_COLUMNS, floats=("hourly_cost", "fte", "hours_per_fte")
    )
    activity_demand = _frame(activity_demand_rows(unit), ACTIVITY_DEMAND_COLUMNS)
    demand_types = _frame(demand_type_rows(unit), DEMAND_TYPE_COLUMNS, floats=("handling_minutes",))
    return ActivityRecords(
        activities=activities,
        efforts=efforts,
        staff_roles=staff_roles,
        activity_demand=activity_demand,
        demand_types=demand_types,
        granularity=microsystem.period_granularity,
    )


def activity_frames(
    microsystem: Microsystem,
    records: ActivityRecords | None = None,
    *,
    capacity_gap: bool = True,
) -> ActivityFrames:
    """The activities, efforts, staff roles, demand links and demand of one microsystem;
    `records`, when the caller has them already (activity_records), are not read again.

    `demand.volume_per_period` is each type's mean volume over the last year of
    periods with any observation (12 months, 52 weeks or 4 quarters ending at
    the latest one recorded); NaN for a type with none in that year.
    `capacity_gap` False: capacity_gap_hours is left None, not worked out (for
    a caller that does not show it).
    """
    if records is None:
        records = activity_records(microsystem)
    granularity, demand_types = records.granularity, records.demand_types
    observations = _last_year_observations(microsystem, granularity)
    matrix = demand_matrix(observations, demand_types, granularity)
    mean_volume = matrix.iloc[-PERIODS_PER_YEAR[granularity] :].mean(axis=0, skipna=True)
    demand = demand_types.assign(
        volume_per_period=demand_types["demand_type_id"].map(mean_volume).astype("float64")
    )
    return ActivityFrames(
        activities=records.activities,
        efforts=records.efforts,
        staff_roles=records.staff_roles,
        activity_demand=records.activity_demand,
        demand=demand[DEMAND_COLUMNS],
        capacity_gap_hours=(
            _capacity_gap(matrix, demand_types, records.staff_roles, granularity)
            if capacity_gap
            else None
        ),
        granularity=granularity,
    )


def activity_for_microsystem(microsystem: Microsystem, activity_id: int) -> Activity:
    """One activity of a microsystem the access helper returned; 404 for any other."""
    activity = get_object_or_404(microsystem.activities, pk=activity_id)
    activity.microsystem = microsystem  # keeps `.access` and saves a query
    return activity


DEMAND_COSTS_REPORT = "unit-demand-costs"


@dataclass(frozen=True)
class DemandCosts:
    """The demand figures' frames of a unit and its cost per unit of demand."""

    frames: ActivityFrames
    unit_costs: pd.DataFrame


def demand_costs(
    microsystem: Microsystem, records: ActivityRecords, costs: pd.DataFrame
) -> DemandCosts:
    """activity_frames of `records` and the cost per unit of demand of `costs`
    (microsystems.analysis.costs.activity_costs of `records`, with or without each
    activity's contribution: unit_costs reads neither), from the cache while the
    unit's operations are unchanged: after a demand save the activities page
    (microsystems.reports.activities) and a draft assessment's account
    (valuation.selectors.account) work them out once between them, not once each."""

    def worked_out() -> DemandCosts:
        frames = activity_frames(microsystem, records)
        return DemandCosts(
            frames, cost_analysis.unit_costs(costs, frames.activity_demand, frames.demand)
        )

    return unit_report(DEMAND_COSTS_REPORT, microsystem, worked_out, operations_only=True)


def cached_demand_frames(microsystem: Microsystem) -> ActivityFrames | None:
    """The unit's activity_frames as demand_costs last worked them out, while the unit's
    operations are unchanged; None when none are cached (the unit dashboard's capacity
    gap reads them after a draft's figures instead of working them out again)."""
    found = unit_report_if_cached(DEMAND_COSTS_REPORT, microsystem, operations_only=True)
    return found.frames if found is not None else None
