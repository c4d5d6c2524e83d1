"""A measure's run chart page, its CSV and options, and the small multiples on the
measurements page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from microsystems.forms import run_charts as options
from tests.support.accessibility import accessibility_problems
from tests.support.factories import make_microsystem
from tests.support.html import text_of
from valuation.models import Measure, Measurement, ValueDimension

# 70, 74 seven times then 100 (monthly from Jan 2024). Mean 1108 / 15 = 73.8667; moving
# ranges thirteen of 4 and one of 26, which is above 3.267 x (78 / 14) = 18.2 and so
# screened: mean moving range 4, limits 73.8667 -/+ 10.64 = 63.2267 and 84.5067. The last
# point is beyond the upper limit (higher is better: improvement); the target of 90 lies
# above the upper limit, so the process will consistently miss it.
VALUES = [70, 74] * 7 + [100]


def month(number: int) -> dt.date:
    return dt.date(2024 + number // 12, number % 12 + 1, 1)


@pytest.fixture
def recorded(microsystem, measure):
    Measurement.objects.bulk_create(
        Measurement(microsystem=microsystem, measure=measure, period_start=month(n), value=value)
        for n, value in enumerate(VALUES)
    )
    return measure


def chart_url(microsystem, measure, query: str = "") -> str:
    url = reverse(
        "valuation:measure_run_chart", kwargs={"slug": microsystem.slug, "measure_id": measure.pk}
    )
    return url + query


def test_the_page_says_signal_and_assurance_in_words(client_for, microsystem, recorded):
    response = client_for("member").get(chart_url(microsystem, recorded))
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Special cause variation: improving" in text
    assert "Will consistently miss the target" in text
    assert (
        "The latest value, 100% in Mar 2025, is a special cause: a point beyond a process" in text
    )
    assert "mean 73.87%, process limits 63.23% to 84.51%" in text
    assert "1 moving range above 3.267 × the mean was left out" in text
    assert "consistently miss it" in text
    assert accessibility_problems(response.content.decode()) == []


def test_the_csv_has_exactly_the_columns_and_the_worked_values(client_for, microsystem, recorded):
    response = client_for("member").get(chart_url(microsystem, recorded, "?format=csv"))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "period_start,value,mean,lower_limit,upper_limit,signal"
    assert lines[1] == "2024-01-01,70.0,73.8667,63.2267,84.5067,"
    assert lines[-1] == "2025-03-01,100.0,73.8667,63.2267,84.5067,beyond_limit"
    assert len(lines) == 16


def test_a_rebase_date_recalculates_and_the_csv_follows_it(client_for, microsystem, measure):
    # Twelve of 70, 74 then twelve of 80, 84: each part has moving ranges of 4 (the step
    # between them belongs to neither), so limits -/+ 10.64 about means 72 and 82.
    Measurement.objects.bulk_create(
        Measurement(microsystem=microsystem, measure=measure, period_start=month(n), value=value)
        for n, value in enumerate([70, 74] * 6 + [80, 84] * 6)
    )
    client = client_for("lead")
    page = text_of(
        client.get(chart_url(microsystem, measure, "?rebase_from=2025-01-01")).content.decode()
    )
    assert "From Jan 2025 (12 points): mean 82%, process limits 71.36% to 92.64%." in page
    lines = client.get(chart_url(microsystem, measure, "?rebase_from=2025-01-01&format=csv"))
    rows = lines.content.decode("utf-8-sig").splitlines()
    assert rows[1] == "2024-01-01,70.0,72.0,61.36,82.64,"
    assert rows[-1] == "2025-12-01,84.0,82.0,71.36,92.64,"


@pytest.mark.parametrize(
    "query, field, message",
    [
        (
            "?rebase_from=2024-06-01",
            "rebase_from",
            options.REBASE_TOO_FEW.format(
                date="2024-06-01", points=5, s="s", where="before it", minimum=12
            ),
        ),
        (
            "?rebase_from=2023-01-01",
            "rebase_from",
            options.REBASE_OUTSIDE.format(first="2024-01-01", last="2025-03-01"),
        ),
        ("?baseline_points=5", "baseline_points", options.BASELINE_RANGE),
        ("?baseline_points=many", "baseline_points", options.BASELINE_RANGE),
        (
            "?baseline_points=20",
            "baseline_points",
            options.BASELINE_TOO_FEW.format(which="first", points=15, s="s", baseline=20),
        ),
    ],
)
def test_refused_options_are_named_beside_their_field(
    client_for, microsystem, recorded, query, field, message
):
    response = client_for("member").get(chart_url(microsystem, recorded, query))
    assert response.status_code == 200
    form = response.context["options_form"]
    assert form.errors[field] == [message]
    html = response.content.decode()
    assert f'id="id_{field}-error">{message}' in html.replace("&#x27;", "'")
    # The chart is drawn without the refused option: one segment over all 15 points.
    assert len(response.context["run_chart"].chart.segments) == 1


def test_a_fixed_baseline_is_said(client_for, microsystem, recorded):
    response = client_for("member").get(chart_url(microsystem, recorded, "?baseline_points=12"))
    text = text_of(response.content.decode())
    # First 12 points: mean 72, moving ranges all 4, limits 72 -/+ 10.64.
    assert "mean 72%, process limits 61.36% to 82.64%, fixed on its first 12 points." in text


def test_a_measure_the_microsystem_does_not_use_is_not_found(client_for, microsystem, organisation):
    private = Measure.objects.create(
        name="Queue length", code="queue", applies_to_all=False,
        dimension=ValueDimension.objects.get(slug="efficiency"),
    )  # fmt: skip
    other = make_microsystem(organisation, "Westfield Library")
    private.microsystems.add(other)
    Measurement.objects.create(
        microsystem=other, measure=private, period_start=month(0), value=Decimal(3)
    )
    response = client_for("lead").get(chart_url(microsystem, private))
    assert response.status_code == 404


def test_fewer_than_twelve_points_say_so(client_for, microsystem, measure):
    Measurement.objects.bulk_create(
        Measurement(microsystem=microsystem, measure=measure, period_start=month(n), value=70)
        for n in range(5)
    )
    text = text_of(client_for("member").get(chart_url(microsystem, measure)).content.decode())
    assert "Fewer than 12 points, so no process limits are drawn" in text
    assert "Too few points to judge variation" in text


def test_the_measurements_page_shows_a_small_run_chart_with_its_icons(
    client_for, microsystem, recorded
):
    response = client_for("member").get(
        reverse("valuation:measurements", kwargs={"slug": microsystem.slug})
    )
    html = response.content.decode()
    assert 'aria-label="Variation: Special cause variation: improving"' in html
    assert 'aria-label="Assurance: Will consistently miss the target"' in html
    assert chart_url(microsystem, recorded, "?format=csv") in html
    assert html.count("data-chart-figure") == 1
    assert accessibility_problems(html) == []
