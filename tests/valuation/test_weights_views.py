"""The weights pages: the overview, points and pairwise entry, per persona and bad input."""

from decimal import Decimal

import pytest
from django.urls import reverse

from stakeholders.models import Stakeholder
from tests.support.accessibility import accessibility_problems
from tests.support.factories import make_microsystem
from tests.support.fingerprints import fingerprint_on
from valuation.analysis.weights import pairs
from valuation.forms.weights import pair_field_name, points_field_name
from valuation.models import (
    Assessment,
    DimensionWeight,
    StakeholderWeight,
    ValueDimension,
    not_draft_message,
)
from valuation.services.weights import weights_set_by_pairwise, weights_set_by_points


@pytest.fixture
def active(db) -> list[ValueDimension]:
    return list(ValueDimension.objects.active())


def overview_url(assessment) -> str:
    return reverse(
        "valuation:weights",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )


def entry_url(name: str, assessment, stakeholder) -> str:
    return reverse(
        f"valuation:{name}",
        kwargs={
            "slug": assessment.microsystem.slug,
            "assessment_id": assessment.pk,
            "stakeholder_id": stakeholder.pk,
        },
    )


def flipped_answers(active) -> list:
    """Consistent with 16 : 8 : 4 : 2 : 1 except Efficiency against Probity, flipped."""
    answers = []
    for first, second in pairs(active):
        ratio = 2 ** (active.index(second) - active.index(first))
        answers.append((first, second, min(ratio, 9)))
    answers[3] = (active[0], active[4], "1/9")
    return answers


# --- the overview -------------------------------------------------------------------------


def test_overview_lists_every_stakeholder_with_weights_method_and_warning(
    client_for, assessment, stakeholder, microsystem, active
):
    funders = Stakeholder.objects.create(
        microsystem=microsystem, name="Council finance", kind=Stakeholder.Kind.FUNDERS
    )
    Stakeholder.objects.create(microsystem=microsystem, name="Volunteers")
    weights_set_by_points(
        assessment=assessment,
        stakeholder=stakeholder,
        points=dict(zip(active, [10, 20, 30, 40, 0], strict=True)),
    )
    weights_set_by_pairwise(
        assessment=assessment, stakeholder=funders, answers=flipped_answers(active)
    )
    response = client_for("lead").get(overview_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert accessibility_problems(html) == []
    rows = {row.name: row for row in response.context["page"].rows}
    assert rows["Library users"].cells == ["10%", "20%", "30%", "40%", "0%"]
    assert rows["Library users"].method_label == "100 points allocated across dimensions"
    assert rows["Volunteers"].method_label == "Not entered yet"
    assert rows["Council finance"].inconsistent
    assert "2 of 3 stakeholders have weights." in html
    assert (
        "For Council finance, the comparison of Efficiency with Probity is the least "
        "consistent with the rest" in html
    )
    assert entry_url("weights_points", assessment, stakeholder) in html
    assert entry_url("weights_pairwise", assessment, funders) in html


def test_member_sees_the_weights_without_links_to_change_them(client_for, assessment, stakeholder):
    response = client_for("member").get(overview_url(assessment))
    assert response.status_code == 200
    assert entry_url("weights_points", assessment, stakeholder) not in response.content.decode()


def test_a_submitted_assessment_shows_its_weights_as_a_record(client_for, assessment, stakeholder):
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    html = client_for("lead").get(overview_url(assessment)).content.decode()
    assert "This assessment is submitted, so its weights are a record" in html
    assert entry_url("weights_points", assessment, stakeholder) not in html


def test_without_stakeholders_the_page_says_to_record_them_first(
    client_for, assessment, microsystem
):
    html = client_for("lead").get(overview_url(assessment)).content.decode()
    assert "No stakeholders yet" in html
    assert reverse("stakeholders:list", kwargs={"slug": microsystem.slug}) in html
    assert accessibility_problems(html) == []


# --- points -------------------------------------------------------------------------------


def test_lead_allocates_points_and_sees_them_saved(client_for, assessment, stakeholder, active):
    url = entry_url("weights_points", assessment, stakeholder)
    page = client_for("lead").get(url)
    html = page.content.decode()
    assert accessibility_problems(html) == []
    assert 'aria-live="polite"' in html and "js/points-total.js" in html
    assert "Total: <strong>0</strong> of 100 points." in html

    data = {points_field_name(d): v for d, v in zip(active, [40, 30, 10, 20, ""], strict=True)}
    data.update(fingerprint_on(client_for("lead"), url))
    response = client_for("lead").post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == overview_url(assessment)
    assert "Saved the weights of Library users from their 100 points." in (
        response.content.decode()
    )
    header = StakeholderWeight.objects.get(assessment=assessment, stakeholder=stakeholder)
    assert header.method == "points"
    assert sorted(
        DimensionWeight.objects.filter(stakeholder_weight=header).values_list("weight", flat=True)
    ) == [Decimal(v) for v in ["0", "0.1", "0.2", "0.3", "0.4"]]


def test_points_not_adding_up_are_refused_with_the_total_and_nothing_saved(
    client_for, assessment, stakeholder, active
):
    url = entry_url("weights_points", assessment, stakeholder)
    data = {points_field_name(d): v for d, v in zip(active, [40, 30, 10, 0, 0], strict=True)}
    response = client_for("lead").post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert "The points add up to 80, not 100. Add 20 more" in html
    assert "Total: <strong>80</strong> of 100 points." in html
    assert accessibility_problems(html) == []
    assert not StakeholderWeight.objects.exists()


def test_a_posted_retired_dimension_is_refused(client_for, assessment, stakeholder, active):
    retired = ValueDimension.objects.create(
        name="Openness", slug="openness", description="Old.", active=False
    )
    data = {points_field_name(d): v for d, v in zip(active, [100, 0, 0, 0, 0], strict=True)}
    data[points_field_name(retired)] = "0"
    response = client_for("lead").post(entry_url("weights_points", assessment, stakeholder), data)
    assert response.status_code == 200
    assert "Openness is retired, so it takes no new weights or judgements." in (
        response.content.decode()
    )
    assert not StakeholderWeight.objects.exists()


# --- pairwise ------------------------------------------------------------------------------


def test_pairwise_answers_are_saved_and_the_warning_shown(
    client_for, assessment, stakeholder, active
):
    url = entry_url("weights_pairwise", assessment, stakeholder)
    html = client_for("lead").get(url).content.decode()
    assert accessibility_problems(html) == []
    assert "For Library users, which matters more: Efficiency or Effectiveness" in html
    assert html.count("<select") == 10

    data = {
        pair_field_name(first, second): str(value)
        for first, second, value in flipped_answers(active)
    }
    data.update(fingerprint_on(client_for("lead"), url))
    response = client_for("lead").post(url, data, follow=True)
    html = response.content.decode()
    header = StakeholderWeight.objects.get(assessment=assessment, stakeholder=stakeholder)
    assert header.method == "pairwise"
    assert header.consistency_ratio > 0.10
    assert (
        f"Saved the weights of Library users from their pairwise comparisons. "
        f"Consistency ratio {header.consistency_ratio:.2f}: above 0.10, see the warning." in html
    )
    assert "For Library users, the comparison of Efficiency with Probity" in html

    # Back on the form: the answers as saved, and the warning again.
    html = client_for("lead").get(url).content.decode()
    assert '<option value="1/9" selected>' in html
    assert "the least consistent with the rest" in html


def test_consistent_pairwise_answers_say_so(client_for, assessment, stakeholder, active):
    url = entry_url("weights_pairwise", assessment, stakeholder)
    data = {pair_field_name(a, b): "1" for a, b in pairs(active)}
    data.update(fingerprint_on(client_for("lead"), url))
    response = client_for("lead").post(url, data, follow=True)
    assert "Consistency ratio 0.00: consistent enough (0.10 or below)." in (
        response.content.decode()
    )


def test_an_answer_off_the_scale_is_refused(client_for, assessment, stakeholder, active):
    data = {pair_field_name(a, b): "1" for a, b in pairs(active)}
    data[pair_field_name(active[0], active[1])] = "10"
    response = client_for("lead").post(entry_url("weights_pairwise", assessment, stakeholder), data)
    assert response.status_code == 200
    assert "“10” is not on the scale." in response.content.decode()
    assert not StakeholderWeight.objects.exists()


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["weights_points", "weights_pairwise"])
def test_a_stakeholder_of_another_microsystem_is_not_found(
    client_for, assessment, organisation, name
):
    elsewhere = make_microsystem(organisation, "Westfield Library")
    theirs = Stakeholder.objects.create(microsystem=elsewhere, name="Westfield readers")
    client = client_for("lead")
    assert client.get(entry_url(name, assessment, theirs)).status_code == 404
    assert client.post(entry_url(name, assessment, theirs), {}).status_code == 404


@pytest.mark.parametrize("name", ["weights_points", "weights_pairwise"])
@pytest.mark.parametrize("status", [Assessment.Status.SUBMITTED, Assessment.Status.APPROVED])
def test_an_assessment_that_is_not_a_draft_cannot_be_changed(
    client_for, assessment, stakeholder, active, name, status
):
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment_page = reverse(
        "valuation:assessment",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )
    client = client_for("lead")
    url = entry_url(name, assessment, stakeholder)
    assert client.get(url).url == assessment_page
    data = {points_field_name(d): v for d, v in zip(active, [100, 0, 0, 0, 0], strict=True)}
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == assessment_page
    messages = [str(m) for m in response.wsgi_request._messages]
    assert set(messages) == {not_draft_message(status.label.lower())}
    assert not StakeholderWeight.objects.exists()
