from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stakeholders"
    verbose_name = "Stakeholders"

    def ready(self) -> None:
        """What this app adds to a microsystem's pages (see microsystems.extensions)."""
        from microsystems.extensions import extensions
        from stakeholders.history import SOURCES
        from stakeholders.progress import stakeholder_step_counts, stakeholder_steps

        extensions.add_section(
            "stakeholders", label="Stakeholders", url_name="stakeholders:list", order=60
        )
        extensions.add_profile_steps(stakeholder_steps, counts=stakeholder_step_counts)
        for source in SOURCES:
            extensions.add_history_source("microsystem", source)

        from microsystems.data_versions import track_unit_input
        from stakeholders.models import Expectation, Stakeholder

        # Every record a report reads bumps a version its cache key holds.
        track_unit_input(Stakeholder, unit_id=lambda row: row.microsystem_id)
        track_unit_input(Expectation, parent=("stakeholders", lambda row: row.stakeholder_id))
