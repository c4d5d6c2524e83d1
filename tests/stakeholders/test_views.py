"""The stakeholder pages: register, grid, bundle, add/edit/delete, refusals and downloads."""

import csv
import io

import pytest
from django.urls import reverse

from core.concurrency import EDIT_CONFLICT, FINGERPRINT_FIELD
from stakeholders.forms import POWER_RANGE
from stakeholders.models import Expectation, Stakeholder
from stakeholders.services import DUPLICATE_STAKEHOLDER_NAME, STATEMENT_REQUIRED
from tests.support.factories import make_microsystem

GROUP = {
    "name": "Council finance",
    "kind": "funders",
    "description": "Sets the branch budget.",
    "power": "5",
    "interest": "3",
    "consultation": "Budget meeting, January 2026.",
}
EXPECTATION = {"statement": "Cut running costs by 8%.", "kind": "cost", "priority": "1"}


def url(name, microsystem, **kwargs):
    return reverse(f"stakeholders:{name}", kwargs={"slug": microsystem.slug, **kwargs})


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def other_group(organisation):
    """A group, with an expectation, of another microsystem of the same organisation."""
    other = make_microsystem(organisation, "Westfield Library")
    group = Stakeholder.objects.create(microsystem=other, name="Westfield users")
    expectation = Expectation.objects.create(stakeholder=group, statement="Later opening.")
    return group, expectation


# --- the register and grid ---------------------------------------------------------------


def test_register_lists_groups_with_quadrant_count_and_consultation(
    client_for, microsystem, stakeholder, expectation
):
    Stakeholder.objects.create(microsystem=microsystem, name="Council finance", power=5,
                               interest=3, kind="funders")  # fmt: skip
    body = text(client_for("lead").get(url("list", microsystem)))
    assert "Library users" in body and "Council finance" in body
    assert "Keep informed" in body and "Keep satisfied" in body  # power 2/5, interest 5/3
    assert "Survey at the counter, spring 2025." in body
    assert "Funders and commissioners" in body
    # The grid, the rule for "high", the table beside it and the CSV beside the chart.
    assert 'class="plotly-graph-div"' in body
    assert "High means a score of 4 or 5" in body
    assert "Stakeholder groups in each quadrant of the grid" in body
    assert url("download", microsystem) + "?table=register" in body
    assert url("create", microsystem) in body
    assert url("expectations", microsystem) in body  # sub-navigation to the bundle


def test_register_for_a_viewer_has_no_edit_links(client_for, microsystem, stakeholder):
    body = text(client_for("member").get(url("list", microsystem)))
    assert "Library users" in body
    assert url("create", microsystem) not in body
    assert url("edit", microsystem, stakeholder_id=stakeholder.pk) not in body


def test_register_rows_cached_for_one_person_show_each_their_own_links(
    client_for, microsystem, stakeholder
):
    """The rows are rendered once with the cached report, in both versions: a lead's view
    leaves none of its edit links for the member who views next, and the other way round."""
    edit = url("edit", microsystem, stakeholder_id=stakeholder.pk)
    assert edit in text(client_for("lead").get(url("list", microsystem)))
    assert edit not in text(client_for("member").get(url("list", microsystem)))
    assert edit in text(client_for("lead").get(url("list", microsystem)))


def test_register_empty_state_says_what_to_do_first(client_for, microsystem):
    body = text(client_for("lead").get(url("list", microsystem)))
    assert "No stakeholder groups yet" in body
    assert "Add the first stakeholder group" in body
    assert "plotly-graph-div" not in body


# --- the bundle of expectations ------------------------------------------------------------


def test_bundle_shows_each_groups_expectations_with_kind_and_priority_in_words(
    client_for, microsystem, stakeholder, expectation
):
    finance = Stakeholder.objects.create(microsystem=microsystem, name="Council finance")
    Expectation.objects.create(stakeholder=finance, statement="Fewer staffed hours.",
                               kind="cost", priority=2)  # fmt: skip
    Expectation.objects.create(stakeholder=finance, statement="Report loans quarterly.",
                               kind="standard", priority=3)  # fmt: skip
    response = client_for("lead").get(url("expectations", microsystem))
    body = text(response)
    assert "Books I want, when I want them." in body
    assert "A benefit to gain" in body and "High priority" in body
    assert "A cost to keep down" in body and "Medium priority" in body
    assert "A standard to comply with" in body and "Low priority" in body
    assert f'id="group-{finance.pk}"' in body and f'id="group-{stakeholder.pk}"' in body
    # The summary: how many of each kind per group (benefit, cost, standard, avoid).
    groups = {group.name: group.kind_counts for group in response.context["groups"]}
    assert groups == {"Council finance": [0, 1, 1, 0], "Library users": [1, 0, 0, 0]}
    assert "How many of each kind" in body
    assert url("list", microsystem) in body  # sub-navigation back to the register


def test_bundle_empty_states(client_for, microsystem):
    client = client_for("lead")
    body = text(client.get(url("expectations", microsystem)))
    assert "No stakeholder groups yet" in body and "Add the first stakeholder group" in body
    Stakeholder.objects.create(microsystem=microsystem, name="Tenants")
    body = text(client.get(url("expectations", microsystem)))
    assert "No expectations recorded yet." in body
    assert "No expectations recorded for this group yet." in body


# --- add, edit, delete a group -------------------------------------------------------------


def test_lead_adds_a_group(client_for, microsystem):
    response = client_for("lead").post(url("create", microsystem), GROUP, follow=True)
    assert response.redirect_chain[-1][0] == url("list", microsystem)
    group = Stakeholder.objects.get()
    assert (group.microsystem, group.power, group.interest) == (microsystem, 5, 3)
    assert "Saved stakeholder group “Council finance”." in messages_of(response)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("power", "7", POWER_RANGE),
        ("name", "library USERS", DUPLICATE_STAKEHOLDER_NAME.format(name="library USERS")),
    ],
)
def test_bad_group_input_is_shown_by_the_field_and_nothing_saved(
    client_for, microsystem, stakeholder, field, value, message
):
    response = client_for("lead").post(url("create", microsystem), {**GROUP, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "Nothing was saved" in text(response)
    assert Stakeholder.objects.count() == 1


def test_lead_edits_a_group(client_for, microsystem, stakeholder):
    edit_url = url("edit", microsystem, stakeholder_id=stakeholder.pk)
    client = client_for("lead")
    fingerprint = client.get(edit_url).context["form"][FINGERPRINT_FIELD].value()
    response = client.post(
        edit_url, {**GROUP, "name": "Library members", FINGERPRINT_FIELD: fingerprint}
    )
    assert response.status_code == 302
    stakeholder.refresh_from_db()
    assert (stakeholder.name, stakeholder.power) == ("Library members", 5)


def test_a_second_save_never_silently_overwrites(client_for, microsystem, stakeholder):
    edit_url = url("edit", microsystem, stakeholder_id=stakeholder.pk)
    client = client_for("lead")
    fingerprint = client.get(edit_url).context["form"][FINGERPRINT_FIELD].value()
    Stakeholder.objects.filter(pk=stakeholder.pk).update(power=4)  # someone else's save
    posted = {**GROUP, "name": "Library users", FINGERPRINT_FIELD: fingerprint}
    response = client.post(edit_url, posted)
    assert response.status_code == 200
    conflict = EDIT_CONFLICT.format(what="stakeholder group")
    assert conflict in response.context["form"].non_field_errors()
    stakeholder.refresh_from_db()
    assert stakeholder.power == 4
    # Saving again on purpose, with the refreshed fingerprint, replaces it.
    refreshed = response.context["form"].data[FINGERPRINT_FIELD]
    assert client.post(edit_url, {**posted, FINGERPRINT_FIELD: refreshed}).status_code == 302
    stakeholder.refresh_from_db()
    assert stakeholder.power == 5


def test_delete_asks_first_saying_the_expectations_go_too(
    client_for, microsystem, stakeholder, expectation
):
    client = client_for("lead")
    delete_url = url("delete", microsystem, stakeholder_id=stakeholder.pk)
    body = text(client.get(delete_url))
    assert "Delete the stakeholder group “Library users”?" in body
    assert "This also deletes its 1 expectation." in body
    assert "Books I want, when I want them." in body
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()

    response = client.post(delete_url, follow=True)
    assert not Stakeholder.objects.exists() and not Expectation.objects.exists()
    assert "Deleted stakeholder group “Library users”." in messages_of(response)


def test_delete_of_a_group_with_judgements_is_refused_with_a_clear_message(
    client_for, microsystem, stakeholder, expectation, assessment
):
    from valuation.models import Judgement, StakeholderWeight, ValueDimension

    Judgement.objects.create(
        assessment=assessment,
        stakeholder=stakeholder,
        dimension=ValueDimension.objects.get(slug="equity"),
        score=8,
        rationale="Free for everyone.",
    )
    StakeholderWeight.objects.create(assessment=assessment, stakeholder=stakeholder,
                                     method="points")  # fmt: skip
    client = client_for("lead")
    delete_url = url("delete", microsystem, stakeholder_id=stakeholder.pk)
    expected = (
        "“Library users” cannot be deleted: it has weights or judgements in assessment 2025; "
        "they keep the record of what this group said."
    )
    # The confirmation page says so at once and offers no delete button.
    confirm = text(client.get(delete_url))
    assert expected in confirm and "Delete stakeholder group</button>" not in confirm
    # A POST anyway (an old tab) is refused by the database's protection, with a message.
    response = client.post(delete_url, follow=True)
    assert response.status_code == 200
    assert expected in messages_of(response)
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()
    assert Expectation.objects.filter(pk=expectation.pk).exists()


# --- expectations ------------------------------------------------------------------------


def test_lead_adds_edits_and_deletes_an_expectation(client_for, microsystem, stakeholder):
    client = client_for("lead")
    bundle = url("expectations", microsystem) + f"#group-{stakeholder.pk}"
    response = client.post(
        url("expectation_create", microsystem, stakeholder_id=stakeholder.pk), EXPECTATION
    )
    assert response.status_code == 302 and response.url == bundle
    expectation = Expectation.objects.get()
    assert (expectation.stakeholder, expectation.kind, expectation.priority) == (
        stakeholder, "cost", 1,
    )  # fmt: skip

    edit_url = url("expectation_edit", microsystem, expectation_id=expectation.pk)
    fingerprint = client.get(edit_url).context["form"][FINGERPRINT_FIELD].value()
    response = client.post(
        edit_url, {**EXPECTATION, "priority": "3", FINGERPRINT_FIELD: fingerprint}
    )
    assert response.status_code == 302
    expectation.refresh_from_db()
    assert expectation.priority == 3

    delete_url = url("expectation_delete", microsystem, expectation_id=expectation.pk)
    body = text(client.get(delete_url))
    assert "Delete this expectation of “Library users”?" in body
    assert "Cut running costs by 8%." in body
    assert Expectation.objects.exists()
    assert client.post(delete_url).url == bundle
    assert not Expectation.objects.exists()


def test_empty_statement_is_refused_by_the_field(client_for, microsystem, stakeholder):
    response = client_for("lead").post(
        url("expectation_create", microsystem, stakeholder_id=stakeholder.pk),
        {**EXPECTATION, "statement": "  "},
    )
    assert response.context["form"].errors["statement"] == [STATEMENT_REQUIRED]
    assert not Expectation.objects.exists()


def test_expectation_edit_conflict_is_refused(client_for, microsystem, expectation):
    client = client_for("lead")
    edit_url = url("expectation_edit", microsystem, expectation_id=expectation.pk)
    fingerprint = client.get(edit_url).context["form"][FINGERPRINT_FIELD].value()
    Expectation.objects.filter(pk=expectation.pk).update(statement="Theirs.")
    response = client.post(edit_url, {**EXPECTATION, FINGERPRINT_FIELD: fingerprint})
    assert EDIT_CONFLICT.format(what="expectation") in response.context["form"].non_field_errors()
    expectation.refresh_from_db()
    assert expectation.statement == "Theirs."


# --- another microsystem's records are 404 -----------------------------------------------


@pytest.mark.parametrize(
    "name, key",
    [
        ("edit", "stakeholder_id"),
        ("delete", "stakeholder_id"),
        ("expectation_create", "stakeholder_id"),
        ("expectation_edit", "expectation_id"),
        ("expectation_delete", "expectation_id"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_microsystems_group_or_expectation_is_404(
    client_for, microsystem, other_group, name, key, method
):
    group, expectation = other_group
    target = group.pk if key == "stakeholder_id" else expectation.pk
    client = client_for("lead")  # leads `microsystem`, which the URL names
    response = getattr(client, method)(url(name, microsystem, **{key: target}))
    assert response.status_code == 404
    assert Stakeholder.objects.filter(pk=group.pk).exists()
    assert Expectation.objects.filter(pk=expectation.pk).exists()


# --- downloads ---------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_download_has_one_row_per_expectation_and_escapes_formulas(
    client_for, microsystem, stakeholder, expectation
):
    Expectation.objects.create(stakeholder=stakeholder, statement="=HYPERLINK(\"x\")",
                               kind="avoid", priority=3)  # fmt: skip
    Stakeholder.objects.create(microsystem=microsystem, name="Council finance", power=5,
                               interest=4, kind="funders")  # fmt: skip
    response = client_for("member").get(url("download", microsystem))
    assert response["Content-Disposition"] == (
        'attachment; filename="eastfield-library-stakeholder-expectations.csv"'
    )
    assert read_csv(response) == [
        ["Stakeholder group", "Kind", "Power (1 to 5)", "Interest (1 to 5)", "Quadrant",
         "How they were consulted", "Expectation", "Kind of expectation", "Priority"],
        ["Council finance", "Funders and commissioners", "5", "4", "Manage closely", "",
         "", "", ""],
        ["Library users", "Service users", "2", "5", "Keep informed",
         "Survey at the counter, spring 2025.", "Books I want, when I want them.",
         "A benefit to gain", "High"],
        ["Library users", "Service users", "2", "5", "Keep informed",
         "Survey at the counter, spring 2025.", "'=HYPERLINK(\"x\")", "A contact to avoid",
         "Low"],
    ]  # fmt: skip


def test_register_download_has_one_row_per_group(client_for, microsystem, stakeholder, expectation):
    stakeholder.name = "@Library users"
    stakeholder.save()
    response = client_for("member").get(url("download", microsystem) + "?table=register")
    assert read_csv(response) == [
        ["Stakeholder group", "Kind", "Power (1 to 5)", "Interest (1 to 5)", "Quadrant",
         "Expectations", "How they were consulted", "Description"],
        ["'@Library users", "Service users", "2", "5", "Keep informed", "1",
         "Survey at the counter, spring 2025.", ""],
    ]  # fmt: skip


def test_download_of_an_empty_register_is_just_the_headers(client_for, microsystem):
    rows = read_csv(client_for("member").get(url("download", microsystem)))
    assert len(rows) == 1 and rows[0][0] == "Stakeholder group"


def test_download_of_an_unknown_table_is_a_clear_400(client_for, microsystem):
    response = client_for("member").get(url("download", microsystem) + "?table=secrets")
    assert response.status_code == 400
    assert response.content.decode() == "Ask for table expectations or register."


# --- accessibility of the states the shared page walk does not reach ---------------------


def test_empty_states_error_forms_and_refusals_pass_the_accessibility_checks(
    client_for, microsystem, assessment
):
    from tests.support.accessibility import accessibility_problems
    from valuation.models import VoiceWeight

    client = client_for("lead")
    pages = [client.get(url("list", microsystem)), client.get(url("expectations", microsystem))]
    pages.append(client.post(url("create", microsystem), {**GROUP, "power": "9", "name": ""}))
    group = Stakeholder.objects.create(microsystem=microsystem, name="Tenants")
    VoiceWeight.objects.create(assessment=assessment, stakeholder=group, weight=1)
    pages.append(client.get(url("delete", microsystem, stakeholder_id=group.pk)))
    pages.append(client.get(url("expectations", microsystem)))  # a group, no expectations
    pages.append(
        client.post(
            url("expectation_create", microsystem, stakeholder_id=group.pk),
            {"statement": "", "kind": "nonsense"},
        )
    )
    for response in pages:
        assert response.status_code == 200
        assert accessibility_problems(response.content.decode()) == [], response.request


def test_a_name_longer_than_its_field_is_refused_with_the_limit_named(client_for, microsystem):
    """Issue 13 item 6: no `maxlength` for the browser to cut a pasted name at, mid-word;
    the server refuses all 130 characters, names the limit of 120, and saves nothing."""
    form_page = client_for("lead").get(url("create", microsystem)).content.decode()
    assert "maxlength" not in form_page
    long_name = "Parents and carers of pupils at the primary schools " * 2 + "x" * 26
    assert len(long_name) == 130
    response = client_for("lead").post(url("create", microsystem), {**GROUP, "name": long_name})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Ensure this value has at most 120 characters (it has 130)."
    ]
    assert Stakeholder.objects.count() == 0
