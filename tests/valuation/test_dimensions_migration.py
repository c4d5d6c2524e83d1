from valuation.models import ValueDimension


def test_the_five_default_dimensions_are_seeded_in_order(db):
    dimensions = list(ValueDimension.objects.active())
    assert [d.slug for d in dimensions] == [
        "efficiency",
        "effectiveness",
        "accountability",
        "equity",
        "probity",
    ]
    for dimension in dimensions:
        assert dimension.description.endswith(".")
        assert 20 < len(dimension.description) <= 300


def test_retired_dimensions_are_not_active(db):
    ValueDimension.objects.filter(slug="probity").update(active=False)
    assert "probity" not in {d.slug for d in ValueDimension.objects.active()}
    assert ValueDimension.objects.count() == 5
