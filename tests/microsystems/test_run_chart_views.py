"""Demand run charts: all demand, and each demand type."""

import datetime as dt

import pytest
from django.urls import reverse

from microsystems.models import DemandObservation, DemandType
from tests.support.accessibility import accessibility_problems
from tests.support.factories import make_microsystem
from tests.support.html import text_of


def month(number: int) -> dt.date:
    return dt.date(2024 + number // 12, number % 12 + 1, 1)


@pytest.fixture
def failure_type(microsystem) -> DemandType:
    return DemandType.objects.create(
        microsystem=microsystem, name="Chasing calls", nature=DemandType.Nature.FAILURE,
        unit="calls", handling_minutes=5,
    )  # fmt: skip


@pytest.fixture
def recorded(demand_type, failure_type):
    # Book loans 100, 104 alternating for 15 months; chasing calls 10, 12 for 14 months
    # then 60. Calls: mean (70 + 84 + 60) / 15 = 14.27, the range of 48 screened, limits
    # 14.27 -/+ 2.66 x 2 = 19.59 at the top, so 60 is beyond it (more failure demand: a
    # concern). All demand: 110, 116 ... then 160; mean 1742 / 15 = 116.13, the range
    # of 44 screened (above 3.267 x 122 / 14 = 28.5), limits 116.13 -/+ 2.66 x 6, so 160
    # lies beyond 132.09.
    DemandObservation.objects.bulk_create(
        [
            *(DemandObservation(demand_type=demand_type, period_start=month(n),
                                volume=100 + 4 * (n % 2)) for n in range(15)),
            *(DemandObservation(demand_type=failure_type, period_start=month(n),
                                volume=10 + 2 * (n % 2)) for n in range(14)),
            DemandObservation(demand_type=failure_type, period_start=month(14), volume=60),
        ]
    )  # fmt: skip


def test_all_demand_adds_the_types_up(client_for, microsystem, recorded):
    url = reverse("microsystems:demand_run_chart_total", kwargs={"slug": microsystem.slug})
    response = client_for("member").get(url + "?format=csv")
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "period_start,value,mean,lower_limit,upper_limit,signal"
    # Jan 2024: 100 + 10; Feb 2024: 104 + 12; Mar 2025: 100 + 60.
    assert [row.split(",")[1] for row in (rows[1], rows[2], rows[-1])] == [
        "110.0",
        "116.0",
        "160.0",
    ]
    page = client_for("member").get(url)
    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert "Run chart: all demand" in text
    # No better direction for all demand: a signal is neither better nor worse.
    assert "neither better nor worse" in text
    assert accessibility_problems(page.content.decode()) == []


def test_more_failure_demand_is_a_concern(client_for, microsystem, recorded, failure_type):
    url = reverse(
        "microsystems:demand_run_chart",
        kwargs={"slug": microsystem.slug, "demand_type_id": failure_type.pk},
    )
    text = text_of(client_for("member").get(url).content.decode())
    assert "Special cause variation: concerning" in text
    assert "The latest value, 60 calls in Mar 2025, is a special cause: a point beyond" in text
    assert "Less failure demand is better." in text


def test_another_units_demand_type_is_not_found(client_for, microsystem, organisation):
    other = make_microsystem(organisation, "Westfield Library")
    elsewhere = DemandType.objects.create(microsystem=other, name="Loans", handling_minutes=1)
    url = reverse(
        "microsystems:demand_run_chart",
        kwargs={"slug": microsystem.slug, "demand_type_id": elsewhere.pk},
    )
    assert client_for("lead").get(url).status_code == 404


def test_no_demand_yet_says_so(client_for, microsystem, demand_type):
    url = reverse("microsystems:demand_run_chart_total", kwargs={"slug": microsystem.slug})
    text = text_of(client_for("member").get(url).content.decode())
    assert "No values have been recorded yet." in text
