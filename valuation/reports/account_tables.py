"""The assessment page's tables: one spec per table, shown as text on the page and
downloaded as exact figures (valuation.views.account)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.formatting import NO_VALUE, money, plain_number
from core.tables import TableView
from valuation.reports.account_text import (
    DIRECTION_WORDS,
    ROLLUP_WORDS,
    SIDE_WORDS,
    SOURCE_WORDS,
    blend_formula,
    measure_formula,
    measure_reason,
    missing,
    missing_words,
    note_words,
    number,
    reference_text,
    score,
    share_text,
    weight,
)
from valuation.scoring.engine import AssessmentResult

# The tables behind the page, offered as CSV downloads (?table=<name>).
TABLES = (
    "perspectives",
    "dimensions",
    "measures",
    "decomposition",
    "account",
    "activities",
    "rankings",
    "switching",
)
# The tables the page shows as tables (the decomposition and the account have their own
# layout, and are downloads too).
PAGE_TABLES = ("perspectives", "dimensions", "measures", "activities", "rankings", "switching")
# The page lists this many activities of the ranking; the download lists them all.
PAGE_ACTIVITIES = 10


@dataclass(frozen=True)
class Column:
    """One column: shown on the page as text, downloaded as a plain value."""

    header: str
    value: Callable  # row -> plain value (text, number, bool or None)
    kind: str = "text"  # text, score, number, weight, share, money, hours, count, bool
    on_page: bool = True

    def shown(self, row) -> str:
        value = self.value(row)
        if missing(value):
            return NO_VALUE
        return DISPLAY.get(self.kind, str)(value)

    def exact(self, row):
        value = self.value(row)
        if missing(value):
            return None
        if self.kind in ("text",):
            return value
        if self.kind == "bool":
            return "Yes" if value else "No"
        if self.kind == "count":
            return int(value)
        if self.kind == "share":
            return round(float(value) * 100, 4)
        return round(float(value), 4)


DISPLAY: dict[str, Callable] = {
    "text": str,
    "score": score,
    "number": number,
    "weight": weight,
    "share": share_text,
    "money": money,
    "hours": lambda value: plain_number(value, 1),
    "count": lambda value: str(int(value)),
    "bool": lambda value: "Yes" if value else "No",
}
UNITS = {"money": " (£)", "share": " (%)"}


@dataclass(frozen=True)
class TableSpec:
    caption: str
    columns: list[Column]
    rows: list

    def page(self, name: str, limit: int | None = None) -> TableView:
        columns = [column for column in self.columns if column.on_page]
        rows = self.rows if limit is None else self.rows[:limit]
        return TableView(
            caption=self.caption,
            headers=[column.header for column in columns],
            rows=[[column.shown(row) for column in columns] for row in rows],
            csv_name=name,
        )

    def download(self) -> tuple[list[str], list[list]]:
        headers = [column.header + UNITS.get(column.kind, "") for column in self.columns]
        return headers, [[column.exact(row) for column in self.columns] for row in self.rows]


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts, pd.NA as None (column by column: DataFrame.to_dict is slow)."""
    columns = [str(column) for column in frame.columns]
    values = []
    for _, series in frame.items():
        kind = series.dtype.kind
        if kind == "f":
            # Floats (numpy's or nullable): missing ones as NaN, NaN (never equal to
            # itself) as None; the others the same Python floats tolist gives.
            items = series.to_numpy(dtype="float64", na_value=np.nan).tolist()
            items = [None if value != value else value for value in items]
        else:
            items = series.tolist()
            if kind not in "biu":  # only these can hold no missing value
                items = [None if missing(value) else value for value in items]
        values.append(items)
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


@dataclass(frozen=True)
class Rows:
    """The engine's frames as lists of dicts, made once for the whole page."""

    perspectives: list[dict]
    dimensions: list[dict]
    measures: list[dict]
    blend: list[dict]
    activities: list[dict]
    rankings: list[dict]
    switching: list[dict]

    @classmethod
    def of(cls, result: AssessmentResult, granularity: str) -> Rows:
        return cls(
            perspectives=_with_words(records(result.perspectives), "note", names="left_out"),
            dimensions=_with_words(
                _with_words(records(result.dimensions), "measured_note"), "blended_note"
            ),
            measures=measure_rows(result.measures, granularity),
            blend=records(result.blend),
            activities=_with_words(records(result.sensitivity.activities), "note"),
            rankings=records(result.sensitivity.stakeholders),
            switching=_with_words(records(result.sensitivity.switching), "note"),
        )


def measure_rows(frame: pd.DataFrame, granularity: str) -> list[dict]:
    """Scored measures as rows, their missing periods and reasons in words."""
    rows = records(frame)
    for row in rows:
        row["missing_periods"] = missing_words(row["missing_periods"], granularity)
        row["reason"] = measure_reason(row)
    return rows


def _with_words(rows: list[dict], column: str, names: str = "") -> list[dict]:
    """`rows` with the engine's note codes in `column` replaced by their words."""
    for row in rows:
        row[column] = note_words(row[column], row[names] or "" if names else "")
    return rows


def table_specs(
    result: AssessmentResult, rows: Rows, period_noun: str, *, with_account: bool = True
) -> dict[str, TableSpec]:
    """Every table of the page; the downloads export the same rows and more columns.
    Without `with_account`, all but the account's, which alone reads the costs."""
    share = result.judgement_share
    perspectives = [dict(row) for row in rows.perspectives]
    overall = result.overall.value
    for row in perspectives:
        row["part"] = None if row["voice_share"] is None else row["voice_share"] * row["value"]
        row["squared"] = (
            None
            if row["voice_share"] is None or overall is None
            else row["voice_share"] * (row["value"] - overall) ** 2
        )
    specs = {
        "perspectives": TableSpec(
            caption="Each stakeholder’s perspective value, their voice, and their part in the "
            "overall value",
            columns=[
                Column("Stakeholder", lambda r: r["name"]),
                Column("Perspective value (0 to 100)", lambda r: r["value"], "score"),
                Column("Voice weight", lambda r: r["voice"], "number"),
                Column("Share of voice", lambda r: r["voice_share"], "share"),
                Column("Share × value", lambda r: r["part"], "number"),
                Column("Share × (value − overall)²", lambda r: r["squared"], "number",
                       on_page=False),
                Column("Counts in the overall value", lambda r: r["counted"], "bool"),
                Column("Note", lambda r: r["note"] or "", on_page=False),
            ],
            rows=perspectives,
        ),
        "dimensions": TableSpec(
            caption="Each value dimension: measured score, stakeholders’ judgements and "
            "blended score",
            columns=[
                Column("Dimension", lambda r: r["name"]),
                Column("Measures scored", lambda r: r["scored_measures"], "count"),
                Column("Measured score", lambda r: r["measured"], "score"),
                Column("Stakeholders who judged it", lambda r: r["judges"], "count"),
                Column("Lowest judgement (0 to 10)", lambda r: r["lowest"], "number"),
                Column("Highest judgement (0 to 10)", lambda r: r["highest"], "number"),
                Column("Contested", lambda r: r["contested"], "bool"),
                Column("Blended score", lambda r: r["blended"], "score"),
            ],
            rows=rows.dimensions,
        ),
        "measures": TableSpec(
            caption="Every measure over the period: its rolled-up value and score",
            columns=[
                Column("Measure", lambda r: r["name"]),
                Column("Code", lambda r: r["code"], on_page=False),
                Column("Dimension", lambda r: r["dimension"] or NO_VALUE),
                Column("Side", lambda r: SIDE_WORDS.get(r["side"], r["side"])),
                Column("Direction", lambda r: DIRECTION_WORDS.get(r["direction"], r["direction"]),
                       on_page=False),
                Column("Roll-up", lambda r: ROLLUP_WORDS.get(r["rollup"], r["rollup"])),
                Column("Periods with a value", lambda r: r["periods"], "count"),
                Column("Value", lambda r: r["value"], "number"),
                Column("Unit", lambda r: r["unit"] or ""),
                Column("Baseline (scores 0)", lambda r: r["baseline"], "number"),
                Column("Target (scores 100)", lambda r: r["target"], "number"),
                Column("Baseline and target used", reference_text),
                Column("Default baseline", lambda r: r["default_baseline"], "number",
                       on_page=False),
                Column("Default target", lambda r: r["default_target"], "number",
                       on_page=False),
                Column("Periods expected", lambda r: r["expected_periods"], "count",
                       on_page=False),
                Column("Missing periods", lambda r: r["missing_periods"] or "", on_page=False),
                Column("Score", lambda r: r["score"], "score"),
                Column("How it was scored", measure_formula),
            ],
            rows=rows.measures,
        ),
        "decomposition": TableSpec(
            caption="Each stakeholder’s perspective value, dimension by dimension",
            columns=[
                Column("Stakeholder", lambda r: r["stakeholder"]),
                Column("Dimension", lambda r: r["dimension"]),
                Column("Measured score", lambda r: r["measured"], "number"),
                Column("Judgement (0 to 10)", lambda r: r["judgement"], "number"),
                Column("Judged score (× 10)", lambda r: r["judged"], "number"),
                Column("Blended score D", lambda r: r["blended"], "number"),
                Column("How blended", lambda r: blend_formula(r, share)),
                Column("Source", lambda r: SOURCE_WORDS[r["source"]], on_page=False),
                Column("Weight given", lambda r: r["weight"], "weight"),
                Column("Weight applied", lambda r: r["weight_applied"], "weight"),
                Column("Contribution to their value", lambda r: r["contribution"], "number"),
            ],
            rows=rows.blend,
        ),
        "activities": TableSpec(
            caption=f"Activities by judged contribution per £1,000 of cost a {period_noun}, "
            "under the stakeholders’ average weights",
            columns=[
                Column("Rank", lambda r: r["rank"], "count"),
                Column("Activity", lambda r: r["name"]),
                Column(f"Cost per {period_noun}", lambda r: r["cost_per_period"], "money"),
                Column("Judged contribution (0 to 100)", lambda r: r["contribution"], "number"),
                Column("Contribution per £1,000", lambda r: r["per_thousand"], "number"),
                Column("Best rank (any stakeholder)", lambda r: r["best_rank"], "count"),
                Column("Worst rank (any stakeholder)", lambda r: r["worst_rank"], "count"),
                Column("In the top three for (stakeholders)", lambda r: r["top_three_for"],
                       "count"),
                Column("Note", lambda r: r["note"] or "", on_page=False),
            ],
            rows=rows.activities,
        ),
        "rankings": TableSpec(
            caption="The top three activities under each stakeholder’s own weights",
            columns=[
                Column("Stakeholder", lambda r: r["name"]),
                Column("First", lambda r: r["first"]),
                Column("Top three, in order", lambda r: "; ".join(r["top_three"])),
                Column("Same first as the average", lambda r: r["same_first"], "bool"),
                Column("Same top three as the average", lambda r: r["same_top_three"], "bool"),
            ],
            rows=rows.rankings,
        ),
        "switching": TableSpec(
            caption="Switching values of the dimensions that rest on judgement alone",
            columns=[
                Column("Dimension", lambda r: r["name"]),
                Column("Average weight now", lambda r: r["mean_weight"], "weight"),
                Column("Change that switches the first activity", lambda r: r["delta"],
                       "weight"),
                Column("Weight at the switch", lambda r: r["new_weight"], "weight"),
                Column("New first activity", lambda r: r["new_first"] or NO_VALUE),
                Column("Note", lambda r: r["note"] or ""),
            ],
            rows=rows.switching,
        ),
    }  # fmt: skip
    if with_account:
        specs["account"] = TableSpec(
            caption=f"The public value account: costs beside benefits ({period_noun}s as "
            "recorded by the microsystem)",
            columns=[
                Column("Side", lambda r: r[0]),
                Column("Item", lambda r: r[1]),
                Column("Over the assessment", lambda r: r[2], "number"),
                Column(f"Per {period_noun}", lambda r: r[3], "number"),
                Column("Unit", lambda r: r[4]),
            ],
            rows=_account_rows(result, rows),
        )
    return specs


def _account_rows(result: AssessmentResult, rows_: Rows) -> list[tuple]:
    account = result.account
    rows = [
        ("Cost", "Money spent on the activities", account.money, account.money_per_period, "£"),
        ("Cost", "Staff time", account.staff_hours, account.staff_hours_per_period, "hours"),
        ("Cost", "Of the money: handling failure demand", account.failure_cost,
         account.failure_cost_per_period, "£"),
    ]  # fmt: skip
    for row in records(account.cost_measures):
        rows.append(("Cost", row["name"], row["value"], None, row["unit"] or ""))
    for row in rows_.dimensions:
        rows.append(("Benefit", f"{row['name']} (blended score)", row["blended"], None, "points"))
    for row in records(account.benefit_measures):
        rows.append(("Benefit", row["name"], row["value"], None, row["unit"] or ""))
    rows.append(("Benefit", "Overall public value", result.overall.value, None, "points"))
    rows.append(
        ("Value for money", "Overall value per £1,000 a month of money spent",
         account.value_for_money, None, "points per £1,000 a month")
    )  # fmt: skip
    return rows
