from django.apps import AppConfig


class ValuationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "valuation"
    verbose_name = "Valuation"

    def ready(self) -> None:
        """What this app adds to the earlier apps' pages (see microsystems.extensions)."""
        from microsystems.extensions import extensions
        from stakeholders.models import Stakeholder
        from valuation.history import ASSESSMENT_SOURCES, MICROSYSTEM_SOURCES
        from valuation.progress import valuation_steps
        from valuation.protections import (
            STAKEHOLDER_IN_ASSESSMENTS,
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
        extensions.add_profile_steps(valuation_steps)
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
