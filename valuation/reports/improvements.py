"""The improvement pages in words: the ideas' table and plane, the ranking under each
stakeholder's weights, an idea's net present value worked through, and "did it work?".

Selectors (rows, frames) -> valuation.analysis.improvements and
microsystems.analysis.run_charts (numbers) -> this module -> the template.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from django.utils import timezone

from core.formatting import NO_VALUE, attach_unit, money, plain_number
from core.tables import TableView, figure_html
from microsystems.analysis import run_charts as rc
from microsystems.analysis.demand import periods_per_year
from microsystems.periods import period_label
from microsystems.reports.run_charts import SIGNAL_WORDS, RunChartView, run_chart_view
from valuation.analysis import improvements as analysis
from valuation.charts.improvements import ideas_plane
from valuation.models import ImprovementIdea, Measure

QUADRANT_WORDS = {
    "both": "More benefit, lower cost",
    "benefit_at_a_cost": "More benefit, higher cost",
    "saving_at_a_loss": "Lower cost, less benefit",
    "neither": "Higher cost, less benefit",
}
STATUS_WORDS = dict(ImprovementIdea.Status.choices)
AIM_WORDS = dict(ImprovementIdea.Aim.choices)


def idea_value(idea: ImprovementIdea, *, bias: bool = True) -> analysis.PresentValue:
    return analysis.present_value(
        monthly_saving=float(idea.monthly_saving),
        one_off_cost=float(idea.one_off_cost),
        horizon_years=idea.horizon_years,
        discount_rate=float(idea.discount_rate_pct) / 100,
        optimism_bias=float(idea.optimism_bias_pct) / 100 if bias else 0.0,
    )


def payback_text(years: float | None) -> str:
    if years is None:
        return "Never: it saves nothing a year"
    if years == 0:
        return "At once: no one-off cost"
    return f"{plain_number(years, 1)} years"


def benefit_total(idea: ImprovementIdea) -> float:
    """The sum of the idea's expected points (its benefits prefetched)."""
    return float(sum(row.points for row in idea.benefits.all()))


@dataclass(frozen=True)
class IdeaRow:
    idea: ImprovementIdea
    status: str
    aim: str
    owner: str
    monthly_saving: str
    benefit: str
    one_off_cost: str
    npv: str
    npv_unadjusted: str
    payback: str
    quadrant: str


@dataclass
class ImprovementsPage:
    rows: list[IdeaRow]
    figure: str = ""
    plane_table: TableView | None = None
    ranking: TableView | None = None
    ranking_sentences: list[str] = field(default_factory=list)
    ranking_missing: str = ""


def owner_name(user) -> str:
    return user.get_full_name() or user.username


def improvements_page(
    ideas: list[ImprovementIdea], benefits: pd.DataFrame, weights: pd.DataFrame
) -> ImprovementsPage:
    rows = []
    plane = []
    ranking_input = []
    for idea in ideas:
        adjusted, plain = idea_value(idea), idea_value(idea, bias=False)
        benefit = benefit_total(idea)
        where = analysis.quadrant(float(idea.monthly_saving), benefit)
        rows.append(
            IdeaRow(
                idea=idea,
                status=STATUS_WORDS[idea.status],
                aim=AIM_WORDS[idea.aim],
                owner=owner_name(idea.owner),
                monthly_saving=money(idea.monthly_saving),
                benefit=f"{benefit:+.1f}",
                one_off_cost=money(idea.one_off_cost),
                npv=money(adjusted.npv),
                npv_unadjusted=money(plain.npv),
                payback=payback_text(adjusted.payback_years),
                quadrant=QUADRANT_WORDS[where],
            )
        )
        plane.append((idea.title, idea.status, float(idea.monthly_saving), benefit))
        if idea.status != ImprovementIdea.Status.DROPPED:
            ranking_input.append((idea.pk, idea.title, -adjusted.npv))
    page = ImprovementsPage(rows=rows)
    if not ideas:
        return page
    points = pd.DataFrame(plane, columns=["title", "status", "monthly_saving", "benefit"])
    page.figure = figure_html(ideas_plane(points, STATUS_WORDS))
    page.plane_table = TableView(
        caption="Each idea's expected saving, benefit and where that puts it",
        headers=["Idea", "Saving a month", "Benefit (points)", "Quadrant"],
        rows=[[row.idea.title, row.monthly_saving, row.benefit, row.quadrant] for row in rows],
    )
    _rank(page, ranking_input, benefits, weights)
    return page


def _rank(page, ranking_input, benefits, weights) -> None:
    frame = pd.DataFrame(ranking_input, columns=["idea_id", "title", "net_cost"])
    if frame.empty:
        page.ranking_missing = "Every idea has been dropped, so there is nothing to rank."
        return
    if weights.empty:
        page.ranking_missing = (
            "No stakeholder has weighed the value dimensions in an assessment of this unit "
            "yet, so the ideas cannot be ranked by benefit under their weights."
        )
        return
    result = analysis.ranking_sensitivity(frame, benefits, weights)
    page.ranking = TableView(
        caption="Ideas ranked by benefit per £1,000 of net cost, under the stakeholders' mean "
        "weights (net cost: the one-off cost, uplifted, less the discounted savings)",
        headers=["Rank", "Idea", "Weighted benefit (points)", "Net cost", "Benefit per £1,000"],
        rows=[
            [
                str(rank),
                row.title,
                f"{row.benefit:+.1f}",
                money(row.net_cost),
                "Pays for itself" if row.pays_for_itself else plain_number(row.per_thousand, 2),
            ]
            for rank, row in enumerate(result.reference.itertuples(index=False), start=1)
        ],
    )
    first = result.reference["title"].iloc[0]
    if result.robust:
        page.ranking_sentences.append(
            f"Robust: “{first}” comes first under every stakeholder's weights."
        )
    else:
        page.ranking_sentences.append(
            f"Contested: “{first}” comes first under the mean weights, but not under the "
            f"weights of {', '.join(result.changes_for)}."
        )
    for row in result.firsts.itertuples(index=False):
        page.ranking_sentences.append(
            f"Under {row.stakeholder}'s weights, “{row.first}” comes first."
        )


def npv_lines(idea: ImprovementIdea) -> list[str]:
    """The "How was this computed?" panel: the arithmetic, step by step."""
    value, plain = idea_value(idea), idea_value(idea, bias=False)
    rate = plain_number(idea.discount_rate_pct, 2)
    bias = plain_number(idea.optimism_bias_pct, 1)
    lines = [
        f"Saving a year: 12 × {money(idea.monthly_saving, 2)} = {money(plain.yearly_saving, 2)}, "
        "counted at the end of each year.",
        f"Each year's saving is discounted at {rate}% a year: year t is divided by "
        f"(1 + {rate}%)^t.",
    ]
    for year, (factor, saving) in enumerate(
        zip(value.discount_factors, value.discounted_savings, strict=True), start=1
    ):
        lines.append(
            f"Year {year}: {money(value.yearly_saving, 2)} × {factor:.4f} = {money(saving, 2)}"
        )
    lines += [
        f"One-off cost in year 0: {money(idea.one_off_cost, 2)}"
        + (f", raised by the {bias}% optimism-bias uplift to {money(value.one_off_cost, 2)}."
           if idea.optimism_bias_pct else "."),
        f"Net present value over {idea.horizon_years} years: "
        f"{money(sum(value.discounted_savings), 2)} − {money(value.one_off_cost, 2)} = "
        f"{money(value.npv, 2)}"
        + (f" (without the uplift: {money(plain.npv, 2)})." if idea.optimism_bias_pct else "."),
        f"Payback: one-off cost ÷ saving a year = {payback_text(value.payback_years)}"
        + (f" (without the uplift: {payback_text(plain.payback_years)})."
           if idea.optimism_bias_pct else "."),
    ]  # fmt: skip
    return lines


def idea_figures(idea: ImprovementIdea) -> dict:
    """The idea's headline money figures, worded, and the arithmetic behind them."""
    adjusted, plain = idea_value(idea), idea_value(idea, bias=False)
    return {
        "npv": money(adjusted.npv),
        "npv_unadjusted": money(plain.npv),
        "payback": payback_text(adjusted.payback_years),
        "monthly_saving": money(idea.monthly_saving, 2),
        "one_off_cost": money(idea.one_off_cost, 2),
        "lines": npv_lines(idea),
    }


@dataclass(frozen=True)
class MeasureOutcome:
    measure: Measure
    chart: RunChartView
    sentence: str


def outcome_sentence(result: dict, measure: Measure, granularity: str) -> str:
    unit = measure.unit
    before = (
        attach_unit(plain_number(result["before_mean"], 2), unit)
        if result["before_mean"] is not None
        else NO_VALUE
    )
    after = (
        attach_unit(plain_number(result["after_mean"], 2), unit)
        if result["after_mean"] is not None
        else NO_VALUE
    )
    means = f"Mean before adoption {before}, after {after}."
    if not result["enough_before"]:
        return (
            f"{means} Too few points before adoption ({result['before_points']} of "
            f"{rc.MIN_POINTS}) to judge whether a real change followed."
        )
    if result["after_points"] == 0:
        return f"{means} No values since adoption yet: not yet known."
    if result["wanted"] is None:
        return (
            f"{means} No special cause has followed yet: the values since adoption are within "
            "the variation seen before it, so there is no sign yet that it worked."
        )
    when = period_label(result["first_signal_period"].date(), granularity)
    if result["wanted"]:
        return (
            f"{means} Yes: a special cause in the wanted direction followed, first in {when} "
            f"({SIGNAL_WORDS[result['first_signal']]}), judged against the limits before adoption."
        )
    return (
        f"{means} A special cause followed, first in {when} "
        f"({SIGNAL_WORDS[result['first_signal']]}), but not in the wanted direction."
    )  # fmt: skip


def did_it_work(
    idea: ImprovementIdea,
    measures: list[Measure],
    series: dict[int, pd.Series],
    granularity: str,
) -> list[MeasureOutcome]:
    """For an adopted idea: each measure's chart recalculated from the adoption date, marked,
    and whether a special cause in the wanted direction followed."""
    if idea.adopted_on is None:
        return []
    outcomes = []
    adopted = pd.Timestamp(idea.adopted_on)
    for measure in measures:
        values = series.get(measure.pk, pd.Series([], dtype=float))
        target = None if measure.target is None else float(measure.target)
        chart = rc.xmr_chart(
            values, direction=measure.direction, target=target, recalculate_from=[idea.adopted_on]
        )
        view = run_chart_view(
            chart,
            title=measure.name,
            granularity=granularity,
            unit=measure.unit,
            mark=adopted,
            mark_label=f"Adopted {idea.adopted_on:%-d %b %Y}",
        )
        result = rc.before_after(values, idea.adopted_on, direction=measure.direction)
        outcomes.append(
            MeasureOutcome(measure, view, outcome_sentence(result, measure, granularity))
        )
    return outcomes


def realised_saving_sentence(
    idea: ImprovementIdea, before_from_history: float | None, current_monthly_cost: float | None
) -> str:
    """Expected beside realised: the fall in what the idea's activities cost a month,
    from just before its adoption date (their change history) to now; where the
    history does not reach back that far, from the cost kept when the adoption was
    recorded."""
    expected = money(idea.monthly_saving, 2)
    if before_from_history is not None:
        before = before_from_history
        when = f"just before it was adopted on {as_of(idea.adopted_on)}, by their change history"
    elif idea.activities_monthly_cost_at_adoption is not None:
        before = float(idea.activities_monthly_cost_at_adoption)
        when = "when its adoption was recorded"
    else:
        before = None
    if before is None or current_monthly_cost is None:
        return (
            f"Expected saving: {expected} a month. The realised saving cannot be worked out: "
            "the idea touches no activity, or what its activities cost before it was "
            "adopted is not known."
        )
    realised = analysis.realised_monthly_saving(before, current_monthly_cost)
    return (
        f"Expected saving: {expected} a month. Realised: {money(realised, 2)} a month (its "
        f"activities cost {money(before, 2)} a month {when}; "
        f"{money(current_monthly_cost, 2)} now)."
    )


def costs_before_and_now(
    history: dict, adopted_on: date, now: dt.datetime, granularity: str
) -> tuple[float | None, float | None]:
    """What the activities cost a month at the start of the adoption day (site time)
    and now, from selectors.activities_cost_history."""
    start = timezone.make_aware(dt.datetime.combine(adopted_on, dt.time.min))
    per_year = periods_per_year(granularity)

    def cost_at(moment) -> float | None:
        return analysis.monthly_cost_as_of(
            history["activities"], history["efforts"], history["roles"],
            pd.Timestamp(moment), per_year,
        )  # fmt: skip

    return cost_at(start), cost_at(now)


def monthly_cost(frames: dict, granularity: str) -> float | None:
    return analysis.activities_monthly_cost(
        frames["activities"], frames["efforts"], periods_per_year(granularity)
    )


def as_of(day: date) -> str:
    return f"{day:%-d %b %Y}"
