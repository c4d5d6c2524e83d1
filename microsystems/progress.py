"""This app's steps of a microsystem's assessment (see microsystems.extensions): what is
recorded, counted in the one query every app's steps share, and said in words, like
stakeholders.progress and valuation.progress.
"""

from core.formatting import plural
from microsystems.extensions import step
from microsystems.models import Activity, DemandObservation, DemandType, Microsystem, StaffRole
from microsystems.selectors.counts import correlated_count


def microsystem_step_counts() -> dict:
    """What this app's steps count, over the unit's row (see extensions.add_profile_steps)."""
    return {
        "number_of_demand_types": correlated_count(DemandType.objects.all(), "microsystem"),
        "number_of_observations": correlated_count(
            DemandObservation.objects.all(), "demand_type__microsystem"
        ),
        "number_of_staff_roles": correlated_count(StaffRole.objects.all(), "microsystem"),
        "number_of_activities": correlated_count(Activity.objects.all(), "microsystem"),
    }


def microsystem_steps(microsystem: Microsystem, counts: dict[str, int]) -> list[dict]:
    """This app's steps of an assessment, from microsystem_step_counts()."""
    types, figures = counts["number_of_demand_types"], counts["number_of_observations"]
    roles, activities = counts["number_of_staff_roles"], counts["number_of_activities"]
    answers = [
        microsystem.people_served,
        microsystem.professionals,
        microsystem.processes,
        microsystem.patterns,
    ]
    # Purpose and goal are required, so two of the six answers are always given.
    given = 2 + sum(1 for text in answers if text.strip())
    return [
        step("Describe the unit (the five Ps)", given == 6,
             f"{given} of 6 profile answers given", "microsystems:edit"),
        step("List the demand types, value and failure", types > 0,
             f"{types} demand type{plural(types)}", "microsystems:demand_types"),
        step("Record demand over time", figures > 0,
             f"{figures:,} figure{plural(figures)} recorded", "microsystems:demand"),
        step("Add staff roles and their capacity", roles > 0,
             f"{roles} role{plural(roles)}", "microsystems:staff"),
        step("Record activities, their costs and contribution", activities > 0,
             f"{activities} activit{plural(activities, 'y', 'ies')}",
             "microsystems:activities"),
    ]  # fmt: skip
