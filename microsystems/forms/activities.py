"""An activity and the staff time it takes, entered by the team leader.

`ActivityForm` holds the activity; `EffortFormSet` (an inline formset of
ActivityEffort) holds its hours per staff role. Both only offer this
microsystem's demand types and staff roles, so a tampered POST naming another
microsystem's row gets a message next to the field instead of being saved.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.forms import inlineformset_factory

from core.concurrency import EditConflictMixin
from core.fields import ModelMultipleChoiceField
from microsystems.forms.submissions import OneTimeSubmissionMixin
from microsystems.models import Activity, ActivityEffort, Microsystem, StaffRole
from microsystems.services.activities import (
    ACTIVITY_FIELDS,
    DEMAND_TYPE_NOT_HERE,
    DUPLICATE_ACTIVITY_NAME,
    HOURS_NEGATIVE,
    ROLE_LISTED_TWICE,
    STAFF_ROLE_NOT_HERE,
    EffortInput,
    activity_name_taken,
)

OTHER_COSTS_NEGATIVE = "Other costs cannot be negative."
CONTRIBUTION_REQUIRED = (
    "Say in one sentence how this activity contributes to the public value goal, "
    "or classify it as unnecessary."
)
EXTRA_EFFORT_ROWS = 3


class ActivityForm(OneTimeSubmissionMixin, EditConflictMixin, forms.ModelForm):
    """What the activity is, what it handles, what else it costs and what it contributes."""

    conflict_what = "activity"

    class Meta:
        model = Activity
        fields = [
            "name",
            "description",
            "demand_types",
            "other_costs",
            "classification",
            "preventive",
            "contribution",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "demand_types": forms.CheckboxSelectMultiple,
            "classification": forms.RadioSelect,
            "contribution": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"demand_types": ModelMultipleChoiceField}
        error_messages = {
            "demand_types": {"invalid_choice": DEMAND_TYPE_NOT_HERE},
        }

    def __init__(self, *args, microsystem: Microsystem, **kwargs):
        super().__init__(*args, **kwargs)
        self.microsystem = microsystem
        self.instance.microsystem = microsystem
        period = microsystem.period_granularity
        self.fields["demand_types"].queryset = microsystem.demand_types.order_by("name")
        self.fields["demand_types"].help_text = (
            "The demand this activity handles. Its cost is shared among them by volume "
            "× handling time."
        )
        self.fields["other_costs"].label = f"Other costs per {period} (£)"
        self.fields["other_costs"].widget.attrs["min"] = "0"
        self.fields["contribution"].required = False  # required unless unnecessary (clean)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = activity_name_taken(
            microsystem=self.microsystem, name=name, exclude_pk=self.instance.pk
        )
        if taken:
            raise forms.ValidationError(DUPLICATE_ACTIVITY_NAME.format(name=name))
        return name

    def clean_other_costs(self):
        other_costs = self.cleaned_data["other_costs"]
        if other_costs is not None and other_costs < 0:
            raise forms.ValidationError(OTHER_COSTS_NEGATIVE)
        return other_costs

    def clean(self) -> dict:
        cleaned = super().clean()
        classification = cleaned.get("classification")
        contribution = (cleaned.get("contribution") or "").strip()
        cleaned["contribution"] = contribution
        needs_contribution = classification not in (None, "", Activity.Classification.UNNECESSARY)
        if needs_contribution and not contribution:
            self.add_error("contribution", CONTRIBUTION_REQUIRED)
        return cleaned

    def fingerprint_values(self) -> list:
        """The activity's fields plus its demand types and staff time, as stored."""
        return [
            *super().fingerprint_values(),
            sorted(self.instance.demand_types.values_list("pk", flat=True)),
            sorted(
                [role_id, str(hours)]
                for role_id, hours in self.instance.efforts.values_list(
                    "staff_role_id", "hours_per_period"
                )
            ),
        ]

    def activity_data(self) -> dict:
        """The activity's own fields, for activity_create/activity_update."""
        return {field: self.cleaned_data[field] for field in ACTIVITY_FIELDS}


class StaffRoleChoiceField(forms.ModelChoiceField):
    """A staff role from a list the formset loads once for all its rows.

    A plain ModelChoiceField runs a query per row to draw its <select> and another
    to look up the posted value; here both use the list. (Model validation still
    checks that the role exists, one query per filled row, on POST only.)
    """

    def set_roles(self, roles: list[StaffRole]) -> None:
        self._roles_by_pk = {str(role.pk): role for role in roles}
        self.choices = [("", "---------")] + [
            (role.pk, f"{role.title} (£{role.hourly_cost:,.2f} an hour)") for role in roles
        ]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self._roles_by_pk[str(value)]
        except KeyError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class EffortForm(forms.ModelForm):
    """One row: hours per period from one staff role."""

    class Meta:
        model = ActivityEffort
        fields = ["staff_role", "hours_per_period"]
        field_classes = {"staff_role": StaffRoleChoiceField}
        error_messages = {"staff_role": {"invalid_choice": STAFF_ROLE_NOT_HERE}}

    def __init__(self, *args, microsystem: Microsystem, roles: list[StaffRole], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_role"].queryset = microsystem.staff_roles.all()
        self.fields["staff_role"].set_roles(roles)
        self.fields["hours_per_period"].label = f"Hours per {microsystem.period_granularity}"
        self.fields["hours_per_period"].widget.attrs.update({"min": "0", "step": "0.25"})

    def clean_hours_per_period(self):
        hours = self.cleaned_data["hours_per_period"]
        if hours is not None and hours < 0:
            raise forms.ValidationError(HOURS_NEGATIVE)
        return hours


class BaseEffortFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, microsystem: Microsystem, **kwargs):
        self.microsystem = microsystem
        self.roles = list(microsystem.staff_roles.order_by("title"))
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "microsystem": self.microsystem,
            "roles": self.roles,
        }

    def clean(self) -> None:
        # Our own check, first, so the message sits next to the repeated role.
        # Django's unique check (in super) then sees only the first row of a role.
        seen: set[int] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            role = form.cleaned_data.get("staff_role")
            if role is None:
                continue
            if role.pk in seen:
                form.add_error("staff_role", ROLE_LISTED_TWICE.format(role=role.title))
            seen.add(role.pk)
        super().clean()

    def efforts(self) -> list[EffortInput]:
        """The rows kept (filled in and not marked for removal), for the services."""
        return [
            EffortInput(
                staff_role=form.cleaned_data["staff_role"],
                hours_per_period=form.cleaned_data["hours_per_period"],
            )
            for form in self.forms
            if not self._should_delete_form(form)
            and form.cleaned_data.get("staff_role") is not None
        ]


EffortFormSet = inlineformset_factory(
    Activity,
    ActivityEffort,
    form=EffortForm,
    formset=BaseEffortFormSet,
    fields=["staff_role", "hours_per_period"],
    extra=EXTRA_EFFORT_ROWS,
    can_delete=True,
)


def effort_formset_helper() -> FormHelper:
    """Each row on one line, every field with its own visible label."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(
        Row(
            Column(Field("staff_role"), css_class="col-md-6"),
            Column(Field("hours_per_period"), css_class="col-md-3"),
            Column(Field("DELETE"), css_class="col-md-3 align-self-center"),
        )
    )
    # The row's id and parent activity are hidden inputs the layout does not name.
    helper.render_hidden_fields = True
    return helper
