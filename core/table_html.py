"""Tables as HTML fragments rendered once, when the report is built.

Rendered once, when the report is built, so that a page served from the cached
report does not render its thousands of cells again on every view (about 20
microseconds a cell in the template language). The fragment holds nothing that
depends on the request: no CSRF token, no user.
"""

import html

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from core.tables import TableView


def escape_text(value: object) -> str:
    """What django.utils.html.escape(value) gives, as a plain str: without its lazy-text
    wrapper and SafeString it costs a sixth as much, which counts over thousands of cells."""
    return html.escape(str(value))


def render_rows(template: str, report: object, **context) -> SafeString:
    """A fragment of a page's table (its rows) rendered from `report`, once."""
    return mark_safe(  # the template escapes every value
        render_to_string(template, {"report": report, **context})
    )


def disclosed_table(table: TableView | None, csv_url: str) -> SafeString:
    """The table in a "Show the numbers" disclosure with its CSV download; "" for None.

    The markup of templates/includes/data_table.html, built in Python: the demand
    page's tables alone hold thousands of cells, a fifth of its recomputation
    after a save in the template language.
    """
    if table is None:
        return mark_safe("")
    count = f" ({len(table.rows)} rows)" if len(table.rows) > 1 else ""
    numeric = ' class="num"'
    head = "".join(
        f'<th scope="col"{"" if index == 0 else numeric}>{html.escape(str(header))}</th>'
        for index, header in enumerate(table.headers)
    )
    download = (
        f'<a class="small download-link" href="{html.escape(csv_url)}" download>'
        "Download these numbers (CSV)</a>"
        if csv_url
        else ""
    )
    return mark_safe(  # every piece of text is escaped, here and in table_rows_html
        f'<details class="data-table mt-2"><summary>Show the numbers{count}</summary>'
        '<div class="table-responsive mt-2 table-scroll">'
        '<table class="table table-sm table-striped table-numbers">'
        f"<caption>{html.escape(str(table.caption))}</caption>"
        f'<thead class="table-light sticky-top"><tr>{head}</tr></thead>'
        f"<tbody>{table_rows_html(table)}</tbody></table></div></details>{download}"
    )


_NUMBER_OPEN = '<td class="num">'
_NUMBER_BETWEEN = f"</td>{_NUMBER_OPEN}"
# Joins a table's cells to be escaped in one call: a character no table text holds
# (a table with a cell that holds it has its cells escaped one by one).
_CELL_SEPARATOR = "\x1f"


def table_rows_html(table: TableView) -> SafeString:
    """The body rows of a data table (includes/data_table.html's markup), built in Python.

    For tables of hundreds of rows on a page that is not cached: the template language
    costs about 20 microseconds a cell, escaping here a fraction of one.
    """
    rows = []
    for head, *cells in _escaped_rows(table.rows):
        numbers = f"{_NUMBER_OPEN}{_NUMBER_BETWEEN.join(cells)}</td>" if cells else ""
        rows.append(f'<tr><th scope="row">{head}</th>{numbers}</tr>')
    return mark_safe("".join(rows))  # every cell escaped by _escaped_rows


def _escaped_rows(rows: list[list]) -> list[list[str]]:
    """`escape_text` of every cell, row by row: the cells escaped as one joined text
    (one html.escape for the table, not one per cell, over thousands of cells)."""
    texts = [str(cell) for row in rows for cell in row]
    joined = _CELL_SEPARATOR.join(texts)
    if not texts or joined.count(_CELL_SEPARATOR) != len(texts) - 1 or any(not r for r in rows):
        return [[escape_text(cell) for cell in row] for row in rows]
    escaped = html.escape(joined).split(_CELL_SEPARATOR)
    grouped, start = [], 0
    for row in rows:
        grouped.append(escaped[start : start + len(row)])
        start += len(row)
    return grouped
