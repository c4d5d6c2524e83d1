from django.apps import AppConfig


class ValuationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "valuation"
    verbose_name = "Valuation"

    def ready(self) -> None:
        from microsystems.period_data import register_period_aligned
        from microsystems.progress import register_steps
        from valuation.models import Measurement
        from valuation.progress import valuation_steps

        register_steps(valuation_steps)
        register_period_aligned(
            "measurements",
            lambda microsystem: Measurement.objects.filter(microsystem=microsystem).exists(),
        )
