from django import forms

from core.concurrency import EditConflictMixin
from microsystems.forms.submissions import OneTimeSubmissionMixin
from microsystems.models import DemandType, Microsystem, StaffRole

DUPLICATE_IN_MICROSYSTEM = "This microsystem already has {what} called “{value}”."


class UniqueWithinMicrosystemForm(OneTimeSubmissionMixin, EditConflictMixin, forms.ModelForm):
    """A child record whose name must be unique (ignoring case) within its microsystem.

    The microsystem is not a form field, so Django's own constraint validation
    would skip the unique constraint; this checks it next to the field.
    """

    unique_field = "name"
    unique_label = "an entry"

    def __init__(self, *args, microsystem: Microsystem, **kwargs):
        super().__init__(*args, **kwargs)
        self.microsystem = microsystem
        self.instance.microsystem = microsystem

    def clean(self):
        cleaned = super().clean()
        value = (cleaned.get(self.unique_field) or "").strip()
        if value:
            clash = self._meta.model.objects.filter(
                microsystem=self.microsystem, **{f"{self.unique_field}__iexact": value}
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    self.unique_field,
                    DUPLICATE_IN_MICROSYSTEM.format(what=self.unique_label, value=value),
                )
            cleaned[self.unique_field] = value
        return cleaned


class DemandTypeForm(UniqueWithinMicrosystemForm):
    unique_label = "a demand type"
    conflict_what = "demand type"

    class Meta:
        model = DemandType
        fields = ["name", "description", "source", "nature", "unit", "handling_minutes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "nature": forms.RadioSelect,
            "handling_minutes": forms.NumberInput(attrs={"min": 0, "step": "0.5"}),
        }


class StaffRoleForm(UniqueWithinMicrosystemForm):
    unique_field = "title"
    unique_label = "a staff role"
    conflict_what = "staff role"

    class Meta:
        model = StaffRole
        fields = ["title", "fte", "hours_per_fte", "hourly_cost", "skills", "new_uses"]
        widgets = {
            "fte": forms.NumberInput(attrs={"min": 0, "step": "0.1"}),
            "hours_per_fte": forms.NumberInput(attrs={"min": 0, "step": "0.5"}),
            "hourly_cost": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
            "new_uses": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, microsystem: Microsystem, **kwargs):
        super().__init__(*args, microsystem=microsystem, **kwargs)
        noun = microsystem.period_noun
        self.fields["hours_per_fte"].label = f"Hours available per {noun} per FTE"
        self.fields["hours_per_fte"].help_text = (
            f"Hours one full-time person can give to the unit's work in a {noun}, "
            "after leave, training and other duties."
        )
