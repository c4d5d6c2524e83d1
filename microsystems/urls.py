from django.urls import path

from microsystems.views import (
    activities,
    catalogue,
    demand,
    demand_entry,
    history,
    home,
    profile,
    run_charts,
)

app_name = "microsystems"

urlpatterns = [
    path("", home.home, name="home"),
    path("microsystems/new/", profile.microsystem_create_view, name="create"),
    path("microsystems/<slug:slug>/", profile.microsystem_detail, name="detail"),
    path("microsystems/<slug:slug>/edit/", profile.microsystem_edit, name="edit"),
    path("microsystems/<slug:slug>/archive/", profile.microsystem_archive_view, name="archive"),
    path("microsystems/<slug:slug>/restore/", profile.microsystem_restore_view, name="restore"),
    path("microsystems/<slug:slug>/history/", history.microsystem_history, name="history"),
    path(
        "microsystems/<slug:slug>/history/<slug:kind>/<int:history_id>/restore/",
        history.microsystem_history_restore,
        name="history_restore",
    ),
    path("microsystems/<slug:slug>/demand/", demand.demand, name="demand"),
    path("microsystems/<slug:slug>/demand/enter/", demand_entry.demand_grid, name="demand_grid"),
    path(
        "microsystems/<slug:slug>/demand/upload/",
        demand_entry.demand_upload,
        name="demand_upload",
    ),
    path(
        "microsystems/<slug:slug>/demand/download/",
        demand_entry.demand_download,
        name="demand_download",
    ),
    path(
        "microsystems/<slug:slug>/demand/run-chart/",
        run_charts.demand_run_chart,
        name="demand_run_chart_total",
    ),
    path(
        "microsystems/<slug:slug>/demand/run-chart/<int:demand_type_id>/",
        run_charts.demand_run_chart,
        name="demand_run_chart",
    ),
    path("microsystems/<slug:slug>/demand/types/", catalogue.demand_types, name="demand_types"),
    path(
        "microsystems/<slug:slug>/demand/types/new/",
        catalogue.demand_type_edit,
        name="demand_type_create",
    ),
    path(
        "microsystems/<slug:slug>/demand/types/<int:demand_type_id>/edit/",
        catalogue.demand_type_edit,
        name="demand_type_edit",
    ),
    path(
        "microsystems/<slug:slug>/demand/types/<int:demand_type_id>/delete/",
        catalogue.demand_type_delete,
        name="demand_type_delete",
    ),
    path("microsystems/<slug:slug>/staff/", catalogue.staff, name="staff"),
    path(
        "microsystems/<slug:slug>/staff/new/", catalogue.staff_role_edit, name="staff_role_create"
    ),
    path(
        "microsystems/<slug:slug>/staff/<int:staff_role_id>/edit/",
        catalogue.staff_role_edit,
        name="staff_role_edit",
    ),
    path(
        "microsystems/<slug:slug>/staff/<int:staff_role_id>/delete/",
        catalogue.staff_role_delete,
        name="staff_role_delete",
    ),
    path("microsystems/<slug:slug>/activities/", activities.activities, name="activities"),
    path(
        "microsystems/<slug:slug>/activities/new/",
        activities.activity_create,
        name="activity_create",
    ),
    path(
        "microsystems/<slug:slug>/activities/<int:activity_id>/edit/",
        activities.activity_edit,
        name="activity_edit",
    ),
    path(
        "microsystems/<slug:slug>/activities/<int:activity_id>/delete/",
        activities.activity_delete,
        name="activity_delete",
    ),
    path(
        "microsystems/<slug:slug>/activities/download/",
        activities.activities_download,
        name="activities_download",
    ),
]
