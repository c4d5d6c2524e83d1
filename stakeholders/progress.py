"""The stakeholder step of a microsystem's assessment (see microsystems.extensions)."""

from core.formatting import plural
from microsystems.extensions import step
from microsystems.selectors.counts import correlated_count
from stakeholders.models import Expectation, Stakeholder


def stakeholder_step_counts() -> dict:
    """What this app's step counts, over the unit's row (see extensions.add_profile_steps)."""
    return {
        "number_of_stakeholders": correlated_count(Stakeholder.objects.all(), "microsystem"),
        "number_of_expectations": correlated_count(
            Expectation.objects.all(), "stakeholder__microsystem"
        ),
    }


def stakeholder_steps(microsystem, counts: dict[str, int]) -> list[dict]:
    """This app's step, from stakeholder_step_counts()."""
    groups, expectations = counts["number_of_stakeholders"], counts["number_of_expectations"]
    return [
        step(
            "Name the stakeholders and what they expect",
            groups > 0 and expectations > 0,
            f"{groups} group{plural(groups)}, {expectations} expectation{plural(expectations)}",
            "stakeholders:list",
        )
    ]
