"""Writes on one's own account."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

EMAIL_TAKEN = "Someone else already has an account with the e-mail address {email}."


@transaction.atomic
def account_update(
    *, user: AbstractBaseUser, first_name: str, last_name: str, email: str
) -> AbstractBaseUser:
    """Change one's name and e-mail address. Someone invited signs in with their e-mail
    address as user name, so that follows a changed address too."""
    User = get_user_model()
    email = User.objects.normalize_email(email.strip()).lower()
    others = User.objects.exclude(pk=user.pk)
    if others.filter(email__iexact=email).exists():
        raise ValidationError({"email": EMAIL_TAKEN.format(email=email)})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.username.lower() == (user.email or "").lower() and "@" in user.username:
        if others.filter(username__iexact=email).exists():
            raise ValidationError({"email": EMAIL_TAKEN.format(email=email)})
        user.username = email
    user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email
    user.full_clean()
    user.save()
    return user
