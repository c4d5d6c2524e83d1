"""The stakeholder group and expectation forms.

Both refuse a save over someone else's change made since the page was opened
(EditConflictMixin). The group's microsystem and the expectation's group come
from the URL, never from the form.
"""

from django import forms

from core.concurrency import EditConflictMixin
from microsystems.forms.submissions import OneTimeSubmissionMixin
from microsystems.models import Microsystem
from stakeholders.models import Expectation, Stakeholder
from stakeholders.services import (
    DUPLICATE_STAKEHOLDER_NAME,
    EXPECTATION_FIELDS,
    STAKEHOLDER_FIELDS,
    STATEMENT_REQUIRED,
    stakeholder_name_taken,
)

POWER_RANGE = "Give power as a whole number from 1 (little) to 5 (a great deal)."
INTEREST_RANGE = "Give interest as a whole number from 1 (little) to 5 (a great deal)."
NAME_REQUIRED = "Give the group a name, for example “Tenants” or “The housing regulator”."


def _score_messages(message: str) -> dict[str, str]:
    """The same plain message for every way a 1 to 5 score can be wrong."""
    return {
        code: message for code in ("required", "invalid", "min_value", "max_value", "step_size")
    }


class StakeholderForm(OneTimeSubmissionMixin, EditConflictMixin, forms.ModelForm):
    """One stakeholder group of a microsystem."""

    conflict_what = "stakeholder group"

    class Meta:
        model = Stakeholder
        fields = list(STAKEHOLDER_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "power": forms.NumberInput(attrs={"min": 1, "max": 5, "step": 1}),
            "interest": forms.NumberInput(attrs={"min": 1, "max": 5, "step": 1}),
            "consultation": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "name": {"required": NAME_REQUIRED},
            "power": _score_messages(POWER_RANGE),
            "interest": _score_messages(INTEREST_RANGE),
        }

    def __init__(self, *args, microsystem: Microsystem, **kwargs):
        super().__init__(*args, **kwargs)
        self.microsystem = microsystem
        self.instance.microsystem = microsystem
        self.fields["name"].label = "Name of the group"

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = stakeholder_name_taken(
            microsystem=self.microsystem, name=name, exclude_pk=self.instance.pk
        )
        if taken:
            raise forms.ValidationError(DUPLICATE_STAKEHOLDER_NAME.format(name=name))
        return name

    def stakeholder_data(self) -> dict:
        """The group's fields, for stakeholder_create/stakeholder_update."""
        return {name: self.cleaned_data[name] for name in STAKEHOLDER_FIELDS}


class ExpectationForm(OneTimeSubmissionMixin, EditConflictMixin, forms.ModelForm):
    """One expectation of a stakeholder group, in the group's own words."""

    conflict_what = "expectation"

    class Meta:
        model = Expectation
        fields = list(EXPECTATION_FIELDS)
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "priority": forms.RadioSelect,
        }
        labels = {"statement": "The expectation", "kind": "What kind of expectation"}
        error_messages = {"statement": {"required": STATEMENT_REQUIRED}}

    def __init__(self, *args, stakeholder: Stakeholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.stakeholder = stakeholder
        self.instance.stakeholder = stakeholder
        self.fields["priority"].help_text = "How much it matters to this group."

    def expectation_data(self) -> dict:
        """The expectation's fields, for expectation_create/expectation_update."""
        return {name: self.cleaned_data[name] for name in EXPECTATION_FIELDS}
