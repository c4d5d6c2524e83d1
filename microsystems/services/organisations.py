"""Organisations and their managers: admins' writes."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from core.naming import check_name_free, unique_slug
from microsystems.models import Organisation

NAME_TAKEN = "There is already an organisation called “{name}”."
ALREADY_MANAGER = "{name} already manages {organisation}."
NOT_A_MANAGER = "{name} does not manage {organisation}."
MANAGER_DEACTIVATED = "{name} is deactivated and cannot manage an organisation."


def _check_name_free(name: str, *, except_pk: int | None = None) -> None:
    check_name_free(Organisation.objects.all(), name, NAME_TAKEN, except_pk=except_pk)


def _unique_slug(name: str) -> str:
    return unique_slug(Organisation.objects.all(), name, max_length=190, fallback="organisation")


@transaction.atomic
def organisation_create(*, name: str, description: str = "") -> Organisation:
    name = name.strip()
    _check_name_free(name)
    organisation = Organisation(name=name, slug=_unique_slug(name), description=description)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, name: str, description: str = ""
) -> Organisation:
    """Rename; the slug stays, so links keep working."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    name = name.strip()
    _check_name_free(name, except_pk=organisation.pk)
    organisation.name = name
    organisation.description = description
    organisation.full_clean()
    organisation.save()
    return organisation


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def organisation_manager_add(*, organisation: Organisation, user: AbstractBaseUser) -> None:
    if not user.is_active:
        raise ValidationError(MANAGER_DEACTIVATED.format(name=_name(user)))
    if organisation.managers.filter(pk=user.pk).exists():
        raise ValidationError(
            ALREADY_MANAGER.format(name=_name(user), organisation=organisation.name)
        )
    organisation.managers.add(user)


@transaction.atomic
def organisation_manager_remove(*, organisation: Organisation, user: AbstractBaseUser) -> None:
    if not organisation.managers.filter(pk=user.pk).exists():
        raise ValidationError(
            NOT_A_MANAGER.format(name=_name(user), organisation=organisation.name)
        )
    organisation.managers.remove(user)
