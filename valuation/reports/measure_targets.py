"""A unit's own targets in words: each measure with the organisation's default and the
unit's own baseline and target, who set them, when and why.

valuation.selectors.measure_targets (annotated measures) -> this module.
"""

from dataclasses import dataclass
from datetime import datetime

from valuation.models import Measure
from valuation.reports.measurements import with_unit

DEFAULT_WORDS = "Organisation default"


def person_name(first: str | None, last: str | None, username: str | None) -> str:
    full = f"{first or ''} {last or ''}".strip()
    return full or username or "someone since removed"


@dataclass(frozen=True)
class TargetRow:
    measure: Measure
    direction: str
    default_baseline: str
    default_target: str
    has_own: bool
    own_baseline: str
    own_target: str
    reason: str
    set_by: str
    set_at: datetime | None


def target_rows(measures: list[Measure]) -> list[TargetRow]:
    rows = []
    for measure in measures:
        has_own = measure.own_baseline is not None or measure.own_target is not None
        rows.append(
            TargetRow(
                measure=measure,
                direction=measure.get_direction_display(),
                default_baseline=with_unit(measure.baseline, measure.unit),
                default_target=with_unit(measure.target, measure.unit),
                has_own=has_own,
                own_baseline=with_unit(measure.own_baseline, measure.unit) if has_own else "",
                own_target=with_unit(measure.own_target, measure.unit) if has_own else "",
                reason=measure.own_reason or "",
                set_by=person_name(
                    measure.own_set_by_first,
                    measure.own_set_by_last,
                    measure.own_set_by_username,
                )
                if has_own
                else "",
                set_at=measure.own_set_at,
            )
        )
    return rows
