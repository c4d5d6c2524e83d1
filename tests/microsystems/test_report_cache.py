"""Cached reports: the key moves on whenever any input of a report changes.

Each test changes one kind of input the way the app does (a service, an upload,
a grid save, a form, the admin's plain save and delete) and checks that the
cache key of the unit's reports, as the access helper loads the unit, is not
the one before. A few check end to end that the next view shows the change.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from core.report_cache import code_fingerprint, report_key
from microsystems.models import (
    ActivityEffort,
    DemandObservation,
    DemandType,
    Microsystem,
    StaffRole,
)
from microsystems.permissions import get_microsystem_for_user
from microsystems.report_cache import key_parts, unit_report
from microsystems.services.activities import EffortInput, activity_update
from microsystems.services.catalogue import catalogue_entry_delete
from microsystems.services.demand_import import demand_grid_save, demand_import
from stakeholders.models import Expectation, Stakeholder
from valuation.models import Measure, Measurement, ValueDimension
from valuation.services.judgements import JudgementInput, dimension_judgements_replace
from valuation.services.measurements import measurement_grid_save, measurement_import
from valuation.services.voices import voice_weights_set
from valuation.services.weights import weights_set_by_points

JAN = date(2026, 1, 1)


def page_key(user, microsystem, name: str, *depends_on, operations_only: bool) -> str:
    """A report's cache key as a page request would build it now."""
    loaded = get_microsystem_for_user(user, microsystem.slug)
    return report_key(name, key_parts(loaded, *depends_on, operations_only=operations_only))


@pytest.fixture
def key_of(users, microsystem):
    """The key of a report that reads any of the unit's records (the assessment's)."""
    return lambda: page_key(users["lead"], microsystem, "assessment", operations_only=False)


@pytest.fixture
def demand_key_of(users, microsystem):
    """The key of a report that reads only this app's records (the demand page's)."""
    return lambda: page_key(users["lead"], microsystem, "demand", operations_only=True)


def changes_key(key_of, change) -> None:
    before = key_of()
    change()
    assert key_of() != before


def test_the_key_names_the_report_unit_versions_and_code(key_of, microsystem):
    key = key_of()
    assert key.startswith(f"report:assessment:{code_fingerprint()}:{microsystem.pk}:")
    assert key_of() == key  # nothing changed, nothing moves


def test_the_demand_pages_key_moves_with_demand_but_not_with_judgements(
    demand_key_of, microsystem, demand_type, assessment, stakeholder
):
    changes_key(
        demand_key_of,
        lambda: demand_grid_save(microsystem=microsystem, values={(demand_type.pk, JAN): 5}),
    )
    before = demand_key_of()
    dimension = ValueDimension.objects.active().first()
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(dimension=dimension, score=7, rationale="Good.")],
    )
    Stakeholder.objects.create(microsystem=microsystem, name="Schools", kind="partners")
    assert demand_key_of() == before


# --- the unit and its demand ---------------------------------------------------------


def test_profile_edit(key_of, microsystem):
    def change():
        microsystem.purpose = "Something else."
        microsystem.save()

    changes_key(key_of, change)


def test_a_stale_copy_saved_never_sets_the_version_back(key_of, microsystem, demand_type):
    stale = Microsystem.objects.get(pk=microsystem.pk)
    DemandObservation.objects.create(demand_type=demand_type, period_start=JAN, volume=3)
    seen = set()
    seen.add(key_of())
    stale.purpose = "Edited from a page opened earlier."
    stale.save()
    assert key_of() not in seen
    assert Microsystem.objects.get(pk=microsystem.pk).data_version > stale.data_version


def test_demand_type_save_and_delete(key_of, microsystem):
    demand_type = DemandType.objects.create(microsystem=microsystem, name="Chasing calls")
    changes_key(key_of, lambda: DemandType.objects.filter(pk=demand_type.pk).get().save())
    changes_key(key_of, lambda: catalogue_entry_delete(entry=demand_type))


def test_one_observation_saved_or_deleted_as_the_admin_does(key_of, demand_type):
    observation = DemandObservation(demand_type=demand_type, period_start=JAN, volume=4)
    changes_key(key_of, observation.save)
    changes_key(key_of, observation.delete)


def test_observations_deleted_in_bulk_as_the_admin_action_does(key_of, demand_type):
    for month in (1, 2, 3):
        DemandObservation.objects.create(
            demand_type=demand_type, period_start=date(2026, month, 1), volume=month
        )
    changes_key(key_of, DemandObservation.objects.filter(demand_type=demand_type).delete)


def test_demand_upload(key_of, microsystem, demand_type):
    content = b"demand_type,period_start,volume\r\nBook loans,2026-01-01,120\r\n"
    changes_key(
        key_of,
        lambda: demand_import(
            microsystem=microsystem,
            uploaded_file=SimpleUploadedFile("demand.csv", content),
            replace=False,
        ),
    )


def test_demand_grid_save_of_a_new_changed_and_cleared_cell(key_of, microsystem, demand_type):
    for volume in (5, 6, None):
        changes_key(
            key_of,
            lambda volume=volume: demand_grid_save(
                microsystem=microsystem, values={(demand_type.pk, JAN): volume}
            ),
        )


# --- staff and activities ------------------------------------------------------------


def test_staff_role_save(key_of, staff_role):
    def change():
        staff_role.hourly_cost = Decimal("19.00")
        staff_role.save()

    changes_key(key_of, change)


def test_activity_update_through_its_service(key_of, activity, staff_role, demand_type):
    changes_key(
        key_of,
        lambda: activity_update(
            activity=activity,
            data={"name": activity.name},
            demand_types=[demand_type],
            efforts=[EffortInput(staff_role=staff_role, hours_per_period=Decimal("81"))],
        ),
    )


def test_staff_time_alone(key_of, activity, staff_role):
    effort = ActivityEffort.objects.get(activity=activity)
    effort.hours_per_period = Decimal("5")
    changes_key(key_of, effort.save)
    changes_key(key_of, effort.delete)


def test_an_activity_linked_to_a_demand_type(key_of, activity, microsystem):
    other = DemandType.objects.create(microsystem=microsystem, name="Room bookings")
    changes_key(key_of, lambda: activity.demand_types.add(other))
    changes_key(key_of, lambda: activity.demand_types.remove(other))


def test_activity_delete(key_of, activity):
    changes_key(key_of, activity.delete)


# --- stakeholders ----------------------------------------------------------------------


def test_stakeholder_save_and_delete(key_of, microsystem):
    stakeholder = Stakeholder(
        microsystem=microsystem, name="Schools", kind=Stakeholder.Kind.PARTNERS
    )
    changes_key(key_of, stakeholder.save)
    changes_key(key_of, stakeholder.delete)


def test_expectation(key_of, stakeholder):
    expectation = Expectation(
        stakeholder=stakeholder, statement="Open late.", kind=Expectation.Kind.BENEFIT
    )
    changes_key(key_of, expectation.save)
    changes_key(key_of, expectation.delete)


# --- assessments and measurements --------------------------------------------------------


def test_assessment_settings(key_of, assessment):
    def change():
        assessment.period_label = "Calendar 2025"
        assessment.save()

    changes_key(key_of, change)


def test_weights_judgements_and_voices(key_of, assessment, stakeholder, users):
    dimensions = list(ValueDimension.objects.active())
    points = {dimension: 0 for dimension in dimensions}
    points[dimensions[0]] = 100
    changes_key(
        key_of,
        lambda: weights_set_by_points(
            assessment=assessment, stakeholder=stakeholder, points=points
        ),
    )
    changes_key(
        key_of,
        lambda: dimension_judgements_replace(
            assessment=assessment,
            stakeholder=stakeholder,
            judgements=[JudgementInput(dimension=dimensions[0], score=7, rationale="Good.")],
        ),
    )
    second = Stakeholder.objects.create(
        microsystem=assessment.microsystem, name="Staff", kind=Stakeholder.Kind.STAFF
    )
    changes_key(
        key_of,
        lambda: voice_weights_set(
            assessment=assessment,
            weights={stakeholder.pk: Decimal(2), second.pk: Decimal(1)},
            rationale="Users first.",
            user=users["lead"],
        ),
    )


def test_measurement_upload_and_grid_save(key_of, microsystem, measure, users):
    content = f"measure,period_start,value\r\n{measure.code},2026-01-01,70\r\n".encode()
    changes_key(
        key_of,
        lambda: measurement_import(
            microsystem=microsystem,
            uploaded_file=SimpleUploadedFile("measurements.csv", content),
            replace=False,
            user=users["lead"],
        ),
    )
    changes_key(
        key_of,
        lambda: measurement_grid_save(
            microsystem=microsystem, values={(measure.pk, JAN): Decimal(75)}, user=users["lead"]
        ),
    )
    changes_key(key_of, Measurement.objects.filter(microsystem=microsystem).get().delete)


# --- organisation-wide configuration ------------------------------------------------------


def test_a_measure_or_dimension_changed_moves_every_units_key(key_of, measure):
    def change_measure():
        measure.target = Decimal(95)
        measure.save()

    changes_key(key_of, change_measure)
    dimension = ValueDimension.objects.get(slug="equity")
    dimension.name = "Fairness"
    changes_key(key_of, dimension.save)
    changes_key(key_of, Measure.objects.filter(pk=measure.pk).delete)


def test_another_units_change_leaves_this_key_alone(key_of, organisation):
    from tests.support.factories import make_microsystem

    other = make_microsystem(organisation, "Westfield Library")
    before = key_of()
    DemandType.objects.create(microsystem=other, name="Loans")
    StaffRole.objects.create(
        microsystem=other, title="Porter", fte=1, hours_per_fte=1, hourly_cost=10
    )
    assert key_of() == before


# --- end to end ------------------------------------------------------------------------


def test_a_changed_input_shows_on_the_next_view(client_for, microsystem, demand_type):
    DemandObservation.objects.create(demand_type=demand_type, period_start=JAN, volume=1234)
    client = client_for("lead")
    url = reverse("microsystems:demand", args=[microsystem.slug])
    assert "1,234" in client.get(url).content.decode()
    demand_grid_save(microsystem=microsystem, values={(demand_type.pk, JAN): 5678})
    page = client.get(url).content.decode()
    assert "5,678" in page
    assert "1,234" not in page


def test_a_repeat_view_reads_the_cached_report(users, microsystem):
    loaded = get_microsystem_for_user(users["lead"], microsystem.slug)
    computed = []

    def compute() -> dict:
        computed.append(1)
        return {"rows": [1, 2]}

    assert unit_report("probe", loaded, compute) == {"rows": [1, 2]}
    assert unit_report("probe", loaded, compute) == {"rows": [1, 2]}
    assert len(computed) == 1


def test_another_assessment_or_state_is_another_key(users, microsystem, assessment):
    loaded = get_microsystem_for_user(users["lead"], microsystem.slug)
    first = unit_report("probe", loaded, lambda: "draft", assessment.pk, assessment.status)
    approved = unit_report("probe", loaded, lambda: "approved", assessment.pk, "approved")
    other = unit_report("probe", loaded, lambda: "other", assessment.pk + 1, assessment.status)
    assert (first, approved, other) == ("draft", "approved", "other")


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1: every cache call fails at once.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
)
def test_a_cache_that_does_not_answer_costs_the_computation_not_the_page(
    client_for, microsystem, demand_type
):
    from django.core.cache import caches

    caches["default"].close()
    DemandObservation.objects.create(demand_type=demand_type, period_start=JAN, volume=4321)
    response = client_for("lead").get(reverse("microsystems:demand", args=[microsystem.slug]))
    assert response.status_code == 200
    assert "4,321" in response.content.decode()


def test_cache_is_empty_at_the_start_of_each_test():
    assert cache.get("report:anything") is None


def test_a_renamed_person_moves_the_key_but_signing_in_does_not(key_of, users, client):
    # Reports name who recorded a judgement or a measurement.
    person = users["member"]
    person.first_name = "Ada"
    changes_key(key_of, person.save)
    before = key_of()
    client.force_login(person)  # saves last_login alone
    assert client.get(reverse("microsystems:home")).status_code == 200
    assert key_of() == before
