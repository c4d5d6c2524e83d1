from django.apps import AppConfig


class ValuationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "valuation"
    verbose_name = "Valuation"

    def ready(self) -> None:
        """What this app adds to the earlier apps' pages (see microsystems.extensions)."""
        from microsystems.extensions import extensions
        from microsystems.models import Activity
        from stakeholders.models import Stakeholder
        from valuation.history import ASSESSMENT_SOURCES, MICROSYSTEM_SOURCES
        from valuation.progress import valuation_step_counts, valuation_steps
        from valuation.protections import (
            ACTIVITY_IN_ASSESSMENTS,
            STAKEHOLDER_IN_ASSESSMENTS,
            assessments_keeping_activity,
            assessments_keeping_stakeholder,
            has_measurements,
        )
        from valuation.waiting import waiting_for

        extensions.add_section(
            "measurements", label="Measurements", url_name="valuation:measurements", order=70
        )
        extensions.add_section(
            "assessments", label="Assessments", url_name="valuation:assessments", order=80
        )
        # The unit over its assessments: after them, as it is built from them.
        extensions.add_section(
            "dashboard", label="Dashboard", url_name="valuation:dashboard", order=85
        )
        extensions.add_section(
            "improvements", label="Improvements", url_name="valuation:improvements", order=90
        )
        extensions.add_profile_steps(valuation_steps, counts=valuation_step_counts)
        extensions.add_take_away(
            label="Workbook (Excel)",
            url_name="valuation:unit_export_workbook",
            detail="Every topic on its own sheet, with approved assessments' figures.",
        )
        extensions.add_take_away(
            label="Data files (ZIP of CSV)",
            url_name="valuation:unit_export_zip",
            detail="The upload formats, to move the unit to another instance (manage.py "
            "import_unit).",
        )
        for source in MICROSYSTEM_SOURCES:
            extensions.add_history_source("microsystem", source)
        for source in ASSESSMENT_SOURCES:
            extensions.add_history_source("assessment", source)
        extensions.add_waiting(waiting_for)
        extensions.add_period_lock("measurements", has_measurements)
        extensions.add_delete_guard(
            Stakeholder,
            keeping=assessments_keeping_stakeholder,
            refusal=STAKEHOLDER_IN_ASSESSMENTS,
        )
        extensions.add_delete_guard(
            Activity, keeping=assessments_keeping_activity, refusal=ACTIVITY_IN_ASSESSMENTS
        )
        self._track_report_inputs()

    def _track_report_inputs(self) -> None:
        """Every record a report reads bumps a version its cache key holds."""
        from microsystems.data_versions import (
            FIGURES,
            track_configuration,
            track_configuration_links,
            track_unit_input,
        )
        from valuation import models
        from valuation.input_versions import track_assessment_inputs

        track_configuration(models.ValueDimension)
        track_configuration(models.Measure)
        track_configuration_links(models.Measure.microsystems.through)
        for model in (models.Assessment, models.MeasureTarget):
            track_unit_input(model, unit_id=lambda row: row.microsystem_id)
        track_unit_input(models.Measurement, unit_id=lambda row: row.microsystem_id, kind=FIGURES)
        # Weights, judgements and voice weights: their assessment's inputs_version.
        track_assessment_inputs()
