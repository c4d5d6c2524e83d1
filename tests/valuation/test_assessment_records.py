"""An approved assessment shows exactly what was approved, whatever happens later.

On the hand-computed repairs world (tests/support/account.py: overall 63.4375,
money £10,500), approve, then change or delete each kind of live input and
compare the approved page, its CSV downloads and the perspectives page and its
downloads, byte for byte, before and after. Each change does move today's
figures (checked on the live engine), so an unfrozen page would fail.
"""

import dataclasses
import datetime as dt
import json
import re
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from django.urls import reverse

from microsystems.data_versions import configuration_changed, units_changed
from microsystems.models import Activity, ActivityEffort, Microsystem, StaffRole
from microsystems.services.activities import activity_delete
from stakeholders.models import Stakeholder
from tests.support.account import repairs_world
from tests.support.html import text_of
from tests.support.records import approve, reopen
from valuation.models import (
    Assessment,
    AssessmentRecord,
    DimensionWeight,
    Judgement,
    Measure,
    Measurement,
    StakeholderWeight,
    VoiceWeight,
)
from valuation.records.codec import CodecError, decode, encode
from valuation.reports import perspectives as perspective_report
from valuation.reports.account import TABLES
from valuation.scoring.engine import assess
from valuation.selectors.account import assessment_inputs
from valuation.selectors.perspectives import perspective_frames
from valuation.selectors.records import frozen_source, live_source

APPROVAL_NOTE = "Checked against the repairs log."


@pytest.fixture
def world(microsystem, users) -> dict:
    return repairs_world(microsystem)


@pytest.fixture
def approved(world, users) -> Assessment:
    return approve(
        world["assessment"], lead=users["lead"], manager=users["manager"], comment=APPROVAL_NOTE
    )


def address(name: str, assessment: Assessment, **extra) -> str:
    return reverse(
        f"valuation:{name}",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk, **extra},
    )


# ---------------------------------------------------------------- exact round trips


def assert_same(before, after, path="value"):
    """Equal value for value and type for type (frames: dtypes, index and every cell)."""
    assert type(before) is type(after), (path, type(before), type(after))
    if isinstance(before, pd.DataFrame):
        pd.testing.assert_frame_equal(before, after, check_exact=True, obj=path)
    elif isinstance(before, pd.Series):
        pd.testing.assert_series_equal(before, after, check_exact=True, obj=path)
    elif isinstance(before, np.ndarray):
        assert before.dtype == after.dtype and before.shape == after.shape, path
        np.testing.assert_array_equal(before, after, err_msg=path)
    elif dataclasses.is_dataclass(before):
        for field in dataclasses.fields(before):
            assert_same(
                getattr(before, field.name), getattr(after, field.name), f"{path}.{field.name}"
            )
    elif isinstance(before, list | tuple):
        assert len(before) == len(after), path
        for position, (one, other) in enumerate(zip(before, after, strict=True)):
            assert_same(one, other, f"{path}[{position}]")
    elif isinstance(before, dict):
        assert list(before) == list(after), path
        for key in before:
            assert_same(before[key], after[key], f"{path}[{key!r}]")
    elif isinstance(before, float) and np.isnan(before):
        assert np.isnan(after), path
    else:
        assert before == after, (path, before, after)


def test_inputs_result_and_perspectives_survive_the_database_exactly(world, approved):
    """What the record holds, read back from the database, equals what the engine used
    and returned at approval, exactly (floats, dates, dtypes and all)."""
    inputs = assessment_inputs(approved)
    record = AssessmentRecord.objects.get(assessment=approved)
    assert_same(inputs, decode(record.inputs), "inputs")
    assert_same(assess(inputs), decode(record.result), "result")
    assert_same(perspective_frames(approved), decode(record.perspectives), "perspectives")
    # And the stored JSON is plain JSON: no NaN, which PostgreSQL's jsonb refuses.
    json.dumps(record.result, allow_nan=False)


@pytest.mark.parametrize(
    "value",
    [
        Decimal("0.10"),
        Decimal("-12345678901234567890.000001"),
        dt.date(1900, 1, 1),
        dt.datetime(2026, 10, 14, 9, 30, 5, 123456, tzinfo=dt.UTC),
        float("nan"),
        float("inf"),
        0.1 + 0.2,
        {1: "integer keys", "1": "string key", (1, 2): "tuple key"},
        ("a", 1, None),
        np.int64(7),
        np.float64(2.5),
    ],
    ids=repr,
)
def test_values_round_trip_exactly(value):
    back = decode(json.loads(json.dumps(encode(value), allow_nan=False)))
    assert_same(value, back)


def test_frames_round_trip_with_their_dtypes_and_index():
    frame = pd.DataFrame(
        {
            "day": [dt.date(2025, 1, 1), dt.date(2199, 12, 31)],
            "money": [Decimal("1.10"), None],
            "share": [0.1 + 0.2, float("nan")],
            "count": np.array([1, 2], dtype="int64"),
            "maybe": pd.array([1, None], dtype="Int64"),
            "text": pd.array(["a", None], dtype="string"),
            "flag": [True, False],
            "when": pd.to_datetime(["2025-01-01", "2025-02-01"]),
        },
        index=pd.Index([10, 20], name="id"),
    )
    back = decode(json.loads(json.dumps(encode(frame), allow_nan=False)))
    assert_same(frame, back)


def test_an_unknown_type_is_refused_not_stored_wrongly():
    with pytest.raises(CodecError):
        encode(object())
    with pytest.raises(CodecError):
        decode({"$dataclass": "os.path.Something", "fields": {}})


# ---------------------------------------------------------------- what approval stores


def test_approval_stores_version_one_with_who_and_when(approved, users):
    record = AssessmentRecord.objects.get(assessment=approved)
    assert record.version == 1
    assert record.approved_by == users["manager"]
    assert record.approved_by_name == "Manager"
    assert record.approval_comment == APPROVAL_NOTE
    assert record.approved_at == approved.reviewed_at
    assert record.superseded_at is None and not record.frozen_on_first_view
    assert record.context["voice_weights_rationale"] == "Tenants live with the repairs."
    assert decode(record.result).overall.value == pytest.approx(63.4375)


# ---------------------------------------------------------------- edits after approval


def _main(html: str) -> str:
    """The page's content without what may differ between two identical requests (the
    per-request nonce, the CSRF token) and without the since-approval notice."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r'<div class="alert[^"]*" role="note" id="record-notice">.*?</div>', "", main,
                  flags=re.S)  # fmt: skip
    main = re.sub(r' nonce="[^"]*"', "", main)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def _figures(html: str) -> str:
    """The figures: from the overall value down, without the timeline of the
    assessment's steps (which a reopen rightly adds to)."""
    figures = _main(html).split('id="overall-heading"', 1)[1]
    return re.sub(r'<section[^>]*aria-labelledby="timeline-heading">.*?</section>', "", figures,
                  flags=re.S)  # fmt: skip


def snapshot(client, assessment: Assessment) -> dict:
    pages = {"account": _main(client.get(address("assessment", assessment)).content.decode())}
    pages["perspectives"] = _main(client.get(address("perspectives", assessment)).content.decode())
    for table in TABLES:
        response = client.get(address("assessment_download", assessment) + f"?table={table}")
        assert response.status_code == 200
        pages[f"download {table}"] = response.content
    for table in perspective_report.TABLES:
        response = client.get(address("perspectives_download", assessment) + f"?table={table}")
        pages[f"perspectives {table}"] = response.content
    for name in INPUT_PAGES:
        pages[name] = _main(client.get(address(name, assessment)).content.decode())
    return pages


# The pages of what the stakeholders said: read from the record once approved.
INPUT_PAGES = ("weights", "judgements", "voices")


def _live_figures(assessment: Assessment) -> tuple:
    result = live_source(Assessment.objects.select_related("microsystem").get(pk=assessment.pk))
    return (
        result.result.overall.value,
        result.result.account.money,
        tuple(result.inputs.stakeholders["name"]),
        result.result.account.benefit_measures.to_json(),
    )


def _edit_measurement(world):
    measure = Measure.objects.get(code="days-to-repair")
    Measurement.objects.filter(measure=measure, period_start=dt.date(2025, 3, 1)).update(value=11)


def _delete_measurement(world):
    Measurement.objects.filter(
        measure__code="deprived-area-repairs", period_start=dt.date(2025, 3, 1)
    ).delete()


def _activity_cost(world):
    Activity.objects.filter(pk=world["emergency"].pk).update(other_costs=6500)


def _staff_time(world):
    ActivityEffort.objects.filter(activity=world["planned"]).update(hours_per_period=80)


def _staff_role(world):
    StaffRole.objects.update(hourly_cost=35)


def _add_stakeholder(world):
    Stakeholder.objects.create(microsystem=world["assessment"].microsystem, name="Councillors")


def _rename_stakeholder(world):
    Stakeholder.objects.filter(pk=world["tenants"].pk).update(name="Residents")


def _weight(world):
    # Straight to the database: the services refuse any change to an approved one.
    DimensionWeight.objects.filter(
        stakeholder_weight__stakeholder=world["funders"], dimension=world["equity"]
    ).update(weight=Decimal("0.5"))


def _judgement(world):
    Judgement.objects.filter(stakeholder=world["tenants"], dimension=world["equity"]).update(
        score=2
    )


def _weight_deleted(world):
    StakeholderWeight.objects.filter(stakeholder=world["funders"]).delete()


def _judgement_deleted(world):
    Judgement.objects.filter(stakeholder=world["funders"], dimension=world["efficiency"]).delete()


def _voice(world):
    VoiceWeight.objects.filter(stakeholder=world["funders"]).update(weight=9)


def _voices_reset(world):
    VoiceWeight.objects.filter(assessment=world["assessment"]).delete()


def _measure_baseline(world):
    Measure.objects.filter(code="deprived-area-repairs").update(baseline=0, target=150)


def _delete_unjudged_activity(world):
    activity_delete(activity=world["planned"])


EDITS = {
    "measurement edited": (_edit_measurement, "1 measurement"),
    "measurement deleted": (_delete_measurement, "1 measurement"),
    "activity cost": (_activity_cost, "1 activity"),
    "staff time": (_staff_time, "1 activity"),
    "staff role cost": (_staff_role, "1 staff role"),
    "stakeholder added": (_add_stakeholder, "1 stakeholder group"),
    "stakeholder renamed": (_rename_stakeholder, "1 stakeholder group"),
    "weight": (_weight, "1 weight"),
    "judgement": (_judgement, "1 judgement"),
    "weight deleted": (_weight_deleted, "2 weights"),
    "judgement deleted": (_judgement_deleted, "1 judgement"),
    "voice": (_voice, "1 voice weight"),
    "voices reset to equal": (_voices_reset, "2 voice weights"),
    "measure baseline": (_measure_baseline, "1 measure"),
    "activity deleted": (_delete_unjudged_activity, "1 activity"),
}


# Each case snapshots every approved page and download twice (seconds apiece): one
# change of each kind of source (a measurement, a stakeholder, an assessment input) in
# `make test`, the rest in `make test-slow`.
IN_FAST_SUITE = {"measurement edited", "stakeholder added", "weight"}


@pytest.mark.parametrize(
    "kind",
    [
        kind if kind in IN_FAST_SUITE else pytest.param(kind, marks=pytest.mark.slow)
        for kind in EDITS
    ],
)
def test_changing_live_data_after_approval_changes_nothing_on_the_approved_pages(
    world, approved, client_for, kind
):
    change, counted = EDITS[kind]
    client = client_for("member")
    before = snapshot(client, approved)
    live_before = _live_figures(approved)

    change(world)
    # The edits above use queryset updates, which send no signal; the app's own writes
    # bump the unit's data version (tests/microsystems/test_report_cache.py), as here.
    units_changed(Microsystem.objects.all(), operations=True)
    configuration_changed()

    # Today's data did move (so a page built from it would differ) ...
    assert _live_figures(approved) != live_before
    # ... and the approved pages and downloads did not, byte for byte.
    after = snapshot(client, approved)
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
    # The notice says what changed, truthfully, on every page read from the record.
    for name in ("assessment", "perspectives", *INPUT_PAGES):
        words = text_of(client.get(address(name, approved)).content.decode())
        assert f"Since approval: {counted} changed." in words, name
        assert "The figures below are as approved on" in words, name


def test_the_notice_counts_every_change_and_names_the_approver(world, approved, client_for):
    page = client_for("lead").get(address("assessment", approved)).content.decode()
    words = text_of(page)
    assert "Since approval" not in words
    day = approved.reviewed_at.astimezone().strftime("%-d %B %Y")
    assert f"The figures below are as approved on {day} by Manager (version 1)." in words

    _edit_measurement(world)
    _delete_measurement(world)
    Measurement.objects.filter(
        measure__code="cost-per-repair", period_start=dt.date(2025, 1, 1)
    ).update(value=1)
    _activity_cost(world)
    words = text_of(client_for("lead").get(address("assessment", approved)).content.decode())
    assert "Since approval: 3 measurements and 1 activity changed." in words


def test_a_judged_activity_cannot_be_deleted_while_an_approved_assessment_holds_it(
    world, approved, client_for
):
    Judgement.objects.create(
        assessment=approved,
        stakeholder=world["tenants"],
        dimension=world["equity"],
        activity=world["emergency"],
        score=7,
        rationale="Keeps people safe.",
    )
    client = client_for("lead")
    delete_url = reverse(
        "microsystems:activity_delete",
        kwargs={"slug": approved.microsystem.slug, "activity_id": world["emergency"].pk},
    )
    page = text_of(client.get(delete_url).content.decode())
    assert "“Emergency repairs” cannot be deleted" in page
    response = client.post(delete_url, {"confirm": "on"}, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert any("judged it in assessment 2025 Q1" in message for message in messages)
    assert Activity.objects.filter(pk=world["emergency"].pk).exists()
    assert Judgement.objects.filter(activity=world["emergency"]).count() == 1


def test_a_drafts_judged_activity_may_still_be_deleted(world, users):
    Judgement.objects.create(
        assessment=world["assessment"],
        stakeholder=world["tenants"],
        dimension=world["equity"],
        activity=world["emergency"],
        score=7,
        rationale="Keeps people safe.",
    )
    activity_delete(activity=world["emergency"])
    assert not Activity.objects.filter(pk=world["emergency"].pk).exists()


# ---------------------------------------------------------------- first view of an old approval


def test_an_assessment_approved_before_records_is_frozen_on_its_first_view(
    world, client_for, users
):
    Assessment.objects.filter(pk=world["assessment"].pk).update(
        status=Assessment.Status.APPROVED, reviewed_by=users["manager"]
    )
    assert not AssessmentRecord.objects.exists()
    client = client_for("member")
    first = snapshot(client, world["assessment"])
    record = AssessmentRecord.objects.get()
    assert record.frozen_on_first_view and record.version == 1
    words = text_of(client.get(address("assessment", world["assessment"])).content.decode())
    assert "It was approved before approved figures were stored" in words
    _activity_cost(world)
    assert snapshot(client, world["assessment"]) == first
    assert AssessmentRecord.objects.count() == 1


# ---------------------------------------------------------------- reopen and versions


def test_reopen_keeps_version_one_readable_and_approving_again_makes_version_two(
    world, approved, client_for, users
):
    client = client_for("manager")
    version_one = client.get(address("assessment_version", approved, version=1))
    assert version_one.status_code == 200
    before = version_one.content.decode()

    response = client.post(
        address("assessment_reopen", approved), {"reason": "The March figures were wrong."}
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == Assessment.Status.DRAFT
    record = AssessmentRecord.objects.get(assessment=approved)
    assert record.superseded_by == users["manager"]
    assert record.reopen_reason == "The March figures were wrong."

    _activity_cost(world)
    version_one = client.get(address("assessment_version", approved, version=1)).content.decode()
    # The figures (everything from the overall value down) are as approved.
    assert _figures(version_one) == _figures(before)
    words = text_of(version_one)
    day = record.superseded_at.astimezone().strftime("%-d %B %Y")
    assert (
        f"Approved version 1, superseded on {day} by Manager: The March figures were wrong."
        in words
    )
    # The draft's page says so and links to the versions.
    draft_words = text_of(client.get(address("assessment", approved)).content.decode())
    assert f"Approved version 1, superseded on {day} by Manager" in draft_words
    versions = text_of(client.get(address("assessment_versions", approved)).content.decode())
    assert "Version 1" in versions

    approve(approved, lead=users["lead"], manager=users["admin"])
    assert (
        list(
            AssessmentRecord.objects.filter(assessment=approved).values_list(
                "version", "superseded_at"
            )
        )[1][0]
        == 2
    )
    current = AssessmentRecord.objects.get(assessment=approved, superseded_at__isnull=True)
    assert current.version == 2
    # Version 2 holds the new activity cost; version 1 the old one.
    assert decode(current.result).account.money != decode(record.result).account.money
    version_one_download = client.get(
        address("assessment_version_download", approved, version=1) + "?table=activities"
    )
    assert version_one_download.status_code == 200


def test_the_version_page_of_a_superseded_version_equals_what_was_approved(
    world, approved, client_for, users
):
    client = client_for("member")
    approved_download = client.get(address("assessment_download", approved) + "?table=measures")
    reopen(approved, manager=users["manager"])
    _measure_baseline(world)
    again = client.get(
        address("assessment_version_download", approved, version=1) + "?table=measures"
    )
    assert again.content == approved_download.content
    # Today's draft shows today's figures, which differ.
    live = client.get(address("assessment_download", approved) + "?table=measures")
    assert live.content != approved_download.content


def test_a_missing_version_is_404(approved, client_for):
    assert (
        client_for("lead").get(address("assessment_version", approved, version=7)).status_code
        == 404
    )


# ---------------------------------------------------------------- bad input


def test_reopen_without_a_reason_is_refused_and_changes_nothing(approved, client_for):
    response = client_for("manager").post(address("assessment_reopen", approved), {"reason": "  "})
    assert response.status_code == 200
    assert "Say why the approved assessment is reopened" in text_of(response.content.decode())
    approved.refresh_from_db()
    assert approved.status == Assessment.Status.APPROVED
    assert AssessmentRecord.objects.get(assessment=approved).superseded_at is None


@pytest.mark.parametrize("persona", ["lead", "member"])
def test_only_managers_and_admins_reopen(approved, client_for, persona):
    response = client_for(persona).post(address("assessment_reopen", approved), {"reason": "x"})
    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.status == Assessment.Status.APPROVED


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_reopening_what_is_not_approved_is_refused(world, client_for, status):
    Assessment.objects.filter(pk=world["assessment"].pk).update(status=status)
    client = client_for("manager")
    response = client.post(address("assessment_reopen", world["assessment"]), {"reason": "x"},
                           follow=True)  # fmt: skip
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        f"This assessment is {status}, so there is nothing to reopen: only an approved "
        "assessment can be reopened."
    ]
    assert Assessment.objects.get(pk=world["assessment"].pk).status == status
    assert not AssessmentRecord.objects.exists()


def test_approving_ones_own_assessment_is_refused(world, users, client_for):
    from valuation.services.assessments import assessment_submit

    assessment_submit(assessment=world["assessment"], user=users["admin"])
    response = client_for("admin").post(
        address("assessment_review", world["assessment"]), {"decision": "approve"}
    )
    assert response.status_code == 200
    assert "You submitted this assessment, so someone else must approve it" in text_of(
        response.content.decode()
    )
    assert Assessment.objects.get(pk=world["assessment"].pk).status == "submitted"
    assert not AssessmentRecord.objects.exists()


def test_a_reopened_draft_with_versions_cannot_be_deleted(approved, users, client_for):
    reopen(approved, manager=users["manager"])
    response = client_for("lead").post(address("assessment_delete", approved), {"confirm": "on"},
                                       follow=True)  # fmt: skip
    messages = " ".join(str(message) for message in response.context["messages"])
    assert "was approved before and reopened, so it cannot be deleted" in messages
    assert Assessment.objects.filter(pk=approved.pk).exists()


def test_frozen_source_is_what_the_page_uses(approved):
    record = AssessmentRecord.objects.get(assessment=approved)
    assert frozen_source(record).record == record


# ---------------------------------------------------------------- what each side is told


def test_what_the_lead_is_told_about_an_approved_assessment_the_manager_can_do(
    approved, client_for
):
    """The lead's refusal says a manager can reopen it; the manager's review page offers it."""
    lead = client_for("lead")
    response = lead.post(address("assessment_edit", approved), {}, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "This assessment is approved, so it can no longer be changed. "
        "A manager can reopen it, giving a reason."
    ]
    lead.logout()
    manager = client_for("manager")
    review = manager.get(address("assessment_review", approved)).content.decode()
    reopen_url = address("assessment_reopen", approved)
    assert f'href="{reopen_url}"' in review
    assert manager.get(reopen_url).status_code == 200
    account = manager.get(address("assessment", approved)).content.decode()
    assert f'href="{reopen_url}"' in account


def test_what_the_lead_is_told_about_a_submitted_assessment_the_manager_can_do(
    world, users, client_for
):
    from valuation.services.assessments import assessment_submit

    assessment_submit(assessment=world["assessment"], user=users["lead"])
    response = client_for("lead").post(address("assessment_edit", world["assessment"]), {},
                                       follow=True)  # fmt: skip
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "This assessment is submitted, so it can no longer be changed. "
        "A manager can return it to draft."
    ]
    review = client_for("manager").get(address("assessment_review", world["assessment"]))
    assert review.context["form"] is not None
    assert "return" in dict(review.context["form"].fields["decision"].choices)


def test_an_archived_units_approved_assessment_is_not_reopened(approved, client_for):
    from django.utils import timezone

    microsystem = approved.microsystem
    microsystem.archived_at = timezone.now()
    microsystem.save(update_fields=["archived_at"])
    response = client_for("manager").post(
        address("assessment_reopen", approved), {"reason": "Late data."}, follow=True
    )
    messages = " ".join(str(message) for message in response.context["messages"])
    assert "is archived, so its assessments are read-only" in messages
    approved.refresh_from_db()
    assert approved.status == Assessment.Status.APPROVED
    assert AssessmentRecord.objects.get(assessment=approved).superseded_at is None


# ---------------------------------------------------------------- weights, judgements, voices


def _table(html: str) -> str:
    """The page's first table, as HTML."""
    return re.search(r"<table.*?</table>", html, flags=re.S).group(0)


def test_words_changed_after_approval_stay_as_approved(world, approved, client_for, users):
    """What the engine does not read (reasons, how weights were entered, who set the
    voices) is kept as approved too."""
    client = client_for("member")
    before = snapshot(client, approved)
    Judgement.objects.filter(stakeholder=world["tenants"]).update(
        rationale="Rewritten later.", recorded_by=users["admin"]
    )
    StakeholderWeight.objects.filter(stakeholder=world["tenants"]).update(
        method=StakeholderWeight.Method.PAIRWISE, consistency_ratio=Decimal("0.2")
    )
    Assessment.objects.filter(pk=approved.pk).update(
        voice_weights_rationale="Rewritten later.", voice_weights_set_by=users["admin"]
    )
    units_changed(Microsystem.objects.all(), operations=True)
    after = snapshot(client, approved)
    for name in before:
        assert after[name] == before[name], name
    judgements = text_of(client.get(address("judgements", approved)).content.decode())
    assert "Seen it." in judgements and "Rewritten later." not in judgements
    voices = text_of(client.get(address("voices", approved)).content.decode())
    assert "Why: “Tenants live with the repairs.”" in voices


def test_a_superseded_versions_weights_judgements_and_voices_stay_readable(
    world, approved, client_for, users
):
    client = client_for("member")
    approved_tables = {
        name: _table(client.get(address(name, approved)).content.decode()) for name in INPUT_PAGES
    }
    reopen(approved, manager=users["manager"])
    _weight(world)
    _judgement(world)
    _voice(world)
    units_changed(Microsystem.objects.all(), operations=True)

    for name in INPUT_PAGES:
        today = client.get(address(name, approved)).content.decode()
        assert _table(today) != approved_tables[name], name  # the draft shows today's
        version_one = client.get(address(name, approved) + "?version=1").content.decode()
        assert _table(version_one) == approved_tables[name], name
        words = text_of(version_one)
        assert "Approved version 1, superseded on" in words, name
        # Its links to the other pages stay on version 1.
        if name != "voices":
            assert f'{address("perspectives", approved)}?version=1"' in version_one
    # The version's download too.
    download = client.get(
        address("perspectives_download", approved) + "?version=1&table=weights"
    ).content.decode()
    assert "Funders,20.0,,,80.0," in download  # as approved; today Equity is 50
    assert client.get(address("weights", approved) + "?version=3").status_code == 404
    assert client.get(address("weights", approved) + "?version=x").status_code == 404
    # A draft's version page is read-only.
    lead_page = client_for("lead").get(address("weights", approved) + "?version=1")
    assert "Enter or change" not in lead_page.content.decode()


def test_a_record_frozen_before_the_pages_were_kept_rebuilds_them_from_its_inputs(world, approved):
    """Records frozen before `pages` existed show the same figures, from the engine's
    inputs and the perspectives' frames (without what they did not keep)."""
    from valuation.reports.judgements import judgements_page
    from valuation.reports.weights import weights_page
    from valuation.selectors.records import frozen_judgements, frozen_voices, frozen_weights

    record = AssessmentRecord.objects.get(assessment=approved)
    kept = {
        "weights": weights_page(frozen_weights(record)),
        "judgements": judgements_page(frozen_judgements(record)),
        "voices": frozen_voices(record),
    }
    record.pages = {}
    rebuilt = {
        "weights": weights_page(frozen_weights(record)),
        "judgements": judgements_page(frozen_judgements(record)),
        "voices": frozen_voices(record),
    }
    for name in ("weights", "judgements"):
        assert [(row.name, row.cells) for row in rebuilt[name].rows] == [
            (row.name, row.cells) for row in kept[name].rows
        ], name
        assert rebuilt[name].columns == kept[name].columns
    assert [row.method_label for row in rebuilt["weights"].rows] == [
        row.method_label for row in kept["weights"].rows
    ]
    assert [detail.rationale for row in rebuilt["judgements"].rows for detail in row.details] == [
        detail.rationale for row in kept["judgements"].rows for detail in row.details
    ]
    assert [(row.name, row.weight, row.share) for row in rebuilt["voices"].rows] == [
        (row.name, row.weight, row.share) for row in kept["voices"].rows
    ]
    assert [row.share for row in kept["voices"].rows] == [Decimal(25), Decimal(75)]
    assert rebuilt["voices"].rationale == kept["voices"].rationale
