"""The admins' measure form: every mistake is shown next to its field, all at once."""

from django import forms

from core.concurrency import EditConflictMixin
from core.fields import ModelChoiceField, ModelMultipleChoiceField
from microsystems.forms.submissions import OneTimeSubmissionMixin
from valuation.measurement_files import decimal_text
from valuation.models import Measure, ValueDimension
from valuation.selectors.measures import (
    SHOW_ACTIVE,
    SHOW_ALL,
    SHOW_RETIRED,
    microsystems_to_choose,
)
from valuation.services.measures import (
    MEASURE_FIELDS,
    code_clash,
    code_lock,
    dimension_problem,
    microsystems_problem,
    name_clash,
)

# The measures list's filter: which measures to show, in the words of its links.
SHOW_CHOICES = {
    SHOW_ALL: "All measures",
    SHOW_ACTIVE: "Active",
    SHOW_RETIRED: "Retired",
}

CODE_LOCKED_HELP = (
    "This code cannot change: the measure has {count:,} measurement{plural}, and uploaded files "
    "name the measure by its code."
)
CODE_HELP = (
    "Short and unique, in lower case with hyphens, such as “days-to-repair”. Uploaded files "
    "name the measure by this code, so it cannot change once measurements use it."
)


class MicrosystemChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        archived = " (archived)" if obj.is_archived else ""
        return f"{obj.name} — {obj.organisation.name}{archived}"


class DimensionChoiceField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name if obj.active else f"{obj.name} (retired)"


class MeasureForm(OneTimeSubmissionMixin, EditConflictMixin, forms.ModelForm):
    """Create or edit a measure. `measurement_count` comes from the selector, so the form
    makes no query of its own to decide whether the code is locked."""

    conflict_what = "measure"

    dimension = DimensionChoiceField(
        queryset=ValueDimension.objects.none(),
        label="Value dimension",
        help_text="The public value this measure is evidence of.",
    )
    microsystems = MicrosystemChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Microsystems that use it",
        help_text="Only when “Used by every microsystem” is unticked: choose at least one.",
    )

    class Meta:
        model = Measure
        fields = list(MEASURE_FIELDS) + ["microsystems"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "rollup": forms.RadioSelect,
            "side": forms.RadioSelect,
            "baseline": forms.NumberInput(attrs={"step": "any"}),
            "target": forms.NumberInput(attrs={"step": "any"}),
        }
        labels = {"unit": "Unit"}
        help_texts = {
            "code": CODE_HELP,
            "baseline": "The value that scores 0: where the unit started, or the floor.",
            "target": (
                "The value that scores 100: what the unit aims for, or the ceiling. Above the "
                "baseline when higher is better, below it when lower is better."
            ),
            "rollup": (
                "How a value for an assessment period is made from the periods in it. With "
                "“sum”, give the baseline and target for a whole assessment period."
            ),
            "side": (
                "Cost-side measures (such as cost per case) sit with the costs in the public "
                "value account; benefit-side ones with the benefits."
            ),
        }

    def __init__(self, *args, measurement_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        # Every dimension validates, so a retired one posted from an old page gets a clear
        # message rather than "not one of the available choices"; only active ones (and
        # the measure's own) are offered.
        current_dimension = self.instance.dimension_id if self.instance.pk else None
        dimension = self.fields["dimension"]
        dimension.queryset = ValueDimension.objects.all()
        dimension.widget.choices = [("", "---------")] + [
            (choice.pk, dimension.label_from_instance(choice))
            for choice in dimension.queryset
            if choice.active or choice.pk == current_dimension
        ]
        self.fields["microsystems"].queryset = microsystems_to_choose(self.instance)
        for name in ("baseline", "target"):
            # "48", not the stored "48.0000".
            if getattr(self.instance, name) is not None:
                self.initial[name] = decimal_text(getattr(self.instance, name))
        self.measurement_count = measurement_count
        if self.instance.pk and measurement_count:
            code = self.fields["code"]
            code.disabled = True
            code.help_text = CODE_LOCKED_HELP.format(
                count=measurement_count, plural="" if measurement_count == 1 else "s"
            )

    def fingerprint_values(self) -> list:
        values = super().fingerprint_values()
        if self.instance.pk:
            values.append(
                ["microsystems", sorted(self.instance.microsystems.values_list("pk", flat=True))]
            )
        return values

    # Field by field, so that Django's own unique checks skip a field already refused
    # here and each mistake is said once, next to its field.
    def clean_code(self) -> str:
        code = (self.cleaned_data.get("code") or "").strip().lower()
        problem = code_clash(code, measure_pk=self.instance.pk) or code_lock(
            self.instance.pk, code=code
        )
        if problem:
            raise forms.ValidationError(problem)
        return code

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        problem = name_clash(name, measure_pk=self.instance.pk)
        if problem:
            raise forms.ValidationError(problem)
        return name

    def clean_dimension(self):
        dimension = self.cleaned_data.get("dimension")
        # Runs before the posted values are copied onto the instance.
        stored = self.instance.dimension_id if self.instance.pk else None
        problem = dimension_problem(dimension, stored_dimension_id=stored)
        if problem:
            raise forms.ValidationError(problem)
        return dimension

    def clean(self):
        cleaned = super().clean()
        problem = microsystems_problem(
            cleaned.get("applies_to_all", True), cleaned.get("microsystems")
        )
        if problem and "microsystems" not in self.errors:
            self.add_error("microsystems", problem)
        return cleaned

    def measure_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in MEASURE_FIELDS}
