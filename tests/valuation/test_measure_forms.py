"""Tests for the admins' measure form and services: every bad input, next to its field."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.concurrency import EDIT_CONFLICT
from tests.support.factories import make_microsystem
from tests.support.fingerprints import as_opened
from valuation.forms.measures import CODE_LOCKED_HELP, MeasureForm
from valuation.models import Measure, Measurement, ValueDimension
from valuation.services import measures as service
from valuation.services.measures import measure_create, measure_set_active, measure_update

TARGET_EQUALS_BASELINE = "The target must differ from the baseline."
HIGHER_TARGET_BELOW = "Higher is better, so the target must be above the baseline."
LOWER_TARGET_ABOVE = "Lower is better, so the target must be below the baseline."


def dimension(slug: str = "efficiency") -> ValueDimension:
    return ValueDimension.objects.get(slug=slug)


def posted(**changes) -> dict:
    data = {
        "name": "Days to complete a repair",
        "code": "days-to-repair",
        "description": "Working days from request to sign-off.",
        "dimension": dimension().pk,
        "kind": "time",
        "unit": "days",
        "direction": "lower",
        "baseline": "28",
        "target": "10",
        "rollup": "mean",
        "side": "benefit",
        "applies_to_all": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def errors_of(data: dict, instance=None, **kwargs) -> dict[str, list[str]]:
    form = MeasureForm(data, instance=instance, **kwargs)
    assert not form.is_valid()
    return dict(form.errors)


def test_a_good_measure_is_valid_and_its_code_lower_cased(db):
    form = MeasureForm(posted(code="Days-To-Repair", name="  Days to complete a repair "))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == "days-to-repair"
    assert form.cleaned_data["name"] == "Days to complete a repair"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"baseline": "20", "target": "20"}, "target", TARGET_EQUALS_BASELINE),
        ({"direction": "higher", "baseline": "28", "target": "10"}, "target", HIGHER_TARGET_BELOW),
        ({"direction": "lower", "baseline": "10", "target": "28"}, "target", LOWER_TARGET_ABOVE),
        ({"applies_to_all": None}, "microsystems", service.NO_MICROSYSTEMS),
        ({"code": "days to repair"}, "code", None),  # not a slug: Django's own message
        ({"baseline": "lots"}, "baseline", "Enter a number."),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_bad_input_is_named_next_to_its_field(db, changes, field, message):
    errors = errors_of(posted(**changes))
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]


def test_a_code_or_name_in_use_is_refused_ignoring_capitals(measure):
    errors = errors_of(posted(code="USERS-SATISFIED", name="users SATISFIED"))
    assert errors == {
        "code": [service.DUPLICATE_CODE.format(code="users-satisfied", other="Users satisfied")],
        "name": [service.DUPLICATE_NAME.format(name="users SATISFIED")],
    }  # and no second, non-field copy from the database constraint


def test_a_retired_dimension_is_refused_but_not_offered(db):
    equity = dimension("equity")
    equity.active = False
    equity.save()
    form = MeasureForm(posted(dimension=equity.pk))
    assert not form.is_valid()
    assert form.errors == {"dimension": [service.DIMENSION_RETIRED.format(dimension="Equity")]}
    offered = [label for _, label in MeasureForm().fields["dimension"].widget.choices]
    assert "Equity" not in offered and "Efficiency" in offered


def test_a_measure_may_keep_a_dimension_retired_since(measure):
    effectiveness = measure.dimension
    effectiveness.active = False
    effectiveness.save()
    data = posted(dimension=effectiveness.pk, code="users-satisfied")
    form = MeasureForm(as_opened(MeasureForm(instance=measure), data), instance=measure)
    assert form.is_valid(), form.errors
    offered = [label for _, label in form.fields["dimension"].widget.choices]
    assert "Effectiveness (retired)" in offered


def test_chosen_microsystems_satisfy_the_rule(microsystem):
    form = MeasureForm(posted(applies_to_all=None, microsystems=[microsystem.pk]))
    assert form.is_valid(), form.errors


def test_archived_microsystems_are_not_offered_unless_already_chosen(microsystem, organisation):
    from django.utils import timezone

    archived = make_microsystem(organisation, "Old branch", archived_at=timezone.now())
    assert archived not in MeasureForm().fields["microsystems"].queryset
    measure = measure_create(
        data=posted_data(applies_to_all=False), microsystems=[microsystem, archived]
    )
    assert archived in MeasureForm(instance=measure).fields["microsystems"].queryset


def test_the_code_is_locked_once_measurements_use_it(measure, microsystem):
    Measurement.objects.create(
        microsystem=microsystem, measure=measure, period_start=date(2026, 1, 1), value=70
    )
    data = posted(code="renamed", dimension=measure.dimension.pk, direction="higher",
                  baseline="60", target="90")  # fmt: skip
    form = MeasureForm(
        as_opened(MeasureForm(instance=measure, measurement_count=1), data),
        instance=measure,
        measurement_count=1,
    )
    assert form.fields["code"].disabled
    assert form.fields["code"].help_text == CODE_LOCKED_HELP.format(count=1, plural="")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == "users-satisfied"  # the posted code is ignored


def test_an_edit_made_by_someone_else_meanwhile_is_not_overwritten(measure, microsystem):
    shown = MeasureForm(instance=measure)
    fingerprint = shown.fields["edit_fingerprint"].initial
    # Another admin chooses microsystems meanwhile; M2M changes count too.
    measure.applies_to_all = False
    measure.save()
    measure.microsystems.add(microsystem)
    data = posted(
        code="users-satisfied", name="Users satisfied", dimension=measure.dimension.pk,
        direction="higher", baseline="60", target="80", edit_fingerprint=fingerprint,
    )  # fmt: skip
    form = MeasureForm(data, instance=Measure.objects.get(pk=measure.pk))
    assert not form.is_valid()
    assert form.non_field_errors() == [EDIT_CONFLICT.format(what="measure")]


def posted_data(**changes) -> dict:
    """The services' `data`: model values rather than posted text."""
    data = {
        "name": "Days to complete a repair",
        "code": "days-to-repair",
        "description": "",
        "dimension": dimension(),
        "kind": "time",
        "unit": "days",
        "direction": "lower",
        "baseline": 28,
        "target": 10,
        "rollup": "mean",
        "side": "benefit",
        "applies_to_all": True,
    }
    data.update(changes)
    return data


class TestServices:
    def test_create_saves_the_measure_and_its_microsystems(self, microsystem):
        created = measure_create(data=posted_data(applies_to_all=False), microsystems=[microsystem])
        assert created.active and list(created.microsystems.all()) == [microsystem]

    def test_a_measure_used_everywhere_keeps_no_list(self, microsystem):
        created = measure_create(data=posted_data(), microsystems=[microsystem])
        assert not created.microsystems.exists()

    @pytest.mark.parametrize(
        ("changes", "microsystems", "errors"),
        [
            ({"target": 28}, None, {"target": [TARGET_EQUALS_BASELINE]}),
            ({"direction": "higher"}, None, {"target": [HIGHER_TARGET_BELOW]}),
            ({"applies_to_all": False}, [], {"microsystems": [service.NO_MICROSYSTEMS]}),
            (
                {"code": "Users-Satisfied"},
                None,
                {"code": [service.DUPLICATE_CODE.format(code="users-satisfied",
                                                        other="Users satisfied")]},
            ),
            (
                {"name": "USERS SATISFIED"},
                None,
                {"name": [service.DUPLICATE_NAME.format(name="USERS SATISFIED")]},
            ),
        ],
    )  # fmt: skip
    def test_bad_input_is_refused_and_nothing_saved(self, measure, changes, microsystems, errors):
        with pytest.raises(ValidationError) as refused:
            measure_create(data=posted_data(**changes), microsystems=microsystems or [])
        assert refused.value.message_dict == errors
        assert Measure.objects.count() == 1

    def test_a_retired_dimension_is_refused(self, db):
        equity = dimension("equity")
        equity.active = False
        equity.save()
        with pytest.raises(ValidationError) as refused:
            measure_create(data=posted_data(dimension=equity))
        assert refused.value.message_dict == {
            "dimension": [service.DIMENSION_RETIRED.format(dimension="Equity")]
        }

    def test_the_code_cannot_change_once_measurements_use_it(self, measure, microsystem):
        for month in (1, 2):
            Measurement.objects.create(
                microsystem=microsystem, measure=measure, period_start=date(2026, month, 1),
                value=70,
            )  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            measure_update(measure=measure, data={"code": "renamed"})
        assert refused.value.message_dict == {
            "code": [service.CODE_LOCKED.format(count=2, plural="s", code="users-satisfied")]
        }
        assert Measure.objects.get(pk=measure.pk).code == "users-satisfied"

    def test_the_code_may_change_before_any_measurement(self, measure):
        measure_update(measure=measure, data={"code": "renamed"})
        assert Measure.objects.get(pk=measure.pk).code == "renamed"

    def test_retire_keeps_history_and_restore_brings_it_back(self, measure, microsystem):
        Measurement.objects.create(
            microsystem=microsystem, measure=measure, period_start=date(2026, 1, 1), value=70
        )
        message = measure_set_active(measure=measure, active=False)
        assert message == service.RETIRED.format(
            name="Users satisfied", count=1, plural="", verb="is"
        )
        assert not Measure.objects.get(pk=measure.pk).active
        assert Measurement.objects.filter(measure=measure).count() == 1
        assert measure_set_active(measure=measure, active=True) == service.RESTORED.format(
            name="Users satisfied"
        )
        assert Measure.objects.get(pk=measure.pk).active

    def test_the_database_refuses_a_target_on_the_wrong_side(self, db):
        # The model's constraint is the last line of defence behind the services.
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Measure.objects.create(
                name="X", code="x", dimension=dimension(), direction="lower", baseline=1, target=2
            )
