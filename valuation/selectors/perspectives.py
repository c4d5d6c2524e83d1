"""The perspectives page of an assessment: whose values differ, and on what.

`perspective_frames` reads everything with four queries whatever the number of
stakeholders or dimensions; `perspectives_report` turns the frames into the
page (valuation.analysis.perspectives for the numbers, valuation.charts for
the figures, tables already formatted as text), and `perspectives_table`
into the downloads.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from django.db.models import F

from microsystems.formatting import NO_VALUE, plain_number
from microsystems.reports.common import TableView, figure_html
from stakeholders.models import Stakeholder
from valuation.analysis.perspectives import (
    AGREEMENT_BANDS_TEXT,
    CONTESTED_RANGE,
    Agreement,
    judgement_spread,
    kendalls_w,
    perspectives_summary,
)
from valuation.charts import perspectives as charts
from valuation.models import (
    Assessment,
    DimensionWeight,
    Judgement,
    StakeholderWeight,
    ValueDimension,
)

# The tables behind the charts, offered as CSV downloads (?table=<name>).
TABLES = ("judgements", "weights", "spread")
RETIRED_SUFFIX = " (retired)"
CONTESTED_THRESHOLD_TEXT = f"a range of {CONTESTED_RANGE} points or more on the 0 to 10 scale"


@dataclass(frozen=True)
class PerspectiveFrames:
    """Stakeholders and dimensions by name, in page order, and their long frames.

    `dimensions` are the active ones plus any retired one that still carries
    weights or judgements in this assessment, labelled "(retired)".
    """

    stakeholders: list[str]
    dimensions: list[str]
    judgements: pd.DataFrame  # stakeholder, dimension, score, rationale
    weights: pd.DataFrame  # stakeholder, dimension, weight (0..1)
    methods: dict[str, tuple[str, float | None]]  # stakeholder -> (method label, CR)


def perspective_frames(assessment: Assessment) -> PerspectiveFrames:
    """Four queries: stakeholders, dimensions, dimension weights, dimension judgements."""
    stakeholders = list(
        Stakeholder.objects.filter(microsystem_id=assessment.microsystem_id)
        .order_by("name")
        .values_list("id", "name")
    )
    dimensions = list(ValueDimension.objects.values_list("id", "name", "active"))
    weights = list(
        DimensionWeight.objects.filter(stakeholder_weight__assessment=assessment)
        .order_by()
        .values(
            "dimension_id",
            "weight",
            stakeholder_id=F("stakeholder_weight__stakeholder_id"),
            method=F("stakeholder_weight__method"),
            consistency_ratio=F("stakeholder_weight__consistency_ratio"),
        )
    )
    judgements = list(
        Judgement.objects.filter(assessment=assessment, activity__isnull=True)
        .order_by()
        .values("stakeholder_id", "dimension_id", "score", "rationale")
    )
    used = {row["dimension_id"] for row in weights} | {row["dimension_id"] for row in judgements}
    label = {
        pk: name if active else f"{name}{RETIRED_SUFFIX}"
        for pk, name, active in dimensions
        if active or pk in used
    }
    stakeholder_name = dict(stakeholders)
    order = {pk: position for position, (pk, _, _) in enumerate(dimensions)}
    stakeholder_order = {pk: position for position, (pk, _) in enumerate(stakeholders)}

    def by_page_order(row: dict) -> tuple[int, int]:
        return stakeholder_order[row["stakeholder_id"]], order[row["dimension_id"]]

    judgement_frame = pd.DataFrame.from_records(
        [
            {
                "stakeholder": stakeholder_name[row["stakeholder_id"]],
                "dimension": label[row["dimension_id"]],
                "score": row["score"],
                "rationale": row["rationale"],
            }
            for row in sorted(judgements, key=by_page_order)
        ],
        columns=["stakeholder", "dimension", "score", "rationale"],
    ).astype({"score": "int64"})
    weight_frame = pd.DataFrame.from_records(
        [
            {
                "stakeholder": stakeholder_name[row["stakeholder_id"]],
                "dimension": label[row["dimension_id"]],
                "weight": float(row["weight"]),
            }
            for row in sorted(weights, key=by_page_order)
        ],
        columns=["stakeholder", "dimension", "weight"],
    ).astype({"weight": "float64"})
    method_labels = dict(StakeholderWeight.Method.choices)
    methods = {
        stakeholder_name[row["stakeholder_id"]]: (
            method_labels.get(row["method"], row["method"]),
            None if row["consistency_ratio"] is None else float(row["consistency_ratio"]),
        )
        for row in weights
    }
    return PerspectiveFrames(
        stakeholders=[name for _, name in stakeholders],
        dimensions=[label[pk] for pk, _, _ in dimensions if pk in label],
        judgements=judgement_frame,
        weights=weight_frame,
        methods=methods,
    )


# --- tables: shown on the page as text, downloaded as plain values ----------------------


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list]  # plain values (text, int, float, None)


def _judgements_table(frames: PerspectiveFrames) -> Table:
    scores = {(row.stakeholder, row.dimension): row.score for row in frames.judgements.itertuples()}
    return Table(
        caption="Judgement of each dimension by each stakeholder, 0 to 10 (a dash: not judged)",
        headers=["Stakeholder", *frames.dimensions],
        rows=[
            [stakeholder, *[scores.get((stakeholder, d)) for d in frames.dimensions]]
            for stakeholder in frames.stakeholders
        ],
    )


def _judgements_download(frames: PerspectiveFrames) -> Table:
    """Long, with the rationale: one row per judgement."""
    return Table(
        caption="",
        headers=["Stakeholder", "Dimension", "Score (0 to 10)", "Rationale"],
        rows=[
            [row.stakeholder, row.dimension, int(row.score), row.rationale]
            for row in frames.judgements.itertuples()
        ],
    )


def _weights_table(frames: PerspectiveFrames) -> Table:
    weight = {(row.stakeholder, row.dimension): row.weight for row in frames.weights.itertuples()}
    rows = []
    for stakeholder in frames.stakeholders:
        method, ratio = frames.methods.get(stakeholder, ("Not entered yet", None))
        rows.append(
            [
                stakeholder,
                *[
                    None if (stakeholder, d) not in weight else weight[(stakeholder, d)] * 100
                    for d in frames.dimensions
                ],
                method,
                ratio,
            ]
        )
    return Table(
        caption="Weight each stakeholder gives each dimension, in % (each row adds up to 100%)",
        headers=["Stakeholder", *[f"{d} (%)" for d in frames.dimensions], "Method",
                 "Consistency ratio"],
        rows=rows,
    )  # fmt: skip


def _spread_table(frames: PerspectiveFrames, spread: pd.DataFrame) -> Table:
    rows = []
    for dimension in frames.dimensions:
        if dimension not in spread.index:
            rows.append([dimension, 0, None, None, None, None, False])
            continue
        row = spread.loc[dimension]
        rows.append(
            [
                dimension,
                int(row["judges"]),
                int(row["lowest"]),
                int(row["highest"]),
                int(row["range"]),
                round(float(row["mean"]), 2),
                bool(row["contested"]),
            ]
        )
    return Table(
        caption=(f"Spread of judgements per dimension; contested means {CONTESTED_THRESHOLD_TEXT}"),
        headers=["Dimension", "Judged by", "Lowest", "Highest", "Range", "Mean", "Contested"],
        rows=rows,
    )


def _number_text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return NO_VALUE
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value) if isinstance(value, str) else plain_number(value, 2)


def _table_view(table: Table, csv_name: str, formats: dict[int, Callable] | None = None):
    formats = formats or {}
    return TableView(
        caption=table.caption,
        headers=table.headers,
        rows=[
            [formats.get(index, _number_text)(value) for index, value in enumerate(row)]
            for row in table.rows
        ],
        csv_name=csv_name,
    )


# --- the page -------------------------------------------------------------------------


@dataclass
class SpreadRow:
    dimension: str
    judges: str
    lowest: str
    highest: str
    range: str
    mean: str
    contested: bool


@dataclass
class PerspectivesReport:
    stakeholder_count: int
    dimension_count: int
    has_judgements: bool
    has_weights: bool
    summary: str
    agreement: Agreement
    agreement_bands: str = AGREEMENT_BANDS_TEXT
    contested_threshold: str = CONTESTED_THRESHOLD_TEXT
    contested: list[str] = field(default_factory=list)
    spread_rows: list[SpreadRow] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)
    tables: dict[str, TableView] = field(default_factory=dict)

    @property
    def agreement_w(self) -> str:
        return NO_VALUE if self.agreement.w is None else f"{self.agreement.w:.2f}"


def _percent_cell(value) -> str:
    return NO_VALUE if value is None else plain_number(value, 1)


def _ratio_cell(value) -> str:
    return NO_VALUE if value is None else f"{value:.2f}"


def perspectives_report(assessment: Assessment) -> PerspectivesReport:
    frames = perspective_frames(assessment)
    spread = judgement_spread(frames.judgements[["stakeholder", "dimension", "score"]])
    agreement = kendalls_w(frames.weights)
    report = PerspectivesReport(
        stakeholder_count=len(frames.stakeholders),
        dimension_count=len(frames.dimensions),
        has_judgements=not frames.judgements.empty,
        has_weights=not frames.weights.empty,
        summary=perspectives_summary(frames.judgements, frames.weights, agreement),
        agreement=agreement,
        retired=[
            d.removesuffix(RETIRED_SUFFIX) for d in frames.dimensions if d.endswith(RETIRED_SUFFIX)
        ],
    )
    if not frames.stakeholders:
        return report
    spread_table = _spread_table(frames, spread)
    report.spread_rows = [
        SpreadRow(*[_number_text(value) for value in row[:6]], contested=row[6])
        for row in spread_table.rows
    ]
    report.contested = [row.dimension for row in report.spread_rows if row.contested]
    weights_table = _weights_table(frames)
    percent_columns = range(1, 1 + len(frames.dimensions))
    report.tables = {
        "judgements": _table_view(_judgements_table(frames), "judgements"),
        "weights": _table_view(
            weights_table,
            "weights",
            {
                **dict.fromkeys(percent_columns, _percent_cell),
                len(frames.dimensions) + 2: _ratio_cell,
            },
        ),
        "spread": _table_view(spread_table, "spread"),
    }
    names = {"stakeholders": frames.stakeholders, "dimensions": frames.dimensions}
    report.charts = {
        "judgements": figure_html(charts.judgements_chart(frames.judgements, **names)),
        "weights": figure_html(charts.weights_heatmap(frames.weights, **names)),
        "spread": figure_html(charts.spread_chart(frames.judgements, spread, **names)),
    }
    return report


def perspectives_table(assessment: Assessment, table: str) -> Table:
    """One of TABLES as plain values for a CSV: numbers stay numbers, blanks stay blank."""
    if table not in TABLES:
        raise ValueError(f"Unknown table {table!r}; expected one of {TABLES}")
    frames = perspective_frames(assessment)
    if table == "judgements":
        return _judgements_download(frames)
    if table == "weights":
        weights = _weights_table(frames)
        return Table(
            caption=weights.caption,
            headers=weights.headers,
            rows=[
                [
                    None
                    if value is None
                    else round(value, 4)
                    if isinstance(value, float)
                    else value
                    for value in row
                ]
                for row in weights.rows
            ],
        )
    spread = judgement_spread(frames.judgements[["stakeholder", "dimension", "score"]])
    result = _spread_table(frames, spread)
    return Table(
        caption=result.caption,
        headers=result.headers,
        rows=[[*row[:6], "Yes" if row[6] else "No"] for row in result.rows],
    )
