"""Reads for the assessment pages: the list, the suggested next period, what a
submission has in place, what a delete takes with it, and the review queue.

Each function runs a fixed number of queries whatever the data size.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Q

from core.prepared_queries import PreparedQuery
from microsystems.models import Membership, Microsystem, Organisation
from microsystems.periods import FIRST_DAY, LAST_DAY, QUARTER, period_label
from microsystems.permissions import is_admin
from microsystems.selectors.counts import correlated_count
from stakeholders.models import Stakeholder
from valuation.models import (
    Assessment,
    AssessmentTransition,
    Judgement,
    Measure,
    Measurement,
    StakeholderWeight,
    ValueDimension,
    VoiceWeight,
)

# ---------------------------------------------------------------- periods


@dataclass(frozen=True)
class SuggestedPeriod:
    label: str
    start_date: dt.date
    end_date: dt.date


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(start: dt.date) -> dt.date:
    """The last day of the quarter that starts on `start`."""
    month_index = start.year * 12 + start.month - 1 + 3
    return dt.date(month_index // 12, month_index % 12 + 1, 1) - dt.timedelta(days=1)


def quarter_period(start: dt.date) -> SuggestedPeriod:
    start = quarter_start(start)
    return SuggestedPeriod(period_label(start, QUARTER), start, quarter_end(start))


def next_quarter_after(latest_end: dt.date | None, today: dt.date) -> SuggestedPeriod:
    """The first whole quarter after the latest assessment, or the current quarter.

    The current quarter too when the next one would end past the window of
    dates the app records (microsystems.periods.LAST_DAY).
    """
    if latest_end is None or not FIRST_DAY <= latest_end < LAST_DAY:
        return quarter_period(today)
    day_after = latest_end + dt.timedelta(days=1)
    start = quarter_start(day_after)
    if start != day_after:
        # The latest period ended inside a quarter: start at the next whole one.
        start = quarter_start(quarter_end(start) + dt.timedelta(days=1))
    period = quarter_period(start)
    return period if period.end_date <= LAST_DAY else quarter_period(today)


def suggested_period(microsystem: Microsystem, today: dt.date) -> SuggestedPeriod:
    """The period a new assessment starts with (one query)."""
    latest_end = Assessment.objects.filter(microsystem=microsystem).aggregate(
        latest=Max("end_date")
    )["latest"]
    return next_quarter_after(latest_end, today)


# ---------------------------------------------------------------- the list


# The unit's list of assessments asks it on every view: compiled once per process.
_assessments_of_unit = PreparedQuery(
    lambda microsystem_id: (
        Assessment.objects.filter(microsystem_id=microsystem_id)
        .select_related("submitted_by", "reviewed_by", "created_by")
        .order_by("-start_date")
    ),
    int,
)


def assessments_for_microsystem(microsystem: Microsystem) -> list[Assessment]:
    """Newest first, with who created, submitted and reviewed each (one query)."""
    return _assessments_of_unit(microsystem.pk)


def assessment_with_people(assessment: Assessment) -> Assessment:
    """The same assessment with its submitter and reviewer loaded (one query)."""
    loaded = Assessment.objects.select_related("submitted_by", "reviewed_by").get(pk=assessment.pk)
    loaded.microsystem = assessment.microsystem
    return loaded


# ---------------------------------------------------------------- what goes with a delete


@dataclass(frozen=True)
class AssessmentContents:
    weights: int
    judgements: int
    voice_weights: int


def assessment_contents(assessment: Assessment) -> AssessmentContents:
    """How many weights, judgements and voice weights the assessment holds (one query)."""
    counts = (
        Assessment.objects.filter(pk=assessment.pk)
        .annotate(
            number_of_weights=correlated_count(StakeholderWeight.objects.all(), "assessment"),
            number_of_judgements=correlated_count(Judgement.objects.all(), "assessment"),
            number_of_voice_weights=correlated_count(VoiceWeight.objects.all(), "assessment"),
        )
        .values("number_of_weights", "number_of_judgements", "number_of_voice_weights")
        .get()
    )
    return AssessmentContents(
        weights=counts["number_of_weights"],
        judgements=counts["number_of_judgements"],
        voice_weights=counts["number_of_voice_weights"],
    )


# ---------------------------------------------------------------- what a submission has


@dataclass(frozen=True)
class SubmissionFacts:
    """What is in place for an assessment; valuation.reports.checklist words it.

    `stakeholders`: name, has_weights, has_judgements (of dimensions), by name.
    `dimensions`: name, has_measure (an active one this microsystem uses),
    has_judgement (of the dimension itself), the active dimensions in order.
    `measurements`: how many were recorded in the assessment's period.
    `granularity`: the microsystem's period (week, month or quarter).
    `recorded_periods`: the active measures this microsystem uses, each as
    (name, the starts of the periods in the assessment it has a value for), by name.
    """

    start_date: dt.date
    end_date: dt.date
    stakeholders: list[dict]
    dimensions: list[dict]
    measurements: int
    granularity: str = "month"
    recorded_periods: list[tuple[str, list[dt.date]]] = field(default_factory=list)


def submission_facts(assessment: Assessment) -> SubmissionFacts:
    """What is in place for this assessment and what is missing (four queries)."""
    microsystem = assessment.microsystem
    stakeholders = list(
        Stakeholder.objects.filter(microsystem=microsystem)
        .annotate(
            has_weights=Exists(
                StakeholderWeight.objects.filter(assessment=assessment, stakeholder=OuterRef("pk"))
            ),
            has_judgements=Exists(
                Judgement.objects.filter(
                    assessment=assessment, stakeholder=OuterRef("pk"), activity__isnull=True
                )
            ),
        )
        .order_by("name")
        .values("name", "has_weights", "has_judgements")
    )
    dimensions = list(
        ValueDimension.objects.active()
        .annotate(
            has_measure=Exists(
                Measure.objects.used_by(microsystem).filter(active=True, dimension=OuterRef("pk"))
            ),
            has_judgement=Exists(
                Judgement.objects.filter(
                    assessment=assessment, dimension=OuterRef("pk"), activity__isnull=True
                )
            ),
        )
        .values("name", "has_measure", "has_judgement")
    )
    in_period = Measurement.objects.filter(
        microsystem=microsystem,
        period_start__gte=assessment.start_date,
        period_start__lte=assessment.end_date,
    )
    # One row per (measure, period) with a value: a measure's periods in one
    # assessment, so the rows are bounded by its length, not by the history.
    recorded: dict[str, list[dt.date]] = {}
    for name, period_start in (
        in_period.filter(
            measure__in=Measure.objects.used_by(microsystem).filter(active=True).values("pk")
        )
        .order_by("measure__name", "period_start")
        .values_list("measure__name", "period_start")
    ):
        recorded.setdefault(name, []).append(period_start)
    measurements = in_period.count()
    return SubmissionFacts(
        start_date=assessment.start_date,
        end_date=assessment.end_date,
        stakeholders=stakeholders,
        dimensions=dimensions,
        measurements=measurements,
        granularity=microsystem.period_granularity,
        recorded_periods=list(recorded.items()),
    )


# ---------------------------------------------------------------- the review queue


def review_queue(user) -> list[Assessment]:
    """Submitted assessments this user may approve or return, oldest submission first.

    Managers see those of the organisations they manage, admins all; others
    have nothing to review. An archived microsystem's assessments are read-only,
    so they are not offered. One query whatever the number of microsystems.
    """
    if not (user.is_authenticated and user.is_active):
        return []
    assessments = Assessment.objects.filter(
        status=Assessment.Status.SUBMITTED, microsystem__archived_at__isnull=True
    )
    if not is_admin(user):
        # Managers of the unit's organisation (what visible_microsystems calls
        # user_manages), filtered directly: every home page runs this query, and
        # compiling it around the annotated visible_microsystems() took 2.7 ms, this 1.5 ms.
        assessments = assessments.filter(
            Exists(
                Organisation.managers.through.objects.filter(
                    organisation_id=OuterRef("microsystem__organisation_id"), user_id=user.pk
                )
            )
        )
    return list(
        assessments.select_related("microsystem__organisation", "submitted_by").order_by(
            "submitted_at", "pk"
        )
    )


# ---------------------------------------------------------------- voices


@dataclass(frozen=True)
class VoiceRow:
    stakeholder: Stakeholder
    weight: Decimal  # what the form offers: the saved weight, or 1
    share: Decimal | None  # percent of the overall view as saved; None when every weight is 0
    unweighted: bool = False  # added after other voices were set: no row, so it counts 0


def voice_rows(assessment: Assessment) -> tuple[list[VoiceRow], bool]:
    """Every stakeholder with its voice weight and share, and whether voices are equal.

    No rows at all means equal voices, shown as 1 each. Once voices are set, a
    stakeholder added later has no row: the scoring engine counts it as 0, so
    its share is 0 until the weights are saved again; the form offers it 1.
    Two queries.
    """
    stakeholders = list(
        Stakeholder.objects.filter(microsystem=assessment.microsystem).order_by("name")
    )
    stored = dict(
        VoiceWeight.objects.filter(assessment=assessment).values_list("stakeholder_id", "weight")
    )
    if not stored:
        return voice_shares(stakeholders, {s.pk: Decimal(1) for s in stakeholders}), True
    counted = {s.pk: stored.get(s.pk, Decimal(0)) for s in stakeholders}
    rows = [
        VoiceRow(
            stakeholder=row.stakeholder,
            weight=stored.get(row.stakeholder.pk, Decimal(1)),
            share=row.share,
            unweighted=row.stakeholder.pk not in stored,
        )
        for row in voice_shares(stakeholders, counted)
    ]
    return rows, False


def voice_shares(stakeholders: list[Stakeholder], weights: dict[int, Decimal]) -> list[VoiceRow]:
    """Each stakeholder's share of the overall view, in percent, from relative weights."""
    total = sum(weights.values(), Decimal(0))
    return [
        VoiceRow(
            stakeholder=stakeholder,
            weight=weights[stakeholder.pk],
            share=(100 * weights[stakeholder.pk] / total) if total > 0 else None,
        )
        for stakeholder in stakeholders
    ]


def voice_page_assessment(assessment: Assessment) -> Assessment:
    """The assessment with who last set the voices loaded (one query)."""
    loaded = Assessment.objects.select_related("voice_weights_set_by").get(pk=assessment.pk)
    loaded.microsystem = assessment.microsystem
    return loaded


@dataclass(frozen=True)
class VoiceShown:
    """One group's voice as the read-only page shows it (and an approved record keeps it)."""

    name: str
    kind: str  # Stakeholder.Kind's value ("" in records frozen before it was kept)
    weight: Decimal  # as counted: 0 for a group added after the voices were set
    share: Decimal | None  # percent of the overall view; None when every weight is 0
    unweighted: bool = False


@dataclass(frozen=True)
class VoicesShown:
    rows: list[VoiceShown]
    equal: bool
    set_by: str  # who last set or reset them ("" when nobody did, or the account is gone)
    set_at: dt.datetime | None
    rationale: str


def voices_shown(loaded: Assessment, rows: list[VoiceRow], equal: bool) -> VoicesShown:
    """`voice_rows` and `voice_page_assessment`'s assessment as plain values."""
    person = loaded.voice_weights_set_by
    return VoicesShown(
        rows=[
            VoiceShown(
                name=row.stakeholder.name,
                kind=row.stakeholder.kind,
                weight=Decimal(0) if row.unweighted else row.weight,
                share=row.share,
                unweighted=row.unweighted,
            )
            for row in rows
        ],
        equal=equal,
        set_by=(person.get_full_name() or person.get_username()) if person else "",
        set_at=loaded.voice_weights_set_at,
        rationale=loaded.voice_weights_rationale,
    )


def live_voices(assessment: Assessment) -> VoicesShown:
    """Today's voices of the assessment (three queries)."""
    rows, equal = voice_rows(assessment)
    return voices_shown(voice_page_assessment(assessment), rows, equal)


# ---------------------------------------------------------------- the home page


def _reviewed_for_lead(user_pk: int, approved_since: dt.datetime):
    return (
        Assessment.objects.filter(
            microsystem__memberships__user=user_pk,
            microsystem__memberships__role=Membership.Role.LEAD,
            microsystem__archived_at__isnull=True,
            reviewed_at__isnull=False,
        )
        .filter(
            Q(status=Assessment.Status.DRAFT)
            | Q(status=Assessment.Status.APPROVED, reviewed_at__gte=approved_since)
        )
        .select_related("microsystem", "reviewed_by")
        .order_by("-reviewed_at", "-pk")
    )


# Every home page view runs it: compiled once per process (Django took about 1 ms of CPU
# to compile it each time).
reviewed_for_lead_prepared = PreparedQuery(_reviewed_for_lead, int, dt.datetime)


def reviewed_for_lead(user, *, approved_since) -> list[Assessment]:
    """Assessments of units this user leads that came back to them: returned to draft (until
    submitted again) or approved since `approved_since`, newest review first. One query."""
    if not (user.is_authenticated and user.is_active):
        return []
    return reviewed_for_lead_prepared(user.pk, approved_since)


def _assessment_timeline(assessment_id: int):
    return (
        AssessmentTransition.objects.filter(assessment_id=assessment_id)
        .select_related("by")
        .order_by("at", "pk")
    )


# Every view of the assessment page runs it: compiled once per process.
assessment_timeline_prepared = PreparedQuery(_assessment_timeline, int)


def assessment_timeline(assessment: Assessment) -> list[AssessmentTransition]:
    """Every step of the assessment, oldest first, with who took it: one query."""
    return assessment_timeline_prepared(assessment.pk)
