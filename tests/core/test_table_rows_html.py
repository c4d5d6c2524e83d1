"""table_rows_html escapes a table's cells in one call: the same markup as cell by cell."""

import pytest

from core.table_html import escape_text, table_rows_html
from core.tables import TableView


def cell_by_cell(table: TableView) -> str:
    rows = []
    for row in table.rows:
        head, *cells = (escape_text(cell) for cell in row)
        rows.append(
            f'<tr><th scope="row">{head}</th>'
            + "".join(f'<td class="num">{cell}</td>' for cell in cells)
            + "</tr>"
        )
    return "".join(rows)


@pytest.mark.parametrize(
    "rows",
    [
        [["2024-01-01", "1,200", "—"], ["2024-02-01", "3.5", "7"]],
        [["<b>Chasing & calls</b>", "\"quoted\" 'single'"], ["x", "y"]],
        [["only a head"], ["another"]],
        [["a\x1fb", "<c>"], ["d", "e\x1f"]],  # the separator itself, in a cell
        [[1, 2.5, None], ["<", ">"]],  # not text: written as str() writes it
        [],
    ],
)
def test_same_markup_as_cell_by_cell(rows):
    table = TableView(caption="c", headers=[], rows=rows)
    assert str(table_rows_html(table)) == cell_by_cell(table)


def test_an_empty_row_is_refused_as_before():
    with pytest.raises(ValueError):
        table_rows_html(TableView(caption="c", headers=[], rows=[["a"], []]))
