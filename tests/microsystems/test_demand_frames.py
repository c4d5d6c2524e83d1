"""The demand page's frames, built column by column, are what DataFrame.from_records built."""

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from microsystems.analysis.demand import period_timestamps
from microsystems.models import DemandObservation, DemandType, StaffRole
from microsystems.selectors import demand as selectors


def from_records(rows, columns):
    return pd.DataFrame.from_records(rows, columns=columns)


def reference_frames(microsystem):
    types = from_records(
        list(
            microsystem.demand_types.order_by("nature", "name").values(
                "id", "name", "nature", "handling_minutes", "unit"
            )
        ),
        ["id", "name", "nature", "handling_minutes", "unit"],
    ).rename(columns={"id": "demand_type_id"})
    types["handling_minutes"] = types["handling_minutes"].astype(float)
    observations = from_records(
        list(
            DemandObservation.objects.filter(demand_type__microsystem=microsystem).values_list(
                "demand_type_id", "period_start", "volume"
            )
        ),
        selectors.OBSERVATION_COLUMNS,
    )
    observations["period_start"] = period_timestamps(observations["period_start"])
    observations["volume"] = observations["volume"].astype(float)
    staff = from_records(
        list(microsystem.staff_roles.order_by("title").values_list(*selectors.STAFF_COLUMNS)),
        selectors.STAFF_COLUMNS,
    ).astype({"fte": float, "hours_per_fte": float})
    return types[selectors.DEMAND_TYPE_COLUMNS], observations, staff


def frames(microsystem):
    return (
        selectors.demand_types_frame(microsystem),
        selectors.observations_frame(microsystem),
        selectors.staff_frame(microsystem),
    )


@pytest.mark.django_db
def test_frames_of_a_unit_with_nothing_yet(microsystem):
    for built, expected in zip(frames(microsystem), reference_frames(microsystem), strict=True):
        pd.testing.assert_frame_equal(built, expected, check_exact=True)


@pytest.mark.django_db
def test_frames_of_a_unit_with_demand_and_staff(microsystem):
    calls = DemandType.objects.create(
        microsystem=microsystem, name="Calls", nature="value", handling_minutes=12, unit="calls"
    )
    chasing = DemandType.objects.create(
        microsystem=microsystem, name="Chasing", nature="failure", handling_minutes=0, unit=""
    )
    for month, volume in ((1, 10), (2, 0), (3, 1200)):
        DemandObservation.objects.create(
            demand_type=calls, period_start=date(2024, month, 1), volume=volume
        )
    DemandObservation.objects.create(demand_type=chasing, period_start=date(2024, 1, 1), volume=3)
    StaffRole.objects.create(
        microsystem=microsystem, title="Nurse", fte=Decimal("2.5"), hours_per_fte=Decimal("37.5"),
        skills="", new_uses="Teaching", hourly_cost=Decimal("40"),
    )  # fmt: skip
    StaffRole.objects.create(
        microsystem=microsystem,
        title="Clerk",
        fte=Decimal("1"),
        hours_per_fte=Decimal("30"),
        hourly_cost=Decimal("20"),
    )
    for built, expected in zip(frames(microsystem), reference_frames(microsystem), strict=True):
        pd.testing.assert_frame_equal(built, expected, check_exact=True)
