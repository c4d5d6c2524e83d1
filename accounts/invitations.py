"""The one-time link that lets an invited person set their first password.

It is Django's password-reset token (django.contrib.auth.tokens): it is built
from the account's password hash and last sign-in, so it stops working once
the password is set, and expires after PASSWORD_RESET_TIMEOUT seconds.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

# Backends that deliver no e-mail to anyone: the inviter is shown the link instead.
UNDELIVERED_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def set_password_link(request: HttpRequest, user) -> str:
    path = reverse(
        "welcome",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def email_is_delivered() -> bool:
    return settings.EMAIL_BACKEND not in UNDELIVERED_BACKENDS


def send_invitation(request: HttpRequest, *, user, organisation_name: str, invited_by) -> str:
    """E-mail the set-password link to the invited person; returns the link."""
    link = set_password_link(request, user)
    context = {
        "user": user,
        "link": link,
        "organisation_name": organisation_name,
        "invited_by": invited_by.get_full_name() or invited_by.get_username(),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    send_mail(
        subject=f"Your account for {organisation_name} on Microsystem value",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    return link
