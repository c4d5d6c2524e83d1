"""Every form, posted with random values in its fields: never a server error, and a
refusal says why and changes nothing.

Each example opens the form's page as a browser would (so the post carries a valid
one-time token or edit fingerprint and reaches validation), replaces some fields
with hostile values (non-finite and huge numbers, dates far off, NULs, huge and odd
text, ids of another microsystem's records), leaves some out, and may add a field
the form does not have. A post that is accepted is followed by a look at the page
it leads to, which must not fail on what was saved either.
"""

import pytest
from django.urls import reverse
from hypothesis import event, given
from hypothesis import strategies as st

from microsystems.models import DemandType, Organisation, StaffRole
from stakeholders.models import Expectation, Stakeholder
from tests.support.factories import make_microsystem
from tests.support.fuzzing import (
    FUZZ,
    REQUEST_CPU_SECONDS,
    assert_answered,
    assert_refused_cleanly,
    changed_tables,
    fuzzed_post,
    hostile_values,
    page_form,
    real,
    rolled_back,
    server_errors,
    shown,
    snapshot,
)
from tests.support.hostile_files import cpu_limit
from valuation.models import Assessment

pytestmark = pytest.mark.slow

# URL name -> who posts it. Every form a view shows, but for the sign-in and
# password forms (django.contrib.auth's own) and the confirm-only pages
# (delete, archive, submit), whose one button has no field to fuzz.
FORMS = {
    "microsystems:create": "manager",
    "microsystems:edit": "lead",
    "microsystems:demand_type_create": "lead",
    "microsystems:demand_type_edit": "lead",
    "microsystems:staff_role_create": "lead",
    "microsystems:staff_role_edit": "lead",
    "microsystems:activity_create": "lead",
    "microsystems:activity_edit": "lead",
    "microsystems:demand_grid": "lead",
    "stakeholders:create": "lead",
    "stakeholders:edit": "lead",
    "stakeholders:expectation_create": "lead",
    "stakeholders:expectation_edit": "lead",
    "valuation:assessment_create": "lead",
    "valuation:assessment_edit": "lead",
    "valuation:weights_points": "lead",
    "valuation:weights_pairwise": "lead",
    "valuation:judgements_edit": "lead",
    "valuation:activity_judgements_edit": "lead",
    "valuation:voices": "lead",
    "valuation:measure_create": "admin",
    "valuation:measure_edit": "admin",
    "valuation:measurement_grid": "lead",
    "valuation:improvement_create": "lead",
    "valuation:improvement_edit": "lead",
    "valuation:improvement_status": "lead",
    "valuation:measure_target_edit": "manager",
    "valuation:dimension_create": "admin",
    "valuation:dimension_edit": "admin",
    "microsystems:team": "lead",
    "microsystems:hand_over": "lead",
    "microsystems:membership_change": "lead",
    "microsystems:organisation_create": "admin",
    "microsystems:organisation_edit": "admin",
    "microsystems:organisation_managers": "admin",
    "microsystems:invite": "manager",
    "profile": "lead",
}


@pytest.fixture
def other_ids(other_organisation) -> list[int]:
    """Ids of another organisation's records, which no form here may take."""
    elsewhere = make_microsystem(other_organisation, "Westfield Pool")
    records = [
        DemandType.objects.create(microsystem=elsewhere, name="Swims", nature="value"),
        StaffRole.objects.create(
            microsystem=elsewhere, title="Lifeguard", fte=1, hours_per_fte=140, hourly_cost=12
        ),
        stakeholder := Stakeholder.objects.create(
            microsystem=elsewhere, name="Swimmers", kind="service_users", power=1, interest=1
        ),
        Expectation.objects.create(stakeholder=stakeholder, statement="Warm water", kind="benefit"),
        Assessment.objects.create(
            microsystem=elsewhere, period_label="2024", start_date="2024-01-01",
            end_date="2024-12-31",
        ),
        Organisation.objects.create(name="Elsewhere", slug="elsewhere"),
    ]  # fmt: skip
    return sorted({record.pk for record in records})


def url_of(name: str, url_kwargs: dict) -> str:
    from tests.support.url_access import build_url

    return build_url(name, url_kwargs)


@pytest.mark.parametrize("url_name", FORMS)
@FUZZ
@given(data=st.data())
def test_a_form_posted_with_random_values_never_fails(
    url_name, data, client_for, url_kwargs, other_ids
):
    client = client_for(FORMS[url_name])
    client.raise_request_exception = False
    url = url_of(url_name, url_kwargs)
    with rolled_back():
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        posted = fuzzed_post(data, page_form(page), other_ids)
        before = snapshot()
        with server_errors() as caught:
            with cpu_limit(REQUEST_CPU_SECONDS):
                response = client.post(url, posted)
            assert_answered(response, caught, posted)
            event(f"answered {response.status_code}")  # --hypothesis-show-statistics
            if response.status_code == 200:
                assert_refused_cleanly(response, before, posted)
            elif response.status_code == 400:
                assert not changed_tables(before, snapshot()), shown(posted)
            else:
                # Saved (or recognised as saved already): every page it leads to still works.
                for follow in (response.url, reverse("microsystems:home")):
                    assert_answered(client.get(follow), caught, posted)


def test_every_form_page_shows_a_form_to_fuzz(client_for, url_kwargs, other_ids):
    """The list above reaches each form: the page opens and shows fields to fill in."""
    for url_name, persona in FORMS.items():
        page = client_for(persona).get(url_of(url_name, url_kwargs))
        assert page.status_code == 200, url_name
        # A field to fill in, not only hidden ones (the CSRF token, a one-time token or
        # an edit fingerprint): a one-field form (a role, a person to add) counts.
        fields = page_form(page).fields.values()
        assert any(field.kind != "hidden" for field in fields), url_name


QUERY_KEYS = ["end", "format", "table", "show", "next", "page",
              "sort", "organisation", "state", "period", "measure"]  # fmt: skip


@FUZZ
@given(data=st.data())
def test_any_page_opened_with_a_random_query_string_never_fails(
    data, client_for, url_kwargs, other_ids
):
    """The pages read ?end= (grids), ?format= and ?table= (downloads), ?show= (measures),
    and the portfolio its filters, ?sort=, ?page= and ?measure=."""
    from tests.support.url_access import URL_ACCESS

    names = sorted(name for name, (_, methods) in URL_ACCESS.items() if "GET" in methods)
    url_name = data.draw(st.sampled_from(names), label="page")
    query = data.draw(
        st.dictionaries(st.sampled_from(QUERY_KEYS), hostile_values(other_ids), max_size=3),
        label="query",
    )
    query = {key: real(value) for key, value in query.items()}
    client = client_for("admin")
    client.raise_request_exception = False
    with rolled_back(), server_errors() as caught:
        response = client.get(url_of(url_name, url_kwargs), query)
        # 404: a download asked for a table it does not have (?table=).
        assert_answered(response, caught, (url_name, query), also=(404,))


NOT_FINITE = ["NaN", "sNaN", "inf", "-Infinity"]


@pytest.mark.parametrize("url_name", FORMS)
def test_no_number_field_takes_a_value_that_is_not_a_finite_number(
    url_name, client_for, url_kwargs, other_ids
):
    """Every number box of every form, given NaN or infinity: refused with a message."""
    client = client_for(FORMS[url_name])
    client.raise_request_exception = False
    url = url_of(url_name, url_kwargs)
    form = page_form(client.get(url))
    numbers = [
        name
        for name, form_field in form.fields.items()
        if form_field.kind == "number"
        or (form_field.kind == "text" and "_" in name and name.split("_")[-1].isdigit())
    ]
    if not numbers:
        return
    for value in NOT_FINITE:
        # Each post rolled back: the form's one-time token serves every one of them.
        with rolled_back():
            posted = {**form.as_shown(), **{name: [value] for name in numbers}}
            before = snapshot()
            with server_errors() as caught:
                response = client.post(url, posted)
                assert_answered(response, caught, posted)
            assert response.status_code == 200, (url_name, value, "accepted")
            assert_refused_cleanly(response, before, posted)


# Forms left out above, and why: django.contrib.auth's own (sign-in is also covered
# by its lockout tests), one-button confirmations and restores, and the review, which opens only
# on a submitted assessment (tests/valuation/test_assessment_review.py).
NOT_FUZZED = {
    "login",
    "logout",
    "password_change",
    "valuation:assessment_review",
    # Needs an approved assessment; its one field (the reason) is plain text, tested
    # with bad input in tests/valuation/test_assessment_records.py.
    "valuation:assessment_reopen",
    # django.contrib.auth's own forms, like sign-in and password change.
    "password_reset",
    "password_reset_confirm",
    "welcome",
}
CONFIRMATIONS = (
    "_delete", ":delete", ":archive", "restore", "_submit", "_retire", "_remove", "_deactivate",
    "_reactivate",
)  # fmt: skip
UPLOAD_URLS = {"microsystems:demand_upload", "valuation:measurement_upload"}  # test_uploads.py


def test_every_form_of_the_site_is_fuzzed_or_said_why_not():
    from tests.support.url_access import URL_ACCESS

    posted = {name for name, (_, methods) in URL_ACCESS.items() if "POST" in methods}
    left = posted - set(FORMS) - UPLOAD_URLS - NOT_FUZZED
    assert {name for name in left if not name.endswith(CONFIRMATIONS)} == set()
