"""core.naming: unique names and slugs, shown here on organisations."""

import pytest
from django.core.exceptions import ValidationError

from core.naming import check_name_free, unique_slug
from microsystems.models import Organisation

TAKEN = "There is already one called “{name}”."


@pytest.mark.django_db
def test_a_taken_slug_is_numbered_from_two_and_a_free_one_is_kept():
    rows = Organisation.objects.all()
    assert unique_slug(rows, "North Area", max_length=50, fallback="x") == "north-area"
    Organisation.objects.create(name="North Area", slug="north-area")
    Organisation.objects.create(name="North Area 2", slug="north-area-2")
    assert unique_slug(rows, "North  area!", max_length=50, fallback="x") == "north-area-3"
    assert unique_slug(rows, "£££", max_length=50, fallback="organisation") == "organisation"


@pytest.mark.django_db
def test_a_name_taken_ignoring_case_is_refused_on_the_name_field_except_by_itself():
    own = Organisation.objects.create(name="Northbridge", slug="northbridge")
    with pytest.raises(ValidationError) as refused:
        check_name_free(Organisation.objects.all(), "NORTHBRIDGE", TAKEN)
    assert refused.value.message_dict == {"name": ["There is already one called “NORTHBRIDGE”."]}
    check_name_free(Organisation.objects.all(), "Northbridge", TAKEN, except_pk=own.pk)
    check_name_free(Organisation.objects.all(), "Southvale", TAKEN)
