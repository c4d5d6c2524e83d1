"""What the fuzz tests (tests/fuzz) share: hostile values, the form a page shows, and the checks.

Every example runs in a savepoint rolled back at its end (`rolled_back`), so the
examples of one test start from the same world whatever the earlier ones saved.
A server error is caught twice over: the response's status, and Django's
got_request_exception signal, which fires for every exception a view lets
escape (the one the 500 page would hide).
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.core.signals import got_request_exception
from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# Bounded so the whole fuzz suite stays within about a minute of CPU. Each example
# is one or two requests; hypothesis's own database is off so CI writes no files.
# FUZZ_EXAMPLES=500 in the environment searches harder (a long run by hand).
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),
    deadline=None,
    database=None,
    # No shrinking: a failure is reported as found, at once, rather than after minutes
    # of retrying smaller posts (each one a request).
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)

# No one request may cost more CPU than this, however hostile (a posted formset
# count once cost 17 s); a page that takes longer fails the test (cpu_limit).
REQUEST_CPU_SECONDS = 5

# What a page shows when it refuses a form or a file (templates/includes/upload_errors.html,
# period_grid.html and the form templates).
ERROR_SUMMARY = 'id="error-summary"'

NUMBERS = [
    "NaN", "nan", "sNaN", "-NaN", "inf", "-inf", "Infinity", "-Infinity", "+Inf",
    "1e400", "-1e400", "1e-400", "1E5", "-0", "0", "-1", "-0.0001", "1,5", "1.5",
    "1_000", "1 000", "١٢", "²", "0x10", " 7 ", "12345678901234.56789", "9" * 30,
    "-9223372036854775809", "9223372036854775808", "2147483648",
]  # fmt: skip
DATES = [
    "9999-12-31", "0001-01-01", "10000-01-01", "2999-12-01", "1900-01-01", "1970-01-01",
    "2024-02-30", "2024-13-01", "2024-00-10", "-2024-01-01", "2024-1-1", "31/12/2024",
    "2024-01-01T00:00:00", "2025-03-01", "2025-03-03",
]  # fmt: skip
# Huge values are drawn by name, so that a failure report does not print them whole.
HUGE = {"<100,000 x>": "x" * 100_000, "<5,000 nines>": "9" * 5000}
TEXTS = [
    "", " ", "\x00", "a\x00b", *HUGE, "<script>alert(1)</script>", "=1+1",
    "\u202eevil", "😀" * 40, "Ω≈ç√∫", "\r\n", "'; DROP TABLE x; --", "None", "true",
    "on", "[]", "{}", "%s%s%n",
]  # fmt: skip
HOSTILE = [*NUMBERS, *DATES, *TEXTS]


def hostile_values(other_ids: list[int] = ()) -> st.SearchStrategy[str]:
    """One posted value: a known hostile one, an id of someone else's record, or random text."""
    known = HOSTILE + [str(pk) for pk in other_ids]
    return st.one_of(
        st.sampled_from(known),
        st.text(max_size=40),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
    )


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    values: list[str] = field(default_factory=list)  # what a browser sends as shown
    options: list[str] = field(default_factory=list)  # a select's option values


@dataclass
class PageForm:
    action: str | None
    fields: dict[str, FormField] = field(default_factory=dict)

    def as_shown(self) -> dict[str, list[str]]:
        return {name: list(f.values) for name, f in self.fields.items()}


class _FormParser(HTMLParser):
    """Every POST form on a page, with what a browser would send for it unchanged."""

    def __init__(self):
        super().__init__()
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def _add(self, form_field: FormField) -> FormField:
        return self._form.fields.setdefault(form_field.name, form_field)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = PageForm(attrs.get("action"))
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            known = self._add(FormField(attrs["name"], kind))
            if kind in {"checkbox", "radio"}:
                known.options.append(attrs.get("value") or "on")
                if "checked" in attrs:
                    known.values.append(attrs.get("value") or "on")
            elif kind != "file":
                known.values.append(attrs.get("value") or "")
        elif tag == "select" and attrs.get("name"):
            kind = "select-multiple" if "multiple" in attrs else "select"
            self._select = self._add(FormField(attrs["name"], kind))
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            self._select.options.append(value)
            if "selected" in attrs:
                self._select.values.append(value)
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = self._add(FormField(attrs["name"], "textarea", [""]))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.values[0] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            if not self._select.values and self._select.kind == "select" and self._select.options:
                self._select.values.append(self._select.options[0])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.values[0] = self._textarea.values[0].removeprefix("\n")
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._form)
            self._form = None


def page_form(response) -> PageForm:
    """The page's main POST form: the one with the most fields (not the sign-out button)."""
    parser = _FormParser()
    parser.feed(response.content.decode())
    forms = [form for form in parser.forms if "logout" not in (form.action or "")]
    assert forms, f"no POST form on {response.request['PATH_INFO']}"
    return max(forms, key=lambda form: len(form.fields))


# Hidden fields the fuzz leaves as the page sent them, so that a post reaches
# validation (a CSRF token is not checked by the test client anyway).
KEPT = {"csrfmiddlewaretoken", "submission_token", "edit_fingerprint"}


def fuzzed_post(data: st.DataObject, form: PageForm, other_ids: list[int]) -> dict:
    """The form as shown with some fields replaced by hostile values, some left out,
    and perhaps a field the form does not have (named like one it has, with a hostile id)."""
    hostile = hostile_values(other_ids)
    posted = {}
    for name, form_field in form.fields.items():
        choices = ["shown", "hostile", "option", "left out"]
        if name.split("-")[-1] in KEPT:
            # Mostly as shown, so that the post reaches validation; now and then not.
            choices = ["shown"] * 8 + ["hostile", "left out"]
        choice = data.draw(st.sampled_from(choices), label=name)
        if choice == "shown" or (choice == "option" and not form_field.options):
            posted[name] = form_field.values
        elif choice == "option":
            posted[name] = data.draw(st.lists(st.sampled_from(form_field.options), max_size=3))
        elif choice == "hostile":
            posted[name] = [real(data.draw(hostile, label=name))]
    if form.fields and data.draw(st.booleans(), label="extra field"):
        like = data.draw(st.sampled_from(sorted(form.fields)), label="extra field like")
        stem = like.rstrip("0123456789")
        name = stem + data.draw(hostile, label="extra id")[:40]
        posted[name] = [real(data.draw(hostile, label="extra value"))]
    return posted


@contextmanager
def rolled_back() -> Iterator[None]:
    """Whatever the block saves is undone at its end (a savepoint inside the test's transaction)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextmanager
def server_errors() -> Iterator[list]:
    """The exceptions views let escape while the block runs (each would be a 500 page)."""
    caught = []

    def record(sender, request, **kwargs):
        import sys

        caught.append(repr(sys.exc_info()[1]))

    got_request_exception.connect(record, weak=False)
    try:
        yield caught
    finally:
        got_request_exception.disconnect(record)


APP_LABELS = ("microsystems", "stakeholders", "valuation")


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the project's own tables, to show that a refusal changed nothing."""
    state = {}
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models():
            state[model._meta.label] = list(model._base_manager.order_by("pk").values_list())
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def real(value: str) -> str:
    """A drawn value with the huge ones, drawn by name, filled in."""
    return HUGE.get(value, value)


def shown(posted) -> str:
    return f"{posted!r:.1000}"


def assert_answered(response, caught: list, posted, *, also: tuple[int, ...] = ()) -> None:
    """Not a server error: a page, a redirect, or a request refused as malformed (400),
    or another answer named in `also`; and no exception escaped the view."""
    assert not caught, f"server error {caught} for {shown(posted)}"
    assert response.status_code != 500, f"500 for {shown(posted)}"
    assert response.status_code in {200, 302, 400, *also}, (response.status_code, shown(posted))


def assert_refused_cleanly(response, before: dict, posted) -> None:
    """A refusal (the page again) says why, on the page, and saved nothing."""
    content = response.content.decode()
    assert ERROR_SUMMARY in content, f"refused without a message: {shown(posted)}"
    form = response.context.get("form") if response.context else None
    errors = getattr(form, "errors", None)
    if isinstance(errors, dict):
        for field_name, messages in errors.items():
            for message in messages:
                # A message the page does not show (one on a hidden field) explains nothing.
                assert escape(message) in content, (field_name, message, shown(posted))
    changed = changed_tables(before, snapshot())
    assert not changed, f"refused, yet {changed} changed, for {shown(posted)}"
