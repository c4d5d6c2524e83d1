"""The judgement pages: who judged what, the dimension form and the activity grid."""

import html as html_module

import pytest
from django.urls import reverse

from microsystems.models import Activity
from stakeholders.models import Stakeholder
from tests.support.accessibility import accessibility_problems
from tests.support.factories import make_microsystem
from tests.support.fingerprints import fingerprint_on
from valuation.forms.judgements import rationale_field, score_field
from valuation.models import Assessment, Judgement, ValueDimension, not_draft_message
from valuation.services.judgements import (
    JudgementInput,
    activity_judgements_replace,
    dimension_judgements_replace,
)


@pytest.fixture
def active(db) -> list[ValueDimension]:
    return list(ValueDimension.objects.active())


def overview_url(assessment) -> str:
    return reverse(
        "valuation:judgements",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )


def edit_url(name: str, assessment, stakeholder) -> str:
    return reverse(
        f"valuation:{name}",
        kwargs={
            "slug": assessment.microsystem.slug,
            "assessment_id": assessment.pk,
            "stakeholder_id": stakeholder.pk,
        },
    )


def test_overview_shows_who_judged_what_with_the_reasons(
    client_for, assessment, stakeholder, microsystem, activity, active, users
):
    funders = Stakeholder.objects.create(microsystem=microsystem, name="Council finance")
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(active[3], 9, "Free for everyone, whatever their income.")],
        recorded_by=users["lead"],
    )
    activity_judgements_replace(
        assessment=assessment,
        stakeholder=funders,
        judgements=[
            JudgementInput(active[0], 4, "Costly for what it does.", activity),
            JudgementInput(active[3], 6, "Costly for what it does.", activity),
        ],
    )
    response = client_for("manager").get(overview_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert accessibility_problems(html) == []
    rows = {row.name: row for row in response.context["page"].rows}
    assert rows["Library users"].cells == ["—", "—", "—", "9", "—"]
    assert rows["Council finance"].cells == ["—"] * 5
    assert "Free for everyone, whatever their income." in html
    assert "Recorded by: Lead" in html
    assert "Lending and returns: Efficiency 4, Equity 6" in html
    assert "1 of 1" in html  # activities judged by Council finance
    # A manager views; only leads and admins of a draft get the links to change.
    assert edit_url("judgements_edit", assessment, stakeholder) not in html


def test_lead_sees_links_to_judge_and_an_empty_state_without_stakeholders(
    client_for, assessment, microsystem
):
    html = client_for("lead").get(overview_url(assessment)).content.decode()
    assert "No stakeholders yet" in html
    assert reverse("stakeholders:list", kwargs={"slug": microsystem.slug}) in html
    group = Stakeholder.objects.create(microsystem=microsystem, name="Library users")
    html = client_for("lead").get(overview_url(assessment)).content.decode()
    assert "No judgements yet." in html
    assert edit_url("judgements_edit", assessment, group) in html
    assert edit_url("activity_judgements_edit", assessment, group) in html


def test_score_rows_cached_for_one_person_show_each_their_own_links(
    client_for, assessment, stakeholder
):
    """The table of scores is rendered once with the cached report, in both versions: a
    lead's view leaves no links to change for the manager who views next, nor the reverse."""
    link = edit_url("judgements_edit", assessment, stakeholder)
    assert link in client_for("lead").get(overview_url(assessment)).content.decode()
    assert link not in client_for("manager").get(overview_url(assessment)).content.decode()
    assert link in client_for("lead").get(overview_url(assessment)).content.decode()


# --- the dimension form ---------------------------------------------------------------------


def test_lead_judges_every_dimension_on_one_page(
    client_for, assessment, stakeholder, active, users
):
    url = edit_url("judgements_edit", assessment, stakeholder)
    html = client_for("lead").get(url).content.decode()
    assert accessibility_problems(html) == []
    assert html.count('type="number"') == 5
    data = {
        score_field(active[3]): "8",
        rationale_field(active[3]): "Open to all, free.",
        score_field(active[0]): "3",
        rationale_field(active[0]): "Queues for the computers every morning.",
        **fingerprint_on(client_for("lead"), url),
    }
    response = client_for("lead").post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == overview_url(assessment)
    assert "Saved the judgements of Library users: 2 scores of dimensions." in (
        response.content.decode()
    )
    assert set(
        Judgement.objects.values_list("dimension__slug", "score", "rationale", "recorded_by")
    ) == {
        ("equity", 8, "Open to all, free.", users["lead"].pk),
        ("efficiency", 3, "Queues for the computers every morning.", users["lead"].pk),
    }


@pytest.mark.parametrize(
    "score, rationale, message",
    [
        ("11", "Too high.", "A score is a whole number from 0 to 10."),
        ("eight", "Words.", "Enter a whole number from 0 to 10, or leave it empty"),
        ("8", "", "Say why: every score needs a written rationale."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_saved(
    client_for, assessment, stakeholder, active, score, rationale, message
):
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(active[4], 7, "Honest.")],
    )
    data = {
        score_field(active[4]): "2",
        rationale_field(active[4]): "Changed our mind.",
        score_field(active[3]): score,
        rationale_field(active[3]): rationale,
    }
    response = client_for("lead").post(edit_url("judgements_edit", assessment, stakeholder), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert accessibility_problems(html) == []
    assert list(Judgement.objects.values_list("score", "rationale")) == [(7, "Honest.")]


# --- the activity grid -----------------------------------------------------------------------


def test_lead_judges_activities_in_a_grid(client_for, assessment, stakeholder, activity, active):
    url = edit_url("activity_judgements_edit", assessment, stakeholder)
    html = client_for("lead").get(url).content.decode()
    assert accessibility_problems(html) == []
    assert "Lending and returns: contribution to Equity, 0 to 10" in html
    data = {
        score_field(active[1], activity): "9",
        score_field(active[3], activity): "10",
        rationale_field(activity): "Free books for people who cannot buy them.",
        **fingerprint_on(client_for("lead"), url),
    }
    response = client_for("lead").post(url, data, follow=True)
    assert "Saved the judgements of Library users: 2 scores of activities' contributions." in (
        html_module.unescape(response.content.decode())
    )
    assert set(Judgement.objects.values_list("activity", "dimension__slug", "score")) == {
        (activity.pk, "effectiveness", 9),
        (activity.pk, "equity", 10),
    }
    assert set(Judgement.objects.values_list("rationale", flat=True)) == {
        "Free books for people who cannot buy them."
    }


def test_a_scored_row_without_a_reason_is_refused(
    client_for, assessment, stakeholder, activity, active
):
    url = edit_url("activity_judgements_edit", assessment, stakeholder)
    response = client_for("lead").post(url, {score_field(active[0], activity): "4"})
    assert response.status_code == 200
    assert (
        "Say why: a rationale is required when any score for Lending and returns is given."
        in response.content.decode()
    )
    assert not Judgement.objects.exists()


def test_without_activities_the_grid_says_to_list_them_first(
    client_for, assessment, stakeholder, microsystem
):
    html = (
        client_for("lead")
        .get(edit_url("activity_judgements_edit", assessment, stakeholder))
        .content.decode()
    )
    assert "No activities yet" in html
    assert reverse("microsystems:activities", kwargs={"slug": microsystem.slug}) in html


def test_another_microsystems_activity_is_refused(
    client_for, assessment, stakeholder, activity, active, organisation
):
    elsewhere = make_microsystem(organisation, "Westfield Library")
    theirs = Activity.objects.create(
        microsystem=elsewhere, name="Mobile library", contribution="Reaches villages."
    )
    data = {score_field(active[0], theirs): "5", rationale_field(theirs): "Not ours."}
    response = client_for("lead").post(
        edit_url("activity_judgements_edit", assessment, stakeholder), data
    )
    assert response.status_code == 200
    assert f"Activity number {theirs.pk} is not one of this microsystem" in (
        response.content.decode()
    )
    assert not Judgement.objects.exists()


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["judgements_edit", "activity_judgements_edit"])
def test_a_stakeholder_of_another_microsystem_is_not_found(
    client_for, assessment, organisation, name
):
    elsewhere = make_microsystem(organisation, "Westfield Library")
    theirs = Stakeholder.objects.create(microsystem=elsewhere, name="Westfield readers")
    client = client_for("admin")
    assert client.get(edit_url(name, assessment, theirs)).status_code == 404
    assert client.post(edit_url(name, assessment, theirs), {}).status_code == 404


@pytest.mark.parametrize("name", ["judgements_edit", "activity_judgements_edit"])
def test_an_approved_assessment_cannot_be_judged_again(
    client_for, assessment, stakeholder, activity, active, name
):
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.APPROVED)
    data = {
        score_field(active[0]): "5",
        rationale_field(active[0]): "Fine.",
        score_field(active[0], activity): "5",
        rationale_field(activity): "Fine.",
    }
    response = client_for("lead").post(edit_url(name, assessment, stakeholder), data)
    assert response.status_code == 302
    assert response.url == reverse(
        "valuation:assessment",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )
    messages = [str(message) for message in response.wsgi_request._messages]
    assert messages == [not_draft_message("approved")]
    assert not Judgement.objects.exists()
