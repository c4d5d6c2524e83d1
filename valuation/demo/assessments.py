"""Demo assessments: a year of approved quarters and the current quarter as a draft.

For every demo microsystem (microsystems/demo.py), one approved assessment for
each of the last four full quarters before `today`, submitted by the unit's
team leader (the administrator where a unit has none) and approved by the
organisation's manager, with dates in the past; and the current quarter as a
draft for the team leader to work on. On Eastfield Library's latest approved
quarter, service users' voices count double, with the reason recorded.

Idempotent: a label the microsystem already has is skipped, and so is a
quarter that would overlap an assessment someone else created.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from microsystems.demo import MICROSYSTEMS
from microsystems.models import Microsystem
from stakeholders.models import Stakeholder
from valuation.models import Assessment, VoiceWeight
from valuation.selectors.assessments import quarter_end, quarter_period, quarter_start
from valuation.services.records import record_freeze

APPROVED_QUARTERS = 4
MANAGER = "manager"
FALLBACK_SUBMITTER = "admin"  # units with no team leader: the administrator filled them in
VOICES_MICROSYSTEM = "eastfield-library"
VOICE_WEIGHTS_BY_KIND = {Stakeholder.Kind.SERVICE_USERS: Decimal(2)}
VOICE_RATIONALE = (
    "Agreed at the library users' forum and the branch team meeting: the library exists "
    "for its users, so their perspective counts double. Funders, staff and partners each "
    "count once, as does everyone else."
)
APPROVAL_NOTE = "Approved. A fair account of the quarter; the judgements are well argued."


def past_quarters(today: dt.date, count: int) -> list[dt.date]:
    """Starts of the `count` full quarters before the one containing `today`, oldest first."""
    starts = []
    start = quarter_start(today)
    for _ in range(count):
        start = quarter_start(start - dt.timedelta(days=1))
        starts.append(start)
    return starts[::-1]


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _review_dates(end: dt.date, today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Submitted about a week after the quarter ends, approved a week later; never future."""
    days_since = (today - end).days
    submitted = end + dt.timedelta(days=max(1, min(7, days_since // 3)))
    approved = end + dt.timedelta(days=max(1, min(14, 2 * days_since // 3)))
    return _moment(submitted, 10), _moment(approved, 15)


def _create(microsystem: Microsystem, start: dt.date, **fields) -> Assessment | None:
    period = quarter_period(start)
    assessment = Assessment(
        microsystem=microsystem,
        period_label=period.label,
        start_date=period.start_date,
        end_date=period.end_date,
        **fields,
    )
    taken = Assessment.objects.filter(microsystem=microsystem, period_label=period.label)
    if taken.exists() or assessment.overlapping().exists():
        return None
    assessment.full_clean()
    assessment.save()
    return assessment


def _weight_voices(assessment: Assessment, user) -> None:
    """Service users count double on this assessment (needs the demo stakeholders)."""
    stakeholders = list(Stakeholder.objects.filter(microsystem=assessment.microsystem))
    weights = [VOICE_WEIGHTS_BY_KIND.get(s.kind, Decimal(1)) for s in stakeholders]
    if len(set(weights)) < 2 or assessment.voice_weights.exists():
        return  # no stakeholders yet, or no service users to weigh: voices stay equal
    VoiceWeight.objects.bulk_create(
        VoiceWeight(assessment=assessment, stakeholder=stakeholder, weight=weight)
        for stakeholder, weight in zip(stakeholders, weights, strict=True)
    )
    assessment.voice_weights_rationale = VOICE_RATIONALE
    assessment.voice_weights_set_by = user
    assessment.voice_weights_set_at = (assessment.submitted_at or timezone.now()) - dt.timedelta(
        days=1
    )
    assessment.save(update_fields=["voice_weights_rationale", "voice_weights_set_by",
                                   "voice_weights_set_at"])  # fmt: skip


@transaction.atomic
def seed_assessments(today: dt.date | None = None) -> None:
    """Four approved quarters and the current one as a draft, per demo microsystem.

    Needs seed_microsystems() first. Voice weights on Eastfield Library also
    need its demo stakeholders; without them voices stay equal (run again
    after the stakeholders are seeded to add them).
    """
    today = today or timezone.localdate()
    users = get_user_model().objects.in_bulk(
        [MANAGER, FALLBACK_SUBMITTER, *{spec["lead"] for spec in MICROSYSTEMS if spec["lead"]}],
        field_name="username",
    )
    for spec in MICROSYSTEMS:
        microsystem = Microsystem.objects.get(slug=spec["slug"])
        submitter = users[spec["lead"] or FALLBACK_SUBMITTER]
        latest_approved = None
        for start in past_quarters(today, APPROVED_QUARTERS):
            submitted_at, approved_at = _review_dates(quarter_end(start), today)
            created = _create(
                microsystem,
                start,
                status=Assessment.Status.APPROVED,
                created_by=submitter,
                submitted_by=submitter,
                submitted_at=submitted_at,
                reviewed_by=users[MANAGER],
                reviewed_at=approved_at,
                review_comment=APPROVAL_NOTE,
            )
            latest_approved = (
                created
                or microsystem.assessments.filter(period_label=quarter_period(start).label).first()
            )
        _create(microsystem, today, created_by=submitter)
        if (
            spec["slug"] == VOICES_MICROSYSTEM
            and latest_approved is not None
            and latest_approved.status == Assessment.Status.APPROVED
        ):
            _weight_voices(latest_approved, submitter)


@transaction.atomic
def freeze_approved_assessments() -> int:
    """Store the record of every approved demo assessment that has none, as its
    approval would have (run after the weights and judgements are seeded). Returns
    how many were frozen."""
    frozen = 0
    approved = (
        Assessment.objects.filter(status=Assessment.Status.APPROVED, records__isnull=True)
        .select_related("microsystem", "reviewed_by")
        .select_for_update(of=("self",))
    )
    for assessment in approved:
        record_freeze(
            assessment=assessment,
            approved_by=assessment.reviewed_by,
            approved_at=assessment.reviewed_at or timezone.now(),
            comment=assessment.review_comment,
        )
        frozen += 1
    return frozen
