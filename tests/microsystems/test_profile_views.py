import pytest
from django.urls import reverse

from microsystems.forms.profile import DUPLICATE_NAME_MESSAGE, GRANULARITY_LOCKED_MESSAGE
from microsystems.models import Membership, Microsystem
from tests.support.factories import make_microsystem
from tests.support.fingerprints import fingerprint_on

PROFILE = {
    "name": "Westgate Library",
    "purpose": "Lending and study space.",
    "public_value_goal": "A free place to read and learn.",
    "people_served": "",
    "professionals": "",
    "processes": "",
    "patterns": "",
    "period_granularity": "month",
}


def test_manager_creates_a_microsystem_with_a_lead(client_for, users, organisation):
    response = client_for("manager").post(
        reverse("microsystems:create"),
        {**PROFILE, "organisation": organisation.pk, "lead": users["lead"].pk},
    )
    created = Microsystem.objects.get(name="Westgate Library")
    assert response.status_code == 302
    assert response.url == created.get_absolute_url()
    assert created.slug == "westgate-library"
    assert Membership.objects.get(microsystem=created).user == users["lead"]


def test_manager_cannot_create_in_an_organisation_they_do_not_manage(
    client_for, other_organisation
):
    response = client_for("manager").post(
        reverse("microsystems:create"), {**PROFILE, "organisation": other_organisation.pk}
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Microsystem.objects.filter(name="Westgate Library").exists()


def test_duplicate_name_in_one_organisation_is_refused_next_to_the_field(
    client_for, organisation, microsystem
):
    response = client_for("manager").post(
        reverse("microsystems:create"),
        {**PROFILE, "organisation": organisation.pk, "name": "eastfield library"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        DUPLICATE_NAME_MESSAGE.format(name="eastfield library")
    ]
    assert Microsystem.objects.count() == 1


def test_slug_is_numbered_when_taken(client_for, users, other_organisation, microsystem):
    response = client_for("admin").post(
        reverse("microsystems:create"),
        {**PROFILE, "organisation": other_organisation.pk, "name": "Eastfield Library"},
    )
    assert response.status_code == 302
    assert Microsystem.objects.filter(slug="eastfield-library-2").exists()


def test_lead_edits_the_profile(client_for, microsystem):
    url = reverse("microsystems:edit", args=[microsystem.slug])
    client = client_for("lead")
    opened = fingerprint_on(client, url)
    response = client.post(url, {**PROFILE, "name": "Eastfield Community Library", **opened})
    assert response.status_code == 302
    microsystem.refresh_from_db()
    assert microsystem.name == "Eastfield Community Library"
    assert microsystem.slug == "eastfield-library"  # bookmarks keep working


@pytest.mark.parametrize("persona", ["manager", "admin"])
def test_manager_and_admin_edit_the_profile(client_for, microsystem, persona):
    url = reverse("microsystems:edit", args=[microsystem.slug])
    client = client_for(persona)
    assert "Edit profile" in client.get(microsystem.get_absolute_url()).content.decode()
    opened = fingerprint_on(client, url)
    response = client.post(url, {**PROFILE, "purpose": "Lend books to all.", **opened})
    assert response.status_code == 302
    microsystem.refresh_from_db()
    assert microsystem.purpose == "Lend books to all."


def test_archived_profile_is_read_only_even_for_its_manager(client_for, microsystem):
    from django.utils import timezone

    microsystem.archived_at = timezone.now()
    microsystem.save()
    client = client_for("manager")
    url = reverse("microsystems:edit", args=[microsystem.slug])
    assert "Edit profile" not in client.get(microsystem.get_absolute_url()).content.decode()
    assert client.post(url, {**PROFILE, "name": "Changed"}).status_code == 403
    microsystem.refresh_from_db()
    assert microsystem.name == "Eastfield Library"


def test_rename_to_a_sibling_name_is_refused(client_for, organisation, microsystem):
    make_microsystem(organisation, "Westgate Library")
    url = reverse("microsystems:edit", args=[microsystem.slug])
    response = client_for("lead").post(url, PROFILE)
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert "already has a microsystem" in response.content.decode()


def test_missing_goal_is_reported_next_to_the_field(client_for, microsystem):
    url = reverse("microsystems:edit", args=[microsystem.slug])
    response = client_for("lead").post(url, {**PROFILE, "public_value_goal": ""})
    assert response.status_code == 200
    assert "public_value_goal" in response.context["form"].errors
    assert 'id="error_1_id_public_value_goal"' in response.content.decode() or (
        "is-invalid" in response.content.decode()
    )


def test_a_post_with_no_fields_is_validated_not_shown_as_a_blank_form(client_for, microsystem):
    # `request.POST or None` would take an empty POST for a GET and say nothing.
    url = reverse("microsystems:edit", args=[microsystem.slug])
    response = client_for("lead").post(url, {})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.is_bound and "public_value_goal" in form.errors
    assert Microsystem.objects.get(pk=microsystem.pk).name == microsystem.name


@pytest.mark.parametrize(
    "persona, status", [("member", 403), ("outsider", 404), ("other_manager", 404)]
)
def test_post_without_edit_rights_changes_nothing(client_for, microsystem, persona, status):
    url = reverse("microsystems:edit", args=[microsystem.slug])
    response = client_for(persona).post(url, {**PROFILE, "name": "Hijacked"})
    assert response.status_code == status
    microsystem.refresh_from_db()
    assert microsystem.name == "Eastfield Library"


def test_archive_asks_first_then_archives_and_restores(client_for, microsystem):
    client = client_for("manager")
    archive_url = reverse("microsystems:archive", args=[microsystem.slug])
    confirm = client.get(archive_url)
    assert confirm.status_code == 200
    assert "Archive microsystem" in confirm.content.decode()
    microsystem.refresh_from_db()
    assert not microsystem.is_archived

    assert client.post(archive_url).status_code == 302
    microsystem.refresh_from_db()
    assert microsystem.is_archived

    assert client.post(reverse("microsystems:restore", args=[microsystem.slug])).status_code == 302
    microsystem.refresh_from_db()
    assert not microsystem.is_archived


def test_lead_cannot_archive(client_for, microsystem):
    response = client_for("lead").post(reverse("microsystems:archive", args=[microsystem.slug]))
    assert response.status_code == 403
    microsystem.refresh_from_db()
    assert not microsystem.is_archived


def test_detail_shows_the_five_ps_and_the_team(client_for, microsystem):
    response = client_for("member").get(microsystem.get_absolute_url())
    body = response.content.decode()
    assert "The public value Eastfield Library adds." in body
    assert "Lead" in body and "Member" in body
    assert "Edit profile" not in body  # members only view


def test_unknown_microsystem_gets_the_site_404_page(client_for):
    response = client_for("lead").get("/microsystems/no-such-unit/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Skip to main content" in response.content.decode()


def test_granularity_is_locked_once_demand_is_recorded(client_for, microsystem, demand_type):
    import datetime as dt

    from microsystems.models import DemandObservation

    url = reverse("microsystems:edit", args=[microsystem.slug])
    client = client_for("lead")
    # No observations yet: the lead may still switch to weekly.
    weekly = {**PROFILE, "period_granularity": "week", **fingerprint_on(client, url)}
    assert client.post(url, weekly).status_code == 302
    DemandObservation.objects.create(
        demand_type=demand_type, period_start=dt.date(2026, 3, 2), volume=4
    )
    opened = fingerprint_on(client, url)
    response = client.post(url, {**PROFILE, "period_granularity": "month", **opened})
    assert response.context["form"].errors["period_granularity"] == [
        GRANULARITY_LOCKED_MESSAGE.format(figures="demand", current="weekly")
    ]
    microsystem.refresh_from_db()
    assert microsystem.period_granularity == "week"


def test_granularity_is_locked_once_measurements_are_recorded(client_for, microsystem, measure):
    import datetime as dt

    from valuation.models import Measurement

    url = reverse("microsystems:edit", args=[microsystem.slug])
    Measurement.objects.create(
        microsystem=microsystem, measure=measure, period_start=dt.date(2026, 3, 1), value=70
    )
    response = client_for("lead").post(url, {**PROFILE, "period_granularity": "week"})
    assert response.context["form"].errors["period_granularity"] == [
        GRANULARITY_LOCKED_MESSAGE.format(figures="measurements", current="monthly")
    ]
    microsystem.refresh_from_db()
    assert microsystem.period_granularity == "month"


def test_detail_shows_assessment_steps_with_progress(client_for, microsystem, activity):
    # The activity fixture brings one demand type, one staff role and one activity.
    response = client_for("lead").get(microsystem.get_absolute_url())
    steps = {step["label"]: step for step in response.context["progress"]}
    assert steps["List the demand types, value and failure"]["done"]
    assert steps["List the demand types, value and failure"]["detail"] == "1 demand type"
    assert not steps["Record demand over time"]["done"]
    assert steps["Record demand over time"]["detail"] == "0 figures recorded"
    assert steps["Add staff roles and their capacity"]["detail"] == "1 role"
    assert steps["Record activities, their costs and contribution"]["detail"] == "1 activity"
    assert steps["Describe the unit (the five Ps)"]["detail"] == "2 of 6 profile answers given"
    assert ": to do" in response.content.decode()  # not shown by colour alone


def test_later_apps_add_their_steps_in_dependency_order(
    client_for, microsystem, expectation, assessment
):
    from valuation.models import Assessment

    response = client_for("lead").get(microsystem.get_absolute_url())
    labels = [step["label"] for step in response.context["progress"]]
    assert labels[5:] == [
        "Name the stakeholders and what they expect",
        "Record the measures of public value",
        "Weigh and judge value with stakeholders, then submit",
    ]
    steps = {step["label"]: step for step in response.context["progress"]}
    stakeholders = steps["Name the stakeholders and what they expect"]
    assert (stakeholders["done"], stakeholders["detail"]) == (True, "1 group, 1 expectation")
    assessments = steps["Weigh and judge value with stakeholders, then submit"]
    assert (assessments["done"], assessments["detail"]) == (
        False,
        "1 assessment, 0 submitted or approved",
    )
    # Saved as the submit service saves it: the unit's version goes up, so the steps,
    # cached with the unit's reports, are counted again.
    assessment.status = Assessment.Status.SUBMITTED
    assessment.save(update_fields=["status"])
    response = client_for("lead").get(microsystem.get_absolute_url())
    steps = {step["label"]: step for step in response.context["progress"]}
    assert steps["Weigh and judge value with stakeholders, then submit"]["done"]


def test_create_form_refuses_a_lead_of_another_organisation(
    client_for, users, organisation, other_organisation
):
    response = client_for("manager").post(
        reverse("microsystems:create"),
        {**PROFILE, "organisation": organisation.pk, "lead": users["other_manager"].pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["lead"]
    assert not Membership.objects.filter(user=users["other_manager"]).exists()
