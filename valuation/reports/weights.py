"""The weights pages in words: the overview of every stakeholder's weights, the weights
saved now above each entry form, and the consistency warning for pairwise answers.

valuation.selectors.weights (stored values) -> valuation.analysis.weights (AHP)
-> this module (percentages, method names, warnings), so the templates print it
as it is.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from core.formatting import NO_VALUE, fixed, plain_number
from stakeholders.models import Stakeholder
from valuation.analysis.weights import (
    CONSISTENCY_LIMIT,
    PairwiseResult,
    ahp,
    scale_label,
    scale_value,
)
from valuation.models import StakeholderWeight, ValueDimension
from valuation.reports.html import escape, link_for_each_stakeholder
from valuation.selectors.weights import StoredWeights, WeightsOverview

METHOD_LABELS = dict(StakeholderWeight.Method.choices)
KIND_LABELS = dict(Stakeholder.Kind.choices)
NOT_ENTERED = "Not entered yet"

# How much more one matters than the other, in words (Saaty 1..9).
INTENSITY_WORDS = {
    1: "equally",
    2: "equally to moderately more",
    3: "moderately more",
    4: "moderately to strongly more",
    5: "strongly more",
    6: "strongly to very strongly more",
    7: "very strongly more",
    8: "very strongly to extremely more",
    9: "extremely more",
}


def percent_text(weight: float | None) -> str:
    """0.4 -> "40%", 0.333333 -> "33.3%"; a dash when there is no weight."""
    return NO_VALUE if weight is None else f"{plain_number(float(weight) * 100, 1)}%"


# --- the consistency warning ------------------------------------------------------------


def consistency_warning(
    result: PairwiseResult, *, stakeholder: str, names: Mapping[Hashable, str] | None = None
) -> str:
    """A plain-words warning when CR > 0.10, naming the least consistent comparison; else "".

    `names` maps items to the words people read (e.g. dimension id -> name).
    """
    if result.is_consistent or result.most_inconsistent is None:
        return ""
    names = names or {}
    first, second = result.most_inconsistent
    first_name, second_name = names.get(first, str(first)), names.get(second, str(second))
    answered = result.matrix.loc[first, second]
    implied = result.weights[first] / result.weights[second]
    return (
        f"These answers are not very consistent: the consistency ratio is "
        f"{fixed(result.consistency_ratio, 2)}, above {fixed(CONSISTENCY_LIMIT, 2)}. "
        f"For {stakeholder}, "
        f"the comparison of {first_name} with {second_name} is the least consistent with the "
        f"rest: the answer was {comparison_words(answered, first_name, second_name)}, while "
        f"the other answers suggest {implied_words(implied, first_name, second_name)}. "
        "Check that answer with them; the weights are saved either way."
    )


def comparison_words(value: float, first: str, second: str) -> str:
    """3 -> "Efficiency matters moderately more than Equity (3)"."""
    exact = scale_value(value)
    if exact == 1:
        return f"{first} and {second} matter equally (1)"
    if exact > 1:
        return f"{first} matters {INTENSITY_WORDS[int(exact)]} than {second} ({scale_label(exact)})"
    strength = int(1 / exact)
    return f"{second} matters {INTENSITY_WORDS[strength]} than {first} ({scale_label(exact)})"


def implied_words(ratio: float, first: str, second: str) -> str:
    """What the weights say about a pair: "Efficiency matters about 2.3 times as much as ..."."""
    if 1 / 1.15 < ratio < 1.15:
        return f"{first} and {second} matter about equally"
    if ratio >= 1:
        return f"{first} matters about {fixed(ratio, 1)} times as much as {second}"
    return f"{second} matters about {fixed(1 / ratio, 1)} times as much as {first}"


def stored_pairwise_warning(answers: list, names: dict[int, str], *, stakeholder: str) -> str:
    """The consistency warning for stored pairwise answers ("" when consistent).

    The comparison is recomputed from the answers as saved; answers that no
    longer make a full matrix (not expected) give no warning rather than an error.
    """
    items = list(dict.fromkeys(item for first, second, _ in answers for item in (first, second)))
    try:
        result = ahp(items, [tuple(answer) for answer in answers])
    except (ValueError, TypeError):
        return ""
    return consistency_warning(result, stakeholder=stakeholder, names=names)


# --- the weights saved now, above either entry form ----------------------------------------


@dataclass(frozen=True)
class SavedWeights:
    method_label: str
    consistency_ratio: float | None
    current: list[tuple[str, str]]  # (dimension, "40%") as saved
    warning: str  # the consistency warning, or ""


def saved_weights(
    stored: StoredWeights | None, dimensions: list[ValueDimension], stakeholder_name: str
) -> SavedWeights | None:
    """For the entry forms: how the saved weights were entered, each dimension's share as
    saved, and any consistency warning; None when nothing is saved."""
    if stored is None:
        return None
    names = {dimension.pk: dimension.name for dimension in dimensions}
    current = [
        (names.get(dimension_id, "A retired dimension"), percent_text(weight))
        for dimension_id, weight in stored.weights.items()
    ]
    warning = ""
    if stored.method == StakeholderWeight.Method.PAIRWISE and isinstance(stored.answers, list):
        warning = stored_pairwise_warning(stored.answers, names, stakeholder=stakeholder_name)
    return SavedWeights(
        method_label=METHOD_LABELS.get(stored.method, stored.method),
        consistency_ratio=stored.consistency_ratio,
        current=current,
        warning=warning,
    )


# --- the overview --------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightColumn:
    dimension_id: int
    name: str
    active: bool


@dataclass
class WeightRow:
    stakeholder_id: int
    name: str
    kind: str
    cells: list[str] = field(default_factory=list)
    method: str = ""
    method_label: str = NOT_ENTERED
    consistency_ratio: str = NO_VALUE
    inconsistent: bool = False
    warning: str = ""

    @property
    def has_weights(self) -> bool:
        return bool(self.method)


@dataclass
class WeightsPage:
    columns: list[WeightColumn]
    rows: list[WeightRow]
    active_count: int
    # The table's rows, without and with the links to change them (with_rows_html).
    rows_html: str = ""
    rows_html_editable: str = ""

    @property
    def entered(self) -> int:
        return sum(1 for row in self.rows if row.has_weights)


def weights_page(overview: WeightsOverview) -> WeightsPage:
    """Every stakeholder with their weights per dimension, from selectors.weights_overview.

    Columns: the active dimensions, then any retired one that still carries weights
    in this assessment (entered before it was retired).
    """
    used = {dimension_id for _, dimension_id in overview.weights}
    columns = [
        WeightColumn(row["id"], row["name"], row["active"])
        for row in overview.dimensions
        if row["active"] or row["id"] in used
    ]
    names = {row["id"]: row["name"] for row in overview.dimensions}
    by_stakeholder = {row["stakeholder_id"]: row for row in overview.headers}

    rows = []
    for stakeholder in overview.stakeholders:
        row = WeightRow(
            stakeholder_id=stakeholder["id"],
            name=stakeholder["name"],
            kind=KIND_LABELS.get(stakeholder["kind"], stakeholder["kind"]),
        )
        header = by_stakeholder.get(stakeholder["id"])
        if header is not None:
            row.method = header["method"]
            row.method_label = METHOD_LABELS.get(header["method"], header["method"])
            row.cells = [
                percent_text(overview.weights.get((stakeholder["id"], column.dimension_id)))
                for column in columns
            ]
            ratio = header["consistency_ratio"]
            if ratio is not None:
                row.consistency_ratio = fixed(float(ratio), 2)
                row.inconsistent = float(ratio) > CONSISTENCY_LIMIT
            if row.inconsistent and isinstance(header["answers"], list):
                row.warning = stored_pairwise_warning(
                    header["answers"], names, stakeholder=stakeholder["name"]
                )
        else:
            row.cells = [NO_VALUE] * len(columns)
        rows.append(row)
    return WeightsPage(
        columns=columns,
        rows=rows,
        active_count=sum(1 for column in columns if column.active),
    )


def weights_rows_html(
    page: WeightsPage, slug: str, assessment_id: int, *, can_change: bool
) -> SafeString:
    """The rows of the overview's table: per stakeholder, their name and kind, a share
    per dimension, the method, the consistency ratio and, with `can_change`, links to
    the two entry forms. Joined in Python, every piece of text escaped."""
    points_form = link_for_each_stakeholder("valuation:weights_points", slug, assessment_id)
    pairwise_form = link_for_each_stakeholder("valuation:weights_pairwise", slug, assessment_id)
    limit = f"{CONSISTENCY_LIMIT:.2f}"  # as the page's caption says it
    parts = []
    for row in page.rows:
        name = escape(row.name)
        ratio = escape(row.consistency_ratio)
        if row.inconsistent:
            ratio = (
                f'<span class="text-danger-emphasis"><span aria-hidden="true">⚠</span> '
                f'{ratio} <span class="small">(above {limit})</span></span>'
            )
        parts.append(
            f'<tr><th scope="row">{name} <span class="d-block small fw-normal '
            f'text-body-secondary">{escape(row.kind)}</span></th>'
            + "".join(f'<td class="num">{escape(cell)}</td>' for cell in row.cells)
            + f'<td>{escape(row.method_label)}</td><td class="num">{ratio}</td>'
        )
        if can_change:
            parts.append(
                f'<td class="text-nowrap"><a href="{points_form(row.stakeholder_id)}">Points'
                f'<span class="visually-hidden"> for {name}</span></a>'
                f' · <a href="{pairwise_form(row.stakeholder_id)}">Pairwise'
                f'<span class="visually-hidden"> for {name}</span></a></td>'
            )
        parts.append("</tr>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def with_rows_html(page: WeightsPage, slug: str, assessment_id: int) -> WeightsPage:
    """The page with its table rendered once for viewers and once for those who may
    change the weights (links to each stakeholder's forms), instead of on every view."""
    page.rows_html = weights_rows_html(page, slug, assessment_id, can_change=False)
    page.rows_html_editable = weights_rows_html(page, slug, assessment_id, can_change=True)
    return page
