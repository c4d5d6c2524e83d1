from django import forms

from microsystems.forms.submissions import OneTimeSubmissionMixin


class DimensionForm(forms.Form):
    name = forms.CharField(max_length=100)
    description = forms.CharField(max_length=300, help_text="One plain-language line.")
    order = forms.IntegerField(
        min_value=0, max_value=32767, initial=0, help_text="Lower numbers are listed first."
    )


class DimensionCreateForm(OneTimeSubmissionMixin, DimensionForm):
    pass
