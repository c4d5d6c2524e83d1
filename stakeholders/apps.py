from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stakeholders"
    verbose_name = "Stakeholders"

    def ready(self) -> None:
        from microsystems.progress import register_steps
        from stakeholders.progress import stakeholder_steps

        register_steps(stakeholder_steps)
