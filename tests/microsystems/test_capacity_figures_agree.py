"""Issue 13 item 4: spare capacity on the activities page averages the last year, as it
says, and sits beside the hours recorded against activities with each definition named;
the staff page and the value account name theirs too."""

import datetime as dt

import pytest

from microsystems.models import (
    Activity,
    ActivityEffort,
    DemandObservation,
    DemandType,
    StaffRole,
)
from microsystems.reports.activities import activities_report

pytestmark = pytest.mark.django_db


def test_spare_capacity_is_last_years_and_named_beside_the_hours_in_activities(microsystem):
    # 2 FTE x 10 h = 20 h a month available. Calls take 60 minutes: 30 a month in 2024
    # (30 h), 10 a month in 2025 (10 h). Over the last year demand needs 10 h, so the team
    # can give 10 h more. (Averaging both years gave 20 h: "match what demand needs".)
    role = StaffRole.objects.create(
        microsystem=microsystem, title="Adviser", fte=2, hours_per_fte=10, hourly_cost=20
    )
    calls = DemandType.objects.create(
        microsystem=microsystem, name="Calls", nature="value", handling_minutes=60
    )
    DemandObservation.objects.bulk_create(
        DemandObservation(demand_type=calls, period_start=dt.date(year, month, 1), volume=volume)
        for year, volume in ((2024, 30), (2025, 10))
        for month in range(1, 13)
    )
    answering = Activity.objects.create(
        microsystem=microsystem, name="Answering calls", contribution="Residents get answers."
    )
    ActivityEffort.objects.create(activity=answering, staff_role=role, hours_per_period=12)
    report = activities_report(microsystem)
    assert report.capacity_gap_sentence == (
        "The team can give about 10.0 staff hours a month more than demand needs "
        "(averaged over the last year of recorded demand)."
    )
    # 12 h recorded against activities of 20 h: 8 h not recorded against any.
    assert report.hours_in_activities_sentence.startswith(
        "Hours recorded against activities: 12.0 of the 20.0 staff hours the team can give a "
        "month, leaving 8.0 not recorded against any activity. That differs from the figure "
        "above by definition"
    )


def test_the_staff_page_names_what_its_cost_counts(client_for, microsystem):
    from django.urls import reverse

    StaffRole.objects.create(
        microsystem=microsystem, title="Adviser", fte=2, hours_per_fte=10, hourly_cost=20
    )
    page = client_for("lead").get(reverse("microsystems:staff", args=[microsystem.slug]))
    assert "counts every hour the roles can give (hours available × hourly cost)" in (
        page.content.decode()
    )
