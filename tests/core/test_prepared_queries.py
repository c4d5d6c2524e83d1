"""Prepared queries (core/prepared_queries.py) return what their querysets return, in one
query, whatever the values; and the three every request runs (session, user, unit) too."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.backends import SignInBackend, user_by_pk
from accounts.sessions import SessionStore
from core.prepared_queries import PreparedQuery
from microsystems.models import Microsystem
from microsystems.permissions import (
    _load_with_user_relation,
    _unit_with_user_relation,
    unit_with_user_relation,
)
from tests.support.factories import make_microsystem
from tests.support.instances import state

pytestmark = pytest.mark.django_db


def test_a_unit_is_read_as_its_queryset_reads_it_for_every_user_and_slug(users, microsystem):
    other = make_microsystem(microsystem.organisation, "Westfield Library")
    archived = make_microsystem(microsystem.organisation, "Old Library")
    archived.archived_at = timezone.now()
    archived.save()
    for user in users.values():
        if user is None:
            continue
        for slug in (microsystem.slug, other.slug, archived.slug, "no-such-unit"):
            expected = [state(unit) for unit in _unit_with_user_relation(user.pk, slug)]
            assert [state(unit) for unit in unit_with_user_relation(user.pk, slug)] == expected


def test_what_a_unit_carries_changes_with_what_it_reads(users, microsystem):
    member = users["member"]
    loaded = _load_with_user_relation(member, microsystem.slug)
    assert (loaded.user_role, loaded.user_manages, loaded.user_manages_any) == (
        "member",
        False,
        False,
    )
    assert loaded.organisation.name == microsystem.organisation.name
    microsystem.organisation.managers.add(member)
    microsystem.organisation.name = "Renamed"
    microsystem.organisation.save()
    microsystem.memberships.filter(user=member).delete()
    loaded = _load_with_user_relation(member, microsystem.slug)
    assert (loaded.user_role, loaded.user_manages, loaded.user_manages_any) == (None, True, True)
    assert loaded.organisation.name == "Renamed"
    assert _load_with_user_relation(users["lead"], microsystem.slug).user_role == "lead"


def test_a_prepared_query_is_one_query(users, microsystem):
    with CaptureQueriesContext(connection) as queries:
        unit_with_user_relation(users["lead"].pk, microsystem.slug)
    assert len(queries.captured_queries) == 1


def test_dates_and_decimals_are_converted_as_the_queryset_converts_them(microsystem):
    microsystem.archived_at = timezone.now()
    microsystem.save()
    prepared = PreparedQuery(lambda slug: Microsystem.objects.filter(slug=slug), str)
    (unit,) = prepared(microsystem.slug)
    assert unit.archived_at == Microsystem.objects.get(pk=microsystem.pk).archived_at
    assert state(unit) == state(Microsystem.objects.get(pk=microsystem.pk))


def test_a_value_the_database_is_not_given_whole_cannot_be_prepared(microsystem):
    contains = PreparedQuery(lambda name: Microsystem.objects.filter(name__contains=name), str)
    with pytest.raises(ImproperlyConfigured):
        contains("Library")
    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(lambda when: Microsystem.objects.filter(created_at__gt=when), object)
    values = PreparedQuery(lambda slug: Microsystem.objects.filter(slug=slug).values("pk"), str)
    with pytest.raises(ImproperlyConfigured):
        values("x")
    unused = PreparedQuery(lambda slug: Microsystem.objects.annotate(x=Value(1)), str)
    with pytest.raises(ImproperlyConfigured):
        unused("x")


def test_values_of_another_type_are_refused(microsystem):
    prepared = PreparedQuery(lambda pk: Microsystem.objects.filter(pk=pk), int)
    with pytest.raises(TypeError):
        prepared(str(microsystem.pk))
    with pytest.raises(TypeError):
        prepared(True)
    with pytest.raises(TypeError):
        prepared()
    assert prepared(microsystem.pk) == [microsystem]


def test_a_session_is_read_until_it_expires(users):
    store = SessionStore()
    store["note"] = "kept"
    store.create()
    key = store.session_key
    assert SessionStore(key).load() == {"note": "kept"}
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired._session_key is None
    unknown = SessionStore("no-such-session-key")
    assert unknown.load() == {}
    assert unknown._session_key is None


def test_the_signed_in_user_is_read_as_django_reads_it(users):
    backend = SignInBackend()
    lead = users["lead"]
    assert state(backend.get_user(lead.pk)) == state(get_user_model().objects.get(pk=lead.pk))
    assert backend.get_user(lead.pk + 10_000) is None
    assert backend.get_user(str(lead.pk)) == lead  # not an int: Django's own query
    lead.is_active = False
    lead.save()
    assert backend.get_user(lead.pk) is None
    assert user_by_pk(lead.pk) == [lead]


def test_a_datetime_is_compared_as_the_queryset_compares_it(users, microsystem):
    from valuation.models import Assessment
    from valuation.selectors.assessments import _reviewed_for_lead, reviewed_for_lead_prepared

    reviewed_at = timezone.now() - timedelta(days=3)
    Assessment.objects.create(
        microsystem=microsystem,
        period_label="2026 Q1",
        start_date=reviewed_at.date() - timedelta(days=90),
        end_date=reviewed_at.date() - timedelta(days=1),
        status=Assessment.Status.APPROVED,
        reviewed_at=reviewed_at,
        reviewed_by=users["manager"],
    )
    lead = users["lead"]
    shown = []
    for since in (reviewed_at - timedelta(seconds=1), reviewed_at, reviewed_at + timedelta(0, 1)):
        expected = list(_reviewed_for_lead(lead.pk, since))
        found = reviewed_for_lead_prepared(lead.pk, since)
        assert [state(a) for a in found] == [state(a) for a in expected]
        shown.append(len(found))
    assert shown == [1, 1, 0]
    assert reviewed_for_lead_prepared(users["member"].pk, reviewed_at) == []
    with pytest.raises(TypeError):
        reviewed_for_lead_prepared(lead.pk, reviewed_at.replace(tzinfo=None))


def test_whether_a_user_manages_follows_the_managers(users, organisation):
    from microsystems.permissions import user_is_manager

    lead = get_user_model().objects.get(pk=users["lead"].pk)
    assert user_is_manager(lead) is False
    organisation.managers.add(lead)
    lead = get_user_model().objects.get(pk=lead.pk)
    assert user_is_manager(lead) is True
    assert user_is_manager(get_user_model().objects.get(pk=users["manager"].pk)) is True


def engine_world(microsystem, assessment, stakeholder, measure, activity):
    """Something in every table the engine's prepared rows read, and a second unit's."""
    from datetime import date
    from decimal import Decimal

    from valuation.models import (
        DimensionWeight,
        Judgement,
        Measurement,
        MeasureTarget,
        StakeholderWeight,
        ValueDimension,
        VoiceWeight,
    )

    dimensions = list(ValueDimension.objects.order_by("order"))
    weight = StakeholderWeight.objects.create(
        assessment=assessment, stakeholder=stakeholder, method="points"
    )
    for number, dimension in enumerate(dimensions):
        DimensionWeight.objects.create(
            stakeholder_weight=weight, dimension=dimension, weight=Decimal(number + 1) / 10
        )
        Judgement.objects.create(
            assessment=assessment, stakeholder=stakeholder, dimension=dimension,
            score=number % 11, rationale="Why.",
        )  # fmt: skip
        Judgement.objects.create(
            assessment=assessment, stakeholder=stakeholder, dimension=dimension,
            activity=activity, score=(number * 3) % 11, rationale="It helps.",
        )  # fmt: skip
    VoiceWeight.objects.create(assessment=assessment, stakeholder=stakeholder, weight=2)
    for month in range(1, 13):
        Measurement.objects.create(
            microsystem=microsystem, measure=measure, period_start=date(2024 + month % 2, month, 1),
            value=Decimal("61.25") + month,
        )  # fmt: skip
    MeasureTarget.objects.create(
        microsystem=microsystem, measure=measure, baseline=50, target=95, reason="Ours."
    )
    from microsystems.models import DemandObservation, DemandType

    demand_type = DemandType.objects.filter(microsystem=microsystem).first()
    for month in range(1, 13):
        DemandObservation.objects.create(
            demand_type=demand_type, period_start=date(2025, month, 1), volume=10 * month
        )
    return dimensions


def test_the_engines_prepared_rows_are_their_querysets_rows(
    microsystem, assessment, stakeholder, measure, activity
):
    """Every read of the assessment's engine (valuation.selectors.account) and of the
    unit's activity records (microsystems.selectors.activities): the rows, in order,
    with their values converted, that the queryset built for the same values gives,
    for this unit and assessment, for dates that take in part of the measurements, and
    for a unit and an assessment with nothing."""
    from datetime import date

    from microsystems.selectors import activities
    from valuation.selectors import account

    engine_world(microsystem, assessment, stakeholder, measure, activity)
    empty = make_microsystem(microsystem.organisation, "Westfield Library")
    calls = []
    for unit in (microsystem.pk, empty.pk):
        for start, end in (
            (date(2025, 1, 1), date(2025, 12, 31)),
            (date(2024, 3, 1), date(2024, 6, 1)),
        ):
            calls += [(account.measure_rows, (unit, start, end)),
                      (account.measurement_rows, (unit, start, end))]  # fmt: skip
        calls += [(account.stakeholder_rows, (unit,))]
        calls += [(rows, (unit,)) for rows in activities.ACTIVITY_RECORD_ROWS]
        calls += [(activities.latest_observation_rows, (unit,))]
        calls += [
            (activities.observation_rows_since, (unit, since))
            for since in (date(2024, 1, 1), date(2025, 6, 1))
        ]
    for one in (assessment.pk, assessment.pk + 1):
        calls += [
            (rows, (one,))
            for rows in (account.activity_judgement_rows, account.weight_rows,
                         account.dimension_judgement_rows, account.voice_weight_rows)
        ]  # fmt: skip
    calls.append((account.dimension_rows, ()))
    found_some = 0
    for prepared, values in calls:
        expected = list(prepared.queryset(*values))
        assert prepared(*values) == expected, (prepared.queryset(*values).query, values)
        found_some += bool(expected)
    assert found_some >= 17  # every read finds rows for the first unit and assessment


def test_prepared_rows_are_one_query_of_dicts_or_tuples_as_asked(microsystem, measure):
    from core.prepared_queries import PreparedRows
    from valuation.models import Measurement

    Measurement.objects.create(
        microsystem=microsystem, measure=measure, period_start="2025-02-01", value="7.5"
    )
    as_dicts = PreparedRows(
        lambda unit: Measurement.objects.filter(microsystem_id=unit).values(
            "period_start", "value"
        ),
        int,
    )
    with CaptureQueriesContext(connection) as queries:
        (row,) = as_dicts(microsystem.pk)
    assert len(queries.captured_queries) == 1
    from datetime import date
    from decimal import Decimal

    assert row == {"period_start": date(2025, 2, 1), "value": Decimal("7.5000")}
    as_tuples = PreparedRows(
        lambda unit: Measurement.objects.filter(microsystem_id=unit).values_list(
            "value", "period_start"
        ),
        int,
    )
    assert as_tuples(microsystem.pk) == [(Decimal("7.5000"), date(2025, 2, 1))]


def test_prepared_rows_refuse_other_querysets_and_values_of_another_kind(microsystem):
    from datetime import date, datetime

    from core.prepared_queries import PreparedRows

    flat = PreparedRows(
        lambda slug: Microsystem.objects.filter(slug=slug).values_list("pk", flat=True), str
    )
    with pytest.raises(ImproperlyConfigured):
        flat("x")
    instances = PreparedRows(lambda slug: Microsystem.objects.filter(slug=slug), str)
    with pytest.raises(ImproperlyConfigured):
        instances("x")
    by_day = PreparedRows(
        lambda day: Microsystem.objects.filter(archived_at__date__gte=day).values_list("pk"), date
    )
    with pytest.raises(TypeError):
        by_day(datetime(2025, 1, 1, tzinfo=timezone.get_current_timezone()))
    with pytest.raises(TypeError):
        by_day("2025-01-01")
