from django import forms

from valuation.models import Assessment


class AssessmentForm(forms.ModelForm):
    """An assessment period of one microsystem (the microsystem is set by the view)."""

    class Meta:
        model = Assessment
        fields = ["period_label", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, microsystem, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.microsystem = microsystem
