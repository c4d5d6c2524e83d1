"""microsystems.extensions: the one registry through which apps plug into a microsystem's pages.

Each test fills a registry of its own, so the installed one (filled by the apps'
ready()) is left alone; tests/test_section_tabs.py checks the installed one.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import NoReverseMatch

from microsystems.extensions import Extensions, extensions, section, step
from microsystems.models import Activity, DemandType, Microsystem

UNIT = Microsystem(name="Eastfield Library", slug="eastfield-library")


@pytest.fixture
def registry() -> Extensions:
    return Extensions()


# --- section tabs ---------------------------------------------------------------------------


def test_tabs_come_in_order_whoever_registers_first(registry):
    registry.add_section("later", label="Later", url_name="microsystems:staff", order=60)
    registry.add_section("profile", label="Profile", url_name="microsystems:detail", order=10)
    registry.add_section("demand", label="Demand", url_name="microsystems:demand", order=20)
    assert [found.label for found in registry.sections()] == ["Profile", "Demand", "Later"]


def test_the_tab_of_the_pages_section_is_active_and_its_main_page_current(registry):
    registry.add_section("profile", label="Profile", url_name="microsystems:detail", order=10)
    registry.add_section("demand", label="Demand", url_name="microsystems:demand", order=20)

    on_upload = registry.section_tabs(
        "eastfield", section="demand", view_name="microsystems:demand_upload"
    )
    assert [(tab.label, tab.url, tab.active, tab.current) for tab in on_upload] == [
        ("Profile", "/microsystems/eastfield/", False, False),
        ("Demand", "/microsystems/eastfield/demand/", True, False),
    ]
    on_demand = registry.section_tabs(
        "eastfield", section="demand", view_name="microsystems:demand"
    )
    assert [(tab.active, tab.current) for tab in on_demand] == [(False, False), (True, True)]


def test_a_tab_whose_page_does_not_exist_fails_loudly(registry):
    registry.add_section("ghost", label="Ghost", url_name="nowhere:list", order=10)
    with pytest.raises(NoReverseMatch):
        registry.section_tabs("eastfield", section="ghost", view_name="microsystems:detail")


def test_a_page_in_a_section_nobody_registered_fails_loudly(registry):
    registry.add_section("profile", label="Profile", url_name="microsystems:detail", order=10)
    with pytest.raises(ImproperlyConfigured, match="demnad"):
        registry.section_tabs("eastfield", section="demnad", view_name="microsystems:demand")


def test_registering_a_section_again_is_harmless_but_a_clash_is_refused(registry):
    registry.add_section("demand", label="Demand", url_name="microsystems:demand", order=20)
    registry.add_section("demand", label="Demand", url_name="microsystems:demand", order=20)
    assert len(registry.sections()) == 1
    with pytest.raises(ImproperlyConfigured, match="demand"):
        registry.add_section("demand", label="Demands", url_name="microsystems:demand", order=20)


def test_the_section_decorator_tells_the_request_and_marks_the_view():
    @section("staff")
    def page(request, slug):
        return f"{slug} in {request.section}"

    assert page.section == "staff"
    assert page.__name__ == "page"
    assert page(RequestFactory().get("/"), "eastfield") == "eastfield in staff"


# --- profile steps ----------------------------------------------------------------------------


def test_profile_steps_come_from_every_provider_in_the_order_registered(registry):
    def own_steps(microsystem):
        return [step("Describe the unit", True, "6 of 6", "microsystems:edit")]

    def later_steps(microsystem):
        return [
            step("Name the stakeholders", False, f"none for {microsystem.name}", "x:list"),
            step("Record the measures", False, "0 values", "y:list"),
        ]

    registry.add_profile_steps(own_steps)
    registry.add_profile_steps(later_steps)
    registry.add_profile_steps(own_steps)  # ready() again adds nothing
    assert registry.profile_steps(UNIT) == [
        {"label": "Describe the unit", "done": True, "detail": "6 of 6",
         "url_name": "microsystems:edit"},
        {"label": "Name the stakeholders", "done": False, "detail": "none for Eastfield Library",
         "url_name": "x:list"},
        {"label": "Record the measures", "done": False, "detail": "0 values", "url_name": "y:list"},
    ]  # fmt: skip


# --- period locks -----------------------------------------------------------------------------


def test_period_locks_name_the_figures_recorded_in_the_order_registered(registry):
    def has_demand(microsystem):
        return True

    def has_measurements(microsystem):
        return microsystem.slug == "eastfield-library"

    def has_targets(microsystem):
        return False

    registry.add_period_lock("demand", has_demand)
    registry.add_period_lock("targets", has_targets)
    registry.add_period_lock("measurements", has_measurements)
    assert registry.period_locks(UNIT) == ["demand", "measurements"]
    with pytest.raises(ImproperlyConfigured, match="demand"):
        registry.add_period_lock("demand", has_targets)


# --- delete guards ----------------------------------------------------------------------------

KEPT_BY_ASSESSMENTS = "“{name}” is used in assessment{plural} {labels}."


def test_a_delete_guard_names_the_records_that_keep_a_record(registry):
    chase = Activity(name="Chase overdue reservations")
    keeping = {"Chase overdue reservations": ["2026 Q1", "2026 Q2"], "Shelving": ["2025"]}
    registry.add_delete_guard(
        Activity, keeping=lambda activity: keeping.get(activity.name, []),
        refusal=KEPT_BY_ASSESSMENTS,
    )  # fmt: skip
    assert registry.delete_refusal(chase) == (
        "“Chase overdue reservations” is used in assessments 2026 Q1, 2026 Q2."
    )
    assert registry.delete_refusal(Activity(name="Shelving")) == (
        "“Shelving” is used in assessment 2025."
    )
    assert registry.delete_refusal(Activity(name="Storytime")) == ""


def test_a_delete_guard_speaks_only_for_its_own_model(registry):
    asked = []

    def keeping(record):
        asked.append(record)
        return ["2025"]

    registry.add_delete_guard(Activity, keeping=keeping, refusal=KEPT_BY_ASSESSMENTS)
    assert registry.delete_refusal(DemandType(name="Renewals")) == ""
    assert asked == []


def test_every_guard_of_a_model_has_its_say(registry):
    registry.add_delete_guard(Activity, keeping=lambda _: ["2025"], refusal=KEPT_BY_ASSESSMENTS)
    registry.add_delete_guard(
        Activity, keeping=lambda _: ["a target"], refusal="“{name}” has {labels}."
    )
    assert registry.delete_refusal(Activity(name="Shelving")) == (
        "“Shelving” is used in assessment 2025. “Shelving” has a target."
    )


# --- the installed registry -------------------------------------------------------------------


def test_the_apps_register_their_sections_in_dependency_order():
    assert [(found.label, found.url_name) for found in extensions.sections()] == [
        ("Profile", "microsystems:detail"),
        ("Demand", "microsystems:demand"),
        ("Demand types", "microsystems:demand_types"),
        ("Staff", "microsystems:staff"),
        ("Activities and costs", "microsystems:activities"),
        ("Stakeholders", "stakeholders:list"),
        ("Measurements", "valuation:measurements"),
        ("Assessments", "valuation:assessments"),
        ("Dashboard", "valuation:dashboard"),
        ("Improvements", "valuation:improvements"),
        ("History", "microsystems:history"),
    ]
