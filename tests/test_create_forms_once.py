"""Every create form creates once: sending the same form again adds nothing.

Each case opens the create page as a browser would, fills in the form it shows
(its hidden one-time token included), and sends it; then sends the very same
form again (Back and Save again, a double click). The second sending creates
nothing and lands where the first one did, saying so. A form opened afresh
carries a fresh token and creates a second record as usual. A request without
a token (a script, or these apps' older tests) is a plain create: the token
guards people against a repeated click, not the server against a deliberate
request, which CSRF and the forms' own checks already govern.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from microsystems.forms.submissions import SUBMISSION_TOKEN_FIELD
from microsystems.models import Activity, DemandType, Microsystem, Organisation, StaffRole
from microsystems.services.submissions import ALREADY_SAVED
from stakeholders.models import Expectation, Stakeholder
from valuation.models import Assessment, Measure, ValueDimension


class FormFields(HTMLParser):
    """What a browser sends for the post form that holds a submission token."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._fields = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._fields = []
        elif self._fields is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._fields.append((attrs["name"], attrs.get("value") or "on"))
            elif kind not in {"submit", "button", "file"}:
                self._fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select = {"name": attrs.get("name"), "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["chosen"].append(value)
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._fields is None:
            return
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"] or [self._select["first"] or ""]
            self._fields.extend((self._select["name"], value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._fields.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._fields)
            self._fields = None


def browser_post(page, changes: dict) -> dict:
    """The create form as shown on `page`, with `changes` typed in."""
    parser = FormFields()
    parser.feed(page.content.decode())
    forms = [f for f in parser.forms if any(name == SUBMISSION_TOKEN_FIELD for name, _ in f)]
    assert len(forms) == 1, "the create form shows exactly one submission token"
    data: dict[str, list[str]] = {}
    for name, value in forms[0]:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        value = value() if callable(value) else value  # looked up once the database is ready
        data[name] = value if isinstance(value, list) else [str(value)]
    return data


@dataclass(frozen=True)
class CreateForm:
    url_name: str
    persona: str
    model: type
    first: dict  # what the user types for the first record
    second: dict = field(default_factory=dict)  # and for another one (names are unique)
    needs_microsystem_slug: bool = True


PROFILE = {
    "purpose": "Lending and study space.",
    "public_value_goal": "A free place to read and learn.",
    "period_granularity": "month",
}
CASES = [
    CreateForm(
        "microsystems:create", "manager", Microsystem,
        first={"name": "Westgate Library", **PROFILE},
        second={"name": "Southgate Library", **PROFILE},
        needs_microsystem_slug=False,
    ),
    CreateForm(
        "microsystems:demand_type_create", "lead", DemandType,
        first={"name": "Chasing calls", "nature": "failure", "handling_minutes": "6"},
        second={"name": "Renewals", "nature": "value", "handling_minutes": "2"},
    ),
    CreateForm(
        "microsystems:staff_role_create", "lead", StaffRole,
        first={"title": "Librarian", "fte": "1.5", "hours_per_fte": "140", "hourly_cost": "24"},
        second={"title": "Caretaker", "fte": "1", "hours_per_fte": "140", "hourly_cost": "15"},
    ),
    CreateForm(
        "microsystems:activity_create", "lead", Activity,
        first={"name": "Story time", "classification": "adds_value",
               "contribution": "Children come to love reading."},
        second={"name": "Shelving", "classification": "necessary",
                "contribution": "Books can be found."},
    ),
    CreateForm(
        "stakeholders:create", "lead", Stakeholder,
        first={"name": "Council finance", "kind": "funders", "power": "5", "interest": "3"},
        second={"name": "Schools", "kind": "partners", "power": "2", "interest": "4"},
    ),
    CreateForm(
        "stakeholders:expectation_create", "lead", Expectation,
        # No natural key: the very same words may rightly be recorded twice,
        # so only the token tells a resubmit from a second entry.
        first={"statement": "Cut running costs by 8%.", "kind": "cost", "priority": "1"},
        second={"statement": "Cut running costs by 8%.", "kind": "cost", "priority": "1"},
    ),
    CreateForm(
        "valuation:measure_create", "admin", Measure,
        first={"name": "Days to repair", "code": "days-to-repair", "kind": "time",
               "dimension": lambda: ValueDimension.objects.get(slug="efficiency").pk,
               "unit": "days", "direction": "lower", "baseline": "28", "target": "10",
               "applies_to_all": "on"},
        second={"name": "Repairs right first time", "code": "first-time", "kind": "other",
                "dimension": lambda: ValueDimension.objects.get(slug="equity").pk,
                "unit": "%", "direction": "higher", "baseline": "60", "target": "90",
                "applies_to_all": "on"},
        needs_microsystem_slug=False,
    ),
    CreateForm(
        "valuation:dimension_create", "admin", ValueDimension,
        first={"name": "Resilience", "description": "Copes with shocks.", "order": "6"},
        second={"name": "Legitimacy", "description": "Seen as rightful.", "order": "7"},
        needs_microsystem_slug=False,
    ),
    CreateForm(
        "microsystems:organisation_create", "admin", Organisation,
        first={"name": "Westmoor Health"}, second={"name": "Eastmoor Council"},
        needs_microsystem_slug=False,
    ),
    CreateForm(
        "microsystems:invite", "manager", get_user_model(),
        first={"first_name": "Nia", "last_name": "Okafor", "email": "nia@example.org"},
        second={"first_name": "Ola", "last_name": "Berg", "email": "ola@example.org"},
    ),
    # The page suggests the quarter after the latest assessment, so opening it
    # afresh offers a period that does not overlap the first.
    CreateForm("valuation:assessment_create", "lead", Assessment, first={}, second={}),
]  # fmt: skip


def address(case: CreateForm, microsystem, stakeholder) -> str:
    if case.url_name == "stakeholders:expectation_create":
        return reverse(case.url_name, args=[microsystem.slug, stakeholder.pk])
    if case.url_name == "microsystems:invite":
        return reverse(case.url_name, args=[microsystem.organisation.slug])
    if case.needs_microsystem_slug:
        return reverse(case.url_name, args=[microsystem.slug])
    return reverse(case.url_name)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def world(client_for, microsystem, stakeholder, demand_type, staff_role):
    return {"microsystem": microsystem, "stakeholder": stakeholder}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_sending_the_same_create_form_again_creates_nothing(case, world, client_for):
    client = client_for(case.persona)
    url = address(case, world["microsystem"], world["stakeholder"])
    before = case.model.objects.count()
    page = client.get(url)
    # The script that keeps the token when the browser goes Back (tests/e2e/test_create_once.py).
    assert "js/submission-token.js" in page.content.decode()
    posted = browser_post(page, case.first)

    first = client.post(url, posted)
    assert first.status_code == 302, first.context and first.context["form"].errors
    assert case.model.objects.count() == before + 1

    again = client.post(url, posted, follow=True)
    assert again.redirect_chain[0] == (first.url, 302)
    assert ALREADY_SAVED in messages_of(again)
    assert case.model.objects.count() == before + 1


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_a_form_opened_afresh_creates_another_record(case, world, client_for):
    client = client_for(case.persona)
    url = address(case, world["microsystem"], world["stakeholder"])
    before = case.model.objects.count()
    assert client.post(url, browser_post(client.get(url), case.first)).status_code == 302
    second = client.post(url, browser_post(client.get(url), case.second), follow=True)
    assert ALREADY_SAVED not in messages_of(second)
    assert case.model.objects.count() == before + 2


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_a_request_without_a_token_is_a_plain_create(case, world, client_for):
    client = client_for(case.persona)
    url = address(case, world["microsystem"], world["stakeholder"])
    before = case.model.objects.count()
    posted = browser_post(client.get(url), case.first)
    del posted[SUBMISSION_TOKEN_FIELD]
    assert client.post(url, posted).status_code == 302
    assert case.model.objects.count() == before + 1


def test_without_a_token_an_expectation_is_added_twice(world, client_for):
    """What the token prevents: the same expectation sent twice, recorded twice."""
    case = next(case for case in CASES if case.model is Expectation)
    client = client_for("lead")
    url = address(case, world["microsystem"], world["stakeholder"])
    posted = browser_post(client.get(url), case.first)
    posted[SUBMISSION_TOKEN_FIELD] = "not-a-token"  # malformed counts as none
    client.post(url, posted)
    client.post(url, posted)
    assert Expectation.objects.count() == 2


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_a_token_holding_a_null_character_counts_as_none(case, world, client_for):
    """Only a hand-made request sends one; like any malformed token it is not the user's
    mistake to fix (an error on a hidden field they could neither see nor correct)."""
    client = client_for(case.persona)
    url = address(case, world["microsystem"], world["stakeholder"])
    before = case.model.objects.count()
    posted = {**browser_post(client.get(url), case.first), SUBMISSION_TOKEN_FIELD: "a\x00b"}
    response = client.post(url, posted)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert case.model.objects.count() == before + 1


def test_a_form_sent_back_with_errors_keeps_its_token_until_it_creates(world, client_for):
    client = client_for("lead")
    url = address(CASES[5], world["microsystem"], world["stakeholder"])
    posted = browser_post(client.get(url), {"statement": "", "kind": "cost", "priority": "1"})
    refused = client.post(url, posted)
    assert refused.status_code == 200 and not Expectation.objects.exists()
    corrected = browser_post(refused, {"statement": "Keep the branch open."})
    assert corrected[SUBMISSION_TOKEN_FIELD] == posted[SUBMISSION_TOKEN_FIELD]
    assert client.post(url, corrected).status_code == 302
    client.post(url, corrected)
    assert list(Expectation.objects.values_list("statement", flat=True)) == [
        "Keep the branch open."
    ]


def test_edit_forms_carry_no_token(world, client_for, expectation, assessment):
    client = client_for("lead")
    microsystem = world["microsystem"]
    for url in (
        reverse("stakeholders:expectation_edit", args=[microsystem.slug, expectation.pk]),
        reverse("valuation:assessment_edit", args=[microsystem.slug, assessment.pk]),
        reverse("microsystems:edit", args=[microsystem.slug]),
    ):
        html = client.get(url).content.decode()
        assert SUBMISSION_TOKEN_FIELD not in html and "submission-token.js" not in html


def test_another_persons_resubmit_is_not_answered_with_your_record(world, client_for, users):
    """A token is one user's: someone else sending it creates (and learns) nothing of yours."""
    from django.test import Client

    case = next(case for case in CASES if case.model is Expectation)
    url = address(case, world["microsystem"], world["stakeholder"])
    posted = browser_post(client_for("lead").get(url), case.first)
    assert client_for("lead").post(url, posted).status_code == 302
    admin = Client()
    admin.force_login(users["admin"])
    response = admin.post(url, posted, follow=True)
    assert ALREADY_SAVED not in messages_of(response)
    assert Expectation.objects.count() == 2
