"""Run chart pages: one per demand type and one for all demand here; valuation's
measure pages use the same helper, `render_run_chart`.
"""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from microsystems.analysis import run_charts as rc
from microsystems.extensions import section
from microsystems.forms.run_charts import RunChartOptionsForm
from microsystems.models import DemandType, Microsystem
from microsystems.permissions import get_microsystem_for_user
from microsystems.reports.run_charts import RULES_EXPLAINED, run_chart_csv, run_chart_view
from microsystems.selectors.run_charts import demand_series, demand_type_rows

OPTION_FIELDS = ("rebase_from", "baseline_points")


def render_run_chart(
    request: HttpRequest,
    *,
    microsystem: Microsystem,
    series,  # pandas Series of values by period start
    title: str,
    direction: str | None,
    target: float | None,
    unit: str,
    csv_name: str,
    template_name: str,
    context: dict,
    mark: date | None = None,
    mark_label: str = "",
) -> HttpResponse:
    """The page (or, with ?format=csv, the CSV) of one run chart, with its options form.

    Refused options are shown beside their fields and the chart is drawn without them.
    """
    bound = any(field in request.GET for field in OPTION_FIELDS)
    form = RunChartOptionsForm(
        request.GET if bound else None, period_starts=[stamp.date() for stamp in series.index]
    )
    chart = rc.xmr_chart(series, direction=direction, target=target, **form.options())
    if request.GET.get("format") == "csv":
        response = HttpResponse(run_chart_csv(chart), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{csv_name}.csv"'
        return response
    view = run_chart_view(
        chart,
        title=title,
        granularity=microsystem.period_granularity,
        unit=unit,
        mark=mark,
        mark_label=mark_label,
    )
    csv_query = request.GET.copy()
    csv_query["format"] = "csv"
    return render(
        request,
        template_name,
        {
            "microsystem": microsystem,
            "run_chart": view,
            "options_form": form,
            "csv_url": f"?{csv_query.urlencode()}",
            "rules": RULES_EXPLAINED,
            **context,
        },
    )


def demand_direction(nature: str | None) -> str | None:
    """Less failure demand is better; more or less value demand is neither better nor worse."""
    return rc.LOWER if nature == DemandType.Nature.FAILURE else None


@section("demand")
@require_GET
def demand_run_chart(
    request: HttpRequest, slug: str, demand_type_id: int | None = None
) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    types = demand_type_rows(microsystem)
    chosen = None
    if demand_type_id is not None:
        chosen = next((row for row in types if row["id"] == demand_type_id), None)
        if chosen is None:
            raise Http404("No such demand type.")
    title = (
        f"{chosen['name']}: demand per {microsystem.period_noun}"
        if chosen
        else (f"All demand per {microsystem.period_noun}")
    )
    return render_run_chart(
        request,
        microsystem=microsystem,
        series=demand_series(microsystem, demand_type_id),
        title=title,
        direction=demand_direction(chosen["nature"] if chosen else None),
        target=None,
        unit=(chosen["unit"] if chosen else "") or "",
        csv_name=f"{microsystem.slug}-demand-{demand_type_id or 'all'}-run-chart",
        template_name="microsystems/demand_run_chart.html",
        context={"demand_types": types, "chosen": chosen},
    )
