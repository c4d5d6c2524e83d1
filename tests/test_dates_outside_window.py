"""No stored date, however far off, can break a page for anyone (issue 10, fix 1).

The database refuses period dates outside microsystems.periods' window (1900-01-01
to 2199-12-31). These tests switch that check off for a moment, store the dates a
user once could (9999-12-01, 0001-01-01), and show every page that reads them
still answers 200, leaving those dates out.
"""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from microsystems.models import DemandObservation, DemandType
from microsystems.reports.activities import TABLES as ACTIVITY_TABLES
from microsystems.reports.demand import TABLES as DEMAND_TABLES
from tests.support.account import repairs_world
from tests.support.html import text_of
from valuation.models import Assessment, Measure, Measurement
from valuation.reports.account import TABLES as ASSESSMENT_TABLES

FAR_OFF = [dt.date(9999, 12, 1), dt.date(1, 1, 1)]
CONSTRAINTS = {
    "microsystems_demandobservation": "microsystems_demandobservation_period_start_in_window",
    "valuation_measurement": "valuation_measurement_period_start_in_window",
    "valuation_assessment": "valuation_assessment_dates_in_window",
}


@contextmanager
def window_unchecked():
    """Let the database store dates outside the window, as it did before the constraints.

    SQLite has a switch for CHECK constraints; on PostgreSQL the constraints are
    dropped inside the test's transaction, whose rollback restores them.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
            try:
                yield
            finally:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
        else:
            # PostgreSQL alters no table with deferred foreign-key checks pending: run them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, constraint in CONSTRAINTS.items():
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {constraint}")
            try:
                yield
            finally:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def far_off_world(microsystem, users) -> dict:
    """The hand-computed repairs world plus demand, measurements and assessments far off."""
    world = repairs_world(microsystem)
    requests = DemandType.objects.get(microsystem=microsystem, name="Repair requests")
    measure = Measure.objects.get(code="deprived-area-repairs")
    with window_unchecked():
        DemandObservation.objects.bulk_create(
            DemandObservation(demand_type=requests, period_start=day, volume=3) for day in FAR_OFF
        )
        Measurement.objects.bulk_create(
            Measurement(microsystem=microsystem, measure=measure, period_start=day, value=5000)
            for day in FAR_OFF
        )
        world["far_off"] = Assessment.objects.bulk_create(
            [
                Assessment(microsystem=microsystem, period_label="9999 Q4",
                           start_date=dt.date(9999, 10, 1), end_date=dt.date(9999, 12, 31)),
                Assessment(microsystem=microsystem, period_label="0001 Q1",
                           start_date=dt.date(1, 1, 1), end_date=dt.date(1, 3, 31)),
            ]
        )  # fmt: skip
    assert DemandObservation.objects.filter(period_start__in=FAR_OFF).count() == 2
    return world


def microsystem_urls(microsystem) -> list[str]:
    def url(name: str) -> str:
        return reverse(name, kwargs={"slug": microsystem.slug})

    return [
        reverse("microsystems:home"),
        url("microsystems:detail"),
        url("microsystems:demand"),
        *(f"{url('microsystems:demand')}?table={table}" for table in DEMAND_TABLES),
        url("microsystems:demand_grid"),
        url("microsystems:demand_download"),
        f"{url('microsystems:demand_download')}?format=xlsx",
        url("microsystems:activities"),
        *(f"{url('microsystems:activities_download')}?table={table}" for table in ACTIVITY_TABLES),
        url("valuation:assessments"),
        url("valuation:assessment_create"),
        url("valuation:measurements"),
        url("valuation:measurement_grid"),
        url("valuation:measurement_download"),
    ]


def assessment_urls(assessment) -> list[str]:
    kwargs = {"slug": assessment.microsystem.slug, "assessment_id": assessment.pk}
    download = reverse("valuation:assessment_download", kwargs=kwargs)
    return [
        reverse("valuation:assessment", kwargs=kwargs),
        reverse("valuation:assessment_edit", kwargs=kwargs),
        reverse("valuation:perspectives", kwargs=kwargs),
        reverse("valuation:judgements", kwargs=kwargs),
        reverse("valuation:weights", kwargs=kwargs),
        *(f"{download}?table={table}" for table in ASSESSMENT_TABLES),
    ]


def statuses(client, urls: list[str]) -> dict[str, int]:
    return {url: client.get(url).status_code for url in urls}


def test_every_page_and_download_of_the_microsystem_still_answers(
    far_off_world, microsystem, client_for
):
    urls = microsystem_urls(microsystem)
    assert statuses(client_for("lead"), urls) == dict.fromkeys(urls, 200)


@pytest.mark.parametrize("status", [Assessment.Status.DRAFT, Assessment.Status.APPROVED])
def test_every_assessment_page_and_download_still_answers(far_off_world, client_for, status):
    with window_unchecked():  # SQLite checks every constraint of a row it updates
        Assessment.objects.update(status=status)
    client = client_for("lead")
    for assessment in [far_off_world["assessment"], *far_off_world["far_off"]]:
        urls = assessment_urls(assessment)
        expected = dict.fromkeys(urls, 200)
        if status == Assessment.Status.APPROVED:  # its settings can no longer change
            expected[urls[1]] = 302
        assert statuses(client, urls) == expected, assessment.period_label


def test_the_demand_page_leaves_the_far_off_figures_out_and_says_so(
    far_off_world, microsystem, client_for
):
    response = client_for("lead").get(
        reverse("microsystems:demand", kwargs={"slug": microsystem.slug})
    )
    report = response.context["report"]
    # The repairs world: 12 months of 2025, nothing stretched to year 1 or 9999.
    assert report.periods_recorded == 12
    assert (
        "2 demand figures dated outside 1900-01-01 to 2199-12-31 are left out of this page."
        in report.summary
    )


def test_the_assessment_counts_no_far_off_measurement(far_off_world, client_for):
    kwargs = {"slug": far_off_world["assessment"].microsystem.slug,
              "assessment_id": far_off_world["assessment"].pk}  # fmt: skip
    response = client_for("lead").get(reverse("valuation:assessment", kwargs=kwargs))
    # Deprived-area repairs in 2025 Q1 still sum to 200 (test_account_views), not 5,200.
    assert "63 out of 100" in text_of(response.content.decode())
