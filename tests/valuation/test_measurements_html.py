"""The measurements page's table rows and run charts, written in Python, against the
templates they replaced (kept in replaced_templates/ as they were), for a unit with
every kind of row."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.template import engines

from tests.support.factories import make_microsystem
from tests.support.instances import state
from valuation.models import Measure, Measurement, MeasureTarget, ValueDimension
from valuation.reports.measurements import measurements_page, rows_html, run_charts_html
from valuation.selectors.measurements import (
    measurement_series,
    measurements_overview,
    measurements_overview_prepared,
)

# The templates as they were when the page last rendered them.
REPLACED = Path(__file__).parent / "replaced_templates"


def old_template(name: str, **context) -> str:
    return engines["django"].from_string((REPLACED / name).read_text()).render(context)


def test_rows_and_run_charts_are_what_the_templates_rendered(microsystem, organisation, measure):
    probity = ValueDimension.objects.get(slug="probity")
    odd = Measure.objects.create(
        name='Cases "closed" <first> & last', code="cases-closed", dimension=probity,
        description="A description of more than eighteen words, with <markup> & quotes "
        "that's \"escaped\", so that the filter cuts it short: one two three four five six.",
        direction=Measure.Direction.LOWER, unit="£", baseline=Decimal(40), target=Decimal(20),
        applies_to_all=False, rollup="sum",
    )  # fmt: skip
    odd.microsystems.add(microsystem)
    MeasureTarget.objects.create(
        measure=odd, microsystem=microsystem, baseline=Decimal(35), target=Decimal(15),
        reason="Ours.",
    )  # fmt: skip
    retired = Measure.objects.create(
        name="Open audit findings", code="audit-findings", dimension=probity, active=False,
        description="Short.",
    )  # fmt: skip
    dropped = Measure.objects.create(
        name="Data incidents", code="data-incidents", dimension=probity, applies_to_all=False
    )
    dropped.microsystems.add(make_microsystem(organisation, "School Admissions"))
    Measure.objects.create(name="Nothing yet", code="nothing-yet", dimension=probity)
    values = [(measure, 14, 60), (odd, 20, 30), (retired, 3, 2), (dropped, 13, 1)]
    Measurement.objects.bulk_create(
        Measurement(microsystem=microsystem, measure=which, value=base + (n % 5) * 3 + (n > 9) * 9,
                    period_start=date(2024 + n // 12, n % 12 + 1, 1))
        for which, months, base in values
        for n in range(months)
    )  # fmt: skip
    overview = measurements_overview(microsystem)
    # Compiled once (a prepared query), read as its queryset reads it, here and elsewhere.
    for unit in (microsystem, dropped.microsystems.get()):
        assert [state(found) for found in measurements_overview(unit)] == [
            state(found) for found in measurements_overview_prepared.queryset(unit.pk)
        ]
    page = measurements_page(overview, "month", measurement_series(microsystem))
    assert {row.status for row in page.rows} == {"", "Retired", "No longer used here"}
    assert any(row.own_reference for row in page.rows)
    assert any(row.run_chart is None for row in page.rows)
    assert rows_html(page.rows) == old_template("_measurement_rows.html", report=page)
    assert run_charts_html(page.rows, microsystem.slug) == old_template(
        "_measurement_run_charts.html", report=page, slug=microsystem.slug
    )
