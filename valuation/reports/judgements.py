"""The judgements overview in words: every stakeholder x dimension, the reasons given, who
recorded them, and each stakeholder's judgements of the activities.

valuation.selectors.judgements (stored values) -> this module (scores as text,
names in words), so the template prints it as it is.
"""

from dataclasses import dataclass, field, replace

from django.utils.safestring import SafeString, mark_safe

from core.formatting import NO_VALUE, plural
from core.table_html import escape_text
from stakeholders.models import Stakeholder
from valuation.reports.html import link_for_each_stakeholder
from valuation.selectors.judgements import JUDGEMENT_FIELDS, JudgementsOverview

KIND_LABELS = dict(Stakeholder.Kind.choices)


@dataclass(frozen=True)
class JudgementColumn:
    dimension_id: int
    name: str
    active: bool


@dataclass(frozen=True)
class JudgementDetail:
    subject: str
    score: str
    rationale: str
    recorded_by: str


@dataclass(frozen=True)
class ActivityDetail:
    activity: str
    scores: str  # "Efficiency 3, Equity 8"
    rationale: str


@dataclass
class JudgementRow:
    stakeholder_id: int
    name: str
    kind: str
    cells: list[str] = field(default_factory=list)
    details: list[JudgementDetail] = field(default_factory=list)
    activities: list[ActivityDetail] = field(default_factory=list)
    activities_judged: int = 0
    dimensions_judged: int = 0

    @property
    def judged(self) -> int:
        return self.dimensions_judged


@dataclass
class JudgementsPage:
    columns: list[JudgementColumn]
    rows: list[JudgementRow]
    activity_count: int
    # Every reason given, as HTML: thousands of them with every activity judged,
    # rendered once with the cached report rather than on every view.
    reasons_html: str = ""
    # The table of scores, without and with its links to change them (with_score_rows_html).
    score_rows_html: str = ""
    score_rows_html_editable: str = ""

    @property
    def has_judgements(self) -> bool:
        return any(row.dimensions_judged or row.activities_judged for row in self.rows)


def person(first: str | None, last: str | None, username: str | None) -> str:
    """Who recorded a judgement: their full name, else their username."""
    full = f"{first or ''} {last or ''}".strip()
    return full or username or "unknown"


@dataclass(frozen=True)
class ActivityJudgements:
    """The judgements of activities as the page shows them, cached apart from the rest
    (tens of thousands of them, changed far less often than those of dimensions).

    `used`: the dimensions they judge; `judged`: stakeholder id -> activities judged;
    `html`: stakeholder id -> their part of reasons_html.
    """

    used: frozenset[int]
    judged: dict[int, int]
    html: dict[int, str]


def _activity_rows(overview: JudgementsOverview) -> list[tuple]:
    """The overview's judgements of activities as tuples of selectors' JUDGEMENT_FIELDS."""
    return [
        tuple(row[name] for name in JUDGEMENT_FIELDS)
        for row in overview.judgements
        if row["activity_id"] is not None
    ]


def _activity_details(rows: list[tuple], dimensions: list[dict]) -> dict[int, list[ActivityDetail]]:
    """stakeholder id -> their judgements of activities, one entry an activity, from
    judgements of activities as tuples of JUDGEMENT_FIELDS."""
    names = {row["id"]: row["name"] for row in dimensions}
    on_activity: dict[int, dict[int, list[tuple]]] = {}
    for row in rows:
        stakeholder_id, _, activity_id = row[:3]
        by_activity = on_activity.get(stakeholder_id)
        if by_activity is None:
            by_activity = on_activity[stakeholder_id] = {}
        same_activity = by_activity.get(activity_id)
        if same_activity is None:
            by_activity[activity_id] = [row]
        else:
            same_activity.append(row)
    return {
        stakeholder_id: [
            ActivityDetail(
                activity=activity_rows[0][5],
                scores=", ".join(f"{names[item[1]]} {item[3]}" for item in activity_rows),
                rationale="\n\n".join(dict.fromkeys(item[4] for item in activity_rows)),
            )
            for activity_rows in by_activity.values()
        ]
        for stakeholder_id, by_activity in on_activity.items()
    }


def activity_judgements(overview: JudgementsOverview) -> ActivityJudgements:
    """The part of the page the overview's judgements of activities make."""
    return activity_judgements_of(_activity_rows(overview), overview.dimensions)


def activity_judgements_of(rows: list[tuple], dimensions: list[dict]) -> ActivityJudgements:
    """The part of the page made by judgements of activities as tuples of JUDGEMENT_FIELDS
    (selectors.judgements_overview_and_activities), of the overview's dimensions."""
    details = _activity_details(rows, dimensions)
    return ActivityJudgements(
        used=frozenset(row[1] for row in rows),
        judged={stakeholder_id: len(items) for stakeholder_id, items in details.items()},
        html={stakeholder_id: _activities_html(items) for stakeholder_id, items in details.items()},
    )


def judgements_page(
    overview: JudgementsOverview, activities: ActivityJudgements | None = None
) -> JudgementsPage:
    """Who has judged what, from selectors.judgements_overview.

    Columns: the active dimensions, then any retired one that still carries
    judgements in this assessment. With `activities` (their part made apart), the
    overview's own judgements of activities are left out and each row counts
    theirs from `activities`, without listing them.
    """
    used = {row["dimension_id"] for row in overview.judgements}
    if activities is not None:
        used |= activities.used
    columns = [
        JudgementColumn(row["id"], row["name"], row["active"])
        for row in overview.dimensions
        if row["active"] or row["id"] in used
    ]
    on_dimension: dict[int, dict[int, dict]] = {}
    for row in overview.judgements:
        if row["activity_id"] is None:
            on_dimension.setdefault(row["stakeholder_id"], {})[row["dimension_id"]] = row
    on_activity = (
        _activity_details(_activity_rows(overview), overview.dimensions)
        if activities is None
        else {}
    )

    rows = []
    for stakeholder in overview.stakeholders:
        own = on_dimension.get(stakeholder["id"], {})
        row = JudgementRow(
            stakeholder_id=stakeholder["id"],
            name=stakeholder["name"],
            kind=KIND_LABELS.get(stakeholder["kind"], stakeholder["kind"]),
            cells=[
                str(own[column.dimension_id]["score"]) if column.dimension_id in own else NO_VALUE
                for column in columns
            ],
            details=[
                JudgementDetail(
                    subject=column.name,
                    score=f"{own[column.dimension_id]['score']} out of 10",
                    rationale=own[column.dimension_id]["rationale"],
                    recorded_by=person(
                        own[column.dimension_id]["first_name"],
                        own[column.dimension_id]["last_name"],
                        own[column.dimension_id]["username"],
                    ),
                )
                for column in columns
                if column.dimension_id in own
            ],
        )
        row.activities = on_activity.get(stakeholder["id"], [])
        row.activities_judged = (
            len(row.activities)
            if activities is None
            else activities.judged.get(stakeholder["id"], 0)
        )
        row.dimensions_judged = len(row.details)
        rows.append(row)
    return JudgementsPage(columns=columns, rows=rows, activity_count=overview.activity_count)


def _lines(text: str) -> str:
    """As the template filter linebreaksbr: escaped, each line break a <br>."""
    return escape_text(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def _activities_html(activities: list[ActivityDetail]) -> str:
    """A stakeholder's activity scores and reasons, as reasons_html shows them."""
    if not activities:
        return ""
    return (
        '<h3 class="h6 mt-3">Contributions of activities</h3><dl class="mb-0">'
        + "".join(
            f"<dt>{escape_text(item.activity)}: {escape_text(item.scores)}</dt>"
            f'<dd class="mb-2">{_lines(item.rationale)}</dd>'
            for item in activities
        )
        + "</dl>"
    )


def reasons_html(
    rows: list[JudgementRow], activities: ActivityJudgements | None = None
) -> SafeString:
    """Each stakeholder's reasons in a disclosure: a definition list of their
    dimension scores with who recorded them, then one of their activity scores
    (from `activities` when given, else from the rows).

    Joined in Python, every piece of text escaped: with every activity judged
    there are tens of thousands of entries, which the template language takes
    seconds to render (about 20 microseconds a value).
    """
    parts = []
    for row in rows:
        dimensions = plural(row.judged, "dimension", "dimensions")
        activity_words = plural(row.activities_judged, "activity", "activities")
        parts.append(
            '<details class="card card-body mb-2"><summary class="fw-semibold">'
            f"{escape_text(row.name)}: {row.judged} {dimensions} and {row.activities_judged} "
            f"{activity_words} judged</summary>"
        )
        if row.details:
            parts.append('<dl class="mt-3 mb-0">')
            parts.extend(
                f"<dt>{escape_text(detail.subject)}: {escape_text(detail.score)}</dt>"
                f'<dd class="mb-2">{_lines(detail.rationale)} <span class="d-block small '
                f'text-body-secondary">Recorded by: {escape_text(detail.recorded_by)}</span></dd>'
                for detail in row.details
            )
            parts.append("</dl>")
        parts.append(
            _activities_html(row.activities)
            if activities is None
            else activities.html.get(row.stakeholder_id, "")
        )
        if not row.details and not row.activities_judged:
            parts.append('<p class="mt-3 mb-0">Nothing judged yet.</p>')
        parts.append("</details>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def judgements_page_shown(
    overview: JudgementsOverview, activities: ActivityJudgements | None = None
) -> JudgementsPage:
    """The page as the view shows it: every reason rendered into reasons_html once,
    and the thousands of details it was rendered from dropped, so that the cached
    page is small to store and quick to read back.

    `activities`: the part of the judgements of activities, made (and cached) apart;
    without it, it is made from the overview's. Either way the overview's own
    judgements of activities are not read twice.
    """
    if activities is None:
        activities = activity_judgements(overview)
    overview = replace(
        overview, judgements=[row for row in overview.judgements if row["activity_id"] is None]
    )
    page = judgements_page(overview, activities)
    page.reasons_html = reasons_html(page.rows, activities)
    for row in page.rows:
        row.details, row.activities = [], []
    return page


def score_rows_html(page: JudgementsPage, slug: str, assessment_id: int, *, can_change: bool):
    """The rows of the table of scores: per stakeholder, their name and kind, a score
    per dimension, the activities judged and, with `can_change`, links to their forms.
    Joined in Python, every piece of text escaped."""
    dimensions_form = link_for_each_stakeholder("valuation:judgements_edit", slug, assessment_id)
    activities_form = link_for_each_stakeholder(
        "valuation:activity_judgements_edit", slug, assessment_id
    )
    parts = []
    for row in page.rows:
        name = escape_text(row.name)
        parts.append(
            f'<tr><th scope="row">{name} <span class="d-block small fw-normal '
            f'text-body-secondary">{escape_text(row.kind)}</span></th>'
            + "".join(f'<td class="num">{escape_text(cell)}</td>' for cell in row.cells)
            + f'<td class="num">{row.activities_judged} of {page.activity_count}</td>'
        )
        if can_change:
            parts.append(
                f'<td class="text-nowrap"><a href="{dimensions_form(row.stakeholder_id)}">'
                f'Judge the dimensions<span class="visually-hidden"> for {name}</span></a>'
                f' · <a href="{activities_form(row.stakeholder_id)}">Judge the activities'
                f'<span class="visually-hidden"> for {name}</span></a></td>'
            )
        parts.append("</tr>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def with_score_rows_html(page: JudgementsPage, slug: str, assessment_id: int) -> JudgementsPage:
    """The page with its table of scores rendered once for viewers and once for those who
    may change the judgements (links to each stakeholder's forms), instead of on every view."""
    page.score_rows_html = score_rows_html(page, slug, assessment_id, can_change=False)
    page.score_rows_html_editable = score_rows_html(page, slug, assessment_id, can_change=True)
    return page
