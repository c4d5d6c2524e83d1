"""Reads for the unit dashboard and the assessments list's figures.

An approved assessment's figures are in its current frozen record. Only the parts
of the record's `result` JSON the dashboard needs are selected (the database
extracts them: a record also holds every input frame the engine read), and only
those are decoded.
"""

from __future__ import annotations

from django.db.models import Count, F, Window

from core.prepared_queries import PreparedQuery
from microsystems.models import Microsystem
from valuation.models import Assessment, AssessmentRecord, ImprovementIdea
from valuation.records.codec import decode

# The fields of a stored AssessmentResult (valuation.scoring.engine) that
# valuation.analysis.dashboard.headline reads.
HEADLINE_PARTS = ("overall", "dimensions", "account", "activity_costs")
OPEN_IDEA_STATUSES = (
    ImprovementIdea.Status.IDEA,
    ImprovementIdea.Status.PLANNED,
    ImprovementIdea.Status.TESTING,
)
OPEN_IDEAS_SHOWN = 5


def unit_assessments(microsystem: Microsystem) -> list[Assessment]:
    """The unit's assessments, oldest first (one query); a draft's is what the engine
    reads when its figures are not cached, so the rows are whole."""
    return list(Assessment.objects.filter(microsystem=microsystem).order_by("start_date", "id"))


def _current_records(microsystem: Microsystem | int):
    return AssessmentRecord.objects.filter(
        assessment__microsystem=microsystem,
        assessment__status=Assessment.Status.APPROVED,
        superseded_at__isnull=True,
    ).order_by()


def approved_result_parts(microsystem: Microsystem) -> dict[int, dict]:
    """assessment id -> {part: stored JSON} for HEADLINE_PARTS of each approved
    assessment's current record (one query), left encoded: the caller decodes what it
    reads (valuation.records.codec). A record whose result lacks a part (frozen before
    it existed) is left out: its figures cannot be had."""
    rows = _current_records(microsystem).values(
        "assessment_id", **{part: F(f"result__fields__{part}") for part in HEADLINE_PARTS}
    )
    return {
        row["assessment_id"]: {part: row[part] for part in HEADLINE_PARTS}
        for row in rows
        if all(row[part] is not None for part in HEADLINE_PARTS)
    }


# The assessments list asks it on every view: compiled once per process.
_current_overall = PreparedQuery(
    lambda microsystem_id: (
        _current_records(microsystem_id)
        .annotate(overall=F("result__fields__overall"))
        .only("assessment_id")
    ),
    int,
)


def approved_overall(microsystem: Microsystem) -> dict[int, object]:
    """assessment id -> the decoded `overall` (value and disagreement) of each approved
    assessment's current record (one query, nothing else of the JSON)."""
    return {
        record.assessment_id: decode(record.overall)
        for record in _current_overall(microsystem.pk)
        if record.overall
    }


def open_ideas(microsystem: Microsystem) -> tuple[list[dict], int]:
    """The latest-changed OPEN_IDEAS_SHOWN open ideas (id, title, status) and how many
    are open in all (one query: the count rides on every row as a window)."""
    rows = list(
        ImprovementIdea.objects.filter(microsystem=microsystem, status__in=OPEN_IDEA_STATUSES)
        .annotate(open_count=Window(Count("id")))
        .order_by("-updated_at", "-id")
        .values("id", "title", "status", "open_count")[:OPEN_IDEAS_SHOWN]
    )
    return rows, (rows[0]["open_count"] if rows else 0)
