from django.apps import AppConfig


class MicrosystemsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "microsystems"
    verbose_name = "Microsystems"

    def ready(self) -> None:
        """This app's own entries in the registry later apps add theirs to (see extensions)."""
        from microsystems.extensions import extensions
        from microsystems.history import SOURCES
        from microsystems.progress import microsystem_step_counts, microsystem_steps
        from microsystems.selectors.profile import has_demand_figures

        add_section = extensions.add_section
        add_section("profile", label="Profile", url_name="microsystems:detail", order=10)
        add_section("demand", label="Demand", url_name="microsystems:demand", order=20)
        add_section(
            "demand_types", label="Demand types", url_name="microsystems:demand_types", order=30
        )
        add_section("staff", label="Staff", url_name="microsystems:staff", order=40)
        add_section(
            "activities",
            label="Activities and costs",
            url_name="microsystems:activities",
            order=50,
        )
        extensions.add_profile_steps(microsystem_steps, counts=microsystem_step_counts)
        extensions.add_period_lock("demand", has_demand_figures)
        add_section("history", label="History", url_name="microsystems:history", order=95)
        for source in SOURCES:
            extensions.add_history_source("microsystem", source)
        self._track_report_inputs()

    def _track_report_inputs(self) -> None:
        """Every record a report reads bumps a version its cache key holds."""
        from django.contrib.auth import get_user_model

        from microsystems import models
        from microsystems.data_versions import (
            FIGURES,
            track_configuration,
            track_links,
            track_people,
            track_unit_input,
        )

        track_configuration(models.Organisation)
        track_people(get_user_model())
        track_unit_input(models.Microsystem, unit_id=lambda unit: unit.pk)
        for model in (models.DemandType, models.StaffRole, models.Activity):
            track_unit_input(model, unit_id=lambda row: row.microsystem_id)
        # Observations are written in bulk by period_data/writes.py, which bumps
        # the version itself; these cover the admin and any single save.
        track_unit_input(
            models.DemandObservation,
            parent=("demand_types", lambda row: row.demand_type_id),
            kind=FIGURES,
        )
        for model in (models.ActivityDemand, models.ActivityEffort):
            track_unit_input(model, parent=("activities", lambda row: row.activity_id))
        track_links(models.Activity.demand_types.through)
