"""Finer report keys: a save retires the reports that read it, and only those.

The keys are built as the pages build them (report_cache.Reads): the measurements
page reads the measurement figures and the unit's records, a report of every
figure ("figures") demand's too; perspectives and the judgements
overview read one assessment's inputs and the records; the assessment page reads
all three. Each change is made the way the app makes it (a service, a grid save,
a plain ORM save), and the keys of every kind are compared before and after.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from core.report_cache import report_key
from microsystems.data_versions import bumps_once
from microsystems.models import Microsystem, StaffRole
from microsystems.permissions import get_microsystem_for_user
from microsystems.report_cache import Reads, key_parts
from microsystems.services.demand_import import demand_grid_save
from stakeholders.models import Stakeholder
from valuation.access import get_assessment_for_user
from valuation.input_versions import reads_inputs_of
from valuation.models import Assessment, DimensionWeight, ValueDimension
from valuation.services.judgements import JudgementInput, dimension_judgements_replace
from valuation.services.measurements import measurement_grid_save
from valuation.services.voices import voice_weights_set
from valuation.services.weights import weights_set_by_points
from valuation.views.measurements import MEASUREMENTS_READS

JAN = date(2025, 1, 1)


@pytest.fixture
def second_assessment(microsystem) -> Assessment:
    return Assessment.objects.create(
        microsystem=microsystem,
        period_label="2024",
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
    )


@pytest.fixture
def keys(users, microsystem, assessment, second_assessment):
    """() -> each kind of report's key, as a page request would build it now."""

    def now() -> dict[str, str]:
        lead = users["lead"]
        unit = get_microsystem_for_user(lead, microsystem.slug)
        first = get_assessment_for_user(lead, microsystem.slug, assessment.pk)
        second = get_assessment_for_user(lead, microsystem.slug, second_assessment.pk)
        reads = {
            "measurements": MEASUREMENTS_READS,
            "figures": Reads(figures=True),
            "register": Reads(figures=False),
            "perspectives": reads_inputs_of(first, figures=False),
            "account": reads_inputs_of(first, figures=True),
            "other assessment": reads_inputs_of(second, figures=True),
        }
        found = {
            name: report_key(name, key_parts(unit, operations_only=False, reads=read))
            for name, read in reads.items()
        }
        found["everything"] = report_key("x", key_parts(unit, operations_only=False))
        return found

    return now


def moved_by(keys, change) -> set[str]:
    before = keys()
    change()
    after = keys()
    return {name for name in before if before[name] != after[name]}


def test_nothing_changed_nothing_moves(keys):
    assert moved_by(keys, lambda: None) == set()


def test_a_judgement_saved_retires_only_its_assessments_reports(keys, assessment, stakeholder):
    dimension = ValueDimension.objects.active().first()
    change = lambda: dimension_judgements_replace(  # noqa: E731
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(dimension=dimension, score=7, rationale="Good.")],
    )
    assert moved_by(keys, change) == {"perspectives", "account", "everything"}


def test_weights_saved_retire_only_their_assessments_reports(keys, assessment, stakeholder):
    dimensions = list(ValueDimension.objects.active())
    points = {dimension: 0 for dimension in dimensions}
    points[dimensions[0]] = 100
    change = lambda: weights_set_by_points(  # noqa: E731
        assessment=assessment, stakeholder=stakeholder, points=points
    )
    assert moved_by(keys, change) == {"perspectives", "account", "everything"}


def test_a_dimension_weight_saved_alone_retires_its_assessments_reports(
    keys, assessment, stakeholder
):
    dimensions = list(ValueDimension.objects.active())
    points = {dimension: 0 for dimension in dimensions}
    points[dimensions[0]] = 100
    weights_set_by_points(assessment=assessment, stakeholder=stakeholder, points=points)
    row = DimensionWeight.objects.filter(stakeholder_weight__assessment=assessment).first()
    row.weight = Decimal("0.5")
    assert moved_by(keys, row.save) == {"perspectives", "account", "everything"}


def test_voice_weights_retire_their_assessments_reports(keys, assessment, stakeholder, users):
    second = Stakeholder.objects.create(
        microsystem=assessment.microsystem, name="Staff", kind=Stakeholder.Kind.STAFF
    )
    change = lambda: voice_weights_set(  # noqa: E731
        assessment=assessment,
        weights={stakeholder.pk: Decimal(2), second.pk: Decimal(1)},
        rationale="Users first.",
        user=users["lead"],
    )
    # Setting voices also records why on the assessment itself: a record of the unit.
    assert {"perspectives", "account", "everything"} <= moved_by(keys, change)


def test_demand_figures_retire_the_reports_that_read_them_but_not_measurements(
    keys, microsystem, demand_type
):
    change = lambda: demand_grid_save(  # noqa: E731
        microsystem=microsystem, values={(demand_type.pk, JAN): 5}
    )
    assert moved_by(keys, change) == {
        "figures",
        "account",
        "other assessment",
        "everything",
    }


def test_measurement_figures_retire_the_reports_that_read_figures(
    keys, microsystem, measure, users
):
    change = lambda: measurement_grid_save(  # noqa: E731
        microsystem=microsystem, values={(measure.pk, JAN): Decimal(75)}, user=users["lead"]
    )
    assert moved_by(keys, change) == {
        "measurements",
        "figures",
        "account",
        "other assessment",
        "everything",
    }


def test_any_other_record_retires_every_report_of_the_unit(keys, microsystem):
    change = lambda: Stakeholder.objects.create(  # noqa: E731
        microsystem=microsystem, name="Schools", kind=Stakeholder.Kind.PARTNERS
    )
    assert moved_by(keys, change) == {
        "measurements",
        "figures",
        "register",
        "perspectives",
        "account",
        "other assessment",
        "everything",
    }


def test_a_stale_assessment_saved_never_sets_its_inputs_version_back(keys, assessment, stakeholder):
    stale = Assessment.objects.get(pk=assessment.pk)
    dimension = ValueDimension.objects.active().first()
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(dimension=dimension, score=7, rationale="Good.")],
    )
    after_judgement = keys()["perspectives"]
    stale.period_label = "Calendar 2025"
    stale.save()
    assert Assessment.objects.get(pk=assessment.pk).inputs_version > stale.inputs_version
    assert keys()["perspectives"] != after_judgement


def test_a_judgement_saved_shows_on_the_next_view_of_the_judgements_page(
    client_for, microsystem, assessment, stakeholder
):
    dimension = ValueDimension.objects.active().first()
    client = client_for("lead")
    url = reverse("valuation:judgements", args=[microsystem.slug, assessment.pk])
    assert "Because of the queues." not in client.get(url).content.decode()
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[
            JudgementInput(dimension=dimension, score=7, rationale="Because of the queues.")
        ],
    )
    assert "Because of the queues." in client.get(url).content.decode()


def test_a_measurement_saved_shows_on_the_next_view_of_the_measurements_page(
    client_for, microsystem, measure, users
):
    client = client_for("lead")
    url = reverse("valuation:measurements", args=[microsystem.slug])
    measurement_grid_save(
        microsystem=microsystem, values={(measure.pk, JAN): Decimal(61)}, user=users["lead"]
    )
    assert "61" in client.get(url).content.decode()
    measurement_grid_save(
        microsystem=microsystem, values={(measure.pk, JAN): Decimal(87)}, user=users["lead"]
    )
    page = client.get(url).content.decode()
    assert "87" in page


def test_judgements_replaced_bump_their_assessment_once_not_once_a_row(
    assessment, stakeholder, microsystem
):
    """Replacing judgements deletes the old rows one by one (for their history); each
    delete used to bump the assessment and its unit, and the rows bulk-created once
    more: one bump now, whatever the rows, and one for a first save too."""
    dimensions = list(ValueDimension.objects.active())
    assert len(dimensions) >= 3

    def replace() -> None:
        dimension_judgements_replace(
            assessment=assessment,
            stakeholder=stakeholder,
            judgements=[
                JudgementInput(dimension=dimension, score=5, rationale="Fair.")
                for dimension in dimensions
            ],
        )

    def versions() -> tuple[int, int]:
        return (
            Assessment.objects.get(pk=assessment.pk).inputs_version,
            Microsystem.objects.get(pk=microsystem.pk).data_version,
        )

    before = versions()
    replace()  # the first save: nothing to delete
    assert versions() == (before[0] + 1, before[1] + 1)
    replace()  # deletes len(dimensions) judgements, then writes them again
    assert versions() == (before[0] + 2, before[1] + 2)


def test_bumps_once_runs_each_distinct_bump_once_at_the_end_and_none_if_it_fails(microsystem):
    def version() -> int:
        return Microsystem.objects.get(pk=microsystem.pk).data_version

    roles = [
        StaffRole.objects.create(
            microsystem=microsystem, title=f"Role {n}", fte=1, hours_per_fte=140, hourly_cost=18
        )
        for n in range(3)
    ]
    start = version()
    with bumps_once():
        for role in roles[:2]:
            role.delete()
        assert version() == start  # nothing yet: collected
    assert version() == start + 1
    with pytest.raises(RuntimeError), bumps_once():
        roles[2].delete()
        raise RuntimeError("the service refused")
    assert version() == start + 1  # the block failed: its bumps are dropped


def test_a_measurement_saved_after_a_demand_save_shows_on_the_next_view(
    client_for, users, microsystem, measure, demand_type
):
    client = client_for("lead")
    url = reverse("valuation:measurements", args=[microsystem.slug])
    measurement_grid_save(
        microsystem=microsystem, values={(measure.pk, JAN): Decimal(75)}, user=users["lead"]
    )
    assert "75" in client.get(url).content.decode()
    demand_grid_save(microsystem=microsystem, values={(demand_type.pk, JAN): 5})
    assert "75" in client.get(url).content.decode()  # still cached, still true
    measurement_grid_save(
        microsystem=microsystem, values={(measure.pk, JAN): Decimal(61)}, user=users["lead"]
    )
    page = client.get(url).content.decode()
    assert "61" in page and ">75<" not in page
