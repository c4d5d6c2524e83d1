"""valuation/access.py: an assessment and its unit, with the user's access to the unit, in
one prepared query; as get_microsystem_for_user decides access, and 404 without a query
for an id no row can have."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from core.fields import LARGEST_ID
from microsystems.permissions import USER_RELATION, get_microsystem_for_user, user_relation
from tests.support.factories import make_microsystem
from tests.support.world import make_assessment
from valuation.access import assessment_with_unit, get_assessment_for_user


def test_the_prepared_query_is_the_querysets(users, assessment):
    args = (users["lead"].pk, assessment.microsystem.slug, assessment.pk)
    prepared = assessment_with_unit(*args)
    (built,) = assessment_with_unit.queryset(*args)
    assert prepared == [built]
    for name in USER_RELATION:
        assert getattr(prepared[0], name) == getattr(built, name)
    assert tuple(user_relation(users["lead"].pk)) == USER_RELATION


@pytest.mark.parametrize("persona", ["member", "lead", "manager", "admin"])
def test_access_is_the_units(users, assessment, persona, django_assert_num_queries):
    user = users[persona]
    with django_assert_num_queries(1):
        loaded = get_assessment_for_user(user, assessment.microsystem.slug, assessment.pk)
    unit = get_microsystem_for_user(user, assessment.microsystem.slug)
    assert loaded == assessment
    assert loaded.microsystem == unit
    assert loaded.microsystem.organisation == unit.organisation
    assert loaded.microsystem.access == unit.access
    assert loaded.microsystem.configuration_version == unit.configuration_version


@pytest.mark.parametrize("persona", ["outsider", "other_manager"])
def test_strangers_get_404(users, assessment, persona):
    with pytest.raises(Http404):
        get_assessment_for_user(users[persona], assessment.microsystem.slug, assessment.pk)


def test_readers_asking_to_write_get_403(users, assessment):
    with pytest.raises(PermissionDenied):
        get_assessment_for_user(users["member"], assessment.microsystem.slug, assessment.pk,
                                write=True)  # fmt: skip
    with pytest.raises(PermissionDenied):
        get_assessment_for_user(users["lead"], assessment.microsystem.slug, assessment.pk,
                                manage=True)  # fmt: skip


def test_an_assessment_of_another_unit_is_404(users, organisation, assessment):
    other = make_assessment(make_microsystem(organisation, "Westfield Library"))
    with pytest.raises(Http404):
        get_assessment_for_user(users["admin"], assessment.microsystem.slug, other.pk)


@pytest.mark.parametrize("assessment_id", [0, -1, LARGEST_ID + 1, 10**40])
def test_an_id_no_row_can_have_is_404_without_a_query(
    users, assessment, assessment_id, django_assert_num_queries
):
    with django_assert_num_queries(0), pytest.raises(Http404):
        get_assessment_for_user(users["lead"], assessment.microsystem.slug, assessment_id)


@pytest.mark.parametrize("assessment_id", ["9" * 30, "abc"])
def test_the_page_of_an_id_no_row_can_have_is_404(client_for, assessment, assessment_id):
    address = reverse("valuation:assessment", args=[assessment.microsystem.slug, 1])
    address = address.replace("/1/", f"/{assessment_id}/")
    assert client_for("lead").get(address).status_code == 404
