"""The profile's assessment steps: every app's counts asked in one query, counting what
each app's own query counted before."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Value
from django.test.utils import CaptureQueriesContext

from microsystems.extensions import Extensions, extensions, step
from microsystems.models import Activity, DemandObservation, DemandType, StaffRole
from stakeholders.models import Stakeholder
from tests.support.factories import make_microsystem
from tests.support.world import make_expectation
from valuation.models import Assessment, Measurement


def test_every_apps_steps_in_one_query_with_the_counts_of_each_app(
    microsystem, organisation, expectation, stakeholder, assessment, activity
):
    Stakeholder.objects.create(microsystem=microsystem, name="Volunteers")  # no expectations
    make_expectation(stakeholder)
    elsewhere = make_microsystem(organisation, "Westfield Library")
    make_expectation(Stakeholder.objects.create(microsystem=elsewhere, name="Readers"))
    with CaptureQueriesContext(connection) as queries:
        steps = {found["label"]: found["detail"] for found in extensions.profile_steps(microsystem)}
    assert len(queries.captured_queries) == 1

    # What each app's own query counted before.
    stakeholders = Stakeholder.objects.filter(microsystem=microsystem).aggregate(
        groups=Count("pk", distinct=True), expectations=Count("expectations")
    )
    assert stakeholders == {"groups": 2, "expectations": 2}
    assert steps["Name the stakeholders and what they expect"] == "2 groups, 2 expectations"
    units = {"microsystem": microsystem}
    assert steps["List the demand types, value and failure"] == (
        f"{DemandType.objects.filter(**units).count()} demand type"
    )
    figures = DemandObservation.objects.filter(demand_type__microsystem=microsystem).count()
    assert steps["Record demand over time"] == f"{figures} figures recorded"
    assert steps["Add staff roles and their capacity"] == (
        f"{StaffRole.objects.filter(**units).count()} role"
    )
    assert steps["Record activities, their costs and contribution"] == (
        f"{Activity.objects.filter(**units).count()} activity"
    )
    assert steps["Record the measures of public value"] == (
        f"{Measurement.objects.filter(**units).count()} values recorded"
    )
    assert steps["Weigh and judge value with stakeholders, then submit"] == (
        f"{Assessment.objects.filter(**units).count()} assessment, 0 submitted or approved"
    )


def counted_steps(label: str, name: str):
    def steps(microsystem, counts):
        return [step(label, counts[name] > 0, f"{counts[name]} for {microsystem.name}", "x:y")]

    return steps


def first_counts() -> dict:
    return {"number_first": Value(2)}


def test_counted_and_other_providers_keep_the_order_registered(microsystem):
    registry = Extensions()
    first = counted_steps("First", "number_first")
    last = counted_steps("Last", "number_last")
    registry.add_profile_steps(first, counts=first_counts)
    registry.add_profile_steps(lambda unit: [step("Own query", False, "", "x:z")])
    registry.add_profile_steps(last, counts=lambda: {"number_last": Value(0)})
    registry.add_profile_steps(first, counts=first_counts)  # ready() again adds nothing
    with CaptureQueriesContext(connection) as queries:
        found = registry.profile_steps(microsystem)
    assert len(queries.captured_queries) == 1
    assert [(each["label"], each["done"], each["detail"]) for each in found] == [
        ("First", True, "2 for Eastfield Library"),
        ("Own query", False, ""),
        ("Last", False, "0 for Eastfield Library"),
    ]


def test_two_apps_counting_under_one_name_is_an_error(microsystem):
    registry = Extensions()
    registry.add_profile_steps(counted_steps("A", "number"), counts=lambda: {"number": Value(1)})
    registry.add_profile_steps(counted_steps("B", "number"), counts=lambda: {"number": Value(2)})
    with pytest.raises(ImproperlyConfigured, match="number"):
        registry.profile_steps(microsystem)
