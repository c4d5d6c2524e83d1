"""The demo weights and judgements, on a small world made here (not the full demo)."""

import datetime as dt
from decimal import Decimal

import pytest

from microsystems.models import Activity
from stakeholders.models import Stakeholder
from tests.support.factories import make_microsystem
from valuation.analysis.weights import CONSISTENCY_LIMIT
from valuation.demo.perspectives import seed_weights_and_judgements
from valuation.models import (
    Assessment,
    DimensionWeight,
    Judgement,
    StakeholderWeight,
    ValueDimension,
)


@pytest.fixture
def world(microsystem, assessment, activity, users) -> dict:
    """Eastfield Library (a demo slug): three groups, a preventive activity, two assessments."""
    past = Assessment.objects.create(
        microsystem=microsystem,
        period_label="2024",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 12, 31),
        status=Assessment.Status.APPROVED,
    )
    groups = {
        kind: Stakeholder.objects.create(microsystem=microsystem, name=name, kind=kind)
        for kind, name in [
            (Stakeholder.Kind.SERVICE_USERS, "Library members"),
            (Stakeholder.Kind.FUNDERS, "Council finance"),
            (Stakeholder.Kind.STAFF, "Library staff"),
        ]
    }
    rhyme_time = Activity.objects.create(
        microsystem=microsystem,
        name="Rhyme time",
        preventive=True,
        contribution="Early reading prevents later gaps.",
    )
    return {"assessments": [past, assessment], "groups": groups, "preventive": rhyme_time}


def snapshot() -> dict:
    return {
        "weights": sorted(
            DimensionWeight.objects.values_list(
                "stakeholder_weight__assessment__period_label",
                "stakeholder_weight__stakeholder__name",
                "dimension__slug",
                "weight",
            )
        ),
        "judgements": sorted(
            Judgement.objects.values_list(
                "assessment__period_label",
                "stakeholder__name",
                "dimension__slug",
                "activity__name",
                "score",
                "rationale",
            ),
            key=str,
        ),
    }


def test_every_stakeholder_gets_weights_one_by_pairwise_comparison(world):
    seed_weights_and_judgements()
    for assessment in world["assessments"]:
        headers = StakeholderWeight.objects.filter(assessment=assessment)
        assert headers.count() == 3
        pairwise = headers.filter(method=StakeholderWeight.Method.PAIRWISE)
        # Exactly one per microsystem: its funders.
        assert [header.stakeholder.name for header in pairwise] == ["Council finance"]
        # Eastfield Library's funders gave one answer out of line with the rest.
        assert pairwise.get().consistency_ratio > Decimal(str(CONSISTENCY_LIMIT))
        for header in headers:
            weights = list(header.dimension_weights.values_list("weight", flat=True))
            assert len(weights) == ValueDimension.objects.active().count()
            assert sum(weights) == Decimal(1)
    users = StakeholderWeight.objects.get(
        assessment=world["assessments"][1], stakeholder=world["groups"]["service_users"]
    )
    assert users.method == "points"
    assert sum(users.answers.values()) == 100


def test_judgements_have_reasons_and_genuinely_disagree(world):
    seed_weights_and_judgements()
    dimensions = ValueDimension.objects.active().count()
    for assessment in world["assessments"]:
        on_dimensions = Judgement.objects.filter(assessment=assessment, activity__isnull=True)
        assert on_dimensions.count() == 3 * dimensions
        assert not on_dimensions.filter(rationale="").exists()
        ranges = {}
        for slug, score in on_dimensions.values_list("dimension__slug", "score"):
            low, high = ranges.get(slug, (10, 0))
            ranges[slug] = (min(low, score), max(high, score))
        assert max(high - low for low, high in ranges.values()) >= 4, ranges


def test_funders_rate_the_preventive_activity_low_and_users_high(world):
    seed_weights_and_judgements()
    draft = world["assessments"][1]

    def scores(group: str) -> list[int]:
        return list(
            Judgement.objects.filter(
                assessment=draft, activity=world["preventive"], stakeholder=world["groups"][group]
            ).values_list("score", flat=True)
        )

    assert scores("funders") and max(scores("funders")) <= 4
    assert scores("service_users") and min(scores("service_users")) >= 7
    funders_reason = Judgement.objects.filter(
        activity=world["preventive"], stakeholder=world["groups"]["funders"]
    ).values_list("rationale", flat=True)[0]
    assert "savings come years later" in funders_reason


def test_seeding_is_idempotent_and_deterministic(world):
    seed_weights_and_judgements()
    first = snapshot()
    seed_weights_and_judgements()
    assert snapshot() == first
    DimensionWeight.objects.all().delete()
    StakeholderWeight.objects.all().delete()
    Judgement.objects.all().delete()
    seed_weights_and_judgements()
    assert snapshot() == first


def test_groups_without_a_built_in_conflict_still_disagree_somewhere(organisation, users):
    repairs = make_microsystem(
        organisation, "North Area Housing Repairs", slug="north-housing-repairs"
    )
    assessment = Assessment.objects.create(
        microsystem=repairs,
        period_label="2025",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    for name in ["Call handlers", "Surveyors"]:
        Stakeholder.objects.create(microsystem=repairs, name=name, kind=Stakeholder.Kind.STAFF)
    seed_weights_and_judgements()
    # No funders: the first group (by name) compares pairwise.
    assert list(
        StakeholderWeight.objects.filter(assessment=assessment, method="pairwise").values_list(
            "stakeholder__name", flat=True
        )
    ) == ["Call handlers"]
    scores = Judgement.objects.filter(assessment=assessment, dimension__slug="efficiency")
    assert sorted(scores.values_list("score", flat=True)) == [4, 8]


def test_nothing_is_seeded_outside_the_demo_microsystems(organisation, users):
    elsewhere = make_microsystem(organisation, "Not A Demo Unit")
    Assessment.objects.create(
        microsystem=elsewhere,
        period_label="2025",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    Stakeholder.objects.create(microsystem=elsewhere, name="Residents")
    seed_weights_and_judgements()
    assert not StakeholderWeight.objects.exists()
    assert not Judgement.objects.exists()
