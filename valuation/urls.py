"""Assessments, measures, weights, judgements and the public value account.

One list per area, so each area's pages are declared together.
"""

from django.urls import path

from valuation.views import account as account_views
from valuation.views import assessments as assessment_views
from valuation.views import dashboard as dashboard_views
from valuation.views import dimensions as dimension_views
from valuation.views import exports as export_views
from valuation.views import history as history_views
from valuation.views import improvements as improvement_views
from valuation.views import judgements as judgement_views
from valuation.views import measure_targets as target_views
from valuation.views import measurements as measurement_views
from valuation.views import measures as measure_views
from valuation.views import perspectives as perspective_views
from valuation.views import portfolio as portfolio_views
from valuation.views import voices as voice_views
from valuation.views import weights as weight_views

app_name = "valuation"

# Assessments: list, create, settings, submit, approve/return, voice weights.
ONE_ASSESSMENT = "microsystems/<slug:slug>/assessments/<int:assessment_id>"
assessment_patterns = [
    path(
        "microsystems/<slug:slug>/assessments/",
        assessment_views.assessments,
        name="assessments",
    ),
    path(
        "microsystems/<slug:slug>/assessments/new/",
        assessment_views.assessment_create,
        name="assessment_create",
    ),
    path(f"{ONE_ASSESSMENT}/settings/", assessment_views.assessment_edit, name="assessment_edit"),
    path(f"{ONE_ASSESSMENT}/delete/", assessment_views.assessment_delete, name="assessment_delete"),
    path(f"{ONE_ASSESSMENT}/submit/", assessment_views.assessment_submit, name="assessment_submit"),
    path(f"{ONE_ASSESSMENT}/review/", assessment_views.assessment_review, name="assessment_review"),
    path(f"{ONE_ASSESSMENT}/reopen/", assessment_views.assessment_reopen, name="assessment_reopen"),
    path(f"{ONE_ASSESSMENT}/voices/", voice_views.voices, name="voices"),
    path(f"{ONE_ASSESSMENT}/history/", history_views.assessment_history, name="assessment_history"),
    path(
        f"{ONE_ASSESSMENT}/history/<slug:kind>/<int:history_id>/restore/",
        history_views.assessment_history_restore,
        name="assessment_history_restore",
    ),
    path("assessments/to-review/", assessment_views.review_queue_view, name="review_queue"),
]

# Measures (admins) and measurements (grid, upload, download).
ONE_MEASURE = "measures/<int:measure_id>"
MEASUREMENTS = "microsystems/<slug:slug>/measurements"
measure_patterns = [
    path("dimensions/", dimension_views.dimensions, name="dimensions"),
    path("dimensions/new/", dimension_views.dimension_create_view, name="dimension_create"),
    path(
        "dimensions/<int:dimension_id>/edit/",
        dimension_views.dimension_edit,
        name="dimension_edit",
    ),
    path(
        "dimensions/<int:dimension_id>/retire/",
        dimension_views.dimension_retire,
        name="dimension_retire",
    ),
    path("measures/", measure_views.measures, name="measures"),
    path("measures/new/", measure_views.measure_create_view, name="measure_create"),
    path(f"{ONE_MEASURE}/edit/", measure_views.measure_edit, name="measure_edit"),
    path(f"{ONE_MEASURE}/retire/", measure_views.measure_retire, name="measure_retire"),
    path(f"{MEASUREMENTS}/", measurement_views.measurements, name="measurements"),
    path(f"{MEASUREMENTS}/enter/", measurement_views.measurement_grid, name="measurement_grid"),
    path(
        f"{MEASUREMENTS}/upload/", measurement_views.measurement_upload, name="measurement_upload"
    ),
    path(
        f"{MEASUREMENTS}/<int:measure_id>/run-chart/",
        measurement_views.measure_run_chart,
        name="measure_run_chart",
    ),
    path(
        f"{MEASUREMENTS}/download/",
        measurement_views.measurement_download,
        name="measurement_download",
    ),
    # A unit's own baseline and target per measure (managers and admins set them).
    path(f"{MEASUREMENTS}/targets/", target_views.measure_targets, name="measure_targets"),
    path(
        f"{MEASUREMENTS}/targets/<int:measure_id>/",
        target_views.measure_target_edit,
        name="measure_target_edit",
    ),
    path(
        f"{MEASUREMENTS}/targets/<int:measure_id>/remove/",
        target_views.measure_target_delete,
        name="measure_target_delete",
    ),
]

# Stakeholder weights, judgements and the perspectives page.
perspective_patterns = [
    path(f"{ONE_ASSESSMENT}/weights/", weight_views.weights, name="weights"),
    path(
        f"{ONE_ASSESSMENT}/weights/<int:stakeholder_id>/points/",
        weight_views.weights_points,
        name="weights_points",
    ),
    path(
        f"{ONE_ASSESSMENT}/weights/<int:stakeholder_id>/pairwise/",
        weight_views.weights_pairwise,
        name="weights_pairwise",
    ),
    path(f"{ONE_ASSESSMENT}/judgements/", judgement_views.judgements, name="judgements"),
    path(
        f"{ONE_ASSESSMENT}/judgements/<int:stakeholder_id>/",
        judgement_views.judgements_edit,
        name="judgements_edit",
    ),
    path(
        f"{ONE_ASSESSMENT}/judgements/<int:stakeholder_id>/activities/",
        judgement_views.activity_judgements_edit,
        name="activity_judgements_edit",
    ),
    path(
        f"{ONE_ASSESSMENT}/perspectives/",
        perspective_views.perspectives,
        name="perspectives",
    ),
    path(
        f"{ONE_ASSESSMENT}/perspectives/download/",
        perspective_views.perspectives_download,
        name="perspectives_download",
    ),
]

# The assessment page: the public value account.
account_patterns = [
    path(f"{ONE_ASSESSMENT}/", account_views.assessment, name="assessment"),
    path(
        f"{ONE_ASSESSMENT}/download/",
        account_views.assessment_download,
        name="assessment_download",
    ),
    path(f"{ONE_ASSESSMENT}/account.json", account_views.assessment_json, name="assessment_json"),
    path(
        f"{ONE_ASSESSMENT}/versions/", account_views.assessment_versions, name="assessment_versions"
    ),
    path(
        f"{ONE_ASSESSMENT}/versions/<int:version>/",
        account_views.assessment_version,
        name="assessment_version",
    ),
    path(
        f"{ONE_ASSESSMENT}/versions/<int:version>/download/",
        account_views.assessment_version_download,
        name="assessment_version_download",
    ),
]

# Improvement ideas: the list, one idea, add, edit, change of status.
IMPROVEMENTS = "microsystems/<slug:slug>/improvements"
ONE_IDEA = f"{IMPROVEMENTS}/<int:idea_id>"
improvement_patterns = [
    path(f"{IMPROVEMENTS}/", improvement_views.improvements, name="improvements"),
    path(f"{IMPROVEMENTS}/new/", improvement_views.improvement_create, name="improvement_create"),
    path(f"{ONE_IDEA}/", improvement_views.improvement, name="improvement"),
    path(f"{ONE_IDEA}/edit/", improvement_views.improvement_edit, name="improvement_edit"),
    path(f"{ONE_IDEA}/status/", improvement_views.improvement_status, name="improvement_status"),
]

# The portfolio (managers and admins): every unit compared, and the table as a file.
portfolio_patterns = [
    path("portfolio/", portfolio_views.portfolio, name="portfolio"),
    path("portfolio/download/", portfolio_views.portfolio_download, name="portfolio_download"),
]

# The unit dashboard: the unit over its assessments, as a page, CSV and JSON.
DASHBOARD = "microsystems/<slug:slug>/dashboard"
dashboard_patterns = [
    path(f"{DASHBOARD}/", dashboard_views.dashboard, name="dashboard"),
    path(f"{DASHBOARD}/download/", dashboard_views.dashboard_download, name="dashboard_download"),
    path(f"{DASHBOARD}.json", dashboard_views.dashboard_json, name="dashboard_json"),
]

# A unit's data to take away: the workbook, and the ZIP that `manage.py import_unit` takes.
export_patterns = [
    path(
        "microsystems/<slug:slug>/export.xlsx",
        export_views.unit_export_workbook,
        name="unit_export_workbook",
    ),
    path(
        "microsystems/<slug:slug>/export.zip", export_views.unit_export_zip, name="unit_export_zip"
    ),
]

urlpatterns = [
    *dashboard_patterns,
    *assessment_patterns,
    *measure_patterns,
    *perspective_patterns,
    *account_patterns,
    *improvement_patterns,
    *portfolio_patterns,
    *export_patterns,
]
