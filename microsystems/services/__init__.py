"""Writes with business rules, each in one transaction; one module per subject."""

from microsystems.services.profile import (
    PROFILE_FIELDS,
    microsystem_archive,
    microsystem_create,
    microsystem_restore,
    microsystem_update,
)

__all__ = [
    "PROFILE_FIELDS",
    "microsystem_archive",
    "microsystem_create",
    "microsystem_restore",
    "microsystem_update",
]
