"""manage.py freeze_approved_records: every approved assessment without a record is
frozen once, from the data as it stands; running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.support.account import repairs_world
from tests.support.records import approve
from valuation.models import Assessment, AssessmentRecord
from valuation.records.codec import decode
from valuation.scoring.engine import assess
from valuation.selectors.account import assessment_inputs


def run(*args) -> str:
    out = StringIO()
    call_command("freeze_approved_records", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_approval(microsystem, users) -> Assessment:
    """Approved before records were kept: approved, and no record."""
    assessment = repairs_world(microsystem)["assessment"]
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.APPROVED, reviewed_by=users["manager"]
    )
    return Assessment.objects.select_related("microsystem").get(pk=assessment.pk)


def test_freezes_each_approved_assessment_without_a_record_once(old_approval, users):
    expected = assess(assessment_inputs(old_approval)).overall.value

    output = run()

    record = AssessmentRecord.objects.get()
    assert record.assessment_id == old_approval.pk
    assert record.version == 1 and record.frozen_on_first_view
    assert record.approved_by == users["manager"]
    assert decode(record.result).overall.value == expected
    assert decode(record.pages)["voices"].rationale == "Tenants live with the repairs."
    name = old_approval.microsystem.name
    assert f"Froze {name}, 2025 Q1 (assessment {old_approval.pk}) as version 1." in output
    assert "Froze 1 approved assessment." in output

    again = run()
    assert again.strip() == "Every approved assessment already has its record: nothing to do."
    assert AssessmentRecord.objects.count() == 1


def test_leaves_drafts_and_assessments_approved_with_a_record_alone(
    microsystem, users, old_approval
):
    Assessment.objects.filter(pk=old_approval.pk).update(status=Assessment.Status.DRAFT)
    assert "nothing to do" in run()
    assert not AssessmentRecord.objects.exists()

    approve(old_approval, lead=users["lead"], manager=users["manager"])
    frozen_at_approval = AssessmentRecord.objects.get()
    assert "nothing to do" in run()
    assert list(AssessmentRecord.objects.all()) == [frozen_at_approval]
    assert not frozen_at_approval.frozen_on_first_view


def test_dry_run_lists_and_stores_nothing(old_approval):
    output = run("--dry-run")
    assert f"Would freeze {old_approval.microsystem.name}, 2025 Q1" in output
    assert "1 to freeze; nothing stored (--dry-run)." in output
    assert not AssessmentRecord.objects.exists()
