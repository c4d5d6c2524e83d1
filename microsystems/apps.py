from django.apps import AppConfig


class MicrosystemsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "microsystems"
    verbose_name = "Microsystems"
