"""A unit export (valuation.unit_files) taken in as a new microsystem: all of it, or nothing.

Every row is checked as the app checks what people enter: each record by its
model's own rules (`full_clean`: choices, ranges, required text, unique names,
non-overlapping assessments), demand and measurements by their uploads' row
checks. Every problem is reported, naming the file, the row (as a spreadsheet
numbers it: the headers are row 1) and the column; one problem and nothing is
saved, because everything is written in one transaction.

What the import decides:
- The unit keeps its slug when it is free; otherwise it gets the next free
  numbered one (core.naming.unique_slug) and the command says so. Its name must
  be free in the organisation.
- Value dimensions are named, and must exist: they are configuration an
  administrator decides (the five defaults exist everywhere). A missing one is
  refused, naming it.
- Measures are named by code. A measure that exists is used as it stands (this
  instance's configuration wins) and, if the unit chose it there, is chosen for
  the new unit too; a missing one is created from its row in measures.csv.
- Assessments come in with their status and every input (settings, weights,
  judgements, voices). An approved assessment brings its frozen records as they
  were stored, so its figures are those it was approved on. Nobody is made up:
  who approved, submitted or recorded is left empty here, and the record keeps
  `approved_by_name`, the name as it was.
- Not carried: memberships (give `lead`), improvement ideas (their owner is a
  person of the other instance), edit history and transitions.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from core.naming import unique_slug
from core.tabular_files import unescape_formula
from microsystems.demand_rows import DEMAND, demand_type_lookup
from microsystems.models import (
    Activity,
    ActivityDemand,
    ActivityEffort,
    DemandObservation,
    DemandType,
    Membership,
    Microsystem,
    Organisation,
    StaffRole,
)
from microsystems.period_data.rows import validate_rows as validate_period_rows
from stakeholders.models import Expectation, Stakeholder
from valuation.measurement_files import MeasureChoice, measure_lookup
from valuation.measurement_files import validate_rows as validate_measurement_rows
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
)
from valuation.records.codec import CodecError, decode
from valuation.scoring.engine import AssessmentInputs, AssessmentResult
from valuation.selectors.perspectives import PerspectiveFrames
from valuation.unit_files import (
    CSV_COLUMNS,
    RECORD_FIELDS,
    RECORDS,
    UnitFileError,
    UnitFiles,
    read_zip,
)

ROW_PROBLEM = "{file}, row {row}, column {column}: {problem}"
UNKNOWN_NAME = "no {noun} “{value}” in {source}"
NO_DIMENSION = (
    "there is no value dimension “{value}” here; an administrator adds it (Value dimensions) "
    "before the import"
)
NAME_TAKEN = (
    "{organisation} already has a microsystem called “{name}”; import into another "
    "organisation, or rename that one first"
)
NO_SUCH_LEAD = "No active user has the e-mail address “{email}”; invite them first."
NO_WEIGHTS = "weights.csv has no weights of this stakeholder in this assessment"
ANSWERS_UNREADABLE = "the answers are not the JSON of weights ({reason})"
RECORD_UNREADABLE = "its frozen figures cannot be read ({reason})"
RECORD_PROBLEM = "{file}, record {number}: {problem}"
SAVED_MEANWHILE = "Someone saved a record with the same name meanwhile; run the import again."

# What each frozen part of a record decodes to (valuation.records.codec).
FROZEN_KINDS = {
    "inputs": AssessmentInputs,
    "result": AssessmentResult,
    "perspectives": PerspectiveFrames,
}


@dataclass
class ImportedUnit:
    microsystem: Microsystem
    source_slug: str
    # File name -> how many rows were taken in.
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def slug_changed(self) -> bool:
        return self.microsystem.slug != self.source_slug


class _Problems:
    """Every problem found, raised together (UnitFileError) at the end of a step."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, file: str, row: int, column: str, problem: str) -> None:
        self.messages.append(ROW_PROBLEM.format(file=file, row=row, column=column, problem=problem))

    def raise_any(self) -> None:
        if self.messages:
            raise UnitFileError(self.messages)


def _rows(files: UnitFiles, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, column -> cell text) for each data row of one CSV, formulas unescaped."""
    columns = CSV_COLUMNS[name]
    for row_number, cells in files.tables[name][1:]:
        padded = (*cells, *[""] * (len(columns) - len(cells)))
        yield (
            row_number,
            {
                column: unescape_formula("" if value is None else str(value))
                for column, value in zip(columns, padded, strict=False)
            },
        )


def _checked(
    model: type[models.Model],
    problems: _Problems,
    file: str,
    row: int,
    values: dict[str, Any],
    **related: Any,
) -> models.Model | None:
    """An instance from cell texts (and related objects), checked by its model's rules;
    None, with the problems noted, if it breaks any."""
    fields = {}
    for name, text in values.items():
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.BooleanField):
            text = {"true": True, "false": False}.get(text.strip().lower(), text)
        fields[name] = None if text == "" and model_field.null else text
    instance = model(**fields, **related)
    try:
        instance.full_clean()
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            for message in messages:
                column_name = "(row)" if column == "__all__" else column
                problems.add(file, row, column_name, message)
        return None
    return instance


# A column that names a record of another file: what to call it, and where it is listed.
REFERENCES = {
    "activity": ("activity", "activities.csv"),
    "demand_type": ("demand type", "demand_types.csv"),
    "staff_role": ("staff role", "staff.csv"),
    "stakeholder": ("stakeholder", "stakeholders.csv"),
    "measure": ("measure", "measures.csv"),
    "assessment": ("assessment", "assessments.csv"),
}


def _find(
    lookup: dict[str, Any], problems: _Problems, file: str, row: int, column: str, value: str
) -> Any:
    """The record `value` names in `lookup` (case-folded names), or None with the problem."""
    found = lookup.get(value.casefold())
    if found is None and column == "dimension":
        problems.add(file, row, column, NO_DIMENSION.format(value=value))
    elif found is None:
        noun, source = REFERENCES[column]
        problems.add(file, row, column, UNKNOWN_NAME.format(noun=noun, value=value, source=source))
    return found


def unit_import(
    *,
    content: bytes,
    file_name: str,
    organisation: Organisation,
    lead_email: str = "",
) -> ImportedUnit:
    """Read the ZIP and create its unit in `organisation`: everything, or UnitFileError."""
    files = read_zip(file_name, content)
    lead = None
    if lead_email:
        lead = (
            get_user_model()
            .objects.filter(email__iexact=lead_email, is_active=True)
            .order_by("pk")
            .first()
        )
        if lead is None:
            raise UnitFileError([NO_SUCH_LEAD.format(email=lead_email)])
    try:
        return _import(files, organisation, lead)
    except IntegrityError:
        raise UnitFileError([SAVED_MEANWHILE]) from None


@transaction.atomic
def _import(
    files: UnitFiles, organisation: Organisation, lead: AbstractBaseUser | None
) -> ImportedUnit:
    """Each step checks all its rows and raises their problems before the next step reads
    what it made; any problem rolls the whole import back."""
    problems = _Problems()
    source_slug = files.manifest["source_unit"]["slug"]
    unit = _import_profile(files, organisation, source_slug, problems)
    if lead is not None:
        Membership.objects.create(user=lead, microsystem=unit, role=Membership.Role.LEAD)

    named = {
        "demand_type": _import_named(files, "demand_types.csv", DemandType, "name", problems,
                                     microsystem=unit),
        "staff_role": _import_named(files, "staff.csv", StaffRole, "title", problems,
                                    microsystem=unit),
        "activity": _import_named(files, "activities.csv", Activity, "name", problems,
                                  microsystem=unit),
        "stakeholder": _import_named(files, "stakeholders.csv", Stakeholder, "name", problems,
                                     microsystem=unit),
        "dimension": {dimension.name.casefold(): dimension
                      for dimension in ValueDimension.objects.all()},
    }  # fmt: skip
    problems.raise_any()
    _import_links(files, "activity_demand.csv", ActivityDemand, named, problems)
    _import_links(files, "activity_effort.csv", ActivityEffort, named, problems)
    _import_links(files, "expectations.csv", Expectation, named, problems)
    problems.raise_any()

    named["measure"] = _import_measures(files, unit, named["dimension"], problems)
    problems.raise_any()
    _import_links(files, "measure_targets.csv", MeasureTarget, named, problems, microsystem=unit)
    _import_period_data(files, unit, named["demand_type"], named["measure"], problems)
    problems.raise_any()

    named["assessment"] = _import_named(
        files, "assessments.csv", Assessment, "period_label", problems, microsystem=unit
    )
    problems.raise_any()
    weights = _import_weights(files, named, problems)
    problems.raise_any()
    for row, values in _rows(files, "dimension_weights.csv"):
        header = weights.get(f"{values.pop('assessment')}\n{values.pop('stakeholder')}".casefold())
        if header is None:
            problems.add("dimension_weights.csv", row, "stakeholder", NO_WEIGHTS)
            continue
        _import_link(
            "dimension_weights.csv", row, values, DimensionWeight, named, problems,
            stakeholder_weight=header,
        )  # fmt: skip
    _import_links(files, "judgements.csv", Judgement, named, problems)
    _import_links(files, "voices.csv", VoiceWeight, named, problems)
    problems.raise_any()
    _import_records(files, named["assessment"], problems)
    problems.raise_any()
    counts = {name: len(files.tables[name]) - 1 for name in CSV_COLUMNS}
    return ImportedUnit(
        microsystem=unit, source_slug=source_slug, counts={**counts, RECORDS: len(files.records)}
    )


def _import_links(
    files: UnitFiles,
    file: str,
    model: type[models.Model],
    named: dict[str, dict[str, models.Model]],
    problems: _Problems,
    **fixed: Any,
) -> None:
    """Rows whose columns named in `named` refer to records made before; the rest are values."""
    for row, values in _rows(files, file):
        _import_link(file, row, values, model, named, problems, **fixed)


def _import_link(
    file: str,
    row: int,
    values: dict[str, str],
    model: type[models.Model],
    named: dict[str, dict[str, models.Model]],
    problems: _Problems,
    **fixed: Any,
) -> models.Model | None:
    """One row as a new record, or None with its problems noted."""
    related, found_all = {}, True
    for column in [column for column in values if column in named]:
        text = values.pop(column)
        # Only a judgement's activity may be blank: then it judges the whole unit.
        if column == "activity" and text == "":
            related[column] = None
            continue
        related[column] = _find(named[column], problems, file, row, column, text)
        found_all = found_all and related[column] is not None
    if not found_all:
        return None
    instance = _checked(model, problems, file, row, values, **related, **fixed)
    if instance is not None:
        instance.save()
    return instance


def _import_profile(
    files: UnitFiles, organisation: Organisation, source_slug: str, problems: _Problems
) -> Microsystem:
    rows = list(_rows(files, "profile.csv"))
    if len(rows) != 1:
        raise UnitFileError(
            [f"profile.csv must hold exactly one row, the unit; it holds {len(rows)}."]
        )
    row, values = rows[0]
    if organisation.microsystems.filter(name__iexact=values["name"]).exists():
        raise UnitFileError([NAME_TAKEN.format(organisation=organisation, name=values["name"])])
    taken = Microsystem.objects.filter(slug=source_slug).exists()
    slug = (
        source_slug
        if source_slug and not taken
        else unique_slug(
            Microsystem.objects.all(),
            source_slug or values["name"],
            max_length=200,
            fallback="microsystem",
        )
    )
    unit = _checked(
        Microsystem, problems, "profile.csv", row, values, organisation=organisation, slug=slug
    )
    problems.raise_any()
    unit.save()
    return unit


def _import_named(
    files: UnitFiles,
    file: str,
    model: type[models.Model],
    name_field: str,
    problems: _Problems,
    **related: Any,
) -> dict[str, models.Model]:
    """Each row as a new record; case-folded name -> record, for the files that refer to it."""
    created = {}
    for row, values in _rows(files, file):
        instance = _checked(model, problems, file, row, values, **related)
        if instance is not None:
            key = values[name_field].casefold()
            if key in created:
                problems.add(file, row, name_field, f"“{values[name_field]}” is listed twice")
                continue
            instance.save()
            created[key] = instance
    return created


def _import_measures(
    files: UnitFiles,
    unit: Microsystem,
    dimensions: dict[str, ValueDimension],
    problems: _Problems,
) -> dict[str, Measure]:
    """The file's measures by code: existing ones as they are, missing ones created."""
    file = "measures.csv"
    rows = list(_rows(files, file))
    existing = {
        measure.code.casefold(): measure
        for measure in Measure.objects.filter(code__in=[values["code"] for _, values in rows])
    }
    measures: dict[str, Measure] = {}
    for row, values in rows:
        chosen = values.pop("chosen_for_unit") == "true"
        measure = existing.get(values["code"].casefold())
        if measure is None:
            dimension = _find(dimensions, problems, file, row, "dimension", values.pop("dimension"))
            if dimension is None:
                continue
            measure = _checked(Measure, problems, file, row, values, dimension=dimension)
            if measure is None:
                continue
            measure.save()
        if chosen and not measure.applies_to_all:
            measure.microsystems.add(unit)
        measures[measure.code.casefold()] = measure
    return measures


def _import_period_data(
    files: UnitFiles,
    unit: Microsystem,
    demand_types: dict[str, DemandType],
    measures: dict[str, Measure],
    problems: _Problems,
) -> None:
    """Demand and measurements, checked by their uploads' own row checks."""
    granularity = unit.period_granularity
    rows = files.tables["demand.csv"]
    if len(rows) > 1:
        types = [(demand_type.pk, demand_type.name) for demand_type in demand_types.values()]
        validated = validate_period_rows(
            DEMAND,
            rows,
            lookup=demand_type_lookup(types),
            key_names=dict(types),
            granularity=granularity,
        )
        problems.messages += [f"demand.csv: {message}" for message in validated.errors.messages]
        if not validated.errors:
            DemandObservation.objects.bulk_create(
                DemandObservation(demand_type_id=type_id, period_start=start, volume=row.value)
                for (type_id, start), row in validated.values.items()
            )
    rows = files.tables["measurements.csv"]
    if len(rows) > 1:
        # Every measure of the file takes values: a retired measure's history is the unit's
        # record, which the upload would refuse to change but the import must carry.
        choices = [MeasureChoice(id=m.pk, code=m.code, name=m.name) for m in measures.values()]
        validated = validate_measurement_rows(
            rows, lookup=measure_lookup(choices), granularity=granularity
        )
        problems.messages += [
            f"measurements.csv: {message}" for message in validated.errors.messages
        ]
        if not validated.errors:
            Measurement.objects.bulk_create(
                Measurement(
                    microsystem=unit,
                    measure_id=measure_id,
                    period_start=start,
                    value=row.value,
                    note=row.note or "",
                )
                for (measure_id, start), row in validated.values.items()
            )


def _import_weights(
    files: UnitFiles, named: dict[str, dict[str, models.Model]], problems: _Problems
) -> dict[str, StakeholderWeight]:
    """Each stakeholder's weights; "label\\nstakeholder" (case-folded) -> the new row."""
    file = "weights.csv"
    created = {}
    for row, values in _rows(files, file):
        key = f"{values['assessment']}\n{values['stakeholder']}".casefold()
        answers = _answers_with_ids(values.pop("answers"), named["dimension"], problems, row)
        if answers is None:
            continue
        weight = _import_link(
            file, row, values, StakeholderWeight, named, problems, answers=answers
        )
        if weight is not None:
            created[key] = weight
    return created


def _answers_with_ids(
    text: str, dimensions: dict[str, ValueDimension], problems: _Problems, row: int
) -> Any:
    """The answers as stored: dimension names (as exported) back to this database's ids."""
    try:
        answers = json.loads(text or "null")
        if isinstance(answers, dict):
            return {str(_dimension_id(name, dimensions)): value for name, value in answers.items()}
        if isinstance(answers, list):
            return [
                [_dimension_id(a, dimensions), _dimension_id(b, dimensions), value]
                for a, b, value in answers
            ]
        raise ValueError("expected an object or a list")
    except (ValueError, TypeError) as error:
        problems.add("weights.csv", row, "answers", ANSWERS_UNREADABLE.format(reason=error))
    except LookupError as error:
        problems.add("weights.csv", row, "answers", NO_DIMENSION.format(value=error.args[0]))
    return None


def _dimension_id(name: Any, dimensions: dict[str, ValueDimension]) -> int:
    found = dimensions.get(str(name).casefold())
    if found is None:
        raise LookupError(name)
    return found.pk


def _import_records(
    files: UnitFiles, assessments: dict[str, Assessment], problems: _Problems
) -> None:
    """Approved assessments' frozen records, as stored; nobody is named as approver here."""
    for number, data in enumerate(files.records, start=1):
        assessment = assessments.get(str(data.get("assessment", "")).casefold())
        missing = [name for name in RECORD_FIELDS if name not in data]
        if assessment is None or missing:
            problem = (
                f"it lacks {', '.join(missing)}"
                if missing
                else UNKNOWN_NAME.format(
                    noun="assessment", value=data.get("assessment"), source="assessments.csv"
                )
            )
            problems.messages.append(
                RECORD_PROBLEM.format(file=RECORDS, number=number, problem=problem)
            )
            continue
        values = {name: data[name] for name in RECORD_FIELDS}
        for name in ("approved_at", "frozen_at", "superseded_at"):
            if values[name] is not None:
                try:
                    values[name] = datetime.fromisoformat(values[name])
                except (TypeError, ValueError):
                    problem = f"{name} is not a date and time"
                    problems.messages.append(
                        RECORD_PROBLEM.format(file=RECORDS, number=number, problem=problem)
                    )
                    values = None
                    break
        if values is None:
            continue
        try:
            # What the approved pages will decode: a record they cannot read is refused here.
            for name, kind in FROZEN_KINDS.items():
                if not isinstance(decode(values[name]), kind):
                    raise TypeError(f"{name} is not {kind.__name__}")
        except (CodecError, KeyError, TypeError, ValueError, AttributeError) as error:
            problem = RECORD_UNREADABLE.format(reason=error)
            problems.messages.append(
                RECORD_PROBLEM.format(file=RECORDS, number=number, problem=problem)
            )
            continue
        record = AssessmentRecord(assessment=assessment, **values)
        try:
            record.full_clean()
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                for message in messages:
                    problems.messages.append(
                        RECORD_PROBLEM.format(
                            file=RECORDS, number=number, problem=f"{column}: {message}"
                        )
                    )
            continue
        record.save()
