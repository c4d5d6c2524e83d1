"""stakeholders.demo.seed_stakeholders: believable groups, conflicts, and safe to run again."""

from microsystems.demo import MICROSYSTEMS, seed_microsystems
from stakeholders.demo import CONFLICTS, seed_stakeholders
from stakeholders.models import Expectation, Stakeholder


def snapshot() -> list[tuple]:
    return sorted(
        Expectation.objects.values_list(
            "stakeholder__microsystem__slug",
            "stakeholder__name",
            "stakeholder__updated_at",
            "statement",
            "updated_at",
        )
    )


def test_every_demo_microsystem_gets_four_to_six_groups_with_varied_expectations(db):
    seed_microsystems()
    seed_stakeholders()
    for spec in MICROSYSTEMS:
        groups = list(Stakeholder.objects.filter(microsystem__slug=spec["slug"]))
        assert 4 <= len(groups) <= 6, spec["slug"]
        assert len({group.kind for group in groups}) >= 4, spec["slug"]
        assert all(group.consultation and group.description for group in groups)
        for group in groups:
            expectations = list(group.expectations.all())
            assert 2 <= len(expectations) <= 4, group.name
            assert len({expectation.kind for expectation in expectations}) >= 2, group.name
        unit = Expectation.objects.filter(stakeholder__microsystem__slug=spec["slug"])
        assert set(unit.values_list("kind", flat=True)) == set(Expectation.Kind.values)
        assert set(unit.values_list("priority", flat=True)) >= {1, 2}
        # Both sides of its conflict exist, held by different groups.
        first_group, first, second_group, second = CONFLICTS[spec["slug"]]
        assert first_group != second_group
        assert unit.filter(stakeholder__name=first_group, statement=first).exists()
        assert unit.filter(stakeholder__name=second_group, statement=second).exists()


def test_power_and_interest_spread_over_the_grid(db):
    seed_microsystems()
    seed_stakeholders()
    from stakeholders.analysis import quadrant

    quadrants = {quadrant(group.power, group.interest) for group in Stakeholder.objects.all()}
    assert quadrants == {"manage_closely", "keep_satisfied", "keep_informed", "monitor"}


def test_running_again_changes_nothing_and_adds_only_what_is_missing(db):
    seed_microsystems()
    seed_stakeholders()
    first = snapshot()
    seed_stakeholders()
    assert snapshot() == first

    # A group renamed only in case, and a deleted expectation: only the missing one returns.
    tenants = Stakeholder.objects.get(name="Council tenants in the north area")
    Stakeholder.objects.filter(pk=tenants.pk).update(name="council tenants in the north area")
    removed = tenants.expectations.order_by("pk").first()
    removed.delete()
    groups = Stakeholder.objects.count()
    seed_stakeholders()
    assert Stakeholder.objects.count() == groups
    assert tenants.expectations.filter(statement=removed.statement).exists()
    assert len(snapshot()) == len(first)
