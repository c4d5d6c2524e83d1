"""The activities page's table rows, joined in Python once with the report: every
text escaped, the edit links only in the editable version, the cost-per-unit rows
as the page's template rendered them."""

import pytest
from django.template import Context, Template

from microsystems.permissions import get_microsystem_for_user
from microsystems.reports.activities import (
    activities_report,
    activity_rows_html,
    stop_rows_html,
    unit_cost_rows_html,
)
from tests.support.activities import build_library

ROW = {
    "name": "<Lending> & 'returns'", "edit_url": "/a/1/edit/?x=1&y=2",
    "delete_url": "/a/1/delete/", "staff_hours": "1,234.5", "staff_hours_sort": "1234.5000",
    "cost_per_period": "£1,000", "cost_per_period_sort": "1000.0000",
    "cost_per_year": "£12,000", "cost_per_year_sort": "12000.0000", "classification": "core",
    "classification_label": "Core", "preventive": "Yes", "contribution": "",
}  # fmt: skip
NAME = "&lt;Lending&gt; &amp; &#x27;returns&#x27;"
CELLS = (
    f'<tr><th scope="row">{NAME}</th>'
    '<td class="num" data-sort-value="1234.5000">1,234.5</td>'
    '<td class="num" data-sort-value="1000.0000">£1,000</td>'
    '<td class="num" data-sort-value="12000.0000">£12,000</td>'
    '<td><span class="classification classification-core">Core</span></td>'
    '<td>Yes</td><td class="contribution-cell small">—</td>'
)


def test_activity_rows_escape_every_text_and_show_a_dash_for_no_contribution():
    assert str(activity_rows_html([ROW], can_edit=False)) == f"{CELLS}</tr>"


def test_editable_activity_rows_add_the_edit_and_delete_links():
    assert str(activity_rows_html([ROW], can_edit=True)) == (
        f'{CELLS}<td class="text-nowrap"><a href="/a/1/edit/?x=1&amp;y=2">Edit<span '
        f'class="visually-hidden"> {NAME}</span></a> · <a class="link-danger" '
        f'href="/a/1/delete/">Delete<span class="visually-hidden"> {NAME}</span></a></td></tr>'
    )


def test_stop_rows_are_ranked_and_escaped():
    row = {"rank": 1, "name": "A & B", "classification": "waste", "label": "Waste",
           "staff_hours": "1", "cost_per_period": "£1", "cost_per_year": "£12",
           "cumulative_hours": "1"}  # fmt: skip
    assert str(stop_rows_html([row])) == (
        '<tr><td>1</td><th scope="row">A &amp; B</th>'
        '<td><span class="classification classification-waste">Waste</span></td>'
        '<td class="num">1</td><td class="num">£1</td><td class="num">£12</td>'
        '<td class="num">1</td></tr>'
    )


# The cost-per-unit table's rows as the page's template rendered them before.
UNIT_COST_ROWS_TEMPLATE = (
    "{% for row in rows %}<tr>{% for cell in row %}{% if forloop.first %}"
    '<th scope="row">{{ cell }}</th>{% else %}<td class="num">{{ cell }}</td>{% endif %}'
    "{% endfor %}</tr>{% endfor %}"
)


def template_unit_cost_rows(rows: list[list[str]]) -> str:
    return Template(UNIT_COST_ROWS_TEMPLATE).render(Context({"rows": rows}))


def test_unit_cost_rows_are_the_templates_rows_every_text_escaped():
    rows = [["<Chasing> & 'calls'", "Failure", "1,234", "5.5", "£1,000", "£0.81"], ["A", "-"]]
    assert str(unit_cost_rows_html(rows)) == template_unit_cost_rows(rows)
    assert "&lt;Chasing&gt; &amp; &#x27;calls&#x27;" in unit_cost_rows_html(rows)


@pytest.mark.django_db
def test_the_pages_unit_cost_rows_are_the_templates_for_a_real_unit(
    users, microsystem, demand_type, staff_role, activity
):
    build_library(microsystem, demand_type, staff_role, activity)
    report = activities_report(get_microsystem_for_user(users["lead"], microsystem.slug))
    rows = report.tables["demand"].rows
    assert len(rows) > 1
    assert str(report.demand_rows_html) == template_unit_cost_rows(rows)
