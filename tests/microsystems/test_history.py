"""A microsystem's change history: who changed what and when, from which value to which.

Edits made through the pages carry the signed-in person (simple-history's
middleware); uploads and grid saves are one PeriodDataEvent each; admins restore
an earlier version of the unit's live data.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.concurrency import FINGERPRINT_FIELD
from core.history import PAGE_SIZE, RESTORE_CLASH
from microsystems.history import ARCHIVED_RESTORE
from microsystems.models import DemandObservation, PeriodDataEvent, StaffRole
from microsystems.services.demand_import import demand_grid_save, demand_import
from tests.support.html import text_of

DEMAND_HEADER = "demand_type,period_start,volume\r\n"


def edit_staff_role(client, microsystem, staff_role, **changes):
    url = reverse("microsystems:staff_role_edit", args=[microsystem.slug, staff_role.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if name != FINGERPRINT_FIELD}
    data = {name: "" if value is None else value for name, value in data.items()}
    data[FINGERPRINT_FIELD] = form[FINGERPRINT_FIELD].value()
    response = client.post(url, {**data, **changes})
    assert response.status_code == 302, response.content.decode()[:2000]


def history_url(microsystem, **query):
    url = reverse("microsystems:history", args=[microsystem.slug])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def page_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return text_of(response.content.decode())


def test_an_edit_through_the_page_is_recorded_with_its_author_and_both_values(
    client_for, users, microsystem, staff_role
):
    edit_staff_role(client_for("lead"), microsystem, staff_role, hourly_cost="21.75")

    latest = staff_role.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == users["lead"]
    assert latest.hourly_cost == Decimal("21.75")
    assert latest.prev_record.hourly_cost == Decimal("18.50")
    assert latest.prev_record.history_type == "+"

    text = page_text(client_for("member"), history_url(microsystem))
    assert "Staff role “Library assistant” changed" in text
    assert "Hourly cost (£): 18.50 → 21.75" in text
    assert "Lead" in text  # make_user gives each persona a first name


def test_the_page_filters_by_kind_and_person_and_is_paginated(
    client_for, users, microsystem, staff_role, stakeholder
):
    lead = client_for("lead")
    for number in range(PAGE_SIZE + 2):
        edit_staff_role(lead, microsystem, staff_role, skills=f"Skill {number}")
    client = client_for("admin")

    first = client.get(history_url(microsystem, kind="staff_role"))
    entries = first.context["entries"]
    assert len(entries) == PAGE_SIZE
    assert {entry.kind for entry in entries} == {"staff_role"}
    assert entries[0].changes == [
        ("Skills and abilities", f"Skill {PAGE_SIZE}", f"Skill {PAGE_SIZE + 1}")
    ]
    # the creation and 27 edits: 28 versions, the last 3 on page 2
    second = client.get(history_url(microsystem, kind="staff_role", page=2))
    assert [entry.action for entry in second.context["entries"]] == ["changed", "changed", "added"]

    everything = client.get(history_url(microsystem)).context["page"].paginator.count
    assert everything == PAGE_SIZE + 3 + 2  # and the microsystem's and stakeholder's creation

    by_lead = client.get(history_url(microsystem, person=users["lead"].pk))
    assert by_lead.context["page"].paginator.count == PAGE_SIZE + 2
    assert {entry.user for entry in by_lead.context["entries"]} == {users["lead"]}
    stakeholders_only = client.get(history_url(microsystem, kind="stakeholder"))
    assert [entry.what for entry in stakeholders_only.context["entries"]] == [
        "Stakeholder group “Library users”"
    ]


def test_an_unknown_filter_shows_everything_not_an_error(client_for, microsystem, staff_role):
    response = client_for("lead").get(history_url(microsystem, kind="nonsense", person="x"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2


def upload(content: str, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode("utf-8"))


def test_an_upload_is_one_event_with_who_when_file_and_counts(
    client_for, users, microsystem, demand_type
):
    client = client_for("lead")
    url = reverse("microsystems:demand_upload", args=[microsystem.slug])
    content = DEMAND_HEADER + "Book loans,2026-01-01,120\r\nBook loans,2026-02-01,90\r\n"
    before = timezone.now()
    response = client.post(url, {"file": upload(content, "january.csv")})
    assert response.status_code == 302

    event = PeriodDataEvent.objects.get()
    assert (event.user, event.kind, event.source, event.file_name) == (
        users["lead"],
        "demand",
        "upload",
        "january.csv",
    )
    assert (event.rows_added, event.rows_replaced, event.rows_cleared) == (2, 0, 0)
    assert event.at >= before
    assert event.changes == []

    changed = DEMAND_HEADER + "Book loans,2026-01-01,125\r\nBook loans,2026-02-01,90\r\n"
    client.post(url, {"file": upload(changed, "fixed.csv"), "replace": "on"})
    second = PeriodDataEvent.objects.order_by("-pk").first()
    assert (second.rows_added, second.rows_replaced, second.rows_unchanged) == (0, 1, 1)

    text = page_text(client_for("manager"), history_url(microsystem, kind="period_data"))
    assert "Demand: file “fixed.csv” uploaded" in text
    assert "Rows replaced: 1" in text
    assert "Demand: file “january.csv” uploaded" in text
    assert "Rows added: 2" in text


def test_a_refused_upload_records_no_event(microsystem, demand_type, users):
    with pytest.raises(Exception):  # noqa: B017 - the import's own error; only the event matters
        demand_import(
            microsystem=microsystem,
            uploaded_file=upload(DEMAND_HEADER + "Nonsense,2026-01-01,1\r\n", "bad.csv"),
            replace=False,
            user=users["lead"],
        )
    assert not PeriodDataEvent.objects.exists()


def test_a_grid_save_is_one_event_with_each_cell_from_and_to(microsystem, demand_type, users):
    DemandObservation.objects.create(
        demand_type=demand_type, period_start=date(2026, 1, 1), volume=10
    )
    DemandObservation.objects.create(
        demand_type=demand_type, period_start=date(2026, 2, 1), volume=20
    )
    demand_grid_save(
        microsystem=microsystem,
        values={
            (demand_type.pk, date(2026, 1, 1)): 11,
            (demand_type.pk, date(2026, 2, 1)): None,
            (demand_type.pk, date(2026, 3, 1)): 30,
            (demand_type.pk, date(2026, 4, 1)): None,  # empty and stays empty: no change
        },
        user=users["lead"],
    )
    event = PeriodDataEvent.objects.get()
    assert (event.source, event.user) == ("grid", users["lead"])
    assert (event.rows_added, event.rows_replaced, event.rows_cleared) == (1, 1, 1)
    assert event.changes == [
        {"key": "Book loans", "period": "2026-01-01", "from": "10", "to": "11"},
        {"key": "Book loans", "period": "2026-02-01", "from": "20", "to": None},
        {"key": "Book loans", "period": "2026-03-01", "from": None, "to": "30"},
    ]
    # Saving the same values again changes nothing and records nothing.
    demand_grid_save(
        microsystem=microsystem, values={(demand_type.pk, date(2026, 1, 1)): 11}, user=None
    )
    assert PeriodDataEvent.objects.count() == 1


def test_an_admin_restores_an_earlier_version(client_for, users, microsystem, staff_role):
    edit_staff_role(client_for("lead"), microsystem, staff_role, hourly_cost="30")
    original = staff_role.history.earliest()
    client = client_for("admin")
    url = reverse(
        "microsystems:history_restore", args=[microsystem.slug, "staff_role", original.history_id]
    )
    response = client.post(url, follow=True)

    staff_role.refresh_from_db()
    assert staff_role.hourly_cost == Decimal("18.50")
    restored = staff_role.history.latest()
    assert (restored.history_user, restored.hourly_cost) == (users["admin"], Decimal("18.50"))
    assert "Restored Library assistant as it was" in text_of(response.content.decode())


def test_a_deleted_record_is_restored_under_its_old_id(client_for, microsystem, staff_role):
    pk = staff_role.pk
    staff_role.delete()
    deleted = StaffRole.history.filter(id=pk).latest()
    assert deleted.history_type == "-"
    client_for("admin").post(
        reverse(
            "microsystems:history_restore",
            args=[microsystem.slug, "staff_role", deleted.history_id],
        )
    )
    assert StaffRole.objects.get(pk=pk).title == "Library assistant"


def test_a_version_that_clashes_with_a_later_record_is_refused(client_for, microsystem, staff_role):
    pk = staff_role.pk
    staff_role.delete()
    StaffRole.objects.create(
        microsystem=microsystem, title="Library assistant", fte=1, hours_per_fte=1, hourly_cost=1
    )
    deleted = StaffRole.history.filter(id=pk).latest()
    response = client_for("admin").post(
        reverse(
            "microsystems:history_restore",
            args=[microsystem.slug, "staff_role", deleted.history_id],
        ),
        follow=True,
    )
    text = text_of(response.content.decode())
    assert "already has a staff role with this title" in text or RESTORE_CLASH in text
    assert not StaffRole.objects.filter(pk=pk).exists()


def test_nothing_of_an_archived_unit_is_restored(client_for, microsystem, staff_role):
    edit_staff_role(client_for("lead"), microsystem, staff_role, hourly_cost="30")
    microsystem.archived_at = timezone.now()
    microsystem.save()
    original = staff_role.history.earliest()
    response = client_for("admin").post(
        reverse(
            "microsystems:history_restore",
            args=[microsystem.slug, "staff_role", original.history_id],
        ),
        follow=True,
    )
    assert ARCHIVED_RESTORE in text_of(response.content.decode())
    staff_role.refresh_from_db()
    assert staff_role.hourly_cost == Decimal("30")


def test_a_version_of_another_unit_is_not_found_here(
    client_for, microsystem, organisation, staff_role
):
    from tests.support.factories import make_microsystem

    other = make_microsystem(organisation, "Elsewhere")
    theirs = StaffRole.objects.create(
        microsystem=other, title="Theirs", fte=1, hours_per_fte=1, hourly_cost=1
    )
    theirs.title = "Changed"
    theirs.save()
    response = client_for("admin").post(
        reverse(
            "microsystems:history_restore",
            args=[microsystem.slug, "staff_role", theirs.history.earliest().history_id],
        ),
        follow=True,
    )
    assert "There is no such version in this history." in text_of(response.content.decode())
    theirs.refresh_from_db()
    assert theirs.title == "Changed"


def test_only_admins_see_the_restore_buttons(client_for, microsystem, staff_role):
    assert (
        "Restore this version"
        not in client_for("lead").get(history_url(microsystem)).content.decode()
    )
    assert (
        "Restore this version" in client_for("admin").get(history_url(microsystem)).content.decode()
    )


def test_restoring_the_profile_keeps_the_unit_where_it_is(client_for, users, microsystem):
    microsystem.archived_at = timezone.now()
    microsystem.purpose = "Old purpose."
    microsystem.save()
    archived_version = microsystem.history.latest()
    microsystem.archived_at = None
    microsystem.purpose = "New purpose."
    microsystem.save()

    client_for("admin").post(
        reverse(
            "microsystems:history_restore",
            args=[microsystem.slug, "profile", archived_version.history_id],
        )
    )
    microsystem.refresh_from_db()
    assert microsystem.purpose == "Old purpose."
    assert microsystem.archived_at is None
    assert microsystem.history.latest().history_user == users["admin"]
