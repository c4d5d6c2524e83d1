"""More stakeholder data than any page shows at once, for the query-count tests."""

from microsystems.models import Microsystem
from stakeholders.models import Expectation, Stakeholder

KINDS = Expectation.Kind.values


def grow_stakeholders(microsystem: Microsystem) -> None:
    """30 more groups with 4 expectations each here, and groups in every other microsystem."""
    groups = Stakeholder.objects.bulk_create(
        Stakeholder(
            microsystem=microsystem,
            name=f"Group {number}",
            kind=Stakeholder.Kind.values[number % len(Stakeholder.Kind.values)],
            power=number % 5 + 1,
            interest=(number * 2) % 5 + 1,
            consultation=f"Meeting {number}",
        )
        for number in range(30)
    )
    others = Stakeholder.objects.bulk_create(
        Stakeholder(microsystem=other, name="Neighbours' users", power=2, interest=4)
        for other in Microsystem.objects.exclude(pk=microsystem.pk)
    )
    Expectation.objects.bulk_create(
        Expectation(
            stakeholder=group,
            statement=f"Expectation {number} of {group.name}",
            kind=KINDS[number % len(KINDS)],
            priority=number % 3 + 1,
        )
        for group in [*groups, *others, *microsystem.stakeholders.filter(name="Library users")]
        for number in range(4)
    )
