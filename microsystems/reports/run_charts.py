"""Run charts in words: the summary words and icons, the sentences, the table and the CSV.

microsystems.analysis.run_charts (numbers) -> this module -> the template. Used
by the demand run charts here and by the measures' run charts in valuation.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pandas as pd

from core.formatting import NO_VALUE, attach_unit, plain_number, plural
from core.spreadsheets import csv_bytes
from core.tables import TableView, figure_html
from microsystems.analysis import run_charts as rc
from microsystems.charts.run_charts import run_chart_figure
from microsystems.periods import period_label


@dataclass(frozen=True)
class Icon:
    """A summary icon: a symbol drawn in a coloured circle, its class, and the words that
    say the same (shown beside it, and its text alternative)."""

    symbol: str
    css: str
    words: str


VARIATION_ICONS = {
    rc.COMMON_CAUSE: Icon("~", "xmr-common", "Common cause variation: no sign of a real change"),
    rc.IMPROVEMENT: Icon("▲", "xmr-improvement", "Special cause variation: improving"),
    rc.CONCERN: Icon("▼", "xmr-concern", "Special cause variation: concerning"),
    rc.NEUTRAL: Icon("◆", "xmr-neutral", "Special cause variation: neither better nor worse"),
    rc.TOO_FEW_POINTS: Icon("…", "xmr-none", "Too few points to judge variation"),
    rc.NO_DATA: Icon("–", "xmr-none", "No values recorded yet"),
}
ASSURANCE_ICONS = {
    rc.MEET: Icon("P", "xmr-improvement", "Will consistently meet the target"),
    rc.MISS: Icon("F", "xmr-concern", "Will consistently miss the target"),
    rc.CHANCE: Icon("?", "xmr-common", "Will meet and miss the target by chance"),
}
NO_ASSURANCE = Icon("–", "xmr-none", "No target to judge against")
NO_ASSURANCE_LIMITS = Icon("–", "xmr-none", "Too few points to judge against the target")
NO_ASSURANCE_DIRECTION = Icon("–", "xmr-none", "No better direction to judge a target by")

SIGNAL_WORDS = {
    rc.BEYOND_LIMIT: "a point beyond a process limit",
    rc.RUN: f"a run of {rc.RUN_LENGTH} or more points on one side of the mean",
    rc.TREND: f"{rc.TREND_LENGTH} or more points rising or falling in a row",
    rc.NEAR_LIMITS: "two of three points beyond two-thirds of the way to a limit",
}
VERDICT_WORDS = {rc.IMPROVEMENT: "improvement", rc.CONCERN: "concern", rc.NEUTRAL: "special cause"}
TABLE_HEADERS = ["Period", "Value", "Mean", "Lower limit", "Upper limit", "Signal"]

RULES_EXPLAINED = [
    "The mean of the points, and process limits at the mean ± 2.66 × the mean moving "
    "range (the mean difference between one point and the next).",
    "Moving ranges above 3.267 × their mean are left out before the limits are worked "
    "out, so one freak jump does not widen them.",
    "A segment with fewer than 12 points gets its mean but no limits and no signals.",
    "Signals: a point beyond a limit; a run of 7 or more points on one side of the mean "
    "(a point on the mean ends a run); 7 or more points each higher, or each lower, than "
    "the one before; two of three points more than two-thirds of the way to a limit on "
    "the same side.",
    "A signal on the better side is an improvement, on the worse side a concern; a point "
    "that is both is shown as an improvement.",
    "Against a target, the latest segment's limits decide: both on the good side, the "
    "process will consistently meet it; both on the bad side, consistently miss it; "
    "otherwise it meets and misses by chance.",
]


def number_text(value, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_VALUE
    return attach_unit(plain_number(float(value), 2), unit)


def variation_icon(chart: rc.RunChart) -> Icon:
    return VARIATION_ICONS[chart.variation]


def assurance_icon(chart: rc.RunChart) -> Icon:
    if chart.assurance is not None:
        return ASSURANCE_ICONS[chart.assurance]
    if chart.target is None:
        return NO_ASSURANCE
    if chart.direction is None:
        return NO_ASSURANCE_DIRECTION
    return NO_ASSURANCE_LIMITS


def signal_text(signal: str, verdict: str) -> str:
    if not signal:
        return ""
    words = SIGNAL_WORDS[signal]
    return f"{words[0].upper()}{words[1:]} ({VERDICT_WORDS[verdict]})"


def segment_sentences(chart: rc.RunChart, granularity: str, unit: str) -> list[str]:
    sentences = []
    for segment in chart.segments:
        start = period_label(segment.start.date(), granularity)
        points = f"{segment.points} point{plural(segment.points)}"
        if not segment.has_limits:
            sentences.append(
                f"From {start} ({points}): mean {number_text(segment.mean, unit)}. Fewer than "
                f"{rc.MIN_POINTS} points, so no process limits are drawn and no signals are "
                "looked for."
            )
            continue
        basis = (
            f", fixed on its first {segment.baseline_points} points"
            if segment.baseline_points < segment.points
            else ""
        )
        screened = (
            f" {segment.screened_ranges} moving range{plural(segment.screened_ranges)} above "
            f"3.267 × the mean {plural(segment.screened_ranges, 'was', 'were')} left out."
            if segment.screened_ranges
            else ""
        )
        sentences.append(
            f"From {start} ({points}): mean {number_text(segment.mean, unit)}, process limits "
            f"{number_text(segment.lower_limit, unit)} to {number_text(segment.upper_limit, unit)}"
            f"{basis}.{screened}"
        )
    return sentences


def latest_sentence(chart: rc.RunChart, granularity: str, unit: str) -> str:
    if chart.points.empty:
        return "No values have been recorded yet."
    last = chart.points.iloc[-1]
    when = period_label(last["period_start"].date(), granularity)
    value = number_text(last["value"], unit)
    if chart.variation == rc.TOO_FEW_POINTS:
        return (
            f"The latest value, {value} in {when}, cannot be judged yet: the latest segment has "
            f"fewer than {rc.MIN_POINTS} points."
        )
    if not last["signal"]:
        return (
            f"The latest value, {value} in {when}, lies within the process limits with no "
            "signal: its variation is common cause, not a sign of real change."
        )
    return (
        f"The latest value, {value} in {when}, is a special cause: "
        f"{SIGNAL_WORDS[last['signal']]} ({VERDICT_WORDS[last['verdict']]})."
    )


def assurance_sentence(chart: rc.RunChart, unit: str) -> str:
    if chart.target is None:
        return ""
    target = number_text(chart.target, unit)
    if chart.assurance == rc.MEET:
        return (
            f"The target of {target} lies outside the process limits on the good side: the "
            "process will consistently meet it."
        )
    if chart.assurance == rc.MISS:
        return (
            f"The target of {target} lies outside the process limits on the bad side: the "
            "process will consistently miss it unless something changes."
        )
    if chart.assurance == rc.CHANCE:
        return (
            f"The target of {target} lies within the process limits: the process will meet "
            "and miss it by chance."
        )
    return f"The target is {target}; {assurance_icon(chart).words.lower()}."


def run_chart_table(chart: rc.RunChart, granularity: str, caption: str) -> TableView:
    rows = [
        [
            period_label(point.period_start.date(), granularity),
            number_text(point.value),
            number_text(point.mean),
            number_text(point.lower_limit),
            number_text(point.upper_limit),
            signal_text(point.signal, point.verdict),
        ]
        for point in chart.points.itertuples(index=False)
    ]
    return TableView(caption=caption, headers=TABLE_HEADERS, rows=rows)


def run_chart_csv(chart: rc.RunChart) -> bytes:
    """Exactly rc.CSV_COLUMNS; limits blank where there are none, numbers to 4 places."""
    frame = chart.csv_frame()

    def cell(value):
        if isinstance(value, float):
            return None if math.isnan(value) else round(value, 4)
        return value

    rows = (
        [start.isoformat(), cell(value), cell(mean), cell(lower), cell(upper), signal]
        for start, value, mean, lower, upper, signal in frame.itertuples(index=False, name=None)
    )
    return csv_bytes(rc.CSV_COLUMNS, rows)


@dataclass(frozen=True)
class RunChartView:
    """One run chart as a page shows it."""

    title: str
    chart: rc.RunChart
    figure: str
    table: TableView
    sentences: list[str]
    variation: Icon
    assurance: Icon


def run_chart_view(
    chart: rc.RunChart,
    *,
    title: str,
    granularity: str,
    unit: str = "",
    mark: pd.Timestamp | None = None,
    mark_label: str = "",
) -> RunChartView:
    figure = run_chart_figure(chart, title=title, y_title=unit, mark=mark, mark_label=mark_label)
    sentences = [
        latest_sentence(chart, granularity, unit),
        *segment_sentences(chart, granularity, unit),
    ]
    assurance = assurance_sentence(chart, unit)
    if assurance:
        sentences.append(assurance)
    return RunChartView(
        title=title,
        chart=chart,
        figure=figure_html(figure),
        table=run_chart_table(
            chart, granularity, f"{title}: each point, its mean, limits and signal"
        ),
        sentences=sentences,
        variation=variation_icon(chart),
        assurance=assurance_icon(chart),
    )


def icon_html(icon: Icon, kind: str) -> str:
    """A summary icon as HTML: its symbol in a circle with its text alternative, and the
    same words beside it (hidden from screen readers, which read the alternative)."""
    css, kind, words, symbol = (
        html.escape(text) for text in (icon.css, kind, icon.words, icon.symbol)
    )
    return (
        f'<span class="xmr-summary"><span class="xmr-icon {css}" role="img" '
        f'aria-label="{kind}: {words}">{symbol}</span> '
        f'<span class="xmr-words" aria-hidden="true">{words}</span></span>'
    )


@dataclass(frozen=True)
class SmallMultiple:
    """A small run chart of the measurements page, with its summary icons."""

    figure: str
    variation: Icon
    assurance: Icon


def small_multiple(chart: rc.RunChart, *, title: str) -> SmallMultiple:
    return SmallMultiple(
        figure=figure_html(run_chart_figure(chart, title=title, compact=True)),
        variation=variation_icon(chart),
        assurance=assurance_icon(chart),
    )
