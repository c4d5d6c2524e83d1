"""Tables as HTML, built in Python.

The assessment page shows thousands of cells (every stakeholder x dimension of
the decomposition, every measure, every stakeholder's ranking). Rendered cell by
cell with the template language that costs about 20 microseconds a cell, a
third of the page's time budget; joined here, with every cell escaped, it costs
a twentieth of that. The markup is the same as templates/includes/data_table.html.
"""

from html import escape as html_escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from core.tables import TableView


def escape(text) -> str:
    """django.utils.html.escape's text, without its lazy-string wrapper (thousands of
    cells a page): the same characters replaced, quotes too."""
    return html_escape(str(text))


def link_for_each_stakeholder(name: str, slug: str, assessment_id: int):
    """stakeholder id -> the address of view `name` for them: reversed once, where a
    `{% url %}` per row cost a tenth of a millisecond each."""
    marker = "9" * 12
    before, _, after = reverse(name, args=(slug, assessment_id, int(marker))).rpartition(marker)
    return lambda stakeholder_id: f"{before}{int(stakeholder_id)}{after}"


def _row(cells: list[str], text_columns: frozenset[int]) -> str:
    parts = [f'<th scope="row">{escape(cells[0])}</th>'] if cells else []
    for index, cell in enumerate(cells[1:], start=1):
        css = "" if index in text_columns else ' class="num"'
        parts.append(f"<td{css}>{escape(cell)}</td>")
    return f"<tr>{''.join(parts)}</tr>"


def table_html(
    table: TableView,
    *,
    text_columns: frozenset[int] = frozenset(),
    caption_suffix: str = "",
    striped: bool = False,
) -> SafeString:
    """A captioned table: the first column as row headers, the others right-aligned
    numbers unless their index (0-based) is in `text_columns`."""
    numeric = ' class="num"'
    head = "".join(
        f'<th scope="col"{"" if index == 0 or index in text_columns else numeric}>'
        f"{escape(header)}</th>"
        for index, header in enumerate(table.headers)
    )
    body = "".join(_row(row, text_columns) for row in table.rows)
    if not table.rows:
        body = f'<tr><td colspan="{len(table.headers)}">None yet.</td></tr>'
    css = "table table-sm table-numbers align-middle" + (" table-striped" if striped else "")
    return mark_safe(  # every piece of text above is escaped
        f'<div class="table-responsive"><table class="{css}">'
        f"<caption>{escape(table.caption)}{escape(caption_suffix)}</caption>"
        f'<thead class="table-light"><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )


def disclosed_table_html(table: TableView, csv_url: str, **options) -> SafeString:
    """As templates/includes/data_table.html: the table in a "Show the numbers" disclosure,
    then its CSV download."""
    count = f" ({len(table.rows)} rows)" if len(table.rows) > 1 else ""
    return mark_safe(  # table_html escapes; the URL is escaped here
        f'<details class="data-table mt-2"><summary>Show the numbers{count}</summary>'
        f'<div class="mt-2 table-scroll">'
        f"{table_html(table, striped=True, **options)}</div></details>"
        f'<a class="small download-link" href="{escape(csv_url)}" download>'
        "Download these numbers (CSV)</a>"
    )


def decomposition_html(groups: list[dict]) -> str:
    """The "each stakeholder's perspective value" table: a row group per stakeholder."""
    headers = ["Dimension", "Measured", "Judgement → judged", "Blended score D",
               "Weight given", "Weight applied", "Contribution (weight applied × D)"]  # fmt: skip
    numeric = {1, 2, 4, 5}
    number_class = ' class="num"'
    head = "".join(
        f'<th scope="col"{number_class if index in numeric else ""}>{escape(text)}</th>'
        for index, text in enumerate(headers)
    )
    bodies = []
    for group in groups:
        note = f' <span class="fw-normal small">({escape(group["note"])})</span>' if (
            group["note"]) else ""  # fmt: skip
        lines = [
            f'<tr class="table-group-divider"><th scope="rowgroup" colspan="7">'
            f"{escape(group['name'])}{note}</th></tr>"
        ]
        for cells in group["rows"]:
            row = [f'<th scope="row" class="fw-normal">{escape(cells[0])}</th>']
            for index, cell in enumerate(cells[1:], start=1):
                css = "num" if index in numeric else "formula"
                row.append(f'<td class="{css}">{escape(cell)}</td>')
            lines.append(f"<tr>{''.join(row)}</tr>")
        if group["has_weights"]:
            lines.append(
                f'<tr><th scope="row" colspan="6">{escape(group["name"])}: perspective value V '
                f'(the sum of the contributions)</th><td class="num fw-semibold">'
                f"{escape(group['value'])}</td></tr>"
            )
        bodies.append(f"<tbody>{''.join(lines)}</tbody>")
    return mark_safe(  # every piece of text is escaped above
        '<div class="table-responsive"><table class="table table-sm table-numbers align-middle">'
        "<caption>Dimension by dimension: D is the blended score, and each contribution is the "
        "weight applied × D</caption>"
        f'<thead class="table-light"><tr>{head}</tr></thead>{"".join(bodies)}</table></div>'
    )


FLAG_MARKS = {"contested": "⚠ ", "agreed": "✓ "}
UNKNOWN_FLAG_MARK = "○ "


def _measure_item(measure: dict) -> str:
    value = f"{escape(measure['value'])} — " if measure["has_value"] else ""
    verdict = (
        f"scores {escape(measure['score'])}"
        if measure["scored"]
        else f"not scored: {escape(measure['reason'])}"
    )
    reference = escape(measure["reference"])
    return (
        f"<li>{escape(measure['name'])}: {value}{verdict} "
        f'<span class="text-body-secondary">(against the {reference})</span></li>'
    )


def _card_html(number: int, card) -> str:
    retired = "" if card.active else ' <span class="small text-body-secondary">(retired)</span>'
    flag = card.flag if card.flag in FLAG_MARKS else "unknown"
    mark = FLAG_MARKS.get(card.flag, UNKNOWN_FLAG_MARK)
    parts = [
        f'<div class="col"><article class="card h-100 dimension-card" '
        f'aria-labelledby="dimension-{number}"><div class="card-body">'
        f'<h3 class="h5" id="dimension-{number}">{escape(card.name)}{retired}</h3>'
        f'<p class="mb-2"><span class="{flag}-flag"><span aria-hidden="true">{mark}</span>'
        f"{escape(card.contest_text)}</span></p>"
        '<dl class="row mb-0"><dt class="col-7">Blended score</dt>'
        f'<dd class="col-5 mb-1"><span class="score">{escape(card.blended)}</span></dd>'
        '<dt class="col-7">Measured score</dt>'
        f'<dd class="col-5 mb-1">{escape(card.measured)}</dd></dl>'
        f'<p class="small text-body-secondary mb-2">{escape(card.blended_note)} '
        f"Measured: {escape(card.measured_note)}</p>"
    ]
    if card.measures:
        items = "".join(_measure_item(measure) for measure in card.measures)
        parts.append(
            f'<p class="fw-semibold mb-1 small">Measures</p><ul class="small mb-2">{items}</ul>'
        )
    if card.judgements:
        items = "".join(
            f"<li>{escape(judgement['stakeholder'])}: {escape(judgement['judgement'])} → "
            f"{escape(judgement['judged'])}</li>"
            for judgement in card.judgements
        )
        parts.append(
            '<p class="fw-semibold mb-1 small">Judged by stakeholders (0 to 10, then × 10)</p>'
            f'<ul class="small mb-0">{items}</ul>'
        )
    elif card.rests_on_judgement:
        parts.append(
            '<p class="small mb-0">No measure and no judgement yet, so this dimension has no '
            "score.</p>"
        )
    parts.append("</div></article></div>")
    return "".join(parts)


def cards_html(cards: list) -> SafeString:
    """The value dimensions' cards (reports.account.Card), numbered from 1 for their ids."""
    return mark_safe(  # every piece of text is escaped above
        "".join(_card_html(number, card) for number, card in enumerate(cards, start=1))
    )


def measured_scores_html(cards: list) -> SafeString:
    """The rows of the "measured scores of the dimensions" table: each card's formula."""
    return mark_safe(  # every piece of text is escaped
        "".join(
            f'<tr><th scope="row">{escape(card.name)}</th>'
            f'<td class="formula">{escape(card.measured_formula)}</td></tr>'
            for card in cards
        )
    )


def account_rows_html(rows: list[tuple[str, str, str]]) -> SafeString:
    """The rows of the account's costs or benefits table: (item, total, detail)."""
    return mark_safe(  # every piece of text is escaped
        "".join(
            f'<tr><th scope="row">{escape(item)}</th><td class="text-end text-nowrap">'
            f'{escape(total)}</td><td class="small">{escape(detail)}</td></tr>'
            for item, total, detail in rows
        )
    )


NUMBER_CLASS = ' class="num"'


def data_table_details_html(table: TableView) -> SafeString:
    """templates/includes/data_table.html's disclosure of `table`, without the CSV link
    that follows it (its address may change with the request)."""
    count = f" ({len(table.rows)} rows)" if len(table.rows) > 1 else ""
    head = "".join(
        f'<th scope="col"{"" if index == 0 else NUMBER_CLASS}>{escape(header)}</th>'
        for index, header in enumerate(table.headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{escape(cell)}</th>'
            if index == 0
            else f'<td class="num">{escape(cell)}</td>'
            for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    return mark_safe(  # every piece of text is escaped
        f'<details class="data-table mt-2"><summary>Show the numbers{count}</summary>'
        '<div class="table-responsive mt-2 table-scroll">'
        '<table class="table table-sm table-striped table-numbers">'
        f"<caption>{escape(table.caption)}</caption>"
        f'<thead class="table-light sticky-top"><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div></details>"
    )
