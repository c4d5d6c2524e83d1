"""The last-lead rule in the database itself: PostgreSQL's deferred constraint trigger
(microsystems/migrations/0009_membership_keeps_a_lead.py).

Each test commits for real (transaction=True): the trigger runs at commit, and an
ordinary test's transaction is rolled back before it would.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from microsystems.models import Membership, Microsystem, Organisation
from tests.support.factories import make_microsystem, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has no deferred triggers; there the rule is the service's and the admin's",
    ),
]


@pytest.fixture
def unit() -> Microsystem:
    unit = make_microsystem(Organisation.objects.create(name="Org", slug="org"), "Unit")
    Membership.objects.create(microsystem=unit, user=make_user("lead"), role="lead")
    Membership.objects.create(microsystem=unit, user=make_user("member"), role="member")
    return unit


def leads_of(unit) -> list[str]:
    return sorted(
        Membership.objects.filter(microsystem=unit, role="lead").values_list(
            "user__username", flat=True
        )
    )


def run_sql(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_deleting_the_last_lead_with_raw_sql_fails_at_commit(unit):
    refused = pytest.raises(IntegrityError, match="would be left without a team leader")
    with refused, transaction.atomic():
        run_sql("DELETE FROM microsystems_membership WHERE role = 'lead'")
        # Deferred: inside the transaction the delete went through.
        assert leads_of(unit) == []
    assert leads_of(unit) == ["lead"]


def test_demoting_the_last_lead_with_raw_sql_fails_at_commit(unit):
    refused = pytest.raises(IntegrityError, match="would be left without a team leader")
    with refused, transaction.atomic():
        run_sql("UPDATE microsystems_membership SET role = 'member' WHERE role = 'lead'")
    assert leads_of(unit) == ["lead"]


def test_moving_the_last_lead_to_another_unit_fails_at_commit(unit):
    other = make_microsystem(unit.organisation, "Other unit")
    with pytest.raises(IntegrityError):
        run_sql(
            "UPDATE microsystems_membership SET microsystem_id = %s WHERE role = 'lead'", other.pk
        )
    assert leads_of(unit) == ["lead"]


def test_deleting_the_only_lead_person_fails_at_commit(unit):
    with pytest.raises(IntegrityError):
        get_user_model().objects.filter(username="lead").delete()
    assert leads_of(unit) == ["lead"]


def test_an_archived_unit_keeps_its_lead_too(unit):
    Microsystem.objects.filter(pk=unit.pk).update(archived_at="2026-01-01T00:00:00Z")
    with pytest.raises(IntegrityError):
        Membership.objects.filter(microsystem=unit, role="lead").delete()
    assert leads_of(unit) == ["lead"]


def test_deleting_the_whole_unit_still_works(unit):
    """Django deletes the memberships first, then the unit: at commit the unit is gone."""
    unit.delete()
    assert not Microsystem.objects.filter(name="Unit").exists()
    assert not Membership.objects.exists()


def test_deleting_the_unit_with_raw_sql_in_either_order_works(unit):
    with transaction.atomic():
        run_sql("DELETE FROM microsystems_membership WHERE microsystem_id = %s", unit.pk)
        run_sql("DELETE FROM microsystems_microsystem WHERE id = %s", unit.pk)
    assert not Microsystem.objects.exists()


def test_handing_over_in_one_transaction_works_whichever_step_comes_first(unit):
    """Demoting the old lead before the new one is made lead passes through "no lead";
    only the state at commit counts."""
    with transaction.atomic():
        Membership.objects.filter(microsystem=unit, user__username="lead").update(role="member")
        Membership.objects.filter(microsystem=unit, user__username="member").update(role="lead")
    assert leads_of(unit) == ["member"]


def test_a_lead_can_leave_when_another_leads(unit):
    Membership.objects.filter(microsystem=unit, user__username="member").update(role="lead")
    Membership.objects.filter(microsystem=unit, user__username="lead").delete()
    assert leads_of(unit) == ["member"]


def test_a_member_leaves_freely(unit):
    Membership.objects.filter(microsystem=unit, role="member").delete()
    assert leads_of(unit) == ["lead"]


def test_a_unit_that_never_had_a_lead_can_be_changed(unit):
    """The rule is about losing the last lead: a unit set up without one (in the admin,
    say) can still take members on and off."""
    lone = make_microsystem(unit.organisation, "Lone unit")
    Membership.objects.create(microsystem=lone, user=make_user("newcomer"), role="member")
    Membership.objects.filter(microsystem=lone).delete()
    assert not Membership.objects.filter(microsystem=lone).exists()


def test_admin_says_why_when_the_database_refuses_at_commit(client, unit, monkeypatch):
    """The admin's own check passed (another lead stayed), but by commit that lead was
    gone too: here taken off within the same save, standing in for someone else's
    change at the same instant. The database refuses the whole save; the admin says so."""
    from django.urls import reverse

    from microsystems.admin import REFUSED_AT_COMMIT, MicrosystemAdmin
    from tests.support.fuzzing import page_form

    Membership.objects.filter(microsystem=unit, user__username="member").update(role="lead")
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    url = reverse("admin:microsystems_microsystem_change", args=[unit.pk])
    posted = page_form(client.get(url)).as_shown()
    lead_row = next(
        name.removesuffix("-user")
        for name, values in posted.items()
        if name.endswith("-user")
        and values == [str(Membership.objects.get(user__username="lead").user_id)]
    )
    posted[f"{lead_row}-DELETE"] = ["on"]
    saves_the_team = MicrosystemAdmin.save_related

    def meanwhile_the_other_lead_goes(self, request, form, formsets, change):
        saves_the_team(self, request, form, formsets, change)
        Membership.objects.filter(microsystem=unit, user__username="member").delete()

    monkeypatch.setattr(MicrosystemAdmin, "save_related", meanwhile_the_other_lead_goes)
    response = client.post(url, posted, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert REFUSED_AT_COMMIT in [str(message) for message in response.context["messages"]]
    assert leads_of(unit) == ["lead", "member"]


def a_session_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.slow
def test_two_leads_leaving_at_once_cannot_both_go(unit):
    """Each of two leads deletes their own membership in their own transaction; both
    checks run before either commits. The check locks the unit's row, so the second
    waits for the first to commit, then sees no lead left and is refused. Without the
    lock the second would still see the first's uncommitted lead and both would pass."""
    import threading
    import time

    Membership.objects.filter(microsystem=unit, user__username="member").update(role="lead")
    first_checked, first_may_commit = threading.Event(), threading.Event()
    refused = {}

    def leave(username: str, then) -> None:
        try:
            with transaction.atomic():
                Membership.objects.filter(user__username=username).delete()
                # The deferred check, run now as it would be at commit; what it locks
                # stays locked until this transaction ends.
                run_sql("SET CONSTRAINTS microsystems_membership_keeps_a_lead IMMEDIATE")
                then()
        except IntegrityError as error:
            refused[username] = error
        finally:
            connection.close()

    def hold_until_told() -> None:
        first_checked.set()
        first_may_commit.wait(timeout=20)

    first = threading.Thread(target=leave, args=("lead", hold_until_told))
    second = threading.Thread(target=leave, args=("member", lambda: None))
    first.start()
    assert first_checked.wait(timeout=10)
    second.start()
    deadline = time.monotonic() + 5
    while not a_session_waits_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    waited = a_session_waits_on_a_lock()
    first_may_commit.set()
    first.join(timeout=20)
    second.join(timeout=20)
    assert waited, "the second check did not wait for the first"
    assert list(refused) == ["member"]
    assert leads_of(unit) == ["member"]
