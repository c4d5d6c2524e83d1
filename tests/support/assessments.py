"""A much bigger world of assessments, for the query-count tests (grow_the_world).

`grow_assessments` adds, around the fixture microsystem: 20 older quarterly
assessments of it (2005 to 2009, some approved, some returned), 30 more
stakeholder groups, voice weights for every stakeholder in the fixture
assessment, and a submitted assessment in every other microsystem of its
organisation, so the review queue and the lists have plenty to show.

Call it after grow_perspectives, which gives every assessment existing at that
moment weights and judgements for every stakeholder: the 20 old assessments
stay light, and the 30 groups added here stay without weights, so the
submission checklist has names to list.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from microsystems.models import Microsystem
from stakeholders.models import Stakeholder
from valuation.models import (
    Assessment,
    VoiceWeight,
)
from valuation.selectors.assessments import quarter_period


def grow_assessments(microsystem: Microsystem) -> None:
    submitter = get_user_model().objects.create_user(username="grown-submitter")
    now = timezone.now()
    history = []
    for number in range(20):
        period = quarter_period(dt.date(2005 + number // 4, 3 * (number % 4) + 1, 1))
        approved = number % 3 != 0
        history.append(
            Assessment(
                microsystem=microsystem,
                period_label=period.label,
                start_date=period.start_date,
                end_date=period.end_date,
                status=Assessment.Status.APPROVED if approved else Assessment.Status.DRAFT,
                submitted_by=submitter,
                submitted_at=now,
                reviewed_by=submitter,
                reviewed_at=now,
                review_comment="Approved." if approved else "Returned: add the judgements.",
            )
        )
    Assessment.objects.bulk_create(history)

    neighbours = Microsystem.objects.filter(organisation=microsystem.organisation).exclude(
        pk=microsystem.pk
    )
    Assessment.objects.bulk_create(
        Assessment(
            microsystem=neighbour,
            period_label="2026 Q3",
            start_date=dt.date(2026, 7, 1),
            end_date=dt.date(2026, 9, 30),
            status=Assessment.Status.SUBMITTED,
            submitted_by=submitter,
            submitted_at=now,
        )
        for neighbour in neighbours
    )

    Stakeholder.objects.bulk_create(
        Stakeholder(microsystem=microsystem, name=f"Voice group {number}", kind="public")
        for number in range(30)
    )
    assessment = Assessment.objects.filter(microsystem=microsystem, period_label="2025").first()
    if assessment is None:
        return
    VoiceWeight.objects.bulk_create(
        VoiceWeight(assessment=assessment, stakeholder=stakeholder, weight=Decimal(1 + number % 3))
        for number, stakeholder in enumerate(Stakeholder.objects.filter(microsystem=microsystem))
    )
