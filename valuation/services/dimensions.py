"""Value dimensions, configured by admins: add, rename, retire and restore.

Retiring keeps the dimension and everything recorded against it: past
weights and judgements still add up in their assessments (the engine keeps a
retired dimension in scope wherever an assessment's weights or judgements
name it, valuation/scoring/dimensions.py), but it is no longer offered for
new weights, judgements or measures.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.naming import check_name_free, unique_slug
from valuation.models import ValueDimension

NAME_TAKEN = "There is already a value dimension called “{name}”."
LAST_ACTIVE = "“{name}” is the last active value dimension; add another before retiring it."


def _check_name_free(name: str, *, except_pk: int | None = None) -> None:
    check_name_free(ValueDimension.objects.all(), name, NAME_TAKEN, except_pk=except_pk)


def _unique_slug(name: str) -> str:
    return unique_slug(ValueDimension.objects.all(), name, max_length=90, fallback="dimension")


@transaction.atomic
def dimension_create(*, name: str, description: str, order: int) -> ValueDimension:
    name = name.strip()
    _check_name_free(name)
    dimension = ValueDimension(
        name=name, slug=_unique_slug(name), description=description.strip(), order=order
    )
    dimension.full_clean()
    dimension.save()
    return dimension


@transaction.atomic
def dimension_update(
    *, dimension: ValueDimension, name: str, description: str, order: int
) -> ValueDimension:
    """Rename or reword; the slug stays, so what refers to it keeps working."""
    dimension = ValueDimension.objects.select_for_update().get(pk=dimension.pk)
    name = name.strip()
    _check_name_free(name, except_pk=dimension.pk)
    dimension.name, dimension.description, dimension.order = name, description.strip(), order
    dimension.full_clean()
    dimension.save()
    return dimension


@transaction.atomic
def dimension_set_active(*, dimension: ValueDimension, active: bool) -> ValueDimension:
    # Lock every dimension: two admins retiring the last two at once would leave none.
    dimensions = list(ValueDimension.objects.select_for_update().order_by("pk"))
    dimension = next(d for d in dimensions if d.pk == dimension.pk)
    if not active and dimension.active and sum(d.active for d in dimensions) <= 1:
        raise ValidationError(LAST_ACTIVE.format(name=dimension.name))
    if dimension.active != active:
        dimension.active = active
        dimension.save(update_fields=["active"])
    return dimension
