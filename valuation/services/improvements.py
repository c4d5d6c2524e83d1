"""Writes for improvement ideas, each in one transaction: create, update, change status."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from microsystems.models import Microsystem
from valuation.models import ImprovementBenefit, ImprovementIdea, ImprovementStatusChange

IDEA_FIELDS = [
    "title", "description", "aim", "monthly_saving", "one_off_cost", "optimism_bias_pct",
    "horizon_years", "discount_rate_pct", "owner",
]  # fmt: skip
RELATED = ["activities", "demand_types", "measures"]


def _save(idea: ImprovementIdea, data: dict, benefits: dict[int, Decimal]) -> ImprovementIdea:
    for name in IDEA_FIELDS:
        if name in data:
            setattr(idea, name, data[name])
    idea.full_clean()
    idea.save()
    for name in RELATED:
        if name in data:
            getattr(idea, name).set(data[name])
    idea.benefits.all().delete()
    ImprovementBenefit.objects.bulk_create(
        ImprovementBenefit(idea=idea, dimension_id=dimension_id, points=points)
        for dimension_id, points in benefits.items()
    )
    return idea


@transaction.atomic
def idea_create(
    *,
    microsystem: Microsystem,
    data: dict,
    benefits: dict[int, Decimal],
    user: AbstractBaseUser | None,
    today: date,
) -> ImprovementIdea:
    """A new idea, with its first status ("idea") recorded as of `today`."""
    idea = _save(ImprovementIdea(microsystem=microsystem), data, benefits)
    ImprovementStatusChange.objects.create(
        idea=idea, status=idea.status, changed_on=today, recorded_by=user
    )
    return idea


@transaction.atomic
def idea_update(
    *, idea: ImprovementIdea, data: dict, benefits: dict[int, Decimal]
) -> ImprovementIdea:
    return _save(idea, data, benefits)


@transaction.atomic
def idea_status_change(
    *,
    idea: ImprovementIdea,
    status: str,
    changed_on: date,
    note: str = "",
    user: AbstractBaseUser | None,
    activities_monthly_cost: float | None = None,
) -> ImprovementStatusChange:
    """Move the idea to `status` on `changed_on`, keeping the change in its history.

    Adopting sets the adoption date and keeps the monthly cost of the idea's
    activities as it stands (`activities_monthly_cost`), so the realised saving can
    later be compared with the expected one; leaving "adopted" clears the date.
    """
    idea = ImprovementIdea.objects.select_for_update().get(pk=idea.pk)
    idea.status = status
    if status == ImprovementIdea.Status.ADOPTED:
        idea.adopted_on = changed_on
        idea.activities_monthly_cost_at_adoption = (
            None if activities_monthly_cost is None else Decimal(f"{activities_monthly_cost:.2f}")
        )
    else:
        idea.adopted_on = None
    idea.full_clean()
    idea.save()
    return ImprovementStatusChange.objects.create(
        idea=idea, status=status, changed_on=changed_on, note=note, recorded_by=user
    )
