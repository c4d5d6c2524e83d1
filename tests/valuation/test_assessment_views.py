"""The assessment pages: list, start, settings, delete and submit."""

import datetime as dt

import pytest
from django.urls import reverse

from core.concurrency import EDIT_CONFLICT, FINGERPRINT_FIELD
from microsystems.models import Microsystem
from valuation.models import (
    NOT_DRAFT_MESSAGE,
    OVERLAP_MESSAGE,
    Assessment,
    Judgement,
    ValueDimension,
)
from valuation.services.assessments import ALREADY_SUBMITTED


def url(name: str, assessment: Assessment | None = None, microsystem=None) -> str:
    if assessment is None:
        return reverse(f"valuation:{name}", args=[microsystem.slug])
    return reverse(f"valuation:{name}", args=[assessment.microsystem.slug, assessment.pk])


def page_text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def set_status(assessment: Assessment, status: str, **extra) -> Assessment:
    Assessment.objects.filter(pk=assessment.pk).update(status=status, **extra)
    assessment.refresh_from_db()
    return assessment


NEW_QUARTER = {
    "period_label": "2026 Q1",
    "start_date": "2026-01-01",
    "end_date": "2026-03-31",
    "judgement_share": "0.5",
}


# ---------------------------------------------------------------- list


def test_the_list_shows_each_assessment_newest_first_with_its_status(
    client_for, microsystem, assessment, users
):
    Assessment.objects.create(
        microsystem=microsystem,
        period_label="2026 Q1",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 3, 31),
        status="submitted",
        submitted_by=users["lead"],
        submitted_at=dt.datetime(2026, 4, 3, 9, 30, tzinfo=dt.UTC),
    )
    response = client_for("member").get(url("assessments", microsystem=microsystem))
    assert response.status_code == 200
    labels = [a.period_label for a in response.context["assessments"]]
    assert labels == ["2026 Q1", "2025"]
    text = page_text(response)
    assert "Submitted, awaiting review" in text and "Draft" in text
    assert "Lead" in text and "3 Apr 2026" in text
    # A member sees no editing links.
    assert "Start an assessment" not in text
    assert url("assessment_delete", assessment) not in text


def test_the_lead_sees_actions_and_the_manager_a_review_link(client_for, microsystem, assessment):
    text = page_text(client_for("lead").get(url("assessments", microsystem=microsystem)))
    assert "Start an assessment" in text
    for name in ("assessment_edit", "voices", "assessment_submit", "assessment_delete"):
        assert url(name, assessment) in text
    set_status(assessment, "submitted")
    text = page_text(client_for("manager").get(url("assessments", microsystem=microsystem)))
    assert url("assessment_review", assessment) in text
    assert url("assessment_edit", assessment) not in text


def test_the_empty_list_explains_what_an_assessment_is(client_for, microsystem):
    response = client_for("lead").get(url("assessments", microsystem=microsystem))
    text = page_text(response)
    assert "No assessments yet" in text
    for step in ("stakeholders", "weights", "judgements", "measurements", "Submit"):
        assert step in text
    assert "Start the first assessment" in text


def test_an_archived_microsystem_lists_but_offers_no_start(client_for, microsystem, assessment):
    Microsystem.objects.filter(pk=microsystem.pk).update(archived_at=dt.datetime.now(dt.UTC))
    client = client_for("lead")
    text = page_text(client.get(url("assessments", microsystem=microsystem)))
    assert "2025" in text and "Start an assessment" not in text
    assert client.get(url("assessment_create", microsystem=microsystem)).status_code == 403
    response = client.post(url("assessment_create", microsystem=microsystem), NEW_QUARTER)
    assert response.status_code == 403
    assert Assessment.objects.count() == 1


# ---------------------------------------------------------------- start


def test_the_start_page_suggests_the_next_quarter(client_for, microsystem, assessment):
    response = client_for("lead").get(url("assessment_create", microsystem=microsystem))
    form = response.context["form"]
    assert form.initial["period_label"] == "2026 Q1"
    assert 'value="2026-01-01"' in page_text(response)


def test_starting_an_assessment(client_for, microsystem, users):
    response = client_for("lead").post(
        url("assessment_create", microsystem=microsystem), NEW_QUARTER
    )
    assert response.status_code == 302
    created = Assessment.objects.get()
    assert (created.period_label, created.status, created.created_by) == (
        "2026 Q1",
        "draft",
        users["lead"],
    )


def test_an_overlap_is_refused_next_to_the_field_naming_the_other(
    client_for, microsystem, assessment
):
    response = client_for("lead").post(
        url("assessment_create", microsystem=microsystem),
        {**NEW_QUARTER, "start_date": "2025-12-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"] == [OVERLAP_MESSAGE.format(other="2025")]
    assert "overlaps another assessment of the same microsystem (2025)" in page_text(response)
    assert Assessment.objects.count() == 1


# ---------------------------------------------------------------- settings


def opened_fields(client, address) -> dict:
    form = client.get(address).context["form"]
    values = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in values.items()}


def test_changing_the_settings_of_a_draft(client_for, assessment):
    client = client_for("lead")
    address = url("assessment_edit", assessment)
    posted = {**opened_fields(client, address), "judgement_share": "0.75", "period_label": "Y25"}
    response = client.post(address, posted)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.period_label, str(assessment.judgement_share)) == ("Y25", "0.75")


def test_two_people_never_silently_overwrite_the_settings(client_for, assessment):
    client = client_for("lead")
    address = url("assessment_edit", assessment)
    posted = {**opened_fields(client, address), "period_label": "Mine"}
    Assessment.objects.filter(pk=assessment.pk).update(period_label="Theirs")

    response = client.post(address, posted)
    assert response.status_code == 200
    assert EDIT_CONFLICT.format(what="assessment") in response.context["form"].non_field_errors()
    assessment.refresh_from_db()
    assert assessment.period_label == "Theirs"
    refreshed = response.context["form"].data[FINGERPRINT_FIELD]
    assert client.post(address, {**posted, FINGERPRINT_FIELD: refreshed}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.period_label == "Mine"


@pytest.mark.parametrize("name", ["assessment_edit", "assessment_delete", "voices"])
@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_pages_that_change_an_assessment_refuse_once_submitted(
    client_for, assessment, name, status
):
    set_status(assessment, status)
    client = client_for("lead")
    for method in (client.get, client.post):
        response = method(url(name, assessment), follow=True)
        assert NOT_DRAFT_MESSAGE.format(status=status) in messages_of(response)
    assert Assessment.objects.filter(pk=assessment.pk, status=status).exists()


# ---------------------------------------------------------------- delete


def test_the_delete_page_says_what_goes_with_it(client_for, assessment, stakeholder):
    for slug in ("equity", "probity"):
        Judgement.objects.create(
            assessment=assessment,
            stakeholder=stakeholder,
            dimension=ValueDimension.objects.get(slug=slug),
            score=5,
            rationale="Why.",
        )
    response = client_for("lead").get(url("assessment_delete", assessment))
    text = page_text(response)
    assert "2 judgements, with their rationales" in text
    assert "Dimension weights of 0 stakeholders" in text
    assert "No voice weights" in text
    assert Assessment.objects.count() == 1


def test_deleting_a_draft(client_for, assessment, microsystem):
    response = client_for("lead").post(url("assessment_delete", assessment))
    assert response.status_code == 302
    assert response.url == url("assessments", microsystem=microsystem)
    assert not Assessment.objects.exists()


# ---------------------------------------------------------------- submit


def test_the_submit_page_shows_what_is_missing_as_warnings(client_for, assessment, stakeholder):
    response = client_for("lead").get(url("assessment_submit", assessment))
    assert response.status_code == 200
    text = page_text(response)
    assert "Without weights: Library users." in text
    assert "Missing" in text and "Submit for review" in text
    assert "do not stop you submitting" in text


def test_submitting_a_draft(client_for, assessment, users):
    response = client_for("lead").post(url("assessment_submit", assessment))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.submitted_by) == ("submitted", users["lead"])


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_the_submit_page_of_a_submitted_assessment_explains_instead(
    client_for, assessment, users, status
):
    set_status(
        assessment,
        status,
        submitted_by=users["lead"],
        submitted_at=dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC),
        reviewed_by=users["manager"] if status == "approved" else None,
        reviewed_at=dt.datetime(2026, 1, 9, 10, tzinfo=dt.UTC) if status == "approved" else None,
    )
    response = client_for("lead").get(url("assessment_submit", assessment))
    assert response.status_code == 200
    text = page_text(response)
    assert "Submit for review" not in text and "<form" not in text.split("</header>")[1]
    if status == "submitted":
        assert "waiting for a manager's review" in text and "5 Jan 2026" in text
    else:
        assert "approved by Manager on 9 Jan 2026" in text


def test_submitting_twice_is_refused_with_a_message(client_for, assessment):
    client = client_for("lead")
    client.post(url("assessment_submit", assessment))
    before = Assessment.objects.values().get(pk=assessment.pk)
    response = client.post(url("assessment_submit", assessment), follow=True)
    assert ALREADY_SUBMITTED in messages_of(response)
    assert Assessment.objects.values().get(pk=assessment.pk) == before
