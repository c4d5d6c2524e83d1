"""What a microsystem's History page lists from this app: stakeholders and expectations."""

from core.history import HistorySource
from microsystems.history import GONE, refuse_if_archived
from stakeholders.models import Expectation, Stakeholder


def _expectation(record) -> str:
    who = record.stakeholder.name if record.stakeholder else GONE
    return f"Expectation of {who}: “{record.statement[:60]}”"


SOURCES = [
    HistorySource(
        kind="stakeholder",
        label="Stakeholders",
        rows=lambda microsystem: Stakeholder.history.filter(microsystem_id=microsystem.pk),
        describe=lambda record: f"Stakeholder group “{record.name}”",
        restore_refusal=refuse_if_archived,
    ),
    HistorySource(
        kind="expectation",
        label="Expectations",
        rows=lambda microsystem: Expectation.history.filter(
            stakeholder_id__in=Stakeholder.history.filter(microsystem_id=microsystem.pk).values(
                "id"
            )
        ),
        describe=_expectation,
        related=("stakeholder",),
        restore_refusal=refuse_if_archived,
    ),
]
