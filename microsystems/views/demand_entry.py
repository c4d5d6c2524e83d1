"""Enter demand: the grid of volumes, file upload, and download in the same format."""

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from microsystems.demand_rows import DEMAND
from microsystems.extensions import section
from microsystems.forms.demand_entry import (
    MAX_CONFLICTS_SHOWN,
    DemandGridForm,
    DemandUploadForm,
    conflict_rows,
    upload_example,
)
from microsystems.permissions import get_microsystem_for_user
from microsystems.selectors.demand_entry import (
    demand_export_rows,
    demand_grid_values,
    demand_types_for_entry,
)
from microsystems.services.demand_import import (
    DemandImportError,
    demand_grid_save,
    demand_import,
)
from microsystems.views.period_grid import period_data_download, render_period_grid


@section("demand")
@require_http_methods(["GET", "POST"])
def demand_grid(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    return render_period_grid(
        request,
        microsystem=microsystem,
        form_class=DemandGridForm,
        items=lambda: demand_types_for_entry(microsystem),
        saved_values=lambda period_starts: demand_grid_values(microsystem, period_starts),
        save=partial(demand_grid_save, microsystem=microsystem, user=request.user),
        template_name="microsystems/demand_grid.html",
    )


@section("demand")
@require_http_methods(["GET", "POST"])
def demand_upload(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    if request.method == "POST":
        form = DemandUploadForm(request.POST, request.FILES)
    else:
        form = DemandUploadForm()
    import_error = None
    if form.is_bound and form.is_valid():
        try:
            result = demand_import(
                microsystem=microsystem,
                uploaded_file=form.cleaned_data["file"],
                replace=form.cleaned_data["replace"],
                user=request.user,
            )
        except DemandImportError as error:
            import_error = error
        else:
            messages.success(request, result.summary)
            return redirect("microsystems:demand_grid", slug=microsystem.slug)
    granularity = microsystem.period_granularity
    conflicts = import_error.conflicts if import_error else []
    return render(
        request,
        "microsystems/demand_upload.html",
        {
            "microsystem": microsystem,
            "form": form,
            "import_error": import_error,
            "conflicts": conflict_rows(conflicts, granularity),
            "more_conflicts": max(0, len(conflicts) - MAX_CONFLICTS_SHOWN),
            "example": upload_example(
                demand_types_for_entry(microsystem), granularity, timezone.localdate()
            ),
        },
    )


@section("demand")
@require_GET
def demand_download(request: HttpRequest, slug: str) -> HttpResponse:
    """Every observation as CSV (default) or XLSX; the file can be edited and uploaded again."""
    microsystem = get_microsystem_for_user(request.user, slug)
    return period_data_download(
        request,
        spec=DEMAND,
        microsystem=microsystem,
        rows=lambda: demand_export_rows(microsystem),
    )
