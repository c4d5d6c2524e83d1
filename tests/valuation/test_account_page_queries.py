"""The assessment page's own reads, prepared once per process (core.prepared_queries):
each gives what its queryset gives, on an assessment approved, reopened, and approved
again; the value comparison reads the organisation's rows as tuples or as a frame alike."""

from django.db.models import Model

from tests.support.account import repairs_world
from tests.support.records import approve, reopen
from valuation.analysis.value_comparison import value_comparison
from valuation.selectors.assessments import assessment_timeline_prepared
from valuation.selectors.records import (
    approved_records_of_organisation,
    latest_superseded,
    latest_superseded_prepared,
    organisation_value_for_money_rows,
)


def fields_of(rows: list[Model]) -> list[dict]:
    return [{**vars(row), "_state": None} for row in rows]


def test_the_prepared_reads_are_their_querysets(microsystem, users):
    assessment = repairs_world(microsystem)["assessment"]
    assert assessment_timeline_prepared(assessment.pk) == []
    assert latest_superseded(assessment) is None
    approve(assessment, lead=users["lead"], manager=users["manager"])
    reopen(assessment, manager=users["manager"])
    approve(assessment, lead=users["lead"], manager=users["manager"])
    for prepared in (assessment_timeline_prepared, latest_superseded_prepared):
        rows = prepared(assessment.pk)
        assert rows and fields_of(rows) == fields_of(list(prepared.queryset(assessment.pk)))
    timeline = assessment_timeline_prepared(assessment.pk)
    assert [step.by.username for step in timeline] == [
        step.by.username for step in assessment_timeline_prepared.queryset(assessment.pk)
    ]
    assert latest_superseded(assessment).version == 1


def test_the_comparison_reads_the_organisations_approved_rows(microsystem, users, organisation):
    assessment = repairs_world(microsystem)["assessment"]
    approve(assessment, lead=users["lead"], manager=users["manager"])
    where = {"assessment_id": 0, "microsystem_id": 0, "start_date": assessment.start_date}
    records = approved_records_of_organisation(organisation.pk)
    assert fields_of(records) == fields_of(
        list(approved_records_of_organisation.queryset(organisation.pk))
    )
    rows = organisation_value_for_money_rows(organisation.pk)
    assert len(rows) == 1
    assert value_comparison(rows, **where).units == 1
