"""The demand grid as a GET shows it is kept in the report cache by the unit's
operations version and the periods shown: a repeat view reads neither the demand
types nor the figures, and every save of either shows on the next view."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from microsystems.forms.demand_entry import GRID_PERIODS
from microsystems.models import DemandObservation, DemandType
from microsystems.periods import recent_periods
from microsystems.services.demand_import import demand_grid_save

# Each response masks the CSRF token afresh.
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def months() -> list[date]:
    return recent_periods("month", GRID_PERIODS, ending=timezone.localdate())


@pytest.fixture
def grid_page(client_for, microsystem):
    client = client_for("lead")
    address = reverse("microsystems:demand_grid", kwargs={"slug": microsystem.slug})

    def view(query: str = "") -> tuple[str, int]:
        """(the page's HTML, its query count)."""
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address + query)
        assert response.status_code == 200
        return CSRF_TOKEN.sub("", response.content.decode()), len(queries)

    return view


def from_scratch(grid_page, query: str = "") -> str:
    cache.clear()
    return grid_page(query)[0]


def test_a_repeat_view_is_the_first_from_the_cache_in_fewer_queries(grid_page, demand_type, months):
    DemandObservation.objects.create(demand_type=demand_type, period_start=months[-1], volume=7)
    cache.clear()
    first, first_queries = grid_page()
    repeat, repeat_queries = grid_page()
    assert repeat == first
    # Neither the demand types nor the figures are read again.
    assert repeat_queries == first_queries - 2


def test_a_saved_figure_shows_on_the_next_view(grid_page, microsystem, demand_type, months):
    before, _ = grid_page()
    demand_grid_save(microsystem=microsystem, values={(demand_type.pk, months[-1]): 4321})
    after, _ = grid_page()
    assert after != before and 'value="4321"' in after
    assert after == from_scratch(grid_page)


def test_a_new_or_renamed_demand_type_shows_on_the_next_view(grid_page, microsystem, demand_type):
    grid_page()
    DemandType.objects.create(microsystem=microsystem, name="Chasing calls", handling_minutes=3)
    demand_type.name = "Loans of books"
    demand_type.save()
    after, _ = grid_page()
    assert "Chasing calls" in after and "Loans of books" in after
    assert after == from_scratch(grid_page)


def test_each_span_of_periods_is_kept_apart(grid_page, demand_type, months):
    DemandObservation.objects.create(demand_type=demand_type, period_start=months[0], volume=55)
    current, _ = grid_page()
    earlier_end = f"?end={months[0]:%Y-%m-%d}"
    earlier, _ = grid_page(earlier_end)
    assert earlier != current
    assert earlier == from_scratch(grid_page, earlier_end)


def test_a_new_granularity_shows_its_periods(grid_page, microsystem, demand_type):
    grid_page()
    microsystem.period_granularity = "quarter"
    microsystem.save()
    after, _ = grid_page()
    assert "quarter" in after
    assert after == from_scratch(grid_page)
