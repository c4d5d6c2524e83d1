"""Writes with business rules, each in one transaction."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from core.naming import unique_slug
from microsystems.models import Membership, Microsystem, Organisation

PROFILE_FIELDS = (
    "name",
    "purpose",
    "public_value_goal",
    "people_served",
    "professionals",
    "processes",
    "patterns",
    "period_granularity",
)


def unique_microsystem_slug(name: str) -> str:
    """A URL slug from the name; numbered when another microsystem has it."""
    return unique_slug(Microsystem.objects.all(), name, max_length=200, fallback="microsystem")


@transaction.atomic
def microsystem_create(
    *,
    organisation: Organisation,
    lead: AbstractBaseUser | None = None,
    **profile: str,
) -> Microsystem:
    """Create a microsystem and, if given, make `lead` its team leader."""
    microsystem = Microsystem(organisation=organisation, **profile)
    microsystem.slug = unique_microsystem_slug(microsystem.name)
    microsystem.full_clean()
    microsystem.save()
    if lead is not None:
        Membership.objects.create(user=lead, microsystem=microsystem, role=Membership.Role.LEAD)
    return microsystem


@transaction.atomic
def microsystem_update(*, microsystem: Microsystem, **profile: str) -> Microsystem:
    """Change profile fields. The slug stays, so bookmarks keep working after a rename."""
    for field, value in profile.items():
        if field not in PROFILE_FIELDS:
            raise ValueError(f"{field} is not a profile field")
        setattr(microsystem, field, value)
    microsystem.full_clean()
    microsystem.save()
    return microsystem


@transaction.atomic
def microsystem_archive(*, microsystem: Microsystem) -> Microsystem:
    """Archive: kept with all its data, read-only, hidden from the active list."""
    if microsystem.archived_at is None:
        microsystem.archived_at = timezone.now()
        microsystem.save(update_fields=["archived_at", "updated_at"])
    return microsystem


@transaction.atomic
def microsystem_restore(*, microsystem: Microsystem) -> Microsystem:
    if microsystem.archived_at is not None:
        microsystem.archived_at = None
        microsystem.save(update_fields=["archived_at", "updated_at"])
    return microsystem
