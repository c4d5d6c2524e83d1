"""Value for money (points per £1,000 a month) beside what it is compared against:
the unit's earlier approved assessments and the median of the latest approved
assessment of each other unit of the organisation. Figures worked out by hand."""

import datetime as dt
import importlib

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.support.account import repairs_world
from tests.support.factories import make_microsystem
from tests.support.html import text_of
from tests.support.records import approve, reopen
from valuation.analysis.value_comparison import COLUMNS, ValueComparison, value_comparison
from valuation.models import Assessment, AssessmentRecord
from valuation.records.codec import decode, encode
from valuation.reports.records import NOTHING_TO_COMPARE, value_comparison_sentence
from valuation.scoring.engine import assess
from valuation.selectors.account import assessment_inputs
from valuation.selectors.records import organisation_value_for_money_rows

THIS, UNIT = 10, 1


def rows(*items) -> pd.DataFrame:
    return pd.DataFrame(list(items), columns=COLUMNS)


def quarter(year: int, q: int) -> dt.date:
    return dt.date(year, 3 * q - 2, 1)


# The assessment under comparison: unit 1, 2026 Q1 (id 10).
WORLD = rows(
    (THIS, UNIT, "2026 Q1", quarter(2026, 1), 18.1),
    (7, UNIT, "2025 Q3", quarter(2025, 3), 12.9),
    (8, UNIT, "2025 Q4", quarter(2025, 4), 15.2),
    (11, UNIT, "2026 Q2", quarter(2026, 2), 40.0),  # later: not "earlier"
    (20, 2, "2025 Q4", quarter(2025, 4), 99.0),  # unit 2's older one: not its latest
    (21, 2, "2026 Q1", quarter(2026, 1), 16.0),
    (30, 3, "2025 Q2", quarter(2025, 2), 21.5),
    (40, 4, "2026 Q2", quarter(2026, 2), 11.0),
    (50, 5, "2026 Q2", quarter(2026, 2), None),  # no figure: left out
)


def compare(frame: pd.DataFrame) -> ValueComparison:
    return value_comparison(
        list(frame[COLUMNS].itertuples(index=False, name=None)),
        assessment_id=THIS,
        microsystem_id=UNIT,
        start_date=quarter(2026, 1),
    )


def test_earlier_are_the_units_own_before_this_one_newest_first():
    assert compare(WORLD).earlier == [("2025 Q4", 15.2), ("2025 Q3", 12.9)]


def test_median_over_the_latest_of_each_other_unit():
    # Latest of units 2, 3, 4: 16.0, 21.5, 11.0 -> sorted 11.0, 16.0, 21.5 -> 16.0.
    comparison = compare(WORLD)
    assert (comparison.median, comparison.units) == (16.0, 3)
    # A fourth unit at 13.0: 11.0, 13.0, 16.0, 21.5 -> (13.0 + 16.0) / 2 = 14.5.
    four = compare(pd.concat([WORLD, rows((60, 6, "2026 Q1", quarter(2026, 1), 13.0))]))
    assert (four.median, four.units) == (14.5, 4)


def test_nothing_to_compare():
    alone = compare(WORLD[WORLD["assessment_id"] == THIS])
    assert alone == ValueComparison(earlier=[], median=None, units=0)
    assert value_comparison_sentence(alone) == NOTHING_TO_COMPARE


def test_sentence():
    assert value_comparison_sentence(compare(WORLD)) == (
        "Compared, in points per £1,000 a month. This unit’s earlier approved assessments: "
        "15.2 (2025 Q4), 12.9 (2025 Q3). Median of the latest approved assessments of the "
        "organisation’s other units: 16 (3 units)."
    )
    one = ValueComparison(earlier=[("2025", 4.825)], median=None, units=0)
    assert value_comparison_sentence(one) == (
        "Compared, in points per £1,000 a month. This unit’s earlier approved assessments: "
        "4.83 (2025)."
    )


def test_only_four_earlier_are_named():
    many = ValueComparison(
        earlier=[(f"20{n}", 1.0) for n in range(20, 14, -1)], median=2.0, units=1
    )
    assert value_comparison_sentence(many) == (
        "Compared, in points per £1,000 a month. This unit’s earlier approved assessments: "
        "1 (2020), 1 (2019), 1 (2018), 1 (2017) and 2 earlier. Median of the latest approved "
        "assessments of the organisation’s other units: 2 (1 unit)."
    )


# ---------------------------------------------------------------- the database


def approved_record(microsystem, label, start, value, *, status=Assessment.Status.APPROVED,
                    superseded=False) -> Assessment:  # fmt: skip
    assessment = Assessment.objects.create(
        microsystem=microsystem,
        period_label=label,
        start_date=start,
        end_date=start + dt.timedelta(days=27),
        status=status,
    )
    now = timezone.now()
    AssessmentRecord.objects.create(
        assessment=assessment, version=1, approved_at=now, frozen_at=now,
        inputs={}, result={}, perspectives={}, context={}, value_for_money=value,
        superseded_at=now if superseded else None,
        reopen_reason="Corrected" if superseded else "",
    )  # fmt: skip
    return assessment


def test_selector_reads_only_approved_current_records_of_the_organisation(
    organisation, other_organisation, microsystem
):
    neighbour = make_microsystem(organisation, "Westfield Library")
    elsewhere = make_microsystem(other_organisation, "Southgate Library")
    kept = approved_record(neighbour, "2025 Jan", dt.date(2025, 1, 1), 12.5)
    approved_record(neighbour, "2025 Feb", dt.date(2025, 2, 1), 50.0, status="draft",
                    superseded=True)  # fmt: skip  # reopened: its record is superseded
    approved_record(neighbour, "2025 Mar", dt.date(2025, 3, 1), 60.0, status="submitted",
                    superseded=True)  # fmt: skip
    approved_record(elsewhere, "2025 Jan", dt.date(2025, 1, 1), 99.0)
    assert organisation_value_for_money_rows(organisation.pk) == [
        (kept.pk, neighbour.pk, "2025 Jan", dt.date(2025, 1, 1), 12.5),
    ]


def test_freezing_keeps_the_headline_figures(microsystem, users):
    world = repairs_world(microsystem)
    expected = assess(assessment_inputs(world["assessment"]))
    approve(world["assessment"], lead=users["lead"], manager=users["manager"])
    record = AssessmentRecord.objects.get(assessment=world["assessment"])
    result = decode(record.result)
    assert record.overall_value == 63.4375 == result.overall.value
    assert record.value_for_money == expected.account.value_for_money
    assert record.value_for_money == pytest.approx(63.4375 / (record.money_per_month / 1000))
    assert record.money_per_month == result.account.money_per_month > 0


def test_migration_reads_the_figures_from_stored_json(microsystem):
    world = repairs_world(microsystem)
    result = assess(assessment_inputs(world["assessment"]))
    migration = importlib.import_module("valuation.migrations.0011_record_headline_figures")
    stored = encode(result)
    assert migration._figure(stored, "overall", "value") == 63.4375
    assert migration._figure(stored, "account", "value_for_money") == result.account.value_for_money
    assert migration._figure({}, "account", "value_for_money") is None
    assert migration._figure({"fields": {"overall": {"fields": {"value": {"$float": "nan"}}}}},
                             "overall", "value") is None  # fmt: skip


def page_text(client, assessment) -> str:
    url = reverse(
        "valuation:assessment",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    return text_of(response.content.decode())


def test_page_compares_with_other_units_and_not_other_organisations(
    client, users, organisation, other_organisation, microsystem
):
    world = repairs_world(microsystem)
    approve(world["assessment"], lead=users["lead"], manager=users["manager"])
    client.force_login(users["member"])
    assert NOTHING_TO_COMPARE in page_text(client, world["assessment"])

    approved_record(make_microsystem(other_organisation, "Far"), "2025", dt.date(2025, 1, 1), 99.0)
    draft = approved_record(make_microsystem(organisation, "Near draft"), "2025",
                            dt.date(2025, 1, 1), 77.0)  # fmt: skip
    reopen(draft, manager=users["manager"])  # no longer approved: not counted
    approved_record(make_microsystem(organisation, "Near"), "2025 Q1", dt.date(2025, 1, 1), 12.5)
    text = page_text(client, world["assessment"])
    assert (
        "Median of the latest approved assessments of the organisation’s other units: "
        "12.5 (1 unit)."
    ) in text
    assert "99" not in text.split("Compared, in points")[1][:200]
    assert "77" not in text.split("Compared, in points")[1][:200]
