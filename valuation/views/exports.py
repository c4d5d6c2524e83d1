"""A unit's data to take away: the workbook to read, and the ZIP that moves it elsewhere."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.downloads import file_download
from microsystems.extensions import section
from microsystems.permissions import get_microsystem_for_user
from valuation.reports.unit_export import export_file_name, unit_workbook, unit_zip


# Offered on the profile page, so they belong to its section.
@section("profile")
@require_GET
def unit_export_workbook(request: HttpRequest, slug: str) -> HttpResponse:
    """One sheet per topic, for anyone who may see the unit."""
    microsystem = get_microsystem_for_user(request.user, slug)
    today = timezone.localdate()
    return file_download(
        unit_workbook(microsystem), export_file_name(microsystem, "xlsx", today=today)
    )


@section("profile")
@require_GET
def unit_export_zip(request: HttpRequest, slug: str) -> HttpResponse:
    """The CSV files in the upload formats, which `manage.py import_unit` takes in."""
    microsystem = get_microsystem_for_user(request.user, slug)
    now = timezone.now()
    return file_download(
        unit_zip(microsystem, exported_at=now),
        export_file_name(microsystem, "zip", today=timezone.localdate(now)),
    )
