"""A manager's review (approve, or return with a comment) and the queue of assessments to review."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.support.factories import make_microsystem
from valuation.models import Assessment
from valuation.services.assessments import NOT_SUBMITTED_FOR_REVIEW, RETURN_NEEDS_COMMENT


def review_url(assessment: Assessment) -> str:
    return reverse("valuation:assessment_review", args=[assessment.microsystem.slug, assessment.pk])


def page_text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


@pytest.fixture
def submitted(assessment, users) -> Assessment:
    Assessment.objects.filter(pk=assessment.pk).update(
        status="submitted",
        submitted_by=users["lead"],
        submitted_at=dt.datetime(2026, 1, 6, 9, tzinfo=dt.UTC),
    )
    assessment.refresh_from_db()
    return assessment


def test_the_review_page_shows_the_submission_and_the_checklist(client_for, submitted, stakeholder):
    response = client_for("manager").get(review_url(submitted))
    assert response.status_code == 200
    text = page_text(response)
    assert "Submitted by Lead on 6 Jan 2026" in text
    assert "Without weights: Library users." in text
    assert "Record the decision" in text


def test_approving(client_for, submitted, users):
    response = client_for("manager").post(
        review_url(submitted), {"decision": "approve", "comment": "Well argued."}
    )
    assert response.status_code == 302
    assert response.url == reverse("valuation:review_queue")
    submitted.refresh_from_db()
    assert submitted.status == "approved"
    assert (submitted.reviewed_by, submitted.review_comment) == (users["manager"], "Well argued.")
    assert submitted.reviewed_at is not None


def test_returning_with_a_comment(client_for, submitted, users):
    response = client_for("admin").post(
        review_url(submitted), {"decision": "return", "comment": "Ask the funders too."}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == ("draft", users["admin"])
    assert submitted.review_comment == "Ask the funders too."


def test_returning_without_a_comment_is_refused_next_to_the_field(client_for, submitted):
    response = client_for("manager").post(
        review_url(submitted), {"decision": "return", "comment": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["comment"] == [RETURN_NEEDS_COMMENT]
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.reviewed_at is None


def test_a_missing_decision_is_refused(client_for, submitted):
    response = client_for("manager").post(review_url(submitted), {"comment": "Hmm"})
    assert response.status_code == 200 and "decision" in response.context["form"].errors
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize("status", ["draft", "approved"])
def test_an_assessment_that_is_not_submitted_has_nothing_to_review(client_for, assessment, status):
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    client = client_for("manager")
    response = client.get(review_url(assessment))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "nothing to review" in page_text(response)
    assert "Record the decision" not in page_text(response)

    response = client.post(review_url(assessment), {"decision": "approve"}, follow=True)
    assert NOT_SUBMITTED_FOR_REVIEW.format(status=status) in [
        str(message) for message in response.context["messages"]
    ]
    assessment.refresh_from_db()
    assert assessment.status == status and assessment.reviewed_at is None


@pytest.mark.parametrize(
    "persona, status", [("lead", 403), ("member", 403), ("other_manager", 404)]
)
def test_only_managers_and_admins_review(client_for, submitted, persona, status):
    client = client_for(persona)
    assert client.get(review_url(submitted)).status_code == status
    assert client.post(review_url(submitted), {"decision": "approve"}).status_code == status
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


# ---------------------------------------------------------------- the queue


def test_the_queue_lists_submitted_assessments_with_a_review_link(
    client_for, submitted, organisation, other_organisation
):
    elsewhere = Assessment.objects.create(
        microsystem=make_microsystem(other_organisation, "Southgate Library"),
        period_label="2026 Q3",
        start_date=dt.date(2026, 7, 1),
        end_date=dt.date(2026, 9, 30),
        status="submitted",
    )
    response = client_for("manager").get(reverse("valuation:review_queue"))
    assert response.status_code == 200
    assert [a.pk for a in response.context["assessments"]] == [submitted.pk]
    text = page_text(response)
    assert review_url(submitted) in text and review_url(elsewhere) not in text
    assert "Eastfield Library" in text and "Lead" in text and "6 Jan 2026" in text


def test_a_manager_with_nothing_waiting_sees_an_empty_state(client_for, assessment):
    text = page_text(client_for("manager").get(reverse("valuation:review_queue")))
    assert "Nothing to review" in text


def test_a_team_leader_sees_that_reviewing_is_for_managers(client_for, submitted):
    response = client_for("lead").get(reverse("valuation:review_queue"))
    assert response.context["assessments"] == []
    assert "Reviewing is for managers" in page_text(response)


# ---------------------------------------------------------------- fixed query counts


def queries_for(client, address) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries.captured_queries)


def test_a_managers_queue_and_review_page_keep_their_query_counts(
    client_for, submitted, microsystem
):
    from tests.support.assessments import grow_assessments

    client = client_for("manager")
    pages = [reverse("valuation:review_queue"), review_url(submitted)]
    client.get(pages[0])  # warm the session
    small = [queries_for(client, page) for page in pages]
    for number in range(12):
        make_microsystem(microsystem.organisation, f"Neighbour {number}")
    grow_assessments(microsystem)
    assert len(client.get(pages[0]).context["assessments"]) == 13
    # Session, user, the queue, the navigation's manager check; the review page
    # also loads the assessment with its unit, its people and the four checklist reads,
    # and asks the manager check in the query that loads them.
    assert [queries_for(client, page) for page in pages] == small == [4, 8]


# ---------------------------------------------------------------- an archived microsystem


def test_an_archived_microsystems_assessment_is_not_offered_for_review(
    client_for, submitted, microsystem
):
    from django.utils import timezone

    from valuation.services.assessments import ARCHIVED

    microsystem.archived_at = timezone.now()
    microsystem.save()
    client = client_for("manager")
    assert client.get(reverse("valuation:review_queue")).context["assessments"] == []
    response = client.get(review_url(submitted))
    assert response.status_code == 200 and response.context["form"] is None
    text = page_text(response)
    assert "Record the decision" not in text and "was approved" not in text
    assert ARCHIVED.format(name="Eastfield Library") in text
    list_page = client.get(reverse("valuation:assessments", args=[microsystem.slug]))
    assert review_url(submitted) not in page_text(list_page)


@pytest.mark.parametrize("decision", ["approve", "return"])
def test_a_crafted_review_of_an_archived_microsystems_assessment_is_refused(
    client_for, submitted, microsystem, decision
):
    from django.utils import timezone

    from valuation.services.assessments import ARCHIVED

    microsystem.archived_at = timezone.now()
    microsystem.save()
    response = client_for("manager").post(
        review_url(submitted), {"decision": decision, "comment": "Crafted."}, follow=True
    )
    assert response.status_code == 200
    assert ARCHIVED.format(name="Eastfield Library") in [
        str(message) for message in response.context["messages"]
    ]
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.reviewed_at is None


# ---------------------------------------------------------------- a period not yet ended


@pytest.fixture
def submitted_open_period(microsystem, users) -> Assessment:
    """Submitted, covering a period that runs well past today (the page's today)."""
    from django.utils import timezone

    today = timezone.localdate()
    return Assessment.objects.create(
        microsystem=microsystem,
        period_label="Running",
        start_date=today.replace(day=1),
        end_date=today + dt.timedelta(days=365),
        status="submitted",
        submitted_by=users["lead"],
        submitted_at=dt.datetime(2026, 1, 6, 9, tzinfo=dt.UTC),
    )


def test_approving_a_period_not_yet_ended_without_the_box_is_refused(
    client_for, submitted_open_period
):
    from valuation.services.assessments import PERIOD_NOT_ENDED

    page = page_text(client_for("manager").get(review_url(submitted_open_period)))
    assert "I approve it before its period has ended" in page
    assert "The period runs until" in page
    response = client_for("manager").post(
        review_url(submitted_open_period), {"decision": "approve", "comment": "Fine."}
    )
    assert response.status_code == 200
    end = submitted_open_period.end_date
    assert PERIOD_NOT_ENDED.format(end=f"{end.day} {end:%B %Y}") in page_text(response)
    submitted_open_period.refresh_from_db()
    assert submitted_open_period.status == "submitted"
    assert submitted_open_period.reviewed_by is None


def test_approving_a_period_not_yet_ended_with_the_box_ticked(
    client_for, submitted_open_period, users
):
    response = client_for("manager").post(
        review_url(submitted_open_period),
        {"decision": "approve", "comment": "Fine.", "confirm_period_not_ended": "on"},
    )
    assert response.status_code == 302
    submitted_open_period.refresh_from_db()
    assert (submitted_open_period.status, submitted_open_period.reviewed_by) == (
        "approved",
        users["manager"],
    )


def test_returning_a_period_not_yet_ended_needs_no_box(client_for, submitted_open_period):
    response = client_for("manager").post(
        review_url(submitted_open_period), {"decision": "return", "comment": "Wait for March."}
    )
    assert response.status_code == 302
    submitted_open_period.refresh_from_db()
    assert submitted_open_period.status == "draft"


def test_an_ended_period_shows_no_box(client_for, submitted):
    assert "I approve it before its period has ended" not in page_text(
        client_for("manager").get(review_url(submitted))
    )
