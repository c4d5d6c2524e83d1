"""The perspectives page's stakeholder tables, joined in Python once with its cached report
(valuation/reports/html.py data_table_details_html), are the markup of
templates/includes/data_table.html they replace."""

import re

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from tests.support.account import repairs_world
from valuation.reports.html import data_table_details_html
from valuation.reports.perspectives import perspectives_report
from valuation.selectors.records import perspectives_source

CSV_URL = "/perspectives/download/?version=2&table=weights"


def same_markup(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def test_the_tables_are_the_includes_markup(microsystem, users, client_for):
    assessment = repairs_world(microsystem)["assessment"]
    report = perspectives_report(perspectives_source(assessment, None))
    for name in ("judgements", "weights"):
        table = report.tables[name]
        assert len(table.rows) > 1
        link = f'<a class="small download-link" href="{escape(CSV_URL)}" download>'
        ours = f"{data_table_details_html(table)}{link}Download these numbers (CSV)</a>"
        theirs = render_to_string("includes/data_table.html", {"table": table, "csv_url": CSV_URL})
        assert same_markup(ours) == same_markup(theirs)
        assert report.tables_html[name] == data_table_details_html(table)
    address = reverse("valuation:perspectives", args=[microsystem.slug, assessment.pk])
    page = client_for("lead").get(address).content.decode()
    assert report.tables_html["weights"] in page
