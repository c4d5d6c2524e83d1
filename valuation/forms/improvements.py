"""Forms for improvement ideas: the idea itself, and a dated change of its status.

Choices are limited to the unit's own activities, demand types, measures and
members, so a measure of another unit (or anything else not the unit's) is
refused beside its field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core import validators

from core.concurrency import EditConflictMixin
from core.fields import ModelMultipleChoiceField
from microsystems.forms.submissions import OneTimeSubmissionMixin
from microsystems.models import Microsystem
from valuation import models as m

MEASURE_NOT_HERE = "Choose measures {unit} records; that one is not among them."
ACTIVITY_NOT_HERE = "Choose activities of {unit}; that one is not among them."
DEMAND_TYPE_NOT_HERE = "Choose demand types of {unit}; that one is not among them."
OWNER_NOT_HERE = "The owner must be a member or lead of {unit}."
ONE_OFF_NOT_A_NUMBER = "Enter the one-off cost as a number of pounds, such as 2500 or 2500.50."
SAVING_NOT_A_NUMBER = (
    "Enter the saving per month as a number of pounds (negative if it costs more)."
)
ADOPTED_NEEDS_DATE = "Give the date the idea was adopted."
ADOPTION_OUTSIDE_DATA = (
    "The adoption date must fall after the first value of its measures ({first}) and no "
    "later than the last ({last}), so the run chart has points on both sides."
)
FUTURE_DATE = "The date cannot be in the future."
BENEFIT_RANGE = "Benefit points lie between -100 and 100."


def benefit_field_name(dimension_id: int) -> str:
    return f"benefit_{dimension_id}"


class ImprovementIdeaForm(OneTimeSubmissionMixin, EditConflictMixin, forms.ModelForm):
    conflict_what = "idea"

    class Meta:
        model = m.ImprovementIdea
        fields = [
            "title", "description", "aim", "activities", "demand_types", "monthly_saving",
            "one_off_cost", "optimism_bias_pct", "horizon_years", "discount_rate_pct",
            "measures", "owner",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "aim": forms.RadioSelect,
            "activities": forms.CheckboxSelectMultiple,
            "demand_types": forms.CheckboxSelectMultiple,
            "measures": forms.CheckboxSelectMultiple,
        }
        # The house field: a posted id past 64 bits is an unknown choice, not a
        # database error (Django's own looks such ids up with __in).
        field_classes = {
            "activities": ModelMultipleChoiceField,
            "demand_types": ModelMultipleChoiceField,
            "measures": ModelMultipleChoiceField,
        }
        help_texts = {
            "one_off_cost": "Spent once, at the start (year 0).",
            "optimism_bias_pct": "Raises the costs to allow for the usual optimism; 0 by default.",
            "horizon_years": "1 to 30 years; 5 by default.",
            "discount_rate_pct": "3.5% is the Treasury Green Book's rate.",
            "measures": "The measures that will show whether it worked.",
        }

    def __init__(
        self, *args, microsystem: Microsystem, measures, dimensions, members, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.microsystem = microsystem
        self.instance.microsystem = microsystem
        unit = microsystem.name
        self.fields["activities"].queryset = microsystem.activities.order_by("name")
        self.fields["activities"].error_messages["invalid_choice"] = ACTIVITY_NOT_HERE.format(
            unit=unit
        )
        self.fields["demand_types"].queryset = microsystem.demand_types.order_by("name")
        self.fields["demand_types"].error_messages["invalid_choice"] = DEMAND_TYPE_NOT_HERE.format(
            unit=unit
        )
        self.fields["measures"].queryset = m.Measure.objects.filter(
            pk__in=[measure.pk for measure in measures]
        )
        self.fields["measures"].error_messages["invalid_choice"] = MEASURE_NOT_HERE.format(
            unit=unit
        )
        self.fields["owner"].queryset = get_user_model().objects.filter(
            pk__in=[member.pk for member in members]
        )
        self.fields["owner"].error_messages["invalid_choice"] = OWNER_NOT_HERE.format(unit=unit)
        self.fields["owner"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )
        self.fields["one_off_cost"].error_messages["invalid"] = ONE_OFF_NOT_A_NUMBER
        self.fields["one_off_cost"].min_value = 0
        self.fields["one_off_cost"].validators.append(
            validators.MinValueValidator(0, m.ONE_OFF_NOT_NEGATIVE)
        )
        self.fields["monthly_saving"].error_messages["invalid"] = SAVING_NOT_A_NUMBER
        self.fields["horizon_years"].validators += [
            validators.MinValueValidator(1, m.HORIZON_RANGE),
            validators.MaxValueValidator(30, m.HORIZON_RANGE),
        ]
        self.fields["horizon_years"].error_messages["invalid"] = m.HORIZON_RANGE
        self.fields["discount_rate_pct"].validators.append(
            validators.MinValueValidator(0, m.DISCOUNT_NOT_NEGATIVE)
        )
        self.fields["optimism_bias_pct"].validators += [
            validators.MinValueValidator(0, m.OPTIMISM_BIAS_RANGE),
            validators.MaxValueValidator(200, m.OPTIMISM_BIAS_RANGE),
        ]
        current = {}
        if self.instance.pk:
            current = {row.dimension_id: row.points for row in self.instance.benefits.all()}
        self.dimensions = list(dimensions)
        for dimension in self.dimensions:
            self.fields[benefit_field_name(dimension.pk)] = forms.DecimalField(
                label=f"Expected benefit on {dimension.name} (points of 0 to 100)",
                required=False,
                max_digits=5,
                decimal_places=1,
                initial=current.get(dimension.pk),
                validators=[
                    validators.MinValueValidator(-100, BENEFIT_RANGE),
                    validators.MaxValueValidator(100, BENEFIT_RANGE),
                ],
                error_messages={"invalid": BENEFIT_RANGE},
            )

    def benefits(self) -> dict[int, Decimal]:
        """dimension id -> expected points, for the dimensions given a figure."""
        return {
            dimension.pk: self.cleaned_data[benefit_field_name(dimension.pk)]
            for dimension in self.dimensions
            if self.cleaned_data.get(benefit_field_name(dimension.pk)) is not None
        }


class IdeaStatusForm(forms.Form):
    status = forms.ChoiceField(choices=m.ImprovementIdea.Status.choices)
    changed_on = forms.DateField(
        label="Date of the change",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For “adopted”, the date the change was made: the run charts are "
        "recalculated from it.",
    )
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, data_span: tuple[date, date] | None, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_span = data_span
        self.today = today

    def clean_changed_on(self):
        changed_on = self.cleaned_data["changed_on"]
        if changed_on > self.today:
            raise forms.ValidationError(FUTURE_DATE)
        return changed_on

    def clean(self):
        cleaned = super().clean()
        changed_on = cleaned.get("changed_on")
        adopted = cleaned.get("status") == m.ImprovementIdea.Status.ADOPTED
        # Without values of its measures there is no data to fall outside of.
        if adopted and changed_on and self.data_span is not None:
            first, last = self.data_span
            if not first < changed_on <= last:
                self.add_error("changed_on", ADOPTION_OUTSIDE_DATA.format(first=first, last=last))
        return cleaned
