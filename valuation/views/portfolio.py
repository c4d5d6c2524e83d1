"""The portfolio: every unit a manager looks after, compared on their approved records."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.downloads import file_download
from core.spreadsheets import csv_bytes, xlsx_bytes
from microsystems.permissions import get_portfolio_organisations_for_user
from valuation.forms.portfolio import PortfolioFilterForm
from valuation.reports.portfolio import export_rows, portfolio_report, sorted_table
from valuation.selectors.portfolio import (
    latest_measurements,
    portfolio_frames,
    portfolio_measures,
)

QUERY_FIELDS = ("organisation", "state", "period", "sort", "measure")


def _load(request: HttpRequest, *, with_measures: bool):
    organisations = get_portfolio_organisations_for_user(request.user)
    organisation_ids = [organisation.pk for organisation in organisations]
    frames = portfolio_frames(organisation_ids)
    measures = portfolio_measures() if with_measures else []
    form = PortfolioFilterForm(
        request.GET,
        organisations=[(organisation.pk, organisation.name) for organisation in organisations],
        years=sorted({day.year for day in frames.records["start_date"]}, reverse=True),
        measures=[(measure.pk, measure.name) for measure in measures],
    )
    return organisation_ids, frames, measures, form


@require_http_methods(["GET"])
def portfolio(request: HttpRequest) -> HttpResponse:
    organisation_ids, frames, measures, form = _load(request, with_measures=True)
    choices = form.choices()
    for problem in form.problems():
        messages.warning(request, problem)
    measure = next((m for m in measures if m.pk == choices.measure_id), None)
    latest = latest_measurements(measure.pk, organisation_ids) if measure else None
    query = {name: form.cleaned_data.get(name) for name in QUERY_FIELDS}
    report = portfolio_report(frames, choices, query=query, latest=latest, measure=measure)
    for notice in report.notices:
        messages.info(request, notice)
    return render(
        request,
        "valuation/portfolio.html",
        {
            "form": form,
            "report": report,
            "organisation_count": len(organisation_ids),
            # The filters and sort, kept when another measure is chosen.
            "kept_filters": [
                (name, value)
                for name, value in query.items()
                if name != "measure" and value not in (None, "")
            ],
        },
    )


@require_http_methods(["GET"])
def portfolio_download(request: HttpRequest) -> HttpResponse:
    """The table as the page shows it (filtered, sorted, every page) as CSV or Excel."""
    _, frames, _, form = _load(request, with_measures=False)
    headers, rows = export_rows(sorted_table(frames, form.choices()))
    if request.GET.get("format") == "xlsx":
        content = xlsx_bytes(
            headers, rows, sheet_title="Portfolio", money_columns=frozenset({8, 13})
        )
        return file_download(content, "portfolio.xlsx")
    return file_download(csv_bytes(headers, rows), "portfolio.csv")
