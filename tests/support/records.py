"""Approved versions for tests: approve through the services, or put a superseded
version behind a draft for pages that need one to exist."""

from django.utils import timezone

from valuation.models import Assessment, AssessmentRecord
from valuation.services.assessments import assessment_approve, assessment_submit
from valuation.services.records import assessment_reopen, record_freeze


def approve(assessment: Assessment, *, lead, manager, comment: str = "") -> Assessment:
    """Submit as `lead`, approve as `manager`: the record is frozen as on the site."""
    assessment_submit(assessment=assessment, user=lead)
    return assessment_approve(assessment=assessment, user=manager, comment=comment)


def reopen(assessment: Assessment, *, manager, reason: str = "Figures were corrected") -> None:
    assessment_reopen(assessment=assessment, user=manager, reason=reason)


def superseded_version(assessment: Assessment, *, by) -> AssessmentRecord:
    """Version 1 behind a draft, as if it had been approved and reopened."""
    record = record_freeze(assessment=assessment, approved_by=by, approved_at=timezone.now())
    record.superseded_at = timezone.now()
    record.superseded_by = by
    record.superseded_by_name = by.get_username()
    record.reopen_reason = "Reopened for the tests"
    record.save()
    return record
