"""The demand forecast's fits as background jobs, run by a real worker.

With the database task queue configured, the demand page queues the fits it
lacks, shows a straight-line forecast and says the seasonal one is being
recomputed; `manage.py db_worker` (django-tasks-db's worker, run here in
process) fits them, and the next view shows the seasonal forecast without the
notice. Without a queue the fits run inline and nothing is ever pending.
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from microsystems.analysis import forecast
from microsystems.models import DemandObservation
from microsystems.reports.demand import demand_report
from microsystems.services.demand_import import demand_grid_save

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
PENDING_NOTICE = "data-forecast-pending"
SEASONAL = "exponential smoothing with a"
STRAIGHT_LINE = "The seasonal forecast is being recomputed"


@pytest.fixture
def three_years(demand_type):
    DemandObservation.objects.bulk_create(
        DemandObservation(
            demand_type=demand_type,
            period_start=date(2022 + month // 12, month % 12 + 1, 1),
            volume=400 + 60 * (month % 12) + 3 * month,
        )
        for month in range(36)
    )


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)


@pytest.mark.slow  # a transactional database and a real worker: seconds, not milliseconds
@pytest.mark.django_db(transaction=True)
def test_a_worker_fits_the_forecast_and_the_notice_shows_only_while_pending(
    client_for, microsystem, staff_role, three_years, demand_type
):
    client = client_for("lead")
    url = reverse("microsystems:demand", args=[microsystem.slug])
    with override_settings(TASKS=DATABASE_QUEUE):
        page = client.get(url).content.decode()
        assert PENDING_NOTICE in page and SEASONAL not in page
        queued = DBTaskResult.objects.filter(status="READY")
        assert sorted(queued.values_list("task_path", flat=True)) == [
            "microsystems.tasks.fit_backtest",
            "microsystems.tasks.fit_forecast",
        ]
        # Viewed again while pending: still said, and not queued twice.
        assert PENDING_NOTICE in client.get(url).content.decode()
        assert DBTaskResult.objects.count() == 2

        run_worker()
        assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
        page = client.get(url).content.decode()
        assert PENDING_NOTICE not in page
        assert SEASONAL in page

        # New figures: new fits, pending again until the worker has run.
        demand_grid_save(microsystem=microsystem, values={(demand_type.pk, date(2023, 6, 1)): 9})
        assert PENDING_NOTICE in client.get(url).content.decode()
        run_worker()
        page = client.get(url).content.decode()
        assert PENDING_NOTICE not in page and SEASONAL in page
        assert DBTaskResult.objects.count() == 4

        # A figure of the last year: the backtest's fit reads only the years before it.
        demand_grid_save(microsystem=microsystem, values={(demand_type.pk, date(2024, 12, 1)): 9})
        assert PENDING_NOTICE in client.get(url).content.decode()
        assert list(queued.values_list("task_path", flat=True)) == [
            "microsystems.tasks.fit_forecast"
        ]
        run_worker()
        page = client.get(url).content.decode()
        assert PENDING_NOTICE not in page and SEASONAL in page
        assert DBTaskResult.objects.count() == 5


def test_without_a_queue_the_fits_run_inline_and_nothing_is_pending(
    client_for, microsystem, staff_role, three_years
):
    page = client_for("lead").get(reverse("microsystems:demand", args=[microsystem.slug]))
    text = page.content.decode()
    assert SEASONAL in text
    assert PENDING_NOTICE not in text and STRAIGHT_LINE not in text
    assert not DBTaskResult.objects.exists()


def test_a_figure_changed_in_the_last_year_refits_the_forecast_but_not_the_backtest(
    client_for, microsystem, staff_role, three_years, demand_type, monkeypatch
):
    fits = []
    fit = forecast._fit  # the real fit, counted
    monkeypatch.setattr(forecast, "_fit", lambda *args: fits.append(args[2]) or fit(*args))
    client = client_for("lead")
    url = reverse("microsystems:demand", args=[microsystem.slug])
    client.get(url)
    # Both seasons (every figure is positive) for the forecast and for the backtest's.
    assert sorted(fits) == ["add", "add", "mul", "mul"]

    demand_grid_save(microsystem=microsystem, values={(demand_type.pk, date(2024, 11, 1)): 9})
    assert SEASONAL in client.get(url).content.decode()
    assert len(fits) == 6  # the forecast's two: the backtest's history is unchanged
    kept = demand_report(microsystem).backtest
    cache.clear()
    assert demand_report(microsystem).backtest == kept  # as if worked out afresh

    demand_grid_save(microsystem=microsystem, values={(demand_type.pk, date(2023, 11, 1)): 9})
    client.get(url)
    assert len(fits) == 6 + 2 + 4 + 2  # afresh above (4), then this change: both refit
