"""Tests for the admins' measure pages: list, add, edit, retire and restore."""

from datetime import date

import pytest
from django.urls import reverse

from core.concurrency import EDIT_CONFLICT
from tests.support.accessibility import accessibility_problems
from valuation.models import Measure, Measurement, ValueDimension
from valuation.services import measures as service


def posted(**changes) -> dict:
    data = {
        "name": "Days to complete a repair",
        "code": "days-to-repair",
        "description": "",
        "dimension": ValueDimension.objects.get(slug="efficiency").pk,
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


@pytest.fixture
def admin(client_for):
    return client_for("admin")


@pytest.fixture
def chosen(microsystem) -> Measure:
    """A retired measure used by one chosen microsystem, with two measurements."""
    measure = Measure.objects.create(
        name="Appeals upheld",
        code="appeals-upheld",
        dimension=ValueDimension.objects.get(slug="probity"),
        kind=Measure.Kind.RATE,
        unit="%",
        direction=Measure.Direction.LOWER,
        baseline=14,
        target=5,
        applies_to_all=False,
        active=False,
    )
    measure.microsystems.add(microsystem)
    for month in (1, 2):
        Measurement.objects.create(
            microsystem=microsystem, measure=measure, period_start=date(2026, month, 1), value=9
        )
    return measure


class TestList:
    def test_lists_every_measure_with_its_settings_and_use(self, admin, measure, chosen):
        response = admin.get(reverse("valuation:measures"))
        assert response.status_code == 200
        assert response.context["measures"] == [measure, chosen]  # dimension order, then name
        html = response.content.decode()
        assert "<code>users-satisfied</code>" in html and "<code>appeals-upheld</code>" in html
        assert "All microsystems" in html and "1 microsystem<" in html
        assert "Higher is better" in html and "Lower is better" in html
        assert "Mean of the periods" in html and ">Retired</span>" in html
        assert "data-sortable" in html and "sortable-table.js" in html
        assert f'href="{reverse("valuation:measure_retire", args=[chosen.pk])}">Restore' in html
        assert accessibility_problems(html) == []
        rows = {m.code: m for m in response.context["measures"]}
        assert (
            rows["appeals-upheld"].measurement_count,
            rows["users-satisfied"].measurement_count,
        ) == (2, 0)

    @pytest.mark.parametrize(
        ("show", "codes"),
        [("active", ["users-satisfied"]), ("retired", ["appeals-upheld"]),
         ("all", ["users-satisfied", "appeals-upheld"]),
         ("nonsense", ["users-satisfied", "appeals-upheld"])],
    )  # fmt: skip
    def test_filters_active_and_retired(self, admin, measure, chosen, show, codes):
        response = admin.get(reverse("valuation:measures") + f"?show={show}")
        assert [m.code for m in response.context["measures"]] == codes

    def test_without_measures_says_what_to_do_first(self, admin):
        html = admin.get(reverse("valuation:measures")).content.decode()
        assert "No measures yet" in html and "Add the first measure" in html
        assert accessibility_problems(html) == []

    @pytest.mark.parametrize("persona", ["lead", "manager", "member"])
    def test_only_admins_may_see_it(self, client_for, persona):
        assert client_for(persona).get(reverse("valuation:measures")).status_code == 403


class TestCreateAndEdit:
    def test_a_good_measure_is_created_and_the_admin_sent_to_the_list(self, admin, microsystem):
        response = admin.post(
            reverse("valuation:measure_create"),
            posted(applies_to_all=None, microsystems=[microsystem.pk]),
        )
        assert response.status_code == 302 and response.url == reverse("valuation:measures")
        measure = Measure.objects.get(code="days-to-repair")
        assert list(measure.microsystems.all()) == [microsystem]
        page = admin.get(response.url).content.decode()
        assert "Saved measure “Days to complete a repair” (days-to-repair)." in page

    def test_bad_input_is_shown_next_to_each_field_and_nothing_saved(self, admin, measure):
        response = admin.post(
            reverse("valuation:measure_create"),
            posted(code="users-satisfied", baseline="10", target="10", applies_to_all=None),
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Nothing was saved." in html
        form = response.context["form"]
        assert form.errors["code"] == [
            service.DUPLICATE_CODE.format(code="users-satisfied", other="Users satisfied")
        ]
        assert form.errors["target"] == ["The target must differ from the baseline."]
        assert form.errors["microsystems"] == [service.NO_MICROSYSTEMS]
        assert 'id="error_1_id_target"' in html  # crispy places it under the field
        assert accessibility_problems(html) == []
        assert Measure.objects.count() == 1

    def test_edit_says_the_code_is_locked_once_measurements_use_it(
        self, admin, measure, microsystem
    ):
        Measurement.objects.create(
            microsystem=microsystem, measure=measure, period_start=date(2026, 1, 1), value=70
        )
        url = reverse("valuation:measure_edit", args=[measure.pk])
        html = admin.get(url).content.decode()
        assert "This code cannot change: the measure has 1 measurement," in html
        assert 'name="baseline" value="60"' in html  # not the stored 60.0000
        assert accessibility_problems(html) == []
        form = admin.get(url).context["form"]
        data = posted(
            code="renamed", name="Users satisfied (survey)", dimension=measure.dimension.pk,
            direction="higher", baseline="60", target="95",
            edit_fingerprint=form.fields["edit_fingerprint"].initial,
        )  # fmt: skip
        assert admin.post(url, data).status_code == 302
        measure.refresh_from_db()
        assert (measure.code, measure.name, measure.target) == (
            "users-satisfied",
            "Users satisfied (survey)",
            95,
        )

    def test_an_edit_made_meanwhile_is_reported_not_overwritten(self, admin, measure):
        url = reverse("valuation:measure_edit", args=[measure.pk])
        fingerprint = admin.get(url).context["form"].fields["edit_fingerprint"].initial
        Measure.objects.filter(pk=measure.pk).update(target=80)
        data = posted(
            code="users-satisfied", name="Users satisfied", dimension=measure.dimension.pk,
            direction="higher", baseline="60", target="95", edit_fingerprint=fingerprint,
        )  # fmt: skip
        response = admin.post(url, data)
        assert response.status_code == 200
        assert EDIT_CONFLICT.format(what="measure") in response.content.decode()
        assert Measure.objects.get(pk=measure.pk).target == 80

    def test_an_unknown_measure_is_404(self, admin):
        assert admin.get(reverse("valuation:measure_edit", args=[9999])).status_code == 404


class TestRetire:
    def test_confirmation_then_retire_keeps_history(self, admin, measure, microsystem):
        Measurement.objects.create(
            microsystem=microsystem, measure=measure, period_start=date(2026, 1, 1), value=70
        )
        url = reverse("valuation:measure_retire", args=[measure.pk])
        page = admin.get(url)
        html = page.content.decode()
        assert "Retire the measure “Users satisfied”?" in html
        assert "Its 1 measurement is kept" in html
        assert accessibility_problems(html) == []
        assert Measure.objects.get(pk=measure.pk).active  # a GET changes nothing
        response = admin.post(url)
        assert response.status_code == 302
        assert not Measure.objects.get(pk=measure.pk).active
        assert Measurement.objects.filter(measure=measure).count() == 1
        assert (
            "Retired “Users satisfied”. Its 1 measurement is kept"
            in admin.get(response.url).content.decode()
        )

    def test_a_retired_measure_is_restored(self, admin, chosen):
        url = reverse("valuation:measure_retire", args=[chosen.pk])
        assert "Restore the measure “Appeals upheld”?" in admin.get(url).content.decode()
        admin.post(url)
        assert Measure.objects.get(pk=chosen.pk).active

    def test_a_team_leader_cannot_retire(self, client_for, measure):
        response = client_for("lead").post(reverse("valuation:measure_retire", args=[measure.pk]))
        assert response.status_code == 403
        assert Measure.objects.get(pk=measure.pk).active


class TestDjangoAdmin:
    """The Django admin refuses the same bad input as the in-app pages."""

    def admin_post(self, client, **changes):
        data = posted(**changes)
        data.update({"active": "on", "microsystems": data.get("microsystems", [])})
        return client.post(reverse("admin:valuation_measure_add"), data)

    def test_bad_input_is_refused_next_to_the_field(self, admin, measure):
        equity = ValueDimension.objects.get(slug="equity")
        equity.active = False
        equity.save()
        response = self.admin_post(
            admin, code="USERS-SATISFIED", applies_to_all=None, dimension=equity.pk,
            baseline="5", target="5",
        )  # fmt: skip
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert errors["code"] == [
            service.DUPLICATE_CODE.format(code="USERS-SATISFIED", other="Users satisfied")
        ]
        assert errors["microsystems"] == [service.NO_MICROSYSTEMS]
        assert errors["dimension"] == [service.DIMENSION_RETIRED.format(dimension="Equity")]
        assert errors["target"] == ["The target must differ from the baseline."]
        assert Measure.objects.count() == 1

    def test_a_good_measure_is_added(self, admin):
        response = self.admin_post(admin)
        assert response.status_code == 302
        assert Measure.objects.filter(code="days-to-repair").exists()
