"""A unit's data as a ZIP of CSV files: the format, writing it, and reading it back safely.

The ZIP moves one microsystem to another instance (`manage.py import_unit`).
Format version 1 holds exactly these files, and no others:

    manifest.json            format, format_version, source unit, exported_at
    profile.csv              the five Ps and how demand is recorded (one row)
    demand_types.csv         name, description, source, nature, unit, handling_minutes
    demand.csv               the demand upload's own format (demand_type, period_start, volume)
    staff.csv                title, fte, hours_per_fte, hourly_cost, skills, new_uses
    activities.csv           name, description, other_costs, classification, preventive,
                             contribution
    activity_demand.csv      activity, demand_type: which demand each activity handles
    activity_effort.csv      activity, staff_role, hours_per_period
    stakeholders.csv         name, kind, description, power, interest, consultation
    expectations.csv         stakeholder, statement, kind, priority
    measures.csv             the measures the unit uses or has values of, by code
    measure_targets.csv      the unit's own baseline and target for a measure, with the reason
    measurements.csv         the measurement upload's own format (measure, period_start, value,
                             note)
    assessments.csv          period_label, dates, status, settings, review fields
    weights.csv              each stakeholder's weights per assessment: method, answers
                             (JSON naming dimensions), consistency_ratio
    dimension_weights.csv    the normalised weight of each dimension within those weights
    judgements.csv           assessment, stakeholder, dimension, activity (blank: the unit),
                             score, rationale
    voices.csv               voice weights per assessment and stakeholder
    assessment_records.json  approved assessments' frozen records, as stored

Everything is named, never numbered: demand types, activities and stakeholders
by name, measures by code, dimensions by name, assessments by period label, so
the files mean the same in a database whose ids differ. Text that a
spreadsheet would run as a formula starts with an apostrophe (core.spreadsheets),
which the import removes. Choices are written as stored ("service_users"),
yes/no as "true"/"false", dates as YYYY-MM-DD, blanks as empty cells.

Pure Python: no database.
"""

import io
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from core.spreadsheets import exchange_csv_bytes
from core.tabular_files import TabularFileError, read_table
from microsystems.demand_rows import DEMAND
from microsystems.period_data.files import write_csv
from valuation.measurement_files import MEASUREMENTS

FORMAT_NAME = "microsystem-unit"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
RECORDS = "assessment_records.json"

# An assessment record's fields the export writes and the import reads, as stored,
# besides its assessment's period label.
RECORD_FIELDS = (
    "version",
    "approved_at",
    "approved_by_name",
    "approval_comment",
    "frozen_at",
    "frozen_on_first_view",
    "superseded_at",
    "superseded_by_name",
    "reopen_reason",
    "inputs",
    "result",
    "perspectives",
    "context",
    "pages",
    "value_for_money",
    "overall_value",
    "money_per_month",
    "disagreement",
    "contested_dimension_count",
    "contested_dimension_names",
    "failure_demand_share",
    "failure_cost_per_month",
    "demand_per_month",
)

# File name -> its columns, in order. Demand and measurements keep their uploads' columns.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "profile.csv": (
        "name",
        "purpose",
        "public_value_goal",
        "people_served",
        "professionals",
        "processes",
        "patterns",
        "period_granularity",
    ),
    "demand_types.csv": ("name", "description", "source", "nature", "unit", "handling_minutes"),
    "demand.csv": DEMAND.columns,
    "staff.csv": ("title", "fte", "hours_per_fte", "hourly_cost", "skills", "new_uses"),
    "activities.csv": (
        "name",
        "description",
        "other_costs",
        "classification",
        "preventive",
        "contribution",
    ),
    "activity_demand.csv": ("activity", "demand_type"),
    "activity_effort.csv": ("activity", "staff_role", "hours_per_period"),
    "stakeholders.csv": ("name", "kind", "description", "power", "interest", "consultation"),
    "expectations.csv": ("stakeholder", "statement", "kind", "priority"),
    "measures.csv": (
        "code",
        "name",
        "description",
        "dimension",
        "kind",
        "unit",
        "direction",
        "baseline",
        "target",
        "rollup",
        "side",
        "active",
        "applies_to_all",
        "chosen_for_unit",
    ),
    "measure_targets.csv": ("measure", "baseline", "target", "reason"),
    "measurements.csv": MEASUREMENTS.columns,
    "assessments.csv": (
        "period_label",
        "start_date",
        "end_date",
        "status",
        "judgement_share",
        "voice_weights_rationale",
        "submitted_at",
        "reviewed_at",
        "review_comment",
    ),
    "weights.csv": ("assessment", "stakeholder", "method", "answers", "consistency_ratio"),
    "dimension_weights.csv": ("assessment", "stakeholder", "dimension", "weight"),
    "judgements.csv": ("assessment", "stakeholder", "dimension", "activity", "score", "rationale"),
    "voices.csv": ("assessment", "stakeholder", "weight"),
}
FILE_NAMES = (MANIFEST, *CSV_COLUMNS, RECORDS)

# Columns holding numbers, dates and choices: written as they are, never escaped.
_NOT_TEXT = {
    "handling_minutes", "volume", "fte", "hours_per_fte", "hourly_cost", "other_costs",
    "preventive", "power", "interest", "priority", "hours_per_period", "baseline", "target",
    "active", "applies_to_all", "chosen_for_unit", "start_date", "end_date", "period_start",
    "value", "judgement_share", "submitted_at", "reviewed_at", "consistency_ratio", "weight",
    "score", "answers", "source", "nature", "classification", "kind", "direction", "rollup",
    "side", "status", "method", "period_granularity",
}  # fmt: skip

# The whole ZIP, unpacked, may hold this much; each CSV is also held to the upload limit
# (core.tabular_files.MAX_FILE_BYTES). Read with a bounded read, so a ZIP whose headers
# understate its sizes (a zip bomb) is stopped at the limit, not after unpacking.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ZIP_BYTES = 64 * 1024 * 1024

NOT_A_ZIP = "“{name}” is not a ZIP file. Export the unit again and import the .zip it gives."
ZIP_TOO_LARGE = (
    "“{name}” unpacks to more than {limit_mb} MB, more than a unit export holds; "
    "it is not an export of this application."
)
FILES_MISSING = "The ZIP lacks {names}; a unit export holds every one of its files."
FILES_EXTRA = (
    "The ZIP holds {names}, which a unit export does not have; import the ZIP exactly as exported."
)
MANIFEST_UNREADABLE = "manifest.json is not the manifest of a unit export ({reason})."
FORMAT_UNKNOWN = (
    "manifest.json says format version {version}; this application reads version "
    f"{FORMAT_VERSION} of the unit export."
)
HEADERS_WRONG = "{file}, row {row}: the columns must be exactly {columns}."
RECORDS_UNREADABLE = f"{RECORDS} cannot be read ({{reason}})."


class UnitFileError(Exception):
    """The ZIP cannot be imported; `messages` say why, naming the file and the row."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def cell_text(value: Any) -> str:
    """A value as the files write it: plain digits, ISO dates, true/false, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)


def csv_file(name: str, rows: Iterable[Sequence[Any]]) -> bytes:
    """One of CSV_COLUMNS' files; demand and measurements as their downloads write them."""
    if name == "demand.csv":
        return write_csv(DEMAND, rows)
    if name == "measurements.csv":
        return write_csv(MEASUREMENTS, rows)
    columns = CSV_COLUMNS[name]
    text_columns = [index for index, column in enumerate(columns) if column not in _NOT_TEXT]
    return exchange_csv_bytes(
        columns, ([cell_text(value) for value in row] for row in rows), text_columns=text_columns
    )


def manifest(*, unit_name: str, unit_slug: str, organisation: str, exported_at: datetime) -> dict:
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "source_unit": {"name": unit_name, "slug": unit_slug, "organisation": organisation},
        "exported_at": exported_at.isoformat(),
        "files": list(FILE_NAMES),
    }


def zip_bytes(
    manifest_data: dict, tables: Mapping[str, Iterable[Sequence[Any]]], records: list[dict]
) -> bytes:
    """The export: the manifest, every CSV of CSV_COLUMNS, and the records, in that order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest_data, indent=2, sort_keys=True))
        for name in CSV_COLUMNS:
            archive.writestr(name, csv_file(name, tables[name]))
        archive.writestr(RECORDS, json.dumps(records, indent=1, sort_keys=True, default=cell_text))
    return buffer.getvalue()


@dataclass(frozen=True)
class UnitFiles:
    """A ZIP read back: the manifest, each CSV's data rows (after the headers) with
    their row numbers, and the records."""

    manifest: dict
    tables: dict[str, list[tuple[int, tuple[Any, ...]]]]
    records: list[dict]


def _bounded_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    with archive.open(info) as member:
        content = member.read(limit + 1)
    if len(content) > limit:
        raise OverflowError
    return content


def read_zip(name: str, content: bytes) -> UnitFiles:
    """The files of an export, checked: exactly FILE_NAMES, bounded in size, headers exact.

    Raises UnitFileError with every problem of the ZIP's shape; the rows themselves
    are checked by the import, which knows the upload rules.
    """
    if len(content) > MAX_ZIP_BYTES:
        raise UnitFileError([ZIP_TOO_LARGE.format(name=name, limit_mb=MAX_ZIP_BYTES >> 20)])
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnitFileError([NOT_A_ZIP.format(name=name)]) from None
    with archive:
        infos = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        problems = []
        missing = [file for file in FILE_NAMES if file not in infos]
        extra = sorted(file for file in infos if file not in FILE_NAMES)
        if missing:
            problems.append(FILES_MISSING.format(names=_listed(missing)))
        if extra:
            problems.append(FILES_EXTRA.format(names=_listed(extra)))
        if problems:
            raise UnitFileError(problems)
        remaining = MAX_UNPACKED_BYTES
        raw: dict[str, bytes] = {}
        try:
            for file in FILE_NAMES:
                raw[file] = _bounded_read(archive, infos[file], remaining)
                remaining -= len(raw[file])
        except OverflowError:
            limit_mb = MAX_UNPACKED_BYTES >> 20
            raise UnitFileError([ZIP_TOO_LARGE.format(name=name, limit_mb=limit_mb)]) from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise UnitFileError([NOT_A_ZIP.format(name=name)]) from None
    manifest_data = _read_manifest(raw[MANIFEST])
    tables, problems = {}, []
    for file, columns in CSV_COLUMNS.items():
        try:
            rows = read_table(file, raw[file], headers=", ".join(columns)).rows
        except TabularFileError as error:
            problems.append(f"{file}: {error.message}")
            continue
        header_row, headers = rows[0]
        if tuple(str(header).strip() for header in headers) != columns:
            problems.append(
                HEADERS_WRONG.format(file=file, row=header_row, columns=", ".join(columns))
            )
            continue
        tables[file] = rows
    if problems:
        raise UnitFileError(problems)
    try:
        records = json.loads(raw[RECORDS].decode("utf-8"))
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ValueError("it must be a list of records")
    except (ValueError, UnicodeDecodeError) as error:
        raise UnitFileError([RECORDS_UNREADABLE.format(reason=error)]) from None
    return UnitFiles(manifest=manifest_data, tables=tables, records=records)


def _read_manifest(content: bytes) -> dict:
    try:
        data = json.loads(content.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise UnitFileError([MANIFEST_UNREADABLE.format(reason=error)]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise UnitFileError([MANIFEST_UNREADABLE.format(reason=f"its format is not {FORMAT_NAME}")])
    if data.get("format_version") != FORMAT_VERSION:
        raise UnitFileError([FORMAT_UNKNOWN.format(version=data.get("format_version"))])
    source = data.get("source_unit")
    if not isinstance(source, dict) or not isinstance(source.get("slug"), str):
        raise UnitFileError([MANIFEST_UNREADABLE.format(reason="it does not name its unit")])
    return data


def _listed(names: list[str]) -> str:
    return ", ".join(names)
