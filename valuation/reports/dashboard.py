"""The unit dashboard, and the figures the assessments list shows beside each assessment.

Approved assessments' figures come from their frozen records (selectors.dashboard
decodes only the parts needed); a draft's or a submitted one's from today's data,
worked out once and cached under the unit's data versions like the account page
(`draft_headline`). The engine never runs for an approved assessment here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pandas as pd
from django.urls import reverse

from core.formatting import NO_VALUE, money, plural
from core.tables import TableView, figure_html
from microsystems.models import Microsystem
from microsystems.report_cache import unit_report, unit_report_if_cached
from microsystems.reports.activities import capacity_gap_sentence
from microsystems.selectors.activities import activity_frames, cached_demand_frames
from valuation.analysis.dashboard import (
    Assessed,
    Change,
    Headline,
    change_since_previous,
    dimension_series,
    headline,
    series,
)
from valuation.charts import dashboard as charts
from valuation.models import Assessment
from valuation.records.codec import decode, decode_fields
from valuation.reports.account_text import names_text, number, whole
from valuation.scoring.engine import AssessmentResult
from valuation.selectors.account import cached_activity_records
from valuation.selectors.dashboard import approved_overall, approved_result_parts, unit_assessments
from valuation.selectors.records import AccountSource, live_source

HEADLINE_REPORT = "assessment-headline"
STATE_WORDS = {
    Assessment.Status.APPROVED: "Approved",
    Assessment.Status.SUBMITTED: "Provisional: submitted, awaiting review",
    Assessment.Status.DRAFT: "Provisional: draft",
}
NOT_STORED = "Not stored: open the assessment once to store its approved figures."
NOT_WORKED_OUT = "Not worked out yet: open the assessment to work out its figures."
FIRST_ASSESSMENT = "The first assessment: there is no earlier one to compare with."
PROVISIONAL_NOTE = (
    "Provisional: {label} is not approved yet, so these figures come from today’s data "
    "and may change."
)


# ---------------------------------------------------------------- one assessment's figures


def headline_of(result: AssessmentResult) -> Headline:
    return headline(result.overall, result.dimensions, result.account, result.activity_costs)


def _headline_key(assessment: Assessment) -> tuple:
    return (assessment.pk, assessment.status)


def draft_headline(assessment: Assessment, source: AccountSource | None = None) -> Headline:
    """A not-approved assessment's figures from today's data, cached while its inputs are
    unchanged; `source` is today's source when the caller has already worked it out."""
    return unit_report(
        HEADLINE_REPORT,
        assessment.microsystem,
        lambda: headline_of((source or live_source(assessment)).result),
        *_headline_key(assessment),
    )


def cached_draft_headline(assessment: Assessment) -> Headline | None:
    """The figures `draft_headline` stored, or None if none are stored for today's data."""
    return unit_report_if_cached(
        HEADLINE_REPORT, assessment.microsystem, *_headline_key(assessment)
    )


# The account's figures a headline reads: its frames (the measures on each side) are
# left encoded.
ACCOUNT_FIGURES = ("money_per_period", "money_per_month", "failure_cost_per_period",
                   "value_for_money")  # fmt: skip
NO_ACTIVITY_COSTS = pd.DataFrame({"name": pd.Series(dtype=object), "cost_per_year": []})


def record_headline(parts: dict, *, latest: bool) -> Headline:
    """The headline of an approved record's stored result parts
    (selectors.dashboard.approved_result_parts); the costliest activities, the only
    large frame, are decoded only for the `latest` assessment, the one that lists them."""
    return headline(
        decode(parts["overall"]),
        decode(parts["dimensions"]),
        SimpleNamespace(**decode_fields(parts["account"], ACCOUNT_FIGURES)),
        decode(parts["activity_costs"]) if latest else NO_ACTIVITY_COSTS,
    )


@dataclass(frozen=True)
class ListFigures:
    """The overall value and disagreement the assessments list shows for one assessment."""

    value: str
    disagreement: str
    note: str = ""  # why there are none, or that they are provisional
    value_sort: str = ""


def _list_figures(value: float | None, disagreement: float | None, note: str = "") -> ListFigures:
    return ListFigures(
        value=whole(value),
        disagreement=NO_VALUE if disagreement is None else f"± {number(disagreement, 1)}",
        note=note,
        value_sort="" if value is None else f"{value:.6f}",
    )


def assessment_list_figures(
    microsystem: Microsystem, assessments: list[Assessment]
) -> dict[int, ListFigures]:
    """assessment id -> its figures for the list (one query, for the approved ones' records).

    A draft's figures are shown only when already cached (its page, or the dashboard,
    worked them out): the list never runs the engine.
    """
    overall_by_assessment = approved_overall(microsystem)
    figures = {}
    for assessment in assessments:
        assessment.microsystem = microsystem
        if assessment.status == Assessment.Status.APPROVED:
            overall = overall_by_assessment.get(assessment.pk)
            figures[assessment.pk] = (
                _list_figures(overall.value, overall.disagreement)
                if overall is not None
                else ListFigures(NO_VALUE, NO_VALUE, NOT_STORED)
            )
            continue
        cached = cached_draft_headline(assessment)
        figures[assessment.pk] = (
            _list_figures(cached.overall, cached.disagreement, "Provisional")
            if cached is not None
            else ListFigures(NO_VALUE, NO_VALUE, NOT_WORKED_OUT)
        )
    return figures


# ---------------------------------------------------------------- the dashboard


@dataclass
class Tile:
    key: str
    title: str
    figure: str
    detail: str
    url: str
    link_text: str


@dataclass
class DashboardReport:
    period_noun: str
    assessments: int = 0
    latest_label: str = ""
    latest_state: str = ""
    latest_url: str = ""
    provisional_note: str = ""  # "" when the latest assessment is approved
    change_sentence: str = ""
    tiles: list[Tile] = field(default_factory=list)
    charts: dict[str, str] = field(default_factory=dict)
    tables: dict[str, TableView] = field(default_factory=dict)
    costliest: list[tuple[str, str]] = field(default_factory=list)  # (activity, £ a month)
    costliest_caption: str = ""
    capacity_sentence: str = ""
    # The same figures, exact, for the JSON endpoint and the CSV download.
    numbers: dict = field(default_factory=dict)
    csv_headers: list[str] = field(default_factory=list)
    csv_rows: list[list] = field(default_factory=list)


def _assessed(microsystem: Microsystem) -> list[Assessed]:
    """Each assessment with its figures. Of those not approved, only the latest
    assessment's are worked out if not cached (one engine run at most, so the page's
    queries stay fixed however many drafts there are); older ones show what their own
    pages have cached, or none."""
    parts_by_assessment = approved_result_parts(microsystem)
    assessments = unit_assessments(microsystem)
    assessed = []
    for assessment in assessments:
        assessment.microsystem = microsystem
        approved = assessment.status == Assessment.Status.APPROVED
        if approved:
            parts = parts_by_assessment.get(assessment.pk)
            figures = (
                record_headline(parts, latest=assessment is assessments[-1])
                if parts is not None
                else None
            )
        elif assessment is assessments[-1]:
            figures = draft_headline(assessment)
        else:
            figures = cached_draft_headline(assessment)
        assessed.append(
            Assessed(
                assessment_id=assessment.pk,
                period_label=assessment.period_label,
                start_date=assessment.start_date,
                end_date=assessment.end_date,
                status=assessment.status,
                provisional=not approved,
                headline=figures,
            )
        )
    return assessed


def change_sentence(change: Change | None) -> str:
    """ "Up 10.7 points since 2025 Q1." and the like; the first assessment says so."""
    if change is None:
        return FIRST_ASSESSMENT
    if change.points is None:
        missing = change.previous_label if change.previous is None else "this assessment"
        return f"No change can be worked out: {missing} has no overall value."
    if round(change.points, 1) == 0:
        return f"Unchanged since {change.previous_label}."
    direction = "Up" if change.points > 0 else "Down"
    return f"{direction} {number(abs(change.points), 1)} points since {change.previous_label}."


def _url(name: str, microsystem: Microsystem, assessment_id: int | None = None) -> str:
    kwargs = {"slug": microsystem.slug}
    if assessment_id is not None:
        kwargs["assessment_id"] = assessment_id
    return reverse(name, kwargs=kwargs)


def _tiles(microsystem: Microsystem, latest: pd.Series, change: str, figures: Headline) -> list:
    account_url = _url("valuation:assessment", microsystem, int(latest["assessment_id"]))
    perspectives_url = _url("valuation:perspectives", microsystem, int(latest["assessment_id"]))
    money_per_month = figures.money_per_month
    share = (
        f"{number(100 * figures.failure_cost_per_month / money_per_month, 0)}% of the cost a month"
        if money_per_month > 0
        else "There is no cost a month to take a share of."
    )
    contested = figures.contested
    return [
        Tile("overall", "Overall public value",
             NO_VALUE if figures.overall is None else f"{whole(figures.overall)} out of 100",
             change, account_url, "How the overall value was worked out"),
        Tile("disagreement", "Disagreement",
             NO_VALUE if figures.disagreement is None
             else f"± {number(figures.disagreement, 1)} points",
             "How far stakeholders’ own values lie from the overall value.",
             perspectives_url, "Where stakeholders agree and disagree"),
        Tile("cost", "Cost a month", money(money_per_month),
             "Staff time and other costs of the activities.",
             _url("microsystems:activities", microsystem), "The activities and their costs"),
        Tile("failure", "Cost of failure demand",
             f"{money(figures.failure_cost_per_month)} a month", share,
             _url("microsystems:demand", microsystem), "Demand, and how much is failure"),
        Tile("value_for_money", "Value for money",
             NO_VALUE if figures.value_for_money is None else number(figures.value_for_money),
             "Points of public value for every £1,000 a month of cost.",
             f"{account_url}#account-heading", "The account: costs beside benefits"),
        Tile("contested", "Contested dimensions", str(len(contested)),
             f"Contested: {names_text(contested)}." if contested
             else "No dimension is contested: no judgements of one dimension lie 4 or more "
                  "points apart.",
             perspectives_url, "The judgements behind each dimension"),
    ]  # fmt: skip


def _state(row: pd.Series) -> str:
    return STATE_WORDS[row["status"]]


def _series_table(frame: pd.DataFrame, dimensions: pd.DataFrame) -> tuple[list, list, list]:
    """(headers, display rows, exact rows) of the figures over time, oldest first."""
    names = list(dict.fromkeys(dimensions["dimension"]))
    scores = {(row.assessment_id, row.dimension): row.score for row in dimensions.itertuples()}
    headers = ["Assessment", "State", "Overall value", "Disagreement", *names,
               "Cost a month (£)", "Failure demand a month (£)", "Value for money",
               "Contested dimensions"]  # fmt: skip
    shown, exact = [], []
    for row in frame.itertuples(index=False):
        dimension_scores = [scores.get((row.assessment_id, name)) for name in names]
        values = [row.overall, row.disagreement, *dimension_scores, row.money_per_month,
                  row.failure_cost_per_month, row.value_for_money, row.contested]  # fmt: skip
        values = [None if value is None or pd.isna(value) else value for value in values]
        state = STATE_WORDS[row.status]
        if pd.isna(row.money_per_month):  # no figures to be had
            why = NOT_STORED if row.status == Assessment.Status.APPROVED else NOT_WORKED_OUT
            state = f"{state}. {why}"
        exact.append([row.period_label, state, *values])
        shown.append(
            [row.period_label, state, number(values[0], 1), number(values[1], 1),
             *(number(score, 1) for score in values[2 : 2 + len(names)]),
             money(values[-4]), money(values[-3]), number(values[-2]),
             NO_VALUE if values[-1] is None else str(int(values[-1]))]
        )  # fmt: skip
    return headers, shown, exact


def _numbers(report: DashboardReport, frame: pd.DataFrame, assessed, change, gap) -> dict:
    by_id = {item.assessment_id: item.headline for item in assessed}
    rows = []
    for row in frame.itertuples(index=False):
        figures = by_id[row.assessment_id]
        rows.append(
            {
                "assessment_id": int(row.assessment_id),
                "period_label": row.period_label,
                "start_date": row.start_date.isoformat(),
                "end_date": row.end_date.isoformat(),
                "status": row.status,
                "provisional": bool(row.provisional),
                "overall_value": figures.overall if figures else None,
                "disagreement": figures.disagreement if figures else None,
                "money_per_month": figures.money_per_month if figures else None,
                "failure_cost_per_month": figures.failure_cost_per_month if figures else None,
                "value_for_money": figures.value_for_money if figures else None,
                "contested_dimensions": list(figures.contested) if figures else [],
                "dimension_scores": {name: score for _, name, score in figures.dimensions}
                if figures
                else {},
            }
        )
    return {
        "period_noun": report.period_noun,
        "latest": rows[-1] if rows else None,
        "change_since_previous": None
        if change is None
        else {"points": change.points, "previous_period": change.previous_label},
        "assessments": rows,
        "capacity_gap_hours_per_period": gap,
        "costliest_activities": [
            {"name": name, "cost_per_month": cost}
            for name, cost in (by_id[rows[-1]["assessment_id"]].costliest if rows and
                               by_id[rows[-1]["assessment_id"]] else [])
        ],
    }  # fmt: skip


def _capacity_gap_hours(microsystem: Microsystem) -> float | None:
    frames = cached_demand_frames(microsystem)
    if frames is None:
        frames = activity_frames(microsystem, records=cached_activity_records(microsystem))
    return frames.capacity_gap_hours


def dashboard_report(microsystem: Microsystem) -> DashboardReport:
    noun = microsystem.period_noun
    report = DashboardReport(period_noun=noun)
    assessed = _assessed(microsystem)
    # Cached apart, under the unit's operations only: an assessment's change leaves it.
    # After the figures of a draft (above), the demand frames they worked out and the
    # activity records they read are cached: neither is worked out or read again.
    gap = unit_report(
        "capacity-gap",
        microsystem,
        lambda: _capacity_gap_hours(microsystem),
        operations_only=True,
    )
    report.capacity_sentence = capacity_gap_sentence(gap, noun)
    frame = series(assessed)
    dimensions = dimension_series(assessed)
    change = change_since_previous(frame)
    report.assessments = len(frame)
    report.numbers = _numbers(report, frame, assessed, change, gap)
    headers, shown, exact = _series_table(frame, dimensions)
    report.csv_headers, report.csv_rows = headers, exact
    if frame.empty:
        return report
    latest = frame.iloc[-1]
    latest_headline = assessed_by_id(assessed)[int(latest["assessment_id"])]
    report.latest_label = str(latest["period_label"])
    report.latest_state = _state(latest)
    report.latest_url = _url("valuation:assessment", microsystem, int(latest["assessment_id"]))
    if bool(latest["provisional"]):
        report.provisional_note = PROVISIONAL_NOTE.format(label=report.latest_label)
    report.change_sentence = change_sentence(change)
    if latest_headline is not None:
        report.tiles = _tiles(microsystem, latest, report.change_sentence, latest_headline)
        report.costliest = [(name, money(cost)) for name, cost in latest_headline.costliest]
        listed = len(report.costliest)
        report.costliest_caption = (
            f"The {listed} costliest activit{plural(listed, 'y', 'ies')} in "
            f"{report.latest_label}, cost a month"
        )
    report.charts = {
        "value": figure_html(charts.value_over_time_chart(frame, dimensions)),
        "cost": figure_html(charts.cost_over_time_chart(frame)),
    }
    report.tables = {
        "series": TableView(
            caption=f"Figures of each of the {len(frame)} assessment{plural(len(frame))}, "
            "oldest first",
            headers=headers,
            rows=shown,
        )
    }
    return report


def assessed_by_id(assessed: list[Assessed]) -> dict[int, Headline | None]:
    return {item.assessment_id: item.headline for item in assessed}
