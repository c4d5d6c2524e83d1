"""A unit's data to take away: the ZIP that moves it (valuation.unit_files) and the workbook
that a person reads, one sheet per topic.

Both are built from the same rows (valuation.selectors.unit_export). The workbook's
assessments sheet gives approved assessments' figures from their current frozen
record; a draft's or a submitted assessment's are its figures from today's data, as
its page and the dashboard show them (from the report cache, or worked out: one
engine run for each such assessment not cached), marked provisional. The ZIP carries
no such figures: they are derived, and the import works them out again.
"""

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from core.spreadsheets import Sheet, workbook_bytes
from microsystems.models import DemandType, Microsystem
from microsystems.reports.activity_downloads import download_table
from stakeholders.models import Expectation, Stakeholder
from valuation.analysis.dashboard import Headline
from valuation.models import Assessment, Measure
from valuation.records.codec import CodecError, decode
from valuation.reports.dashboard import NOT_STORED, STATE_WORDS, draft_headline
from valuation.selectors.dashboard import unit_assessments
from valuation.selectors.unit_export import UnitExport, unit_export
from valuation.unit_files import manifest, zip_bytes

DRAFT_NOTE = (
    "{status}: provisional, not approved; figures worked out from today's data when "
    "exported, and may change."
)
APPROVED_NOTE = "Approved: figures of version {version}, frozen when approved."


def unit_zip(microsystem: Microsystem, *, exported_at: datetime) -> bytes:
    export = unit_export(microsystem)
    about = manifest(
        unit_name=microsystem.name,
        unit_slug=microsystem.slug,
        organisation=microsystem.organisation.name,
        exported_at=exported_at,
    )
    return zip_bytes(about, export.tables, export.records)


def _number(value: Any) -> Any:
    """Decimals and numpy numbers as number cells, a missing figure as an empty cell."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _rows(rows: list[tuple]) -> list[list[Any]]:
    return [[_number(value) for value in row] for row in rows]


def _labels(choices: type, value: Any) -> str:
    return dict(choices.choices).get(value, value)


def _figures(record: dict) -> list[Any]:
    """Overall value, disagreement, cost per period and value for money of a frozen record,
    and its dimensions' blended scores by name."""
    try:
        result = decode(record["result"])
        overall, account = result.overall, result.account
        scores = dict(zip(result.dimensions["name"], result.dimensions["blended"], strict=True))
        return [
            _number(overall.value),
            _number(overall.disagreement),
            _number(account.money_per_month),
            _number(account.value_for_money),
            {name: _number(score) for name, score in scores.items()},
        ]
    except (CodecError, KeyError, AttributeError, TypeError, ValueError):
        # A record frozen before results were stored whole: the headline columns only.
        return [
            record.get("overall_value"),
            None,
            record.get("money_per_month"),
            record.get("value_for_money"),
            {},
        ]


def _provisional_figures(microsystem: Microsystem) -> dict[str, Headline]:
    """period label -> today's figures of each assessment not approved (one query, and
    one engine run for each whose figures are not cached)."""
    figures = {}
    for assessment in unit_assessments(microsystem):
        if assessment.status != Assessment.Status.APPROVED:
            assessment.microsystem = microsystem
            figures[assessment.period_label] = draft_headline(assessment)
    return figures


def _assessment_sheets(export: UnitExport, provisional: dict[str, Headline]) -> list[Sheet]:
    current = {
        record["assessment"]: record for record in export.records if record["superseded_at"] is None
    }
    summary, scores = [], []
    for label, start, end, status, share, *_ in export.tables["assessments.csv"]:
        status_label = _labels(Assessment.Status, status)
        if status != Assessment.Status.APPROVED:
            figures = provisional[label]
            summary.append([label, start, end, status_label, None, None, None,
                            _number(figures.overall), _number(figures.disagreement),
                            _number(figures.money_per_month), _number(figures.value_for_money),
                            _number(share), DRAFT_NOTE.format(status=status_label)])  # fmt: skip
            scores += [
                [label, name, _number(score), STATE_WORDS[status]]
                for _, name, score in figures.dimensions
            ]
            continue
        record = current.get(label)
        if record is None:
            note = f"{status_label}. {NOT_STORED}"  # approved before records were kept
            summary.append([label, start, end, status_label, None, None,
                            None, None, None, None, None, _number(share), note])  # fmt: skip
            continue
        value, disagreement, money, value_for_money, dimension_scores = _figures(record)
        summary.append([
            label, start, end, status_label, record["version"],
            _day(record["approved_at"]), record["approved_by_name"], value, disagreement,
            money, value_for_money, _number(share),
            APPROVED_NOTE.format(version=record["version"]),
        ])  # fmt: skip
        scores += [
            [label, name, score, STATE_WORDS[status]] for name, score in dimension_scores.items()
        ]
    return [
        Sheet(
            "Assessments",
            [
                "Period",
                "Start",
                "End",
                "Status",
                "Approved version",
                "Approved on",
                "Approved by",
                "Overall value (0-100)",
                "Disagreement (points)",
                "Cost per month (£)",
                "Value for money (points per £1,000 a month)",
                "Share of judgement",
                "Note",
            ],
            summary,
            money_columns=frozenset({9}),
        ),  # fmt: skip
        Sheet("Dimension scores", ["Period", "Dimension", "Score (0-100)", "Figures"], scores),
    ]


def _day(value: Any) -> Any:
    return value.date() if isinstance(value, datetime) else value


def unit_workbook(microsystem: Microsystem) -> bytes:
    """One sheet per topic, numbers as number cells, text escaped against formulas."""
    export = unit_export(microsystem)
    tables = export.tables
    activities = download_table(microsystem, "activities")
    (profile,) = tables["profile.csv"]
    profile_labels = ["Name", "Purpose", "Public value goal", "People served", "Professionals",
                      "Main processes", "Observed patterns", "Demand is recorded"]  # fmt: skip
    profile_values = [*profile[:-1], _labels(Microsystem.Granularity, profile[-1])]
    measure_rows = [
        [code, name, dimension, _labels(Measure.Direction, direction), _number(baseline),
         _number(target), unit, "yes" if active else "no (retired)"]
        for code, name, _, dimension, _, unit, direction, baseline, target, _, _, active, *_
        in tables["measures.csv"]
    ]  # fmt: skip
    sheets = [
        Sheet(
            "Profile", ["Field", "Value"], list(zip(profile_labels, profile_values, strict=True))
        ),
        Sheet(
            "Demand types",
            ["Name", "Description", "Source", "Nature", "Unit", "Handling (minutes)"],
            [
                [
                    name,
                    description,
                    _labels(DemandType.Source, source),
                    _labels(DemandType.Nature, nature),
                    unit,
                    _number(minutes),
                ]
                for name, description, source, nature, unit, minutes in tables["demand_types.csv"]
            ],
        ),  # fmt: skip
        Sheet("Demand", ["Demand type", "Period start", "Volume"], _rows(tables["demand.csv"])),
        Sheet(
            "Staff",
            [
                "Role",
                "Headcount (FTE)",
                "Hours per period per FTE",
                "Hourly cost (£)",
                "Skills",
                "New uses",
            ],
            _rows(tables["staff.csv"]),
            money_columns=frozenset({3}),
        ),  # fmt: skip
        Sheet("Activities", activities.headers, activities.rows, activities.money_columns),
        Sheet(
            "Activity effort",
            ["Activity", "Staff role", "Hours per period"],
            _rows(tables["activity_effort.csv"]),
        ),
        Sheet(
            "Stakeholders",
            ["Name", "Kind", "Description", "Power (1-5)", "Interest (1-5)", "How consulted"],
            [
                [name, _labels(Stakeholder.Kind, kind), description, power, interest, consulted]
                for name, kind, description, power, interest, consulted in tables[
                    "stakeholders.csv"
                ]
            ],
        ),  # fmt: skip
        Sheet(
            "Expectations",
            ["Stakeholder", "Expectation", "Kind", "Priority"],
            [
                [
                    stakeholder,
                    statement,
                    _labels(Expectation.Kind, kind),
                    _labels(Expectation.Priority, priority),
                ]
                for stakeholder, statement, kind, priority in tables["expectations.csv"]
            ],
        ),  # fmt: skip
        Sheet(
            "Measures",
            ["Code", "Name", "Dimension", "Direction", "Baseline", "Target", "Unit", "Active"],
            measure_rows,
        ),
        Sheet(
            "Measurements",
            ["Measure", "Period start", "Value", "Note"],
            _rows(tables["measurements.csv"]),
        ),
        Sheet(
            "Weights",
            ["Period", "Stakeholder", "Dimension", "Weight (0-1)"],
            _rows(tables["dimension_weights.csv"]),
        ),
        Sheet(
            "Judgements",
            [
                "Period",
                "Stakeholder",
                "Dimension",
                "Activity (blank: the unit)",
                "Score (0-10)",
                "Rationale",
            ],
            _rows(tables["judgements.csv"]),
        ),  # fmt: skip
        Sheet("Voices", ["Period", "Stakeholder", "Voice weight"], _rows(tables["voices.csv"])),
        *_assessment_sheets(export, _provisional_figures(microsystem)),
    ]
    return workbook_bytes(sheets)


def export_file_name(microsystem: Microsystem, suffix: str, *, today: date) -> str:
    return f"{microsystem.slug}-export-{today.isoformat()}.{suffix}"
