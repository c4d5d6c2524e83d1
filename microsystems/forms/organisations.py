from django import forms
from django.contrib.auth import get_user_model

from core.fields import ModelChoiceField
from microsystems.forms.people import person_label
from microsystems.forms.submissions import OneTimeSubmissionMixin


class OrganisationForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class OrganisationCreateForm(OneTimeSubmissionMixin, OrganisationForm):
    pass


class ManagerAddForm(forms.Form):
    user = ModelChoiceField(queryset=None, label="Person")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(managed_organisations=organisation)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["user"].label_from_instance = person_label
