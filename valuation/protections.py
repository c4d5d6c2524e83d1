"""What valuation's records protect in the earlier apps (registered in apps.py).

A stakeholder group's weights, judgements and voice weights keep the group from
being deleted; measurements keep the microsystem's periods from changing.
"""

from django.db.models import Exists, OuterRef

from microsystems.models import Activity, Microsystem
from stakeholders.models import Stakeholder
from valuation.models import Assessment, Judgement, Measurement, StakeholderWeight, VoiceWeight

STAKEHOLDER_IN_ASSESSMENTS = (
    "“{name}” cannot be deleted: it has weights or judgements in assessment{plural} {labels}; "
    "they keep the record of what this group said."
)


def assessments_keeping_stakeholder(stakeholder: Stakeholder) -> list[str]:
    """Period labels, oldest first, of the assessments holding the group's weights,
    judgements or voice weights (one query)."""
    holds = [
        Exists(model.objects.filter(assessment=OuterRef("pk"), stakeholder=stakeholder))
        for model in (StakeholderWeight, Judgement, VoiceWeight)
    ]
    return list(
        Assessment.objects.filter(holds[0] | holds[1] | holds[2])
        .order_by("start_date", "period_label")
        .values_list("period_label", flat=True)
    )


ACTIVITY_IN_ASSESSMENTS = (
    "“{name}” cannot be deleted: stakeholders judged it in assessment{plural} {labels}, "
    "submitted or approved; their judgements of it are part of that record. "
    "A manager can reopen an approved assessment first."
)


def assessments_keeping_activity(activity: Activity) -> list[str]:
    """Period labels, oldest first, of the submitted or approved assessments that hold
    judgements of the activity (one query). A draft's judgements of it go with it."""
    return list(
        Assessment.objects.exclude(status=Assessment.Status.DRAFT)
        .filter(Exists(Judgement.objects.filter(assessment=OuterRef("pk"), activity=activity)))
        .order_by("start_date", "period_label")
        .values_list("period_label", flat=True)
    )


def has_measurements(microsystem: Microsystem) -> bool:
    """Measurements are aligned to the microsystem's periods (one query)."""
    return Measurement.objects.filter(microsystem=microsystem).exists()
