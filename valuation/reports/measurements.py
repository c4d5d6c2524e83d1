"""The measurements overview in words: each measure with its latest value and period,
its baseline and target in its unit, and whether the microsystem still records it.

valuation.selectors.measurements (annotated measures) -> this module, so the
template prints it as it is.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template.defaultfilters import truncatewords
from django.utils.safestring import mark_safe

from core.formatting import NO_VALUE, attach_unit, plain_number
from core.table_html import escape_text as escape
from core.url_cache import cached_reverse
from microsystems.analysis import run_charts as rc
from microsystems.periods import period_label
from microsystems.reports.run_charts import SmallMultiple, icon_html, small_multiple
from valuation.models import Measure
from valuation.selectors.measurements import NO_VALUES, MeasureValues

RETIRED = "Retired"
NO_LONGER_USED = "No longer used here"


def with_unit(value: Decimal | None, unit: str) -> str:
    """A value as people read it: £48, 85%, 11.5 days; a dash when there is none."""
    if value is None:
        return NO_VALUE
    return attach_unit(plain_number(value, 4), unit)


@dataclass(frozen=True)
class MeasureOverviewRow:
    """One line of the measurements page, formatted for reading."""

    measure: Measure
    status: str  # "" when the microsystem records it now
    latest_value: str
    latest_period: str
    latest_period_start: date | None
    periods_recorded: int
    baseline: str  # the unit's own where it has one, else the organisation's default
    target: str
    own_reference: bool = False
    run_chart: SmallMultiple | None = None

    @property
    def can_record(self) -> bool:
        return not self.status


@dataclass(frozen=True)
class MeasurementsPage:
    rows: list[MeasureOverviewRow]

    @property
    def recordable(self) -> list[MeasureOverviewRow]:
        return [row for row in self.rows if row.can_record]

    @property
    def has_values(self) -> bool:
        return any(row.periods_recorded for row in self.rows)


def run_chart_target(measure: Measure) -> float | None:
    """The target a run chart of the measure's values is judged against, if any.

    A summed measure's target is for a whole assessment period, not for one of the
    periods the chart plots, so it is not drawn against them (nor judged for assurance).
    """
    own_target = getattr(measure, "own_target", None)
    target = measure.target if own_target is None else own_target
    if target is None or measure.rollup == Measure.Rollup.SUM:
        return None
    return float(target)


def _per(text: str, basis: str) -> str:
    return text if text == NO_VALUE else f"{text} {basis}"


def reference_basis(rollup: str, granularity: str) -> str:
    """What a measure's baseline and target are per: a whole assessment period when its
    periods are summed, else one period, like the values recorded."""
    if rollup == Measure.Rollup.SUM:
        return f"per assessment period (the sum of its {granularity}s)"
    return f"a {granularity}"


def measurements_page(
    measures: list[Measure],
    granularity: str,
    values: MeasureValues = NO_VALUES,
) -> MeasurementsPage:
    """The overview from selectors.measurements_overview, periods named by `granularity`,
    with a small run chart of each measure that has `values`.

    Measures recorded now first; retired or dropped ones after them.
    """
    charts = measure_charts(measures, values)
    rows = []
    for measure in measures:
        if not measure.active:
            status = RETIRED
        elif not measure.usable:
            status = NO_LONGER_USED
        else:
            status = ""
        start = measure.latest_period_start
        basis = reference_basis(measure.rollup, granularity)
        own = getattr(measure, "own_baseline", None) is not None
        rows.append(
            MeasureOverviewRow(
                measure=measure,
                status=status,
                # Each figure says what it is per: a value recorded for one month can
                # sit beside a baseline for a whole (summed) assessment period.
                latest_value=_per(
                    with_unit(measure.latest_value, measure.unit), f"a {granularity}"
                ),
                latest_period=period_label(start, granularity) if start else NO_VALUE,
                latest_period_start=start,
                periods_recorded=measure.periods_recorded,
                baseline=_per(
                    with_unit(measure.own_baseline if own else measure.baseline, measure.unit),
                    basis,
                ),
                target=_per(
                    with_unit(measure.own_target if own else measure.target, measure.unit), basis
                ),
                own_reference=own,
                run_chart=(
                    small_multiple(charts[measure.pk], title=measure.name)
                    if measure.pk in charts
                    else None
                ),
            )
        )
    rows.sort(key=lambda row: bool(row.status))
    return MeasurementsPage(rows)


def measure_charts(measures: list[Measure], values: MeasureValues) -> dict[int, rc.RunChart]:
    """measure id -> the XmR chart of its values, its signals judged by its direction,
    against its run chart target; every measure's worked out at once.

    The overview lists every measure with values; one saved between its query and the
    values' has no direction or target here, and no row to draw its chart in.
    """
    by_id = {measure.pk: measure for measure in measures}
    listed = [by_id.get(measure_id) for measure_id in values.ids]
    charts = rc.xmr_charts(
        values.values,
        values.stamps,
        values.starts,
        directions=[measure.direction if measure else None for measure in listed],
        targets=[run_chart_target(measure) if measure else None for measure in listed],
    )
    return dict(zip(values.ids, charts, strict=True))


@dataclass(frozen=True)
class MeasurementsPageHtml:
    """The page as its cached report keeps it: counts and HTML, nothing else.

    The table's rows and the run charts are rendered once (about 6 ms of template work
    on every view otherwise; nothing in them depends on the request), and neither the
    measures nor the figures are kept beside them: unpickling 80 model instances and
    every figure a second time cost a repeat view more than the rest of it.
    """

    measures: int
    recordable: int
    has_values: bool
    rows_html: str
    run_charts_html: str


def with_html(page: MeasurementsPage, slug: str) -> MeasurementsPageHtml:
    """The page's counts with its table rows and run charts rendered (the unit's `slug`
    links each chart to its own page)."""
    return MeasurementsPageHtml(
        measures=len(page.rows),
        recordable=len(page.recordable),
        has_values=page.has_values,
        rows_html=mark_safe(rows_html(page.rows)),  # every text escaped there
        run_charts_html=mark_safe(run_charts_html(page.rows, slug)),  # and there
    )


# The table rows and the run charts are written here rather than in the template
# language, which took as long as working out the 40 charts (about 20 microseconds a
# value and tag); tests/valuation/test_measurements_html.py holds the templates they
# replace and compares the two.
OWN_REFERENCE = '<div class="small text-body-secondary">this unit\'s own</div>'
DESCRIPTION_WORDS = 18


def rows_html(rows: list[MeasureOverviewRow]) -> str:
    """The measures table's body rows."""
    parts = ["\n\n      "]
    for row in rows:
        measure = row.measure
        status = (
            f' <span class="badge status-retired">{escape(row.status)}</span>' if row.status else ""
        )
        description = (
            '<div class="small text-body-secondary fw-normal">'
            f"{escape(truncatewords(measure.description, DESCRIPTION_WORDS))}</div>"
            if measure.description
            else ""
        )
        own = OWN_REFERENCE if row.own_reference else ""
        if row.run_chart:
            variation = icon_html(row.run_chart.variation, "Variation")
            assurance = icon_html(row.run_chart.assurance, "Assurance")
        else:
            variation = assurance = NO_VALUE
        parts.append(
            "\n      <tr>\n"
            f'        <th scope="row">{escape(measure.name)}{status}\n'
            f"          {description}</th>\n"
            f"        <td><code>{escape(measure.code)}</code></td>\n"
            f"        <td>{escape(measure.dimension.name)}</td>\n"
            f"        <td>{escape(measure.get_direction_display())}</td>\n"
            f'        <td class="num">{escape(row.baseline)}{own}</td>\n'
            f'        <td class="num">{escape(row.target)}{own}</td>\n'
            f'        <td class="num">{escape(row.latest_value)}</td>\n'
            f"        <td>{escape(row.latest_period)}</td>\n"
            f'        <td class="num">{row.periods_recorded}</td>\n'
            f"        <td>{variation}</td>\n"
            f"        <td>{assurance}</td>\n"
            "      </tr>\n      "
        )
    parts.append("\n")
    return "".join(parts)


def run_charts_html(rows: list[MeasureOverviewRow], slug: str) -> str:
    """A card of each measure's small run chart, with its icons and links."""
    parts = ["\n\n    "]
    for row in rows:
        if not row.run_chart:
            continue
        name = escape(row.measure.name)
        chart_url = escape(
            cached_reverse("valuation:measure_run_chart", args=[slug, row.measure.pk])
        )
        parts.append(
            "\n"
            '    <div class="col small-multiple">\n'
            '      <div class="card h-100">\n'
            '        <div class="card-body">\n'
            f'          <h3 class="h6">{name}</h3>\n'
            '          <div class="d-flex flex-wrap gap-2 mb-2 small">\n'
            f"            {icon_html(row.run_chart.variation, 'Variation')}\n"
            f"            {icon_html(row.run_chart.assurance, 'Assurance')}\n"
            "          </div>\n"
            f'          <div class="chart-figure">{row.run_chart.figure}</div>\n'
            "          \n"
            f'          <p class="small mb-0"><a href="{chart_url}">Run chart, table of numbers '
            f'and options<span class="visually-hidden"> for {name}</span></a> · '
            f'<a href="{chart_url}?format=csv" download>CSV<span class="visually-hidden"> of '
            f"{name}'s run chart</span></a></p>\n"
            "        </div>\n"
            "      </div>\n"
            "    </div>\n"
            "    "
        )
    parts.append("\n")
    return "".join(parts)
