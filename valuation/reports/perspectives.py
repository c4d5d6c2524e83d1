"""The perspectives page of an assessment: whose values differ, and on what, in words,
tables and charts; and the same tables as plain values for the CSV downloads.

valuation.selectors.perspectives (frames) -> valuation.analysis.agreement
(spread, Kendall's W, the widest gap) -> this module (sentences, tables already
formatted as text, figures from valuation.charts.perspectives).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

from core.formatting import NO_VALUE, fixed, plain_number, plural
from core.tables import TableView, figure_html
from valuation.analysis.agreement import (
    CONTESTED_RANGE,
    MODERATE,
    MODERATE_UP_TO,
    STRONG,
    WEAK,
    WEAK_BELOW,
    Agreement,
    agreement_band,
    judgement_spread,
    kendalls_w,
    most_weighted,
    widest_gap,
)
from valuation.charts import perspectives as charts
from valuation.models import StakeholderWeight
from valuation.reports.html import data_table_details_html
from valuation.selectors.perspectives import PerspectiveFrames

# The tables behind the charts, offered as CSV downloads (?table=<name>).
TABLES = ("judgements", "weights", "spread")
RETIRED_SUFFIX = " (retired)"
CONTESTED_THRESHOLD_TEXT = f"a range of {CONTESTED_RANGE} points or more on the 0 to 10 scale"
METHOD_LABELS = dict(StakeholderWeight.Method.choices)


def in_words(frames: PerspectiveFrames) -> PerspectiveFrames:
    """The frames as the page names things: a retired dimension labelled "(retired)" and
    each stakeholder's way of weighting in words."""
    retired = set(frames.retired)

    def label(name: str) -> str:
        return f"{name}{RETIRED_SUFFIX}" if name in retired else name

    return replace(
        frames,
        dimensions=[label(name) for name in frames.dimensions],
        retired=[label(name) for name in frames.retired],
        judgements=frames.judgements.assign(
            dimension=frames.judgements["dimension"].map(label).astype("object")
        ),
        weights=frames.weights.assign(
            dimension=frames.weights["dimension"].map(label).astype("object")
        ),
        methods={
            stakeholder: (METHOD_LABELS.get(method, method), ratio)
            for stakeholder, (method, ratio) in frames.methods.items()
        },
    )


# --- agreement among the stakeholders' rankings of the dimensions ----------------------

AGREEMENT_BANDS_TEXT = (
    f"below {WEAK_BELOW:g} is weak agreement, {WEAK_BELOW:g} to {MODERATE_UP_TO:g} moderate, "
    f"above {MODERATE_UP_TO:g} strong"
)
AGREEMENT_READINGS = {
    WEAK: "weak agreement",
    MODERATE: "moderate agreement",
    STRONG: "strong agreement",
}
AGREEMENT_MISSING = (
    "Agreement cannot be measured yet: it needs weights from at least two stakeholders "
    "on at least two dimensions."
)
AGREEMENT_ALL_TIED = (
    "Agreement cannot be measured: every stakeholder weighted all the dimensions equally, "
    "so there are no rankings to compare."
)


def agreement_reading(w: float) -> str:
    return AGREEMENT_READINGS[agreement_band(w)]


@dataclass(frozen=True)
class AgreementText:
    """Kendall's W (valuation.analysis.agreement.Agreement) with its reading and a
    sentence that says it; `reading` is "" when W is undefined."""

    w: float | None
    stakeholders: int
    dimensions: int
    reading: str
    sentence: str


def agreement_in_words(agreement: Agreement) -> AgreementText:
    w, m, n = agreement.w, agreement.stakeholders, agreement.dimensions
    if w is None:
        return AgreementText(
            None, m, n, "", AGREEMENT_ALL_TIED if agreement.all_tied else AGREEMENT_MISSING
        )
    reading = agreement_reading(w)
    sentence = (
        f"Kendall's W is {fixed(w, 2)}: {reading} among {m} stakeholders on how they rank "
        f"{n} dimensions ({AGREEMENT_BANDS_TEXT})."
    )
    return AgreementText(w, m, n, reading, sentence)


# --- the plain-language summary ---------------------------------------------------------


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _score(value: float) -> str:
    return f"{value:g}"


def widest_disagreement(judgements: pd.DataFrame, spread: pd.DataFrame | None = None) -> str:
    """ "Stakeholders disagree most about Equity: Tenants score it 8, Finance 3." or why not.

    The dimension with the widest range of judgements (the first listed on a tie);
    stakeholders who share the highest or lowest score are all named. `spread`:
    judgement_spread(judgements), when the caller has it already.
    """
    gap = widest_gap(judgements, spread)
    if gap is None:
        return (
            "No dimension has been judged by two or more stakeholders yet, so their "
            "judgements cannot be compared."
        )
    if gap.range == 0:
        return (
            "Stakeholders agree: on every dimension judged by two or more, "
            "they give the same score."
        )
    detail = (
        f"{_names(gap.highest_by)} score it {_score(gap.highest)}, "
        f"{_names(gap.lowest_by)} {_score(gap.lowest)}"
    )
    if gap.contested:
        others = gap.contested - 1
        tail = f" A range of {CONTESTED_RANGE} points or more makes a dimension contested; " + (
            f"{others} other dimension{plural(others, ' is', 's are')} contested too."
            if others
            else "no other dimension is."
        )
        return f"Stakeholders disagree most about {gap.dimension}: {detail}.{tail}"
    return (
        f"Stakeholders broadly agree: no dimension's judgements span {CONTESTED_RANGE} points "
        f"or more. The widest gap is on {gap.dimension}: {detail}."
    )


def top_priorities(weights: pd.DataFrame) -> pd.Series:
    """Per stakeholder, the dimension(s) with the most weight ("Equity and Probity" on a tie)."""
    return most_weighted(weights).map(_names)


def perspectives_summary(
    judgements: pd.DataFrame,
    weights: pd.DataFrame,
    agreement: Agreement,
    spread: pd.DataFrame | None = None,
) -> str:
    """One paragraph for the top of the perspectives page: where views differ, and on what.
    `spread`: judgement_spread(judgements), when the caller has it already."""
    parts = (
        [widest_disagreement(judgements, spread)]
        if not judgements.empty
        else ["No stakeholder has judged a dimension yet."]
    )
    priorities = top_priorities(weights)
    if not priorities.empty:
        # "Funders give most weight to Efficiency; Tenants and Staff to Equity."
        groups: dict[str, list[str]] = {}
        for stakeholder, dimension in priorities.items():
            groups.setdefault(dimension, []).append(str(stakeholder))
        listed = [
            f"{_names(stakeholders)} {'give most weight ' if number == 0 else ''}to {dimension}"
            for number, (dimension, stakeholders) in enumerate(groups.items())
        ]
        parts.append("; ".join(listed) + ".")
    if agreement.w is not None:
        parts.append(
            f"Their rankings of the dimensions show {agreement_reading(agreement.w)} "
            f"(Kendall's W = {fixed(agreement.w, 2)})."
        )
    return " ".join(parts)


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
    agreement: AgreementText
    agreement_bands: str = AGREEMENT_BANDS_TEXT
    contested_threshold: str = CONTESTED_THRESHOLD_TEXT
    contested: list[str] = field(default_factory=list)
    spread_rows: list[SpreadRow] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)
    tables: dict[str, TableView] = field(default_factory=dict)
    # The stakeholders' tables, joined once (reports.html): hundreds of cells.
    tables_html: dict[str, str] = field(default_factory=dict)

    @property
    def agreement_w(self) -> str:
        return NO_VALUE if self.agreement.w is None else fixed(self.agreement.w, 2)


def _percent_cell(value) -> str:
    return NO_VALUE if value is None else plain_number(value, 1)


def _ratio_cell(value) -> str:
    return NO_VALUE if value is None else fixed(value, 2)


def perspectives_report(frames: PerspectiveFrames) -> PerspectivesReport:
    """The page from valuation.selectors.perspectives.perspective_frames."""
    retired = frames.retired
    frames = in_words(frames)
    spread = judgement_spread(frames.judgements[["stakeholder", "dimension", "score"]])
    agreement = kendalls_w(frames.weights)
    report = PerspectivesReport(
        stakeholder_count=len(frames.stakeholders),
        dimension_count=len(frames.dimensions),
        has_judgements=not frames.judgements.empty,
        has_weights=not frames.weights.empty,
        summary=perspectives_summary(frames.judgements, frames.weights, agreement, spread),
        agreement=agreement_in_words(agreement),
        retired=retired,
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
    report.tables_html = {
        name: data_table_details_html(report.tables[name]) for name in ("judgements", "weights")
    }
    names = {"stakeholders": frames.stakeholders, "dimensions": frames.dimensions}
    report.charts = {
        "judgements": figure_html(charts.judgements_chart(frames.judgements, **names)),
        "weights": figure_html(charts.weights_heatmap(frames.weights, **names)),
        "spread": figure_html(charts.spread_chart(frames.judgements, spread, **names)),
    }
    return report


def perspectives_table(frames: PerspectiveFrames, table: str) -> Table:
    """One of TABLES as plain values for a CSV: numbers stay numbers, blanks stay blank."""
    if table not in TABLES:
        raise ValueError(f"Unknown table {table!r}; expected one of {TABLES}")
    frames = in_words(frames)
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
