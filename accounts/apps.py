from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in and sessions: failed sign-ins lock out (django-axes), sessions end
    after a period without activity and at a fixed age. No models of its own."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="accounts.stamp_sign_in")
