"""Two people editing one record: the second save is refused, not silently applied."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.concurrency import (
    EDIT_CONFLICT,
    FINGERPRINT_FIELD,
    FINGERPRINT_MISSING,
)
from microsystems.models import ActivityEffort, DemandType, Microsystem, StaffRole


def opened_form_fields(client, url) -> dict:
    """The values a browser would post back from the edit page as first shown."""
    form = client.get(url).context["form"]
    values = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "all"):
            value = [item.pk for item in value.all()]
        if isinstance(value, list):
            value = [getattr(item, "pk", item) for item in value]
        values[name] = "" if value is None else value
    return values


def assert_conflict_then_deliberate_overwrite(client, url, posted: dict, what: str):
    response = client.post(url, posted)
    assert response.status_code == 200
    assert EDIT_CONFLICT.format(what=what) in response.context["form"].non_field_errors()
    # The refreshed fingerprint travels with the re-shown form: saving again wins.
    refreshed = response.context["form"].data[FINGERPRINT_FIELD]
    assert refreshed != posted[FINGERPRINT_FIELD]
    return client.post(url, {**posted, FINGERPRINT_FIELD: refreshed})


def test_profile(client_for, microsystem):
    client = client_for("lead")
    url = reverse("microsystems:edit", args=[microsystem.slug])
    posted = {**opened_form_fields(client, url), "purpose": "Mine"}
    Microsystem.objects.filter(pk=microsystem.pk).update(purpose="Theirs")

    response = client.post(url, posted)
    assert EDIT_CONFLICT.format(what="profile") in response.content.decode().replace("&#x27;", "'")
    microsystem.refresh_from_db()
    assert microsystem.purpose == "Theirs"

    final = assert_conflict_then_deliberate_overwrite(client, url, posted, "profile")
    assert final.status_code == 302
    microsystem.refresh_from_db()
    assert microsystem.purpose == "Mine"


def test_a_fingerprint_holding_a_null_character_is_a_conflict_the_page_explains(
    client_for, microsystem
):
    """Not an error on the hidden field, which the page cannot show next to anything."""
    client = client_for("lead")
    url = reverse("microsystems:edit", args=[microsystem.slug])
    posted = {**opened_form_fields(client, url), "purpose": "Mine", FINGERPRINT_FIELD: "\x00"}
    response = client.post(url, posted)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["__all__"]
    assert response.context["form"].non_field_errors() == [EDIT_CONFLICT.format(what="profile")]
    microsystem.refresh_from_db()
    assert microsystem.purpose != "Mine"


def test_unchanged_record_saves_first_time(client_for, microsystem):
    client = client_for("lead")
    url = reverse("microsystems:edit", args=[microsystem.slug])
    response = client.post(url, {**opened_form_fields(client, url), "purpose": "Mine"})
    assert response.status_code == 302


@pytest.mark.parametrize("what", ["demand type", "staff role"])
def test_catalogue_records(client_for, microsystem, demand_type, staff_role, what):
    client = client_for("lead")
    if what == "demand type":
        url = reverse("microsystems:demand_type_edit", args=[microsystem.slug, demand_type.pk])
        posted = {**opened_form_fields(client, url), "unit": "mine"}
        DemandType.objects.filter(pk=demand_type.pk).update(unit="theirs")
    else:
        url = reverse("microsystems:staff_role_edit", args=[microsystem.slug, staff_role.pk])
        posted = {**opened_form_fields(client, url), "skills": "mine"}
        StaffRole.objects.filter(pk=staff_role.pk).update(skills="theirs")
    final = assert_conflict_then_deliberate_overwrite(client, url, posted, what)
    assert final.status_code == 302


def test_activity_staff_time_changed_by_someone_else(client_for, microsystem, activity, staff_role):
    client = client_for("lead")
    url = reverse("microsystems:activity_edit", args=[microsystem.slug, activity.pk])
    posted = {
        **opened_form_fields(client, url),
        "description": "mine",
        "efforts-TOTAL_FORMS": "1",
        "efforts-INITIAL_FORMS": "1",
        "efforts-0-id": activity.efforts.get().pk,
        "efforts-0-staff_role": staff_role.pk,
        "efforts-0-hours_per_period": "80",
    }
    # Someone else changes only the hours, which are not on the activity row itself.
    ActivityEffort.objects.filter(activity=activity).update(hours_per_period=Decimal("95"))
    response = client.post(url, posted)
    assert response.status_code == 200
    assert activity.efforts.get().hours_per_period == Decimal("95")
    assert EDIT_CONFLICT.format(what="activity") in response.context["form"].non_field_errors()


# --- a POST without the fingerprint ---------------------------------------------------------


@pytest.mark.parametrize("what", ["profile", "demand type", "staff role", "activity"])
def test_a_save_without_a_fingerprint_is_refused(
    client_for, microsystem, demand_type, staff_role, activity, what
):
    """Without it nothing says which version the sender saw: refused, then saved on purpose."""
    client = client_for("lead")
    record, url_name, field = {
        "profile": (microsystem, "microsystems:edit", "purpose"),
        "demand type": (demand_type, "microsystems:demand_type_edit", "unit"),
        "staff role": (staff_role, "microsystems:staff_role_edit", "skills"),
        "activity": (activity, "microsystems:activity_edit", "description"),
    }[what]
    args = [microsystem.slug] if record is microsystem else [microsystem.slug, record.pk]
    url = reverse(url_name, args=args)
    posted = {**opened_form_fields(client, url), field: "mine"}
    posted.pop(FINGERPRINT_FIELD)
    if what == "activity":
        posted.update({"efforts-TOTAL_FORMS": "0", "efforts-INITIAL_FORMS": "0"})

    response = client.post(url, posted)
    assert response.status_code == 200
    assert FINGERPRINT_MISSING.format(what=what) in response.context["form"].non_field_errors()
    record.refresh_from_db()
    assert getattr(record, field) != "mine"
    # The re-shown form carries the fingerprint of what is stored: saving again saves.
    refreshed = response.context["form"].data[FINGERPRINT_FIELD]
    assert client.post(url, {**posted, FINGERPRINT_FIELD: refreshed}).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "mine"
