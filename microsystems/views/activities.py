"""A microsystem's activities: the costs page, add, edit, delete and download."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.concurrency import edit_lock
from core.downloads import DOWNLOAD_FORMATS, file_download
from core.forms import ConfirmForm, add_service_errors
from core.spreadsheets import csv_bytes, xlsx_bytes
from microsystems.extensions import extensions, section
from microsystems.forms.activities import ActivityForm, EffortFormSet, effort_formset_helper
from microsystems.models import Activity, Microsystem
from microsystems.permissions import get_microsystem_for_user
from microsystems.report_cache import unit_report
from microsystems.reports.activities import TABLES, activities_report
from microsystems.reports.activity_downloads import download_table
from microsystems.selectors.activities import activity_for_microsystem
from microsystems.services import activities as services
from microsystems.views.submissions import create_once, redirect_if_already_saved


@section("activities")
@require_http_methods(["GET"])
def activities(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug)
    return render(
        request,
        "microsystems/activities.html",
        {
            "microsystem": microsystem,
            "report": unit_report(
                "activities",
                microsystem,
                lambda: activities_report(microsystem),
                operations_only=True,
            ),
        },
    )


def _activity_form_page(
    request: HttpRequest, microsystem: Microsystem, activity: Activity | None
) -> HttpResponse:
    """Add or edit: the activity and its staff time are validated and saved together."""
    # Before validation, which writes the posted values onto `activity`.
    title = f"Edit activity: {activity.name}" if activity else "Add an activity"
    data = request.POST if request.method == "POST" else None
    # The staff time is the activity's too: every save of it locks the activity.
    with edit_lock(request, activity):
        form = ActivityForm(data, instance=activity, microsystem=microsystem)
        formset = EffortFormSet(
            data,
            instance=activity or Activity(microsystem=microsystem),
            microsystem=microsystem,
            prefix="efforts",
        )
        if data is not None and (earlier := redirect_if_already_saved(request, form)):
            return earlier
        if data is not None:
            # Validate both so that every mistake is shown at once.
            form_is_valid, formset_is_valid = form.is_valid(), formset.is_valid()
            if form_is_valid and formset_is_valid:
                arguments = {
                    "data": form.activity_data(),
                    "demand_types": form.cleaned_data["demand_types"],
                    "efforts": formset.efforts(),
                }
                try:
                    if activity is None:
                        return create_once(
                            request,
                            form,
                            create=lambda: services.activity_create(
                                microsystem=microsystem, **arguments
                            ),
                            url_of=lambda saved: reverse(
                                "microsystems:activities", kwargs={"slug": microsystem.slug}
                            ),
                            success_message=lambda saved: f"Saved activity “{saved.name}”.",
                        )
                    else:
                        saved = services.activity_update(activity=activity, **arguments)
                except ValidationError as error:
                    # Only if the data changed between validation and saving.
                    add_service_errors(form, error)
                else:
                    messages.success(request, f"Saved activity “{saved.name}”.")
                    return redirect("microsystems:activities", slug=microsystem.slug)
    return render(
        request,
        "microsystems/activity_form.html",
        {
            "microsystem": microsystem,
            "activity": activity,
            "form": form,
            "formset": formset,
            "effort_helper": effort_formset_helper(),
            "title": title,
        },
    )


@section("activities")
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest, slug: str) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    return _activity_form_page(request, microsystem, None)


@section("activities")
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    activity = activity_for_microsystem(microsystem, activity_id)
    return _activity_form_page(request, microsystem, activity)


@section("activities")
@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    microsystem = get_microsystem_for_user(request.user, slug, write=True)
    activity = activity_for_microsystem(microsystem, activity_id)
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            services.activity_delete(activity=activity)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Deleted activity “{activity.name}”.")
        return redirect("microsystems:activities", slug=microsystem.slug)
    return render(
        request,
        "microsystems/activity_confirm_delete.html",
        {
            "microsystem": microsystem,
            "activity": activity,
            "refusal": extensions.delete_refusal(activity),
        },
    )


@section("activities")
@require_http_methods(["GET"])
def activities_download(request: HttpRequest, slug: str) -> HttpResponse:
    """?format=csv|xlsx (default csv), ?table= one of TABLES (default activities)."""
    microsystem = get_microsystem_for_user(request.user, slug)
    file_format = request.GET.get("format", "csv")
    table_name = request.GET.get("table", "activities")
    if file_format not in DOWNLOAD_FORMATS or table_name not in TABLES:
        return HttpResponseBadRequest(
            f"Ask for format csv or xlsx, and table {', '.join(TABLES)}.",
            content_type="text/plain; charset=utf-8",
        )
    table = download_table(microsystem, table_name)
    if file_format == "csv":
        content = csv_bytes(table.headers, table.rows)
    else:
        content = xlsx_bytes(
            table.headers,
            table.rows,
            sheet_title=table_name.capitalize(),
            money_columns=table.money_columns,
        )
    return file_download(content, f"{microsystem.slug}-{table_name}.{file_format}")
