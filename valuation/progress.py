"""The valuation steps of a microsystem's assessment (see microsystems.extensions)."""

from core.formatting import plural
from microsystems.extensions import step
from microsystems.selectors.counts import correlated_count
from valuation.models import Assessment, Measurement


def valuation_step_counts() -> dict:
    """What this app's steps count, over the unit's row (see extensions.add_profile_steps)."""
    return {
        "number_of_measurements": correlated_count(Measurement.objects.all(), "microsystem"),
        "number_of_assessments": correlated_count(Assessment.objects.all(), "microsystem"),
        "number_completed": correlated_count(
            Assessment.objects.exclude(status=Assessment.Status.DRAFT), "microsystem"
        ),
    }


def valuation_steps(microsystem, counts: dict[str, int]) -> list[dict]:
    """This app's steps, from valuation_step_counts()."""
    measurements = counts["number_of_measurements"]
    assessments = counts["number_of_assessments"]
    completed = counts["number_completed"]
    return [
        step(
            "Record the measures of public value",
            measurements > 0,
            f"{measurements:,} value{plural(measurements)} recorded",
            "valuation:measurements",
        ),
        step(
            "Weigh and judge value with stakeholders, then submit",
            completed > 0,
            f"{assessments} assessment{plural(assessments)}, {completed} submitted or approved",
            "valuation:assessments",
        ),
    ]
