"""The assessment page: the public value account of one assessment, traceable by hand.

selectors.account (frames) -> scoring.engine.assess (numbers) -> this module
(sentences, cards, tables already formatted as text, charts), so the template
does no arithmetic and the view no pandas. The same table specs feed the CSV
downloads, with exact figures instead of display text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
from django.urls import reverse

from core.formatting import NO_VALUE, money, plain_number, plural
from core.tables import TableView, figure_html
from valuation.charts import account as charts
from valuation.models import Assessment
from valuation.reports.account_tables import (
    PAGE_ACTIVITIES,
    PAGE_TABLES,
    TABLES,
    Rows,
    measure_rows,
    table_specs,
)
from valuation.reports.account_text import (
    OVERALL_REASON_WORDS,
    RANKING_STATUS_WORDS,
    ROLLUP_WORDS,
    VALUE_FOR_MONEY_REASON_WORDS,
    blend_formula,
    contest_text,
    contribution_formula,
    coverage_text,
    mean_formula,
    names_text,
    number,
    possessive,
    reason_words,
    reference_text,
    score,
    share_text,
    weight,
    whole,
    with_unit,
)
from valuation.reports.html import (
    account_rows_html,
    cards_html,
    decomposition_html,
    disclosed_table_html,
    measured_scores_html,
    table_html,
)
from valuation.scoring.engine import AssessmentResult
from valuation.selectors.records import AccountSource


@dataclass
class Card:
    """One value dimension on the page."""

    name: str
    active: bool
    measured: str
    measured_note: str
    measured_formula: str
    measures: list[dict]
    judgements: list[dict]
    blended: str
    blended_note: str
    contested: bool
    contest_text: str
    flag: str  # contested, agreed or unknown (too few judgements to tell)
    rests_on_judgement: bool


@dataclass
class AssessmentReport:
    period_noun: str
    periods_text: str
    has_stakeholders: bool
    has_weights: bool
    has_measures: bool
    has_measurements: bool
    has_judgements: bool
    has_activity_judgements: bool
    overall: str = ""
    overall_exact: str = ""
    overall_reason: str = ""
    disagreement: str = ""
    range_sentence: str = ""
    voices_sentence: str = ""
    notes: list[str] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    costs: list[tuple[str, str, str]] = field(default_factory=list)  # (item, total, detail)
    benefits: list[tuple[str, str, str]] = field(default_factory=list)
    value_for_money: str = ""
    value_for_money_sentence: str = ""
    sensitivity_status: str = ""
    sensitivity_sentences: list[str] = field(default_factory=list)
    switching_sentences: list[str] = field(default_factory=list)
    judgement_share: str = ""
    decomposition: list[dict] = field(default_factory=list)
    overall_formula: str = ""
    disagreement_formula: str = ""
    disagreement_words: str = ""
    value_for_money_formula: str = ""
    charts: dict[str, str] = field(default_factory=dict)
    tables: dict[str, TableView] = field(default_factory=dict)
    html: dict[str, str] = field(default_factory=dict)  # tables pre-rendered (reports.html)
    activities_total: int = 0


# Beside the figure, so that it is not mistaken for the staff page's cost, which counts
# every hour the roles can give whether or not an activity records it.
MONEY_DEFINITION = (
    "staff hours recorded against activities × hourly cost, plus their other costs "
    "(the staff page counts every hour available)"
)
DISAGREEMENT_IN_WORDS = (
    "That is the voice-weighted population standard deviation of the stakeholders’ "
    "perspective values: how far, on average, they lie from the overall value, each "
    "counted by its share of voice."
)


def _cards(rows: Rows) -> list[Card]:
    measures_by_dimension: dict[int, list[dict]] = {}
    for row in rows.measures:
        measures_by_dimension.setdefault(row["dimension_id"], []).append(
            {
                "name": row["name"],
                "value": with_unit(row["value"], row["unit"] or ""),
                # Without a value the reason says so: no "—" placeholder before it.
                "has_value": row["value"] is not None and not pd.isna(row["value"]),
                "score": score(row["score"]),
                "raw_score": row["score"],
                "scored": bool(row["scored"]),
                "reason": row["reason"],
                "reference": reference_text(row),
                "incomplete": coverage_text(row),
            }
        )
    judgements_by_dimension: dict[int, list[dict]] = {}
    for row in rows.blend:
        if row["judgement"] is not None:
            judgements_by_dimension.setdefault(row["dimension_id"], []).append(
                {
                    "stakeholder": row["stakeholder"],
                    "judgement": number(row["judgement"]),
                    "judged": number(row["judged"]),
                }
            )
    return [
        Card(
            name=row["name"],
            active=bool(row["active"]),
            measured=score(row["measured"]),
            measured_note=row["measured_note"],
            measured_formula=mean_formula(
                [
                    m["raw_score"]
                    for m in measures_by_dimension.get(row["dimension_id"], [])
                    if m["scored"]
                ],
                row["measured_note"],
            ),
            measures=measures_by_dimension.get(row["dimension_id"], []),
            judgements=judgements_by_dimension.get(row["dimension_id"], []),
            blended=score(row["blended"]),
            blended_note=row["blended_note"],
            contested=bool(row["contested"]),
            contest_text=contest_text(row),
            flag="contested" if row["contested"] else "agreed" if row["judges"] > 1 else "unknown",
            rests_on_judgement=bool(row["rests_on_judgement"]),
        )
        for row in rows.dimensions
    ]


def _headline(report: AssessmentReport, result: AssessmentResult, rows: Rows, rationale: str):
    overall = result.overall
    if overall.value is None:
        report.overall_reason = reason_words(overall.reason, OVERALL_REASON_WORDS)
    else:
        report.overall = whole(overall.value)
        report.overall_exact = number(overall.value)
        report.disagreement = number(overall.disagreement, 1)
        low_name, low = overall.lowest
        high_name, high = overall.highest
        if overall.counted == 1:
            report.range_sentence = (
                f"Only {possessive(high_name)} perspective counts so far, so there is no "
                "disagreement to measure yet."
            )
        elif whole(low) == whole(high):
            report.range_sentence = (
                f"All {overall.counted} stakeholders’ values are about {whole(high)}: they agree."
            )
        else:
            report.range_sentence = (
                f"Stakeholders’ values range from {whole(low)} ({low_name}) to "
                f"{whole(high)} ({high_name})."
            )
    if overall.equal_voices:
        report.voices_sentence = "Every stakeholder’s voice counts equally."
    else:
        reason = rationale.strip()
        report.voices_sentence = "Some voices count more than others" + (
            f": {reason}" if reason else "."
        )
    # From the perspectives rows, whose notes are already words: a record approved
    # before the engine returned codes stored these same lines in result.notes.
    report.notes = [f"{row['name']}: {row['note']}" for row in rows.perspectives if row["note"]]


def _account(report: AssessmentReport, result: AssessmentResult, noun: str) -> dict:
    """The report's fields that read the costs (the account): `report` holds the rest."""
    account = result.account
    per = f"a {noun}"
    costs = [
        ("Money spent on the activities", money(account.money),
         f"{money(account.money_per_period)} {per} from {account.activities} "
         f"activit{plural(account.activities, 'y', 'ies')}: {MONEY_DEFINITION}"),
        ("Staff time", f"{plain_number(account.staff_hours, 1)} hours",
         f"{plain_number(account.staff_hours_per_period, 1)} hours {per}"),
        ("Of the money, handling failure demand", money(account.failure_cost),
         f"{money(account.failure_cost_per_period)} {per}"),
    ]  # fmt: skip
    for row in measure_rows(account.cost_measures, noun):
        detail = (ROLLUP_WORDS.get(row["rollup"], "") + f" of {row['periods']} periods"
                  if row["periods"] else "No values in this period")  # fmt: skip
        if coverage_text(row):
            detail = f"{detail}. {coverage_text(row)}"
        costs.append((row["name"], with_unit(row["value"], row["unit"] or ""), detail))
    benefits = []
    for card in report.cards:
        points = NO_VALUE if card.blended == NO_VALUE else f"{card.blended} points"
        benefits.append((f"{card.name}", points, card.blended_note))
    for row in measure_rows(account.benefit_measures, noun):
        detail = f"scores {score(row['score'])}" if row["scored"] else row["reason"]
        benefits.append((row["name"], with_unit(row["value"], row["unit"] or ""), detail))
    periods = account.periods
    fields = {
        "periods_text": f"{number(periods)} {noun}{'' if number(periods) == '1' else 's'}",
        "costs": costs,
        "benefits": benefits,
        "html": {
            **report.html,
            "costs": account_rows_html(costs),
            "benefits": account_rows_html(benefits),
        },
    }
    if account.value_for_money is None:
        fields["value_for_money_sentence"] = (
            "Value for money cannot be worked out yet. "
            + reason_words(account.value_for_money_reason, VALUE_FOR_MONEY_REASON_WORDS)
        )
    else:
        fields["value_for_money"] = number(account.value_for_money)
        fields["value_for_money_sentence"] = (
            f"{number(account.value_for_money)} points of public value for every £1,000 "
            f"a month the activities cost ({money(account.money_per_month)} a month). "
            "A month is the basis whatever the assessment's length, so assessments of "
            "different lengths compare."
        )
        fields["value_for_money_formula"] = (
            f"{number(result.overall.value)} ÷ ({money(account.money_per_month)} a month "
            f"÷ 1,000) = {number(account.value_for_money)}"
        )
    return fields


def _sensitivity(report: AssessmentReport, result: AssessmentResult, rows: Rows, noun: str) -> None:
    ranking = result.sensitivity
    report.sensitivity_status = reason_words(ranking.status, RANKING_STATUS_WORDS)
    report.activities_total = int(ranking.activities["rank"].notna().sum())
    if ranking.status:
        return
    top, first = ranking.top_three, ranking.top_three[0]
    what = f"the judged contribution per £1,000 of cost a {noun}"
    if ranking.robust:
        report.sensitivity_sentences = [
            f"Robust: whichever stakeholder’s weights are used, the same activities lead on "
            f"{what}: {names_text(top)}, with {first} first."
        ]
    else:
        sentences = [
            f"Contested: under the stakeholders’ average weights the activities that lead on "
            f"{what} are {names_text(top)}, with {first} first, but not under everyone’s weights."
        ]
        if ranking.first_changes_for:
            sentences.append(
                f"Another activity comes first under the weights of "
                f"{names_text(ranking.first_changes_for)}."
            )
        if ranking.top_three_changes_for:
            sentences.append(
                f"The top three change under the weights of "
                f"{names_text(ranking.top_three_changes_for)}."
            )
        report.sensitivity_sentences = sentences
    for row in rows.switching:
        if row["delta"] is None:
            report.switching_sentences.append(
                f"{row['name']} rests on judgement alone (average weight "
                f"{weight(row['mean_weight'])}). {row['note']}"
            )
            continue
        verb = "rose" if row["delta"] > 0 else "fell"
        report.switching_sentences.append(
            f"{row['name']} rests on judgement alone: if its average weight of "
            f"{weight(row['mean_weight'])} {verb} by {weight(abs(row['delta']))} to "
            f"{weight(row['new_weight'])}, {row['new_first']} would overtake {first} as first."
        )


def _decomposition(report: AssessmentReport, result: AssessmentResult, rows: Rows) -> None:
    share = result.judgement_share
    values = {row["stakeholder_id"]: row for row in rows.perspectives}
    groups: dict[int, dict] = {}
    for row in rows.blend:
        group = groups.setdefault(
            row["stakeholder_id"],
            {"name": row["stakeholder"], "rows": [], "person": values[row["stakeholder_id"]]},
        )
        group["rows"].append(
            [
                row["dimension"],
                number(row["measured"]),
                NO_VALUE if row["judgement"] is None
                else f"{number(row['judgement'])} → {number(row['judged'])}",
                blend_formula(row, share),
                weight(row["weight"]),
                weight(row["weight_applied"]),
                contribution_formula(row),
            ]
        )  # fmt: skip
    for group in groups.values():
        person = group["person"]
        group["value"] = number(person["value"])
        group["note"] = person["note"]
        group["has_weights"] = bool(person["has_weights"])
    report.decomposition = list(groups.values())
    overall = result.overall
    if overall.value is None:
        return
    parts = [
        f"{share_text(row['voice_share'])} × {number(row['value'])}"
        for row in values.values()
        if row["counted"]
    ]
    report.overall_formula = f"{' + '.join(parts)} = {number(overall.value)}"
    report.disagreement_formula = (
        f"√(Σ share × (value − {number(overall.value)})²) = {number(overall.disagreement)}"
    )
    report.disagreement_words = DISAGREEMENT_IN_WORDS


def assessment_report(
    assessment: Assessment, source: AccountSource, url: str = ""
) -> AssessmentReport:
    """The page of `source`: today's data (a draft or a submitted assessment) or an
    approved version's frozen record (selectors.records); the same code for both.
    `url` is where its CSV downloads are (the assessment's own by default)."""
    return with_account(value_report(assessment, source, url), source)


def with_account(report: AssessmentReport, source: AccountSource) -> AssessmentReport:
    """`report` (value_report of the same source) with the account: the costs beside
    the benefits and the value for money."""
    return replace(report, **_account(report, source.result, source.period_noun))


def value_report(assessment: Assessment, source: AccountSource, url: str = "") -> AssessmentReport:
    """The page of `source` but for what reads its costs (with_account adds them): it
    reads nothing the engine's value stage does not (engine.ValueStage), so a caller
    may keep it while the demand figures change."""
    noun = source.period_noun
    inputs, result = source.inputs, source.result
    rows = Rows.of(result, noun)
    report = AssessmentReport(
        period_noun=noun,
        periods_text="",
        has_stakeholders=not inputs.stakeholders.empty,
        has_weights=bool(result.perspectives["has_weights"].any()),
        has_measures=not result.measures.empty,
        has_measurements=result.has_measurements,
        has_judgements=any(row["judgement"] is not None for row in rows.blend),
        has_activity_judgements=not inputs.activity_judgements.empty,
        judgement_share=number(result.judgement_share),
    )
    report.cards = _cards(rows)
    _headline(report, result, rows, source.voice_weights_rationale)
    _sensitivity(report, result, rows, noun)
    _decomposition(report, result, rows)
    report.charts = {
        "perspectives": figure_html(
            charts.perspective_values_chart(
                result.perspectives,
                overall=result.overall.value,
                disagreement=result.overall.disagreement,
            )
        ),
        "dimensions": figure_html(charts.dimension_scores_chart(result.dimensions)),
    }
    # Not the account's table: it reads the costs, and is a download only.
    specs = table_specs(result, rows, noun, with_account=False)
    report.tables = {
        name: specs[name].page(name, PAGE_ACTIVITIES if name == "activities" else None)
        for name in PAGE_TABLES
    }
    report.html = _html_tables(report, url or download_url(assessment))
    return report


def download_url(assessment: Assessment) -> str:
    return reverse(
        "valuation:assessment_download",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )


def _html_tables(report: AssessmentReport, url: str) -> dict[str, str]:
    tables = report.tables

    def csv(name: str) -> str:
        return f"{url}?table={name}"

    return {
        "perspectives_disclosed": disclosed_table_html(
            tables["perspectives"], csv("perspectives"), text_columns=frozenset({5})
        ),
        "perspectives": table_html(tables["perspectives"], text_columns=frozenset({5})),
        "dimensions_disclosed": disclosed_table_html(
            tables["dimensions"], csv("dimensions"), text_columns=frozenset({6})
        ),
        "measures": table_html(tables["measures"], text_columns=frozenset({1, 2, 3, 6, 10})),
        "activities": table_html(
            tables["activities"],
            caption_suffix=(
                f": the first {len(tables['activities'].rows)} of {report.activities_total} "
                "(the download lists every activity)"
                if report.activities_total > len(tables["activities"].rows)
                else ""
            ),
        ),
        "rankings_disclosed": disclosed_table_html(
            tables["rankings"], csv("rankings"), text_columns=frozenset({1, 2, 3, 4})
        ),
        "switching_disclosed": disclosed_table_html(
            tables["switching"], csv("switching"), text_columns=frozenset({4, 5})
        ),
        "decomposition": decomposition_html(report.decomposition),
        "cards": cards_html(report.cards),
        "measured_scores": measured_scores_html(report.cards),
    }


def download_table(source: AccountSource, table: str) -> tuple[list[str], list[list]]:
    """(headers, rows) of one of TABLES with exact figures, for a CSV download."""
    if table not in TABLES:
        raise ValueError(f"Unknown table {table!r}; expected one of {TABLES}")
    rows = Rows.of(source.result, source.period_noun)
    return table_specs(source.result, rows, source.period_noun)[table].download()
