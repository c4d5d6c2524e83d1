"""Two people save the same page at the same instant: one save wins, the other is refused.

Real HTTP requests to a live server, each from its own signed-in session, both
posting the form as the page showed it before either saved. A barrier releases
them together, and the save service is slowed down by a moment (a delay, the
service itself still runs) so both requests are inside the save at once. Under
the edit lock the second waits for the first to commit, then sees its change:
exactly one is saved and the other gets the conflict message. Without the lock
both pass the check and the later write silently replaces the earlier one.
"""

import datetime as dt
import html
import importlib
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.concurrency import EDIT_CONFLICT
from microsystems.forms.demand_entry import GRID_CONFLICT_MESSAGE as DEMAND_CELL_CONFLICT
from microsystems.models import (
    Activity,
    ActivityEffort,
    DemandObservation,
    DemandType,
    Membership,
    Microsystem,
    Organisation,
    StaffRole,
)
from microsystems.periods import period_label, period_start_for
from stakeholders.models import Expectation, Stakeholder
from tests.support.factories import make_microsystem, make_user
from valuation.forms.measurements import GRID_CONFLICT_MESSAGE as MEASUREMENT_CELL_CONFLICT
from valuation.models import (
    Assessment,
    Judgement,
    Measure,
    Measurement,
    StakeholderWeight,
    ValueDimension,
    VoiceWeight,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Long enough that both requests are past the check before either writes.
SAVE_DELAY = 0.5
# A fixed CSRF secret both sessions send as cookie and as form field.
CSRF_SECRET = "concurrentsavestestcsrfsecret000"


# --- two browsers ------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The name/value pairs each <form> of a page would submit as shown."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.forms.append([])
        elif tag == "option" and self._select and "selected" in attrs:
            self.forms[-1].append((self._select, attrs.get("value", "")))
        elif not self.forms or not name or name == "csrfmiddlewaretoken":
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind == "checkbox" else ""
            self.forms[-1].append((name, attrs.get("value") or default))
        elif tag == "textarea":
            self._textarea = name
            self.forms[-1].append((name, ""))
        elif tag == "select":
            self._select = name

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            name, text = self.forms[-1][-1]
            # A browser drops the newline that opens a textarea's content.
            self.forms[-1][-1] = (
                name,
                (text + data).removeprefix("\n") if not text else text + data,
            )


@dataclass
class Reply:
    status: int
    text: str

    @property
    def errors(self) -> list[str]:
        """The page's error messages, to explain a failed assertion."""
        found = re.findall(
            r'class="[^"]*(?:errorlist|invalid-feedback)[^"]*"[^>]*>(.*?)</(?:ul|span|div)>',
            self.text,
            re.S,
        )
        return [" ".join(re.sub("<[^>]+>", " ", error).split()) for error in found]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a save answers with a redirect: report it rather than follow it


class Browser:
    """One person's signed-in session, speaking HTTP to the live server."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.base = live_server.url
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={CSRF_SECRET}"
        self.opener = urllib.request.build_opener(_NoRedirects)

    def _open(self, request: urllib.request.Request) -> Reply:
        request.add_header("Cookie", self.cookie)
        try:
            with self.opener.open(request, timeout=60) as response:
                return Reply(response.status, html.unescape(response.read().decode()))
        except urllib.error.HTTPError as error:
            return Reply(error.code, html.unescape(error.read().decode()))

    def form_on(self, path: str, field: str) -> list[tuple[str, str]]:
        """What the page's form holding `field` would post, as first shown."""
        reply = self._open(urllib.request.Request(self.base + path))
        assert reply.status == 200, reply.text[:500]
        parser = _FormFields()
        parser.feed(reply.text)
        return next(form for form in parser.forms if any(name == field for name, _ in form))

    def post(self, path: str, fields: list[tuple[str, str]]) -> Reply:
        body = urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", CSRF_SECRET)]).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST"))


def changed(form: list[tuple[str, str]], changes: dict[str, str]) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in form if name not in changes]
    return kept + list(changes.items())


@dataclass
class Race:
    replies: dict[str, Reply]  # "A" and "B"

    @property
    def winner(self) -> str:
        saved = [who for who, reply in self.replies.items() if reply.status == 302]
        statuses = {who: (reply.status, reply.errors) for who, reply in self.replies.items()}
        assert len(saved) == 1, f"expected exactly one save, got {statuses}"
        return saved[0]

    @property
    def loser(self) -> Reply:
        return self.replies["B" if self.winner == "A" else "A"]


def race(browsers, monkeypatch, path: str, *, field: str, a: dict, b: dict, slow_down: str) -> Race:
    """Both open `path`, then post their changes at the same instant; `slow_down`
    ("module.function") is the save, given a head start of SAVE_DELAY."""
    shown = browsers[0].form_on(path, field)
    module_name, function_name = slow_down.rsplit(".", 1)
    module = importlib.import_module(module_name)
    save = getattr(module, function_name)

    def slowed(*args, **kwargs):
        time.sleep(SAVE_DELAY)
        return save(*args, **kwargs)

    monkeypatch.setattr(module, function_name, slowed)
    start = threading.Barrier(2)
    replies: dict[str, Reply] = {}

    def send(who: str, browser: Browser, changes: dict) -> None:
        start.wait()
        replies[who] = browser.post(path, changed(shown, changes))

    threads = [
        threading.Thread(target=send, args=("A", browsers[0], a)),
        threading.Thread(target=send, args=("B", browsers[1], b)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return Race(replies)


def assert_refused(reply: Reply, what: str) -> None:
    assert reply.status == 200, reply.text[:500]
    assert EDIT_CONFLICT.format(what=what) in reply.text


# --- the world they share ------------------------------------------------------------------


@pytest.fixture
def dimensions(transactional_db) -> list[ValueDimension]:
    # A live-server test empties the database afterwards, data migrations included.
    importlib.import_module("valuation.migrations.0002_default_value_dimensions").add_dimensions(
        apps, None
    )
    return list(ValueDimension.objects.active())


@pytest.fixture
def unit(transactional_db) -> Microsystem:
    organisation = Organisation.objects.create(name="Northbridge Council", slug="northbridge")
    return make_microsystem(organisation, "Eastfield Library")


@pytest.fixture
def leads(live_server, unit) -> list[Browser]:
    """Two team leaders of the unit, each in their own browser."""
    people = [make_user("first_lead"), make_user("second_lead")]
    for person in people:
        Membership.objects.create(user=person, microsystem=unit, role=Membership.Role.LEAD)
    return [Browser(live_server, person) for person in people]


@pytest.fixture
def group(unit) -> Stakeholder:
    return Stakeholder.objects.create(microsystem=unit, name="Library users", kind="service_users")


@pytest.fixture
def draft(unit) -> Assessment:
    return Assessment.objects.create(
        microsystem=unit,
        period_label="2025",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )


def stored_value(model, pk: int, field: str):
    return model.objects.values_list(field, flat=True).get(pk=pk)


# --- the forms -------------------------------------------------------------------------------


def test_profile(leads, monkeypatch, unit):
    outcome = race(
        leads,
        monkeypatch,
        reverse("microsystems:edit", args=[unit.slug]),
        field="purpose",
        a={"purpose": "A's purpose"},
        b={"purpose": "B's purpose"},
        slow_down="microsystems.services.microsystem_update",
    )
    assert stored_value(Microsystem, unit.pk, "purpose") == f"{outcome.winner}'s purpose"
    assert_refused(outcome.loser, "profile")


@pytest.mark.parametrize("what", ["demand type", "staff role"])
def test_demand_type_and_staff_role(leads, monkeypatch, unit, what):
    if what == "demand type":
        entry = DemandType.objects.create(microsystem=unit, name="Book loans", unit="loans")
        path = reverse("microsystems:demand_type_edit", args=[unit.slug, entry.pk])
        field = "unit"
    else:
        entry = StaffRole.objects.create(
            microsystem=unit, title="Assistant", fte=1, hours_per_fte=140, hourly_cost=18
        )
        path = reverse("microsystems:staff_role_edit", args=[unit.slug, entry.pk])
        field = "skills"
    outcome = race(
        leads,
        monkeypatch,
        path,
        field=field,
        a={field: "A's"},
        b={field: "B's"},
        slow_down="microsystems.services.catalogue.catalogue_entry_save",
    )
    assert stored_value(type(entry), entry.pk, field) == f"{outcome.winner}'s"
    assert_refused(outcome.loser, what)


def test_activity_with_its_staff_time(leads, monkeypatch, unit):
    role = StaffRole.objects.create(
        microsystem=unit, title="Assistant", fte=1, hours_per_fte=140, hourly_cost=18
    )
    activity = Activity.objects.create(
        microsystem=unit, name="Lending", contribution="Books for everyone."
    )
    ActivityEffort.objects.create(activity=activity, staff_role=role, hours_per_period=80)
    outcome = race(
        leads,
        monkeypatch,
        reverse("microsystems:activity_edit", args=[unit.slug, activity.pk]),
        field="efforts-0-hours_per_period",
        a={"efforts-0-hours_per_period": "10"},
        b={"efforts-0-hours_per_period": "20"},
        slow_down="microsystems.services.activities.activity_update",
    )
    hours = ActivityEffort.objects.get(activity=activity).hours_per_period
    assert hours == Decimal({"A": 10, "B": 20}[outcome.winner])
    assert_refused(outcome.loser, "activity")


def test_stakeholder_group(leads, monkeypatch, unit, group):
    outcome = race(
        leads,
        monkeypatch,
        reverse("stakeholders:edit", args=[unit.slug, group.pk]),
        field="consultation",
        a={"consultation": "A's survey"},
        b={"consultation": "B's survey"},
        slow_down="stakeholders.services.stakeholder_update",
    )
    assert stored_value(Stakeholder, group.pk, "consultation") == f"{outcome.winner}'s survey"
    assert_refused(outcome.loser, "stakeholder group")


def test_expectation(leads, monkeypatch, unit, group):
    expectation = Expectation.objects.create(
        stakeholder=group, statement="Books.", kind="benefit", priority=1
    )
    outcome = race(
        leads,
        monkeypatch,
        reverse("stakeholders:expectation_edit", args=[unit.slug, expectation.pk]),
        field="statement",
        a={"statement": "A's words."},
        b={"statement": "B's words."},
        slow_down="stakeholders.services.expectation_update",
    )
    assert stored_value(Expectation, expectation.pk, "statement") == f"{outcome.winner}'s words."
    assert_refused(outcome.loser, "expectation")


def test_measure(live_server, monkeypatch, dimensions):
    admins = [make_user(name, is_staff=True, is_superuser=True) for name in ("admin_a", "admin_b")]
    measure = Measure.objects.create(
        name="Users satisfied",
        code="users-satisfied",
        dimension=dimensions[1],
        kind=Measure.Kind.SATISFACTION,
        unit="%",
        direction=Measure.Direction.HIGHER,
        baseline=60,
        target=90,
        rollup=Measure.Rollup.MEAN,
    )
    outcome = race(
        [Browser(live_server, admin) for admin in admins],
        monkeypatch,
        reverse("valuation:measure_edit", args=[measure.pk]),
        field="description",
        a={"description": "A's"},
        b={"description": "B's"},
        slow_down="valuation.views.measures.measure_update",
    )
    assert stored_value(Measure, measure.pk, "description") == f"{outcome.winner}'s"
    assert_refused(outcome.loser, "measure")


def test_assessment_settings(leads, monkeypatch, unit, draft):
    outcome = race(
        leads,
        monkeypatch,
        reverse("valuation:assessment_edit", args=[unit.slug, draft.pk]),
        field="judgement_share",
        a={"judgement_share": "0.25"},
        b={"judgement_share": "0.75"},
        slow_down="valuation.services.assessments.assessment_update",
    )
    share = stored_value(Assessment, draft.pk, "judgement_share")
    assert share == Decimal({"A": "0.25", "B": "0.75"}[outcome.winner])
    assert_refused(outcome.loser, "assessment")


def test_weights_by_points(leads, monkeypatch, unit, group, draft, dimensions):
    first, second = dimensions[0], dimensions[1]
    all_to = {d: {f"points_{other.pk}": "0" for other in dimensions} for d in (first, second)}
    outcome = race(
        leads,
        monkeypatch,
        reverse("valuation:weights_points", args=[unit.slug, draft.pk, group.pk]),
        field=f"points_{first.pk}",
        a={**all_to[first], f"points_{first.pk}": "100"},
        b={**all_to[second], f"points_{second.pk}": "100"},
        slow_down="valuation.services.weights.weights_set_by_points",
    )
    answers = StakeholderWeight.objects.get(assessment=draft, stakeholder=group).answers
    winner_dimension = {"A": first, "B": second}[outcome.winner]
    assert answers[str(winner_dimension.pk)] == 100
    assert_refused(outcome.loser, "stakeholder's weights")


def test_weights_by_pairwise_comparison(leads, monkeypatch, unit, group, draft, dimensions):
    first, second = dimensions[0], dimensions[1]
    question = f"pair_{first.pk}_{second.pk}"
    equal = {
        f"pair_{one.pk}_{other.pk}": "1"
        for index, one in enumerate(dimensions)
        for other in dimensions[index + 1 :]
    }
    outcome = race(
        leads,
        monkeypatch,
        reverse("valuation:weights_pairwise", args=[unit.slug, draft.pk, group.pk]),
        field=question,
        a={**equal, question: "9"},
        b={**equal, question: "1/9"},
        slow_down="valuation.services.weights.weights_set_by_pairwise",
    )
    answers = StakeholderWeight.objects.get(assessment=draft, stakeholder=group).answers
    stored = next(value for one, other, value in answers if (one, other) == (first.pk, second.pk))
    assert stored == {"A": 9.0, "B": 1 / 9}[outcome.winner]
    assert_refused(outcome.loser, "stakeholder's weights")


def test_judgements_of_dimensions(leads, monkeypatch, unit, group, draft, dimensions):
    dimension = dimensions[0]
    outcome = race(
        leads,
        monkeypatch,
        reverse("valuation:judgements_edit", args=[unit.slug, draft.pk, group.pk]),
        field=f"score_{dimension.pk}",
        a={f"score_{dimension.pk}": "3", f"rationale_{dimension.pk}": "A's reason."},
        b={f"score_{dimension.pk}": "8", f"rationale_{dimension.pk}": "B's reason."},
        slow_down="valuation.services.judgements.dimension_judgements_replace",
    )
    judgement = Judgement.objects.get(assessment=draft, stakeholder=group)
    assert judgement.rationale == f"{outcome.winner}'s reason."
    assert judgement.score == {"A": 3, "B": 8}[outcome.winner]
    assert_refused(outcome.loser, "stakeholder's judgements")


def test_judgements_of_activities(leads, monkeypatch, unit, group, draft, dimensions):
    activity = Activity.objects.create(microsystem=unit, name="Lending", contribution="Books.")
    dimension = dimensions[0]
    score = f"score_{activity.pk}_{dimension.pk}"
    outcome = race(
        leads,
        monkeypatch,
        reverse("valuation:activity_judgements_edit", args=[unit.slug, draft.pk, group.pk]),
        field=score,
        a={score: "3", f"rationale_{activity.pk}": "A's reason."},
        b={score: "8", f"rationale_{activity.pk}": "B's reason."},
        slow_down="valuation.services.judgements.activity_judgements_replace",
    )
    judgement = Judgement.objects.get(assessment=draft, stakeholder=group)
    assert judgement.rationale == f"{outcome.winner}'s reason."
    assert_refused(outcome.loser, "stakeholder's judgements")


def test_voice_weights(leads, monkeypatch, unit, group, draft):
    funders = Stakeholder.objects.create(microsystem=unit, name="Funders", kind="funders")
    outcome = race(
        leads,
        monkeypatch,
        reverse("valuation:voices", args=[unit.slug, draft.pk]),
        field=f"weight_{group.pk}",
        a={f"weight_{group.pk}": "2", "voice_weights_rationale": "A's panel."},
        b={f"weight_{funders.pk}": "3", "voice_weights_rationale": "B's board."},
        slow_down="valuation.services.voices.voice_weights_set",
    )
    stored = dict(VoiceWeight.objects.filter(assessment=draft).values_list("stakeholder", "weight"))
    if outcome.winner == "A":
        assert stored == {group.pk: 2, funders.pk: 1}
    else:
        assert stored == {group.pk: 1, funders.pk: 3}
    assert_refused(outcome.loser, "assessment's voice weights")


# --- the grids: their own per-cell check, under the lock on the microsystem's entries ----------


def test_demand_grid(leads, monkeypatch, unit):
    demand_type = DemandType.objects.create(microsystem=unit, name="Book loans", unit="loans")
    month = period_start_for(timezone.localdate(), unit.period_granularity)
    DemandObservation.objects.create(demand_type=demand_type, period_start=month, volume=5)
    cell = f"v_{demand_type.pk}_{month:%Y%m%d}"
    outcome = race(
        leads,
        monkeypatch,
        reverse("microsystems:demand_grid", args=[unit.slug]),
        field=cell,
        a={cell: "10"},
        b={cell: "20"},
        slow_down="microsystems.services.demand_import._delete_observations",
    )
    volume = DemandObservation.objects.get(demand_type=demand_type).volume
    assert volume == {"A": 10, "B": 20}[outcome.winner]
    won, lost = {"A": (10, 20), "B": (20, 10)}[outcome.winner]
    assert outcome.loser.status == 200
    assert DEMAND_CELL_CONFLICT.format(
        demand_type="Book loans",
        period=period_label(month, unit.period_granularity),
        expected=5, current=won, new=lost,
    ) in outcome.loser.text  # fmt: skip


def test_measurement_grid(leads, monkeypatch, unit, dimensions):
    measure = Measure.objects.create(
        name="Users satisfied",
        code="users-satisfied",
        dimension=dimensions[1],
        kind=Measure.Kind.SATISFACTION,
        unit="%",
        direction=Measure.Direction.HIGHER,
        baseline=60,
        target=90,
        rollup=Measure.Rollup.MEAN,
    )
    month = period_start_for(timezone.localdate(), unit.period_granularity)
    Measurement.objects.create(microsystem=unit, measure=measure, period_start=month, value=5)
    cell = f"m_{measure.pk}_{month:%Y%m%d}"
    outcome = race(
        leads,
        monkeypatch,
        reverse("valuation:measurement_grid", args=[unit.slug]),
        field=cell,
        a={cell: "10"},
        b={cell: "20"},
        slow_down="valuation.services.measurements._delete_measurements",
    )
    value = Measurement.objects.get(measure=measure).value
    assert value == {"A": 10, "B": 20}[outcome.winner]
    won, lost = {"A": (10, 20), "B": (20, 10)}[outcome.winner]
    assert outcome.loser.status == 200
    assert MEASUREMENT_CELL_CONFLICT.format(
        measure="Users satisfied",
        period=period_label(month, unit.period_granularity),
        expected=5, current=won, new=lost,
    ) in outcome.loser.text  # fmt: skip
