"""The activities page keeps what the records alone say (costs, rows, charts, the
classification and stop tables) in the cache by them, and recomputes only the
demand's part (the natures, the demand table, the capacity sentences) after a
demand save. Every input still shows on the next view, and the page from the
cached part is the page from scratch."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from microsystems.analysis import demand as demand_analysis
from microsystems.models import Activity, ActivityEffort, DemandType, Microsystem, StaffRole
from microsystems.permissions import get_microsystem_for_user
from microsystems.reports import activities as reports
from microsystems.selectors import activities as selectors
from microsystems.services.demand_import import demand_grid_save
from tests.support.activities import build_library


@pytest.fixture
def library(microsystem, demand_type, staff_role, activity) -> dict:
    return build_library(microsystem, demand_type, staff_role, activity)


@pytest.fixture
def report_of(users, microsystem):
    """The report as the page computes it: the unit loaded as the access helper loads it."""
    return lambda: reports.activities_report(
        get_microsystem_for_user(users["lead"], microsystem.slug)
    )


def fields(report) -> dict:
    return {field.name: getattr(report, field.name) for field in dataclasses.fields(report)}


def from_scratch(report_of) -> dict:
    cache.clear()
    return fields(report_of())


def shows_change(report_of, change) -> None:
    """After `change`, the report (its records part cached before) is the report
    from scratch, and not the report before the change."""
    before = fields(report_of())  # the records part is cached now
    change()
    after = fields(report_of())
    assert after != before
    assert after == from_scratch(report_of)


def records_part_computations(monkeypatch) -> list:
    computed = []
    original = reports.records_part

    def counting(microsystem):
        computed.append(microsystem.pk)
        return original(microsystem)

    monkeypatch.setattr(reports, "records_part", counting)
    return computed


def test_a_demand_save_reuses_the_records_part_and_shows_the_new_demand(
    library, microsystem, report_of, monkeypatch
):
    computed = records_part_computations(monkeypatch)
    before = fields(report_of())
    demand_type = DemandType.objects.get(microsystem=microsystem, name="Chasing calls")
    demand_grid_save(microsystem=microsystem, values={(demand_type.pk, date(2025, 12, 1)): 900})
    after = fields(report_of())
    assert len(computed) == 1  # not again after the demand save
    assert after["tables"]["demand"] != before["tables"]["demand"]
    assert after["tables"]["activities"] == before["tables"]["activities"]
    assert after == from_scratch(report_of)


def test_the_cached_part_and_a_fresh_one_give_the_same_page(library, report_of):
    fresh = fields(report_of())
    cached = fields(report_of())
    assert cached == fresh
    assert fresh["rows_html"] and fresh["tables_html"]["natures"] and fresh["capacity_gap_sentence"]


def test_an_activity_renamed(library, report_of):
    activity = library["lending"]

    def change():
        activity.name = "Lending, returns and renewals"
        activity.save()

    shows_change(report_of, change)


def test_staff_time_changed(library, report_of):
    effort = ActivityEffort.objects.first()

    def change():
        effort.hours_per_period = Decimal("95")
        effort.save()

    shows_change(report_of, change)


def test_a_staff_roles_cost_or_hours_changed(library, report_of):
    role = StaffRole.objects.get(title="Library assistant")

    def cost():
        role.hourly_cost = Decimal("21.00")
        role.save()

    def hours():
        role.fte = 3
        role.save()

    shows_change(report_of, cost)
    shows_change(report_of, hours)


def test_a_demand_types_handling_time_or_nature_changed(library, microsystem, report_of):
    loans = DemandType.objects.get(microsystem=microsystem, name="Book loans")

    def handling():
        loans.handling_minutes = 9
        loans.save()

    def nature():
        loans.nature = DemandType.Nature.FAILURE
        loans.save()

    shows_change(report_of, handling)
    shows_change(report_of, nature)


def test_an_activity_linked_to_another_demand_type(library, microsystem, report_of):
    loans = DemandType.objects.get(microsystem=microsystem, name="Book loans")
    activity = Activity.objects.get(microsystem=microsystem, name="Chase overdue reservations")
    shows_change(report_of, lambda: activity.demand_types.add(loans))


def test_an_activity_classified_again_or_deleted(library, microsystem, report_of):
    activity = Activity.objects.get(microsystem=microsystem, name="Chase overdue reservations")

    def reclassified():
        activity.classification = Activity.Classification.NECESSARY
        activity.contribution = "Gets reserved books back to the people waiting for them."
        activity.save()

    shows_change(report_of, reclassified)
    shows_change(report_of, activity.delete)


def test_the_units_period_changed(library, microsystem, report_of):
    def weekly():
        unit = Microsystem.objects.get(pk=microsystem.pk)
        unit.period_granularity = "week"
        unit.save()

    shows_change(report_of, weekly)


def test_the_capacity_gap_is_the_same_without_the_forecast_it_never_read(library, microsystem):
    frames = selectors.activity_frames(microsystem)
    records = selectors.activity_records(microsystem)
    observations = selectors._last_year_observations(microsystem, records.granularity)
    matrix = demand_analysis.demand_matrix(observations, records.demand_types, records.granularity)
    with_forecast, _ = demand_analysis.capacity(
        matrix, records.demand_types, records.staff_roles, records.granularity, horizon=0
    )
    history = with_forecast[~with_forecast["is_forecast"]]
    expected = float(history["required_hours"].iloc[-12:].dropna().mean()) - float(
        with_forecast["available_hours"].iloc[0]
    )
    assert frames.capacity_gap_hours == pytest.approx(expected, rel=0, abs=0)
