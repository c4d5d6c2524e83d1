"""Table rows built in Python match the data table template's rows, escaped."""

from django.template.loader import render_to_string

from core.table_html import disclosed_table, table_rows_html
from core.tables import TableView


def test_rows_built_in_python_are_the_templates_rows_and_escaped():
    table = TableView(caption="Units", headers=["Unit", "Value"],
                      rows=[["<b>East</b> & West", "1,234.5"], ["North", "—"]])  # fmt: skip
    built = str(table_rows_html(table))
    assert built == (
        '<tr><th scope="row">&lt;b&gt;East&lt;/b&gt; &amp; West</th><td class="num">1,234.5</td>'
        '</tr><tr><th scope="row">North</th><td class="num">—</td></tr>'
    )
    rendered = render_to_string("includes/data_table.html", {"table": table})
    assert "".join(rendered.split()).count("".join(built.split())) == 1


def test_a_disclosed_table_built_in_python_is_the_templates_markup():
    tables = [
        TableView(caption="Units & <costs>", headers=["Unit", "Value", "Share"],
                  rows=[["<b>East</b> & West", "1,234.5", "3%"], ["North", "—", "'q'"]]),
        TableView(caption="One row", headers=["Period", "Hours"], rows=[["Jan 2026", "12"]]),
        TableView(caption="Empty", headers=["Period"], rows=[]),
    ]  # fmt: skip
    for table in tables:
        for csv_url in ("/demand/?table=demand&format=csv", ""):
            built = str(disclosed_table(table, csv_url))
            rendered = render_to_string(
                "includes/data_table.html", {"table": table, "csv_url": csv_url}
            )
            assert "".join(built.split()) == "".join(rendered.split())
    assert str(disclosed_table(None, "/x")) == ""
