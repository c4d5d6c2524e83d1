import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from microsystems.permissions import (
    get_microsystem_for_user,
    organisations_user_can_create_in,
    visible_microsystems,
)


@pytest.mark.parametrize(
    "persona, can_edit, can_manage, can_edit_profile, label",
    [
        ("member", False, False, False, "Member"),
        ("lead", True, False, True, "Team leader"),
        ("manager", False, True, True, "Manager"),
        ("admin", True, True, True, "Admin"),
    ],
)
def test_access_of_each_viewer(
    users, microsystem, persona, can_edit, can_manage, can_edit_profile, label
):
    loaded = get_microsystem_for_user(users[persona], microsystem.slug)
    assert loaded.access.can_view
    assert loaded.access.can_edit_profile is can_edit_profile
    assert loaded.access.can_edit is can_edit
    assert loaded.access.can_manage is can_manage
    assert loaded.access.role_label == label


@pytest.mark.parametrize("persona", ["outsider", "other_manager"])
def test_strangers_get_404(users, microsystem, persona):
    with pytest.raises(Http404):
        get_microsystem_for_user(users[persona], microsystem.slug)


@pytest.mark.parametrize("persona", ["member", "manager"])
def test_readers_asking_to_write_get_403(users, microsystem, persona):
    with pytest.raises(PermissionDenied):
        get_microsystem_for_user(users[persona], microsystem.slug, write=True)


def test_archived_microsystem_is_read_only_even_for_its_lead(users, microsystem):
    from django.utils import timezone

    microsystem.archived_at = timezone.now()
    microsystem.save()
    loaded = get_microsystem_for_user(users["lead"], microsystem.slug)
    assert loaded.access.can_view and not loaded.access.can_edit
    with pytest.raises(PermissionDenied):
        get_microsystem_for_user(users["lead"], microsystem.slug, write=True)


def test_inactive_user_sees_nothing(users, microsystem):
    lead = users["lead"]
    lead.is_active = False
    lead.save()
    assert not visible_microsystems(lead).exists()


def test_visible_microsystems_do_not_repeat_rows(users, microsystem):
    # The lead is also made a manager: one row, not two.
    microsystem.organisation.managers.add(users["lead"])
    assert list(visible_microsystems(users["lead"])) == [microsystem]


def test_who_may_create_where(users, organisation, other_organisation):
    assert list(organisations_user_can_create_in(users["manager"])) == [organisation]
    assert list(organisations_user_can_create_in(users["other_manager"])) == [other_organisation]
    assert not organisations_user_can_create_in(users["lead"]).exists()
    assert set(organisations_user_can_create_in(users["admin"])) == {
        organisation,
        other_organisation,
    }
