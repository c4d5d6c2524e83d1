"""Much more weights and judgements data, for the pinned query counts (tests/test_query_counts.py).

`grow_perspectives` adds stakeholders, value dimensions (one retired), weights
by both methods and judgements of dimensions and activities to every
assessment of a microsystem.
"""

from decimal import Decimal

from microsystems.models import Activity, Microsystem
from stakeholders.models import Stakeholder
from valuation.analysis.weights import pairs
from valuation.models import (
    Assessment,
    DimensionWeight,
    Judgement,
    StakeholderWeight,
    ValueDimension,
)

EXTRA_STAKEHOLDERS = 30


def grow_perspectives(microsystem: Microsystem) -> None:
    ValueDimension.objects.bulk_create(
        ValueDimension(name=f"Extra value {n}", slug=f"extra-value-{n}", description="More.",
                       order=100 + n, active=n != 3)
        for n in range(4)
    )  # fmt: skip
    Stakeholder.objects.bulk_create(
        Stakeholder(microsystem=microsystem, name=f"Perspective panel {n}", power=1 + n % 5,
                    interest=1 + (n * 2) % 5)
        for n in range(EXTRA_STAKEHOLDERS)
    )  # fmt: skip
    stakeholders = list(Stakeholder.objects.filter(microsystem=microsystem))
    dimensions = list(ValueDimension.objects.all())
    active = [dimension for dimension in dimensions if dimension.active]
    # Enough activities to show a page's queries do not grow with them; all 40
    # of them would only make every query-count test slower.
    activities = list(Activity.objects.filter(microsystem=microsystem)[:8])
    for assessment in Assessment.objects.filter(microsystem=microsystem):
        headers = StakeholderWeight.objects.bulk_create(
            StakeholderWeight(
                assessment=assessment,
                stakeholder=stakeholder,
                method="pairwise" if number % 2 else "points",
                answers=(
                    [[a.pk, b.pk, 3 if (a.pk + b.pk) % 2 else 1 / 5] for a, b in pairs(active)]
                    if number % 2
                    else {str(d.pk): 0 for d in active}
                ),
                consistency_ratio=Decimal("0.2500") if number % 2 else None,
            )
            for number, stakeholder in enumerate(stakeholders)
        )
        share = Decimal(1) / len(dimensions)
        DimensionWeight.objects.bulk_create(
            DimensionWeight(stakeholder_weight=header, dimension=dimension, weight=round(share, 6))
            for header in headers
            for dimension in dimensions
        )
        Judgement.objects.bulk_create(
            Judgement(assessment=assessment, stakeholder=stakeholder, dimension=dimension,
                      score=(number + position) % 11, rationale="Because.")
            for number, stakeholder in enumerate(stakeholders)
            for position, dimension in enumerate(dimensions)
        )  # fmt: skip
        Judgement.objects.bulk_create(
            Judgement(assessment=assessment, stakeholder=stakeholder, dimension=dimension,
                      activity=activity, score=(number + position) % 11, rationale="It helps.")
            for number, stakeholder in enumerate(stakeholders)
            for position, dimension in enumerate(active)
            for activity in activities
        )  # fmt: skip
