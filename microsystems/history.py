"""What a microsystem's History page lists from this app (core.history says how).

The profile, staff roles, activities and their staff time keep every saved
version (django-simple-history); uploads and grid saves of demand and
measurements are one PeriodDataEvent each.
"""

from core.history import HistorySource
from microsystems.models import (
    Activity,
    ActivityDemand,
    ActivityEffort,
    Microsystem,
    PeriodDataEvent,
    StaffRole,
)

ARCHIVED_RESTORE = "This microsystem is archived, so nothing of it can be restored."
GONE = "(since deleted)"


def refuse_if_archived(microsystem: Microsystem, record) -> str:
    """The unit's live data may be restored while the unit is not archived."""
    return ARCHIVED_RESTORE if microsystem.is_archived else ""


def _quoted(value: str) -> str:
    return f"“{value}”"


def _staff_time(record) -> str:
    role = record.staff_role.title if record.staff_role else GONE
    activity = record.activity.name if record.activity else GONE
    return f"Staff time of {role} on {_quoted(activity)}"


def _demand_handled(record) -> str:
    demand = record.demand_type.name if record.demand_type else GONE
    activity = record.activity.name if record.activity else GONE
    return f"{_quoted(activity)} handles {_quoted(demand)}"


def _event_what(event: PeriodDataEvent) -> str:
    kind = event.get_kind_display()
    if event.source == PeriodDataEvent.Source.UPLOAD:
        return f"{kind}: file {_quoted(event.file_name)}" if event.file_name else kind
    return f"{kind}: entry grid"


def _event_action(event: PeriodDataEvent) -> str:
    return "uploaded" if event.source == PeriodDataEvent.Source.UPLOAD else "saved"


def _event_details(event: PeriodDataEvent) -> list[tuple[str, str, str]]:
    counts = [
        ("Rows added", event.rows_added),
        ("Rows replaced", event.rows_replaced),
        ("Rows cleared", event.rows_cleared),
        ("Rows unchanged", event.rows_unchanged),
    ]
    lines = [(label, "", f"{count:,}") for label, count in counts if count]
    lines += [
        (f"{change['key']}, {change['period']}", change["from"] or "—", change["to"] or "—")
        for change in event.changes
    ]
    return lines


SOURCES = [
    HistorySource(
        kind="profile",
        label="Profile",
        rows=lambda microsystem: Microsystem.history.filter(id=microsystem.pk),
        describe=lambda record: f"Profile of {record.name}",
        restore_refusal=refuse_if_archived,
        hidden_fields=("archived_at",),
        # Restoring a description never archives the unit again or moves its address.
        kept_fields=("archived_at", "slug"),
    ),
    HistorySource(
        kind="staff_role",
        label="Staff roles",
        rows=lambda microsystem: StaffRole.history.filter(microsystem_id=microsystem.pk),
        describe=lambda record: f"Staff role {_quoted(record.title)}",
        restore_refusal=refuse_if_archived,
    ),
    HistorySource(
        kind="activity",
        label="Activities",
        rows=lambda microsystem: Activity.history.filter(microsystem_id=microsystem.pk),
        describe=lambda record: f"Activity {_quoted(record.name)}",
        restore_refusal=refuse_if_archived,
    ),
    HistorySource(
        kind="staff_time",
        label="Staff time",
        rows=lambda microsystem: ActivityEffort.history.filter(
            activity_id__in=Activity.history.filter(microsystem_id=microsystem.pk).values("id")
        ),
        describe=_staff_time,
        related=("activity", "staff_role"),
        restore_refusal=refuse_if_archived,
    ),
    HistorySource(
        kind="demand_handled",
        label="Demand handled",
        rows=lambda microsystem: ActivityDemand.history.filter(
            activity_id__in=Activity.history.filter(microsystem_id=microsystem.pk).values("id")
        ),
        describe=_demand_handled,
        related=("activity", "demand_type"),
        restore_refusal=refuse_if_archived,
    ),
    HistorySource(
        kind="period_data",
        label="Demand and measurement figures",
        rows=lambda microsystem: PeriodDataEvent.objects.filter(microsystem=microsystem),
        describe=_event_what,
        date_field="at",
        user_field="user",
        pk_field="id",
        details=_event_details,
        action=_event_action,
    ),
]
