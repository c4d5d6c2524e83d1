"""A unit's own baseline and target for a measure: the rules, the pages, who may set
them, and the engine scoring the unit against them and naming them.

The `measure` fixture is "Users satisfied": higher is better, default baseline 60
and target 90, used by every microsystem.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.support.factories import make_microsystem
from valuation.models import (
    MEASURE_TARGET_HIGHER,
    MEASURE_TARGET_LOWER,
    MEASURE_TARGET_NEEDS_REASON,
    MEASURE_TARGET_SAME,
    Measure,
    Measurement,
    MeasureTarget,
    ValueDimension,
)
from valuation.reports.account import assessment_report
from valuation.reports.account_text import missing_words
from valuation.scoring.engine import assess
from valuation.selectors.account import assessment_inputs
from valuation.selectors.records import live_source
from valuation.services.measure_targets import (
    MEASURE_NOT_USED_HERE,
    MEASURE_RETIRED_HERE,
    UNIT_ARCHIVED,
    measure_target_remove,
    measure_target_set,
)


def edit_url(microsystem, measure) -> str:
    return reverse("valuation:measure_target_edit", args=[microsystem.slug, measure.pk])


def list_url(microsystem) -> str:
    return reverse("valuation:measure_targets", args=[microsystem.slug])


def page_text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


GOOD = {"baseline": "72", "target": "84", "reason": "A larger catchment than most branches."}


@pytest.fixture
def chosen_elsewhere(organisation) -> Measure:
    """A measure only another microsystem uses."""
    other = make_microsystem(organisation, "Westgate Library")
    measure = Measure.objects.create(
        name="Visits per hour",
        code="visits-per-hour",
        dimension=ValueDimension.objects.get(slug="efficiency"),
        direction=Measure.Direction.HIGHER,
        baseline=10,
        target=20,
        applies_to_all=False,
    )
    measure.microsystems.add(other)
    return measure


# ---------------------------------------------------------------- the service and the model


def test_setting_changing_and_removing_a_units_target(microsystem, measure, users):
    row = measure_target_set(
        microsystem=microsystem, measure=measure, baseline=Decimal(72), target=Decimal(84),
        reason="  Larger catchment. ", user=users["manager"],
    )  # fmt: skip
    assert (row.baseline, row.target, row.reason, row.set_by) == (
        72,
        84,
        "Larger catchment.",
        users["manager"],
    )
    measure_target_set(
        microsystem=microsystem, measure=measure, baseline=Decimal(70), target=Decimal(80),
        reason="Revised after a year.", user=users["admin"],
    )  # fmt: skip
    assert MeasureTarget.objects.count() == 1
    row = MeasureTarget.objects.get()
    assert (row.baseline, row.target, row.set_by) == (70, 80, users["admin"])
    measure_target_remove(microsystem=microsystem, measure=measure)
    assert not MeasureTarget.objects.exists()


@pytest.mark.parametrize(
    ("baseline", "target", "reason", "field", "message"),
    [
        (72, 72, "Why.", "target", MEASURE_TARGET_SAME),
        (72, 60, "Why.", "target", MEASURE_TARGET_HIGHER),
        (72, 84, "   ", "reason", MEASURE_TARGET_NEEDS_REASON),
    ],
)
def test_bad_targets_are_refused_naming_the_field_and_nothing_is_saved(
    microsystem, measure, users, baseline, target, reason, field, message
):
    with pytest.raises(ValidationError) as refused:
        measure_target_set(
            microsystem=microsystem, measure=measure, baseline=Decimal(baseline),
            target=Decimal(target), reason=reason, user=users["manager"],
        )  # fmt: skip
    assert refused.value.message_dict[field] == [message]
    assert not MeasureTarget.objects.exists()


def test_lower_is_better_needs_the_target_below_the_baseline(microsystem, users):
    measure = Measure.objects.create(
        name="Days to answer", code="days-to-answer", direction=Measure.Direction.LOWER,
        dimension=ValueDimension.objects.get(slug="efficiency"), baseline=10, target=5,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        measure_target_set(
            microsystem=microsystem, measure=measure, baseline=Decimal(8), target=Decimal(9),
            reason="Why.", user=users["manager"],
        )  # fmt: skip
    assert refused.value.message_dict["target"] == [MEASURE_TARGET_LOWER]
    assert not MeasureTarget.objects.exists()


def test_a_measure_the_unit_does_not_use_or_a_retired_one_takes_no_target(
    microsystem, measure, chosen_elsewhere, users
):
    with pytest.raises(ValidationError) as refused:
        measure_target_set(
            microsystem=microsystem, measure=chosen_elsewhere, baseline=Decimal(1),
            target=Decimal(2), reason="Why.", user=users["manager"],
        )  # fmt: skip
    assert refused.value.messages == [
        MEASURE_NOT_USED_HERE.format(name="Eastfield Library", measure="Visits per hour")
    ]
    Measure.objects.filter(pk=measure.pk).update(active=False)
    measure.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        measure_target_set(
            microsystem=microsystem, measure=measure, baseline=Decimal(1),
            target=Decimal(2), reason="Why.", user=users["manager"],
        )  # fmt: skip
    assert refused.value.messages == [MEASURE_RETIRED_HERE.format(measure="Users satisfied")]
    assert not MeasureTarget.objects.exists()


def test_an_archived_unit_takes_no_target(microsystem, measure, users):
    microsystem.archived_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    microsystem.save()
    with pytest.raises(ValidationError) as refused:
        measure_target_set(
            microsystem=microsystem, measure=measure, baseline=Decimal(72),
            target=Decimal(84), reason="Why.", user=users["manager"],
        )  # fmt: skip
    assert refused.value.messages == [UNIT_ARCHIVED.format(name="Eastfield Library")]
    assert not MeasureTarget.objects.exists()


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"target": Decimal(72)}, "valuation_measuretarget_target_differs"),
        ({"reason": ""}, "valuation_measuretarget_has_reason"),
    ],
)
def test_the_database_refuses_what_the_form_would(microsystem, measure, changes, constraint):
    values = {"baseline": Decimal(72), "target": Decimal(84), "reason": "Why.", **changes}
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        MeasureTarget.objects.create(microsystem=microsystem, measure=measure, **values)


def test_one_target_per_measure_and_unit_in_the_database(microsystem, measure):
    MeasureTarget.objects.create(
        microsystem=microsystem, measure=measure, baseline=1, target=2, reason="Why."
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureTarget.objects.create(
            microsystem=microsystem, measure=measure, baseline=3, target=4, reason="Why."
        )


# ---------------------------------------------------------------- the pages


def test_a_manager_sets_the_units_own_target_on_its_page(client_for, microsystem, measure):
    client = client_for("manager")
    listing = page_text(client.get(reverse("valuation:measurements", args=[microsystem.slug])))
    assert list_url(microsystem) in listing
    assert edit_url(microsystem, measure) in page_text(client.get(list_url(microsystem)))
    response = client.post(edit_url(microsystem, measure), GOOD)
    assert response.status_code == 302 and response.url == list_url(microsystem)
    row = MeasureTarget.objects.get()
    assert (row.baseline, row.target, row.set_by.username) == (72, 84, "manager")
    text = page_text(client.get(list_url(microsystem)))
    assert "Unit's own, set by Manager" in text
    assert "A larger catchment than most branches." in text
    # The measurements page shows the unit's own reference, marked as such.
    measurements = page_text(client.get(reverse("valuation:measurements", args=[microsystem.slug])))
    assert "72%" in measurements and "this unit's own" in measurements


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({**GOOD, "target": "72"}, MEASURE_TARGET_SAME),
        ({**GOOD, "target": "50"}, MEASURE_TARGET_HIGHER),
        ({**GOOD, "reason": "  "}, MEASURE_TARGET_NEEDS_REASON),
    ],
)
def test_bad_input_on_the_page_is_refused_with_the_message(
    client_for, microsystem, measure, posted, message
):
    response = client_for("admin").post(edit_url(microsystem, measure), posted)
    assert response.status_code == 200
    assert message in page_text(response)
    assert "Nothing was saved" in page_text(response)
    assert not MeasureTarget.objects.exists()


def test_a_measure_the_unit_does_not_use_is_refused_on_the_page(
    client_for, microsystem, chosen_elsewhere
):
    response = client_for("manager").post(edit_url(microsystem, chosen_elsewhere), GOOD)
    assert response.status_code == 200
    assert "Eastfield Library does not record the measure “Visits per hour”" in page_text(response)
    assert not MeasureTarget.objects.exists()


@pytest.mark.parametrize("persona", ["member", "lead"])
def test_viewers_and_leads_cannot_set_or_remove_by_a_crafted_post(
    client_for, microsystem, measure, persona
):
    client = client_for(persona)
    assert client.post(edit_url(microsystem, measure), GOOD).status_code == 403
    assert not MeasureTarget.objects.exists()
    MeasureTarget.objects.create(
        microsystem=microsystem, measure=measure, baseline=72, target=84, reason="Why."
    )
    remove = reverse("valuation:measure_target_delete", args=[microsystem.slug, measure.pk])
    assert client.post(remove).status_code == 403
    assert MeasureTarget.objects.count() == 1
    # They see the targets, without the links to change them.
    text = page_text(client.get(list_url(microsystem)))
    assert "Unit's own" in text and edit_url(microsystem, measure) not in text


def test_removing_goes_back_to_the_default(client_for, microsystem, measure):
    MeasureTarget.objects.create(
        microsystem=microsystem, measure=measure, baseline=72, target=84, reason="Why."
    )
    remove = reverse("valuation:measure_target_delete", args=[microsystem.slug, measure.pk])
    client = client_for("manager")
    assert "Remove its own target" in page_text(client.get(remove))
    response = client.post(remove, follow=True)
    assert "now uses the organisation's default" in page_text(response)
    assert not MeasureTarget.objects.exists()


# ---------------------------------------------------------------- the engine and the account


def test_the_account_scores_against_the_units_target_and_names_it(
    client_for, microsystem, measure, assessment, users
):
    # Every month of 2025 at 75%. Default: 100 * (75 - 60) / (90 - 60) = 50.
    Measurement.objects.bulk_create(
        Measurement(microsystem=microsystem, measure=measure,
                    period_start=dt.date(2025, month, 1), value=75)
        for month in range(1, 13)
    )  # fmt: skip
    row = assess(assessment_inputs(assessment)).measures.iloc[0]
    assert (row["score"], row["reference"]) == (pytest.approx(50), "default")

    measure_target_set(
        microsystem=microsystem, measure=measure, baseline=Decimal(72), target=Decimal(84),
        reason="A larger catchment.", user=users["manager"],
    )  # fmt: skip
    # The unit's own: 100 * (75 - 72) / (84 - 72) = 100 * 3 / 12 = 25.
    row = assess(assessment_inputs(assessment)).measures.iloc[0]
    assert row["score"] == pytest.approx(25)
    assert (row["reference"], row["reference_set_by"]) == ("unit", "Manager")
    assert (row["default_baseline"], row["default_target"]) == (60, 90)

    report = assessment_report(assessment, live_source(assessment))
    card = next(card for card in report.cards if card.measures)
    assert card.measures[0]["reference"] == (
        "unit’s own target, set by Manager: A larger catchment."
    )
    text = page_text(
        client_for("member").get(
            reverse("valuation:assessment", args=[microsystem.slug, assessment.pk])
        )
    )
    assert "unit’s own target, set by Manager: A larger catchment." in text
    # A neighbour without its own target is still scored against the default.
    other = make_microsystem(microsystem.organisation, "Westgate Library")
    assert not MeasureTarget.objects.filter(microsystem=other).exists()


def test_an_incomplete_measure_is_named_on_the_account(
    client_for, microsystem, measure, assessment
):
    # January to October of 2025 only: November and December are missing.
    Measurement.objects.bulk_create(
        Measurement(microsystem=microsystem, measure=measure,
                    period_start=dt.date(2025, month, 1), value=75)
        for month in range(1, 11)
    )  # fmt: skip
    row = assess(assessment_inputs(assessment)).measures.iloc[0]
    assert pd_missing(row["score"]) and not row["complete"]
    assert missing_words(row["missing_periods"], "month") == "Nov 2025 and Dec 2025"
    text = page_text(
        client_for("member").get(
            reverse("valuation:assessment", args=[microsystem.slug, assessment.pk])
        )
    )
    assert (
        "Incomplete: values for 10 of the 12 months of the assessment; missing Nov 2025 and "
        "Dec 2025." in text
    )


def pd_missing(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_a_change_saved_meanwhile_is_not_silently_overwritten(client_for, microsystem, measure):
    from tests.support.fingerprints import fingerprint_on

    MeasureTarget.objects.create(
        microsystem=microsystem, measure=measure, baseline=72, target=84, reason="First."
    )
    client = client_for("manager")
    opened = fingerprint_on(client, edit_url(microsystem, measure))
    MeasureTarget.objects.update(target=88, reason="Someone else's change.")
    response = client.post(edit_url(microsystem, measure), {**opened, **GOOD})
    assert response.status_code == 200
    assert "Someone else saved a change to this target" in page_text(response)
    assert MeasureTarget.objects.get().reason == "Someone else's change."


def test_earlier_targets_are_kept_in_the_units_history(client_for, microsystem, measure):
    client = client_for("manager")
    client.post(edit_url(microsystem, measure), GOOD)
    opened = fingerprint_on_page(client, edit_url(microsystem, measure))
    client.post(
        edit_url(microsystem, measure),
        {**opened, **GOOD, "target": "88", "reason": "After a year of figures."},
    )
    versions = MeasureTarget.history.order_by("history_date")
    assert [(v.target, v.reason, v.history_user.username) for v in versions] == [
        (84, GOOD["reason"], "manager"),
        (88, "After a year of figures.", "manager"),
    ]
    history = reverse("microsystems:history", args=[microsystem.slug]) + "?kind=unit_target"
    text = page_text(client.get(history))
    assert "Own baseline and target for “Users satisfied”" in text
    assert "After a year of figures." in text
    targets = page_text(client.get(list_url(microsystem)))
    assert reverse("microsystems:history", args=[microsystem.slug]) + "?kind=unit_target" in targets


def fingerprint_on_page(client, url):
    from tests.support.fingerprints import fingerprint_on

    return fingerprint_on(client, url)
