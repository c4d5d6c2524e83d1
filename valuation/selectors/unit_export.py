"""Everything a unit holds, as the rows of its export files: one query per file.

Rows name what they refer to (a stakeholder's name, a measure's code, a
dimension's name, an assessment's period label), never an id, so that the
files mean the same in another database (valuation.unit_files).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q

from microsystems.models import (
    Activity,
    ActivityDemand,
    ActivityEffort,
    DemandType,
    Microsystem,
    StaffRole,
)
from microsystems.selectors.demand_entry import demand_export_rows
from stakeholders.models import Expectation, Stakeholder
from valuation.models import (
    Assessment,
    AssessmentRecord,
    DimensionWeight,
    Judgement,
    Measure,
    Measurement,
    MeasureTarget,
    StakeholderWeight,
    ValueDimension,
    VoiceWeight,
    used_by_condition,
)
from valuation.selectors.measurements import measurement_export_rows
from valuation.unit_files import CSV_COLUMNS, RECORD_FIELDS

PROFILE_FIELDS = CSV_COLUMNS["profile.csv"]


@dataclass(frozen=True)
class UnitExport:
    """The rows of every CSV of the export (by file name), and the frozen records."""

    tables: dict[str, list[tuple[Any, ...]]]
    # One dict per record: the assessment's period label, then RECORD_FIELDS, as stored.
    records: list[dict[str, Any]]


def _by_name(answers: Any, names: dict[int, str]) -> Any:
    """A weights' `answers` with dimension ids replaced by dimension names."""

    def name(dimension_id: Any) -> Any:
        try:
            return names.get(int(dimension_id), dimension_id)
        except (TypeError, ValueError):
            return dimension_id

    if isinstance(answers, dict):
        return {name(key): value for key, value in answers.items()}
    if isinstance(answers, list):
        return [[name(row), name(column), value] for row, column, value in answers]
    return answers


def _lookups(file: str, **lookups: str) -> tuple[str, ...]:
    """The ORM lookups of `file`'s columns (CSV_COLUMNS): a column's own name, or the
    lookup given for it here (a relation named by its name, code or label)."""
    unknown = set(lookups) - set(CSV_COLUMNS[file])
    if unknown:
        raise ValueError(f"{file} has no column {sorted(unknown)}")
    return tuple(lookups.get(column, column) for column in CSV_COLUMNS[file])


def unit_export(microsystem: Microsystem) -> UnitExport:
    """Every row of `microsystem`'s export (18 queries, whatever the data size)."""
    unit = microsystem
    tables: dict[str, list[tuple[Any, ...]]] = {
        "profile.csv": [tuple(getattr(unit, field) for field in PROFILE_FIELDS)],
        "demand_types.csv": list(
            DemandType.objects.filter(microsystem=unit)
            .order_by("name")
            .values_list(*_lookups("demand_types.csv"))
        ),
        "demand.csv": demand_export_rows(unit),
        "staff.csv": list(
            StaffRole.objects.filter(microsystem=unit)
            .order_by("title")
            .values_list(*_lookups("staff.csv"))
        ),
        "activities.csv": list(
            Activity.objects.filter(microsystem=unit)
            .order_by("name")
            .values_list(*_lookups("activities.csv"))
        ),
        "activity_demand.csv": list(
            ActivityDemand.objects.filter(activity__microsystem=unit)
            .order_by("activity__name", "demand_type__name")
            .values_list(
                *_lookups(
                    "activity_demand.csv",
                    activity="activity__name",
                    demand_type="demand_type__name",
                )
            )
        ),
        "activity_effort.csv": list(
            ActivityEffort.objects.filter(activity__microsystem=unit)
            .order_by("activity__name", "staff_role__title")
            .values_list(
                *_lookups(
                    "activity_effort.csv", activity="activity__name", staff_role="staff_role__title"
                )
            )
        ),
        "stakeholders.csv": list(
            Stakeholder.objects.filter(microsystem=unit)
            .order_by("name")
            .values_list(*_lookups("stakeholders.csv"))
        ),
        "expectations.csv": list(
            Expectation.objects.filter(stakeholder__microsystem=unit)
            .order_by("stakeholder__name", "priority", "pk")
            .values_list(*_lookups("expectations.csv", stakeholder="stakeholder__name"))
        ),
        "measures.csv": list(
            Measure.objects.annotate(
                chosen_for_unit=Exists(
                    Measure.microsystems.through.objects.filter(
                        measure_id=OuterRef("pk"), microsystem_id=unit.pk
                    )
                )
            )
            .filter(
                used_by_condition(unit)
                | Q(Exists(Measurement.objects.filter(measure=OuterRef("pk"), microsystem=unit)))
                | Q(Exists(MeasureTarget.objects.filter(measure=OuterRef("pk"), microsystem=unit)))
            )
            .order_by("code")
            .values_list(*_lookups("measures.csv", dimension="dimension__name"))
        ),
        "measure_targets.csv": list(
            MeasureTarget.objects.filter(microsystem=unit)
            .order_by("measure__code")
            .values_list(*_lookups("measure_targets.csv", measure="measure__code"))
        ),
        "measurements.csv": measurement_export_rows(unit),
        "assessments.csv": list(
            Assessment.objects.filter(microsystem=unit)
            .order_by("start_date")
            .values_list(*_lookups("assessments.csv"))
        ),
        "dimension_weights.csv": list(
            DimensionWeight.objects.filter(stakeholder_weight__assessment__microsystem=unit)
            .order_by(
                "stakeholder_weight__assessment__start_date",
                "stakeholder_weight__stakeholder__name",
                "dimension__order",
                "dimension__name",
            )
            .values_list(
                *_lookups(
                    "dimension_weights.csv",
                    assessment="stakeholder_weight__assessment__period_label",
                    stakeholder="stakeholder_weight__stakeholder__name",
                    dimension="dimension__name",
                )
            )
        ),
        "judgements.csv": list(
            Judgement.objects.filter(assessment__microsystem=unit)
            .order_by(
                "assessment__start_date",
                "stakeholder__name",
                "dimension__order",
                "dimension__name",
                "activity__name",
            )
            .values_list(
                *_lookups(
                    "judgements.csv",
                    assessment="assessment__period_label",
                    stakeholder="stakeholder__name",
                    dimension="dimension__name",
                    activity="activity__name",
                )
            )
        ),
        "voices.csv": list(
            VoiceWeight.objects.filter(assessment__microsystem=unit)
            .order_by("assessment__start_date", "stakeholder__name")
            .values_list(
                *_lookups(
                    "voices.csv",
                    assessment="assessment__period_label",
                    stakeholder="stakeholder__name",
                )
            )
        ),
    }
    dimension_names = dict(ValueDimension.objects.values_list("pk", "name"))
    tables["weights.csv"] = [
        (label, stakeholder, method, _by_name(answers, dimension_names), ratio)
        for label, stakeholder, method, answers, ratio in StakeholderWeight.objects.filter(
            assessment__microsystem=unit
        )
        .order_by("assessment__start_date", "stakeholder__name")
        .values_list(
            *_lookups(
                "weights.csv",
                assessment="assessment__period_label",
                stakeholder="stakeholder__name",
            )
        )
    ]
    records = [
        {"assessment": row.pop("assessment__period_label"), **row}
        for row in AssessmentRecord.objects.filter(assessment__microsystem=unit)
        .order_by("assessment__start_date", "version")
        .values("assessment__period_label", *RECORD_FIELDS)
    ]
    return UnitExport(tables=tables, records=records)
