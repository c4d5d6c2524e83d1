"""The stakeholder step of a microsystem's assessment (see microsystems.extensions)."""

from django.db.models import Count

from core.formatting import plural
from microsystems.extensions import step
from stakeholders.models import Stakeholder


def stakeholder_steps(microsystem) -> list[dict]:
    counts = Stakeholder.objects.filter(microsystem=microsystem).aggregate(
        groups=Count("pk", distinct=True), expectations=Count("expectations")
    )
    groups, expectations = counts["groups"], counts["expectations"]
    return [
        step(
            "Name the stakeholders and what they expect",
            groups > 0 and expectations > 0,
            f"{groups} group{plural(groups)}, {expectations} expectation{plural(expectations)}",
            "stakeholders:list",
        )
    ]
