"""An assessment's history and its steps: who changed its inputs, who moved it, and why.

Weights, judgements and voice weights keep every version with its author; each
step (submitted, returned, approved) is an AssessmentTransition shown in the
timeline, with the latest review's comment at the top of every page of the
assessment, on the home page of whoever it waits for, and, when switched on,
by e-mail.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from tests.support.html import text_of
from valuation.history import RESTORE_NOT_DRAFT
from valuation.models import Assessment, AssessmentTransition, Judgement, ValueDimension
from valuation.services import assessments as services
from valuation.services.judgements import JudgementInput, dimension_judgements_replace
from valuation.services.voices import voice_weights_set
from valuation.services.weights import weights_set_by_points
from valuation.waiting import CAME_BACK, TO_REVIEW

RETURN_COMMENT = "Ask the funders too: their view is missing."
APPROVAL_NOTE = "Well argued; keep the survey going."


@pytest.fixture
def dimensions(db) -> dict[str, ValueDimension]:
    return {d.slug: d for d in ValueDimension.objects.active()}


def url(name: str, assessment: Assessment) -> str:
    return reverse(f"valuation:{name}", args=[assessment.microsystem.slug, assessment.pk])


def text(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return text_of(response.content.decode())


def judge(assessment, stakeholder, dimension, score: int, user) -> None:
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(dimension, score, f"Scored {score}.")],
        recorded_by=user,
    )


class TestInputsHistory:
    def test_judgements_weights_and_voices_carry_their_author_and_values(
        self, assessment, stakeholder, dimensions, users
    ):
        judge(assessment, stakeholder, dimensions["equity"], 8, users["lead"])
        judge(assessment, stakeholder, dimensions["equity"], 5, users["admin"])
        versions = list(
            Judgement.history.filter(assessment_id=assessment.pk).order_by("history_id")
        )
        assert [(v.history_type, v.score, v.history_user) for v in versions] == [
            ("+", 8, users["lead"]),
            ("-", 8, users["admin"]),
            ("+", 5, users["admin"]),
        ]

        points = {dimension: 0 for dimension in dimensions.values()}
        points[dimensions["equity"]] = 100
        weights_set_by_points(
            assessment=assessment, stakeholder=stakeholder, points=points, recorded_by=users["lead"]
        )
        weight = assessment.stakeholder_weights.get()
        assert weight.history.latest().history_user == users["lead"]
        equity = weight.dimension_weights.get(dimension=dimensions["equity"])
        assert equity.history.latest().history_user == users["lead"]
        assert equity.history.latest().weight == Decimal("1")

    def test_the_assessment_history_page_shows_what_changed_from_and_to(
        self, client_for, assessment, stakeholder, dimensions, users
    ):
        judge(assessment, stakeholder, dimensions["equity"], 8, users["lead"])
        judge(assessment, stakeholder, dimensions["equity"], 5, users["lead"])
        page = text(client_for("member"), url("assessment_history", assessment))
        assert "Judgement by Library users on Equity deleted" in page
        assert "Score: 8 → —" in page
        assert "Judgement by Library users on Equity added" in page
        assert "Score: — → 5" in page

    def test_settings_changes_are_listed_but_steps_only_as_steps(
        self, client_for, assessment, users
    ):
        services.assessment_update(assessment=assessment, judgement_share=Decimal("0.75"))
        services.assessment_submit(assessment=assessment, user=users["lead"])
        # The settings' history: created, then the share; the submission is not a settings row.
        assert list(
            assessment.history.order_by("history_id").values_list("history_type", flat=True)
        ) == ["+", "~"]
        response = client_for("lead").get(url("assessment_history", assessment))
        kinds = [entry.kind for entry in response.context["entries"]]
        assert kinds == ["assessment_step", "settings", "settings"]
        changes = response.context["entries"][1].changes
        assert changes == [("Share of judgement in a dimension's score", "0.50", "0.75")]


def approve(assessment, users, note: str = APPROVAL_NOTE) -> None:
    services.assessment_submit(assessment=assessment, user=users["lead"])
    services.assessment_approve(assessment=assessment, user=users["manager"], comment=note)


class TestRestore:
    def test_a_deleted_judgement_is_restored_into_a_draft(
        self, client_for, assessment, stakeholder, dimensions, users
    ):
        judge(assessment, stakeholder, dimensions["equity"], 8, users["lead"])
        first = Judgement.history.get(history_type="+", score=8)
        judge(assessment, stakeholder, dimensions["efficiency"], 3, users["lead"])
        assert not Judgement.objects.filter(dimension=dimensions["equity"]).exists()

        client_for("admin").post(
            reverse(
                "valuation:assessment_history_restore",
                args=[assessment.microsystem.slug, assessment.pk, "judgement", first.history_id],
            )
        )
        restored = Judgement.objects.get(dimension=dimensions["equity"])
        assert (restored.score, restored.rationale) == (8, "Scored 8.")
        assert restored.history.latest().history_user == users["admin"]

    @pytest.mark.parametrize("status", ["submitted", "approved"])
    def test_nothing_is_restored_into_a_submitted_or_approved_assessment(
        self, client_for, assessment, stakeholder, dimensions, users, status
    ):
        judge(assessment, stakeholder, dimensions["equity"], 8, users["lead"])
        first = Judgement.history.get(history_type="+", score=8)
        judge(assessment, stakeholder, dimensions["equity"], 2, users["lead"])
        services.assessment_submit(assessment=assessment, user=users["lead"])
        if status == "approved":
            services.assessment_approve(assessment=assessment, user=users["manager"])

        response = client_for("admin").post(
            reverse(
                "valuation:assessment_history_restore",
                args=[assessment.microsystem.slug, assessment.pk, "judgement", first.history_id],
            ),
            follow=True,
        )
        refusal = escape(RESTORE_NOT_DRAFT.format(status=status))
        assert refusal in response.content.decode()
        assert list(Judgement.objects.values_list("score", flat=True)) == [2]

    def test_steps_and_settings_are_not_offered_for_restore(self, client_for, assessment, users):
        services.assessment_submit(assessment=assessment, user=users["lead"])
        response = client_for("admin").get(url("assessment_history", assessment))
        assert [entry.history_id for entry in response.context["entries"]] == [None, None]


class TestTransitions:
    def test_each_step_is_recorded_with_who_from_to_and_comment(self, assessment, users):
        services.assessment_submit(assessment=assessment, user=users["lead"])
        services.assessment_return(
            assessment=assessment, user=users["manager"], comment=RETURN_COMMENT
        )
        approve(assessment, users)
        steps = list(
            AssessmentTransition.objects.filter(assessment=assessment).values_list(
                "from_status", "to_status", "by__username", "comment"
            )
        )
        assert steps == [
            ("draft", "submitted", "lead", ""),
            ("submitted", "draft", "manager", RETURN_COMMENT),
            ("draft", "submitted", "lead", ""),
            ("submitted", "approved", "manager", APPROVAL_NOTE),
        ]

    def test_a_refused_step_records_nothing(self, assessment, users):
        with pytest.raises(Exception):  # noqa: B017 - the service's refusal; only the log matters
            services.assessment_approve(assessment=assessment, user=users["manager"])
        assert not AssessmentTransition.objects.exists()

    def test_the_timeline_on_the_assessment_page(self, client_for, assessment, users):
        assert "Not yet submitted" in text(client_for("lead"), url("assessment", assessment))
        services.assessment_submit(assessment=assessment, user=users["lead"])
        services.assessment_return(
            assessment=assessment, user=users["manager"], comment=RETURN_COMMENT
        )
        response = client_for("member").get(url("assessment", assessment))
        rows = [
            (step.who, step.from_label, step.to_label, step.comment)
            for step in response.context["timeline"]
        ]
        assert rows == [
            ("Lead", "Draft", "Submitted", ""),
            ("Manager", "Submitted", "Draft", RETURN_COMMENT),
        ]
        page = text_of(response.content.decode())
        assert (
            "Timeline" in page
            and f"Manager returned to draft Submitted Draft {RETURN_COMMENT}" in page
        )


ASSESSMENT_PAGES = ["assessment", "weights", "judgements", "perspectives", "assessment_history"]
EDITORS_PAGES = ["voices", "assessment_submit"]


class TestReviewNote:
    @pytest.mark.parametrize(
        ("persona", "page"),
        [
            *[
                (persona, page)
                for persona in ("member", "lead", "manager", "admin")
                for page in ASSESSMENT_PAGES
            ],
            # Pages only the unit's editors open.
            *[(persona, page) for persona in ("lead", "admin") for page in EDITORS_PAGES],
        ],
    )
    def test_the_return_comment_tops_every_page_of_the_assessment(
        self, client_for, assessment, users, persona, page
    ):
        services.assessment_submit(assessment=assessment, user=users["lead"])
        services.assessment_return(
            assessment=assessment, user=users["manager"], comment=RETURN_COMMENT
        )
        page_text = text(client_for(persona), url(page, assessment))
        assert "Returned to draft by Manager on" in page_text
        assert RETURN_COMMENT in page_text

    @pytest.mark.parametrize("page", ASSESSMENT_PAGES)
    def test_the_approval_note_tops_every_page_of_the_approved_assessment(
        self, client_for, assessment, users, page
    ):
        approve(assessment, users)
        page_text = text(client_for("member"), url(page, assessment))
        assert "Approved by Manager on" in page_text
        assert APPROVAL_NOTE in page_text

    def test_a_draft_never_reviewed_has_no_note(self, client_for, assessment):
        page_text = text(client_for("lead"), url("assessment", assessment))
        assert "Returned to draft by" not in page_text and "Approved by" not in page_text


class TestWaitingOnTheHomePage:
    def waiting(self, client_for, persona) -> list[tuple[str, str, str]]:
        response = client_for(persona).get(reverse("microsystems:home"))
        assert response.status_code == 200
        return [(item.heading, item.title, item.comment) for item in response.context["waiting"]]

    def test_managers_see_what_to_review_and_leads_what_came_back(
        self, client_for, assessment, users
    ):
        services.assessment_submit(assessment=assessment, user=users["lead"])
        title = "Eastfield Library: 2025"
        assert self.waiting(client_for, "manager") == [(TO_REVIEW, title, "")]
        assert self.waiting(client_for, "lead") == []
        assert self.waiting(client_for, "other_manager") == []

        services.assessment_return(
            assessment=assessment, user=users["manager"], comment=RETURN_COMMENT
        )
        assert self.waiting(client_for, "manager") == []
        assert self.waiting(client_for, "lead") == [(CAME_BACK, title, RETURN_COMMENT)]
        home = text(client_for("lead"), reverse("microsystems:home"))
        assert "Waiting for you" in home and RETURN_COMMENT in home
        assert "Returned by Manager on" in home

        approve(assessment, users)
        assert self.waiting(client_for, "lead") == [(CAME_BACK, title, APPROVAL_NOTE)]
        assert "Approved by Manager on" in text(client_for("lead"), reverse("microsystems:home"))
        assert self.waiting(client_for, "member") == []

    def test_nothing_waiting_shows_no_panel(self, client_for, assessment):
        assert "Waiting for you" not in text(client_for("lead"), reverse("microsystems:home"))


class TestEmail:
    @pytest.fixture
    def addresses(self, users):
        for persona in ("lead", "manager", "other_manager", "member", "admin"):
            users[persona].email = f"{persona}@example.org"
            users[persona].save()

    def test_off_by_default(self, assessment, users, addresses, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            services.assessment_submit(assessment=assessment, user=users["lead"])
        assert mail.outbox == []

    def test_each_step_reaches_the_people_it_concerns(
        self, settings, assessment, users, addresses, django_capture_on_commit_callbacks
    ):
        settings.NOTIFY_BY_EMAIL = True
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        settings.SITE_URL = "https://value.example.org"
        with django_capture_on_commit_callbacks(execute=True):
            services.assessment_submit(assessment=assessment, user=users["lead"])
        assert [message.to for message in mail.outbox] == [["manager@example.org"]]
        assert mail.outbox[0].subject == "Eastfield Library 2025: submitted for review"
        assert "https://value.example.org" + url("assessment", assessment) in mail.outbox[0].body

        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.assessment_return(
                assessment=assessment, user=users["manager"], comment=RETURN_COMMENT
            )
        assert [message.to for message in mail.outbox] == [["lead@example.org"]]
        assert mail.outbox[0].subject == "Eastfield Library 2025: returned to draft"
        assert RETURN_COMMENT in mail.outbox[0].body
        assert "by Manager" in mail.outbox[0].body

    def test_a_refused_step_sends_nothing(
        self, settings, assessment, users, addresses, django_capture_on_commit_callbacks
    ):
        settings.NOTIFY_BY_EMAIL = True
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017
            services.assessment_approve(assessment=assessment, user=users["manager"])
        assert mail.outbox == []


def test_voice_weights_history_names_the_person(assessment, stakeholder, users, microsystem):
    from stakeholders.models import Stakeholder

    other = Stakeholder.objects.create(microsystem=microsystem, name="Funders", power=5, interest=2)
    voice_weights_set(
        assessment=assessment,
        weights={stakeholder.pk: Decimal("2"), other.pk: Decimal("1")},
        rationale="Users first.",
        user=users["lead"],
    )
    assert {v.history_user for v in assessment.voice_weights.first().history.all()} == {
        users["lead"]
    }
