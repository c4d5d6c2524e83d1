"""The rows most tests need by name: a user and a microsystem."""

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from microsystems.models import Microsystem, Organisation


def make_user(username: str, **extra):
    return get_user_model().objects.create_user(
        username=username, password="pw-for-tests-only", first_name=username.title(), **extra
    )


def make_microsystem(organisation: Organisation, name: str, **extra) -> Microsystem:
    defaults = {
        "slug": slugify(name),
        "purpose": f"What {name} is for.",
        "public_value_goal": f"The public value {name} adds.",
    }
    defaults.update(extra)
    return Microsystem.objects.create(organisation=organisation, name=name, **defaults)
