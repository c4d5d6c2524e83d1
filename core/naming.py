"""Names and URL slugs that must be unique among a model's rows, whatever the model."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.text import slugify


def check_name_free(
    rows: QuerySet, name: str, message: str, *, except_pk: int | None = None
) -> None:
    """Refuse `name` (ignoring case) when another of `rows` has it; `message` is put on
    the form's `name` field, with `{name}` filled in."""
    clash = rows.filter(name__iexact=name)
    if except_pk is not None:
        clash = clash.exclude(pk=except_pk)
    if clash.exists():
        raise ValidationError({"name": message.format(name=name)})


def unique_slug(rows: QuerySet, name: str, *, max_length: int, fallback: str) -> str:
    """A URL slug from `name`, numbered (-2, -3, ...) when another of `rows` has it."""
    base = slugify(name)[:max_length] or fallback
    taken = set(rows.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
