"""Reads for the portfolio: every unit of some organisations, their assessments'
states and their approved records' stored figures, in a fixed number of queries
whatever the number of units (the records' JSON is never read)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.db.models import F, FloatField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from microsystems.models import Microsystem
from valuation.analysis.portfolio import ASSESSMENT_COLUMNS, RECORD_COLUMNS, UNIT_COLUMNS
from valuation.models import Assessment, AssessmentRecord, Measure, Measurement

LATEST_COLUMNS = ["unit_id", "period_start", "value"]


@dataclass(frozen=True)
class PortfolioFrames:
    units: pd.DataFrame  # UNIT_COLUMNS, by name
    assessments: pd.DataFrame  # ASSESSMENT_COLUMNS
    records: pd.DataFrame  # RECORD_COLUMNS: current records of approved assessments


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows), columns=columns)


def portfolio_frames(organisation_ids: list[int]) -> PortfolioFrames:
    """The units (not archived) of the organisations, with what the table needs. Three
    queries."""
    units = Microsystem.objects.active().filter(organisation_id__in=organisation_ids)
    unit_rows = units.order_by("name", "pk").values_list(
        "id", "name", "slug", "organisation_id", "organisation__name"
    )
    assessment_rows = (
        Assessment.objects.filter(microsystem__in=units)
        .order_by()
        .values_list("id", "microsystem_id", "status", "start_date")
    )
    record_rows = (
        AssessmentRecord.objects.filter(
            superseded_at__isnull=True,
            assessment__status=Assessment.Status.APPROVED,
            assessment__microsystem__in=units,
        )
        .order_by()
        .values_list(
            "assessment_id",
            "assessment__microsystem_id",
            "assessment__start_date",
            "assessment__period_label",
            "approved_at",
            "overall_value",
            "money_per_month",
            "value_for_money",
            "disagreement",
            "contested_dimension_count",
            "contested_dimension_names",
            "failure_demand_share",
            "failure_cost_per_month",
            "demand_per_month",
        )
    )
    records = _frame(record_rows, RECORD_COLUMNS)
    # The day of approval where the site is (TIME_ZONE), as the assessment pages show it.
    approved_at = pd.to_datetime(records["approved_on"], utc=True)
    records["approved_on"] = approved_at.dt.tz_convert(timezone.get_current_timezone()).dt.date
    return PortfolioFrames(
        units=_frame(unit_rows, UNIT_COLUMNS),
        assessments=_frame(assessment_rows, ASSESSMENT_COLUMNS),
        records=records,
    )


def portfolio_measures() -> list[Measure]:
    """The measures units can be compared on: those in use, by name. One query."""
    return list(Measure.objects.filter(active=True).order_by("name", "pk"))


def latest_measurements(measure_id: int, organisation_ids: list[int]) -> pd.DataFrame:
    """Each unit's latest measurement of one measure (LATEST_COLUMNS); units without one
    are left out. One query: per unit, two backward index scans of (microsystem, measure,
    period_start), however many periods each unit has."""
    latest = Measurement.objects.filter(
        microsystem_id=OuterRef("pk"), measure_id=measure_id
    ).order_by("-period_start")[:1]
    rows = (
        Microsystem.objects.active()
        .filter(organisation_id__in=organisation_ids)
        .annotate(
            latest_period=Subquery(latest.values("period_start")),
            latest_value=Subquery(latest.values(as_float=Cast(F("value"), FloatField()))),
        )
        .filter(latest_period__isnull=False)
        .order_by()
        .values_list("id", "latest_period", "latest_value")
    )
    return _frame(rows, LATEST_COLUMNS)
