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


def disclosed_table(table: TableView | None, csv_url: str) -> SafeString:
    """The table in a "Show the numbers" disclosure with its CSV download; "" for None."""
    if table is None:
        return mark_safe("")
    html = render_to_string("includes/data_table.html", {"table": table, "csv_url": csv_url})
    return mark_safe(html)  # the template escapes every cell


def render_rows(template: str, report: object, **context) -> SafeString:
    """A fragment of a page's table (its rows) rendered from `report`, once."""
    return mark_safe(  # the template escapes every value
        render_to_string(template, {"report": report, **context})
    )


def table_rows_html(table: TableView) -> SafeString:
    """The body rows of a data table (includes/data_table.html's markup), built in Python.

    For tables of hundreds of rows on a page that is not cached: the template language
    costs about 20 microseconds a cell, escaping here about one.
    """
    rows = []
    for row in table.rows:
        head, *cells = (escape_text(cell) for cell in row)
        rows.append(
            f'<tr><th scope="row">{head}</th>'
            + "".join(f'<td class="num">{cell}</td>' for cell in cells)
            + "</tr>"
        )
    return mark_safe("".join(rows))  # every cell escaped above
