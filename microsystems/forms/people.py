"""Forms of the people pages: invite, team changes, hand-over."""

from django import forms

from core.fields import ModelChoiceField, ModelMultipleChoiceField
from microsystems.forms.submissions import OneTimeSubmissionMixin
from microsystems.models import Membership, Microsystem


def person_label(user) -> str:
    return f"{user.get_full_name() or user.username} ({user.email or user.username})"


class InviteForm(OneTimeSubmissionMixin, forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(
        label="E-mail address",
        max_length=150,
        help_text="They sign in with it, and the link to set their password goes to it.",
    )
    units = ModelMultipleChoiceField(
        queryset=Microsystem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Units",
        help_text="The teams they join. You can change them later.",
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices, initial=Membership.Role.MEMBER, label="Role on these units"
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Microsystem.objects.active().filter(
            organisation=organisation
        )


class MembershipAddForm(forms.Form):
    person = ModelChoiceField(queryset=None, label="Person")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates
        self.fields["person"].label_from_instance = person_label


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices, label="Role")


class HandOverForm(forms.Form):
    from_lead = ModelChoiceField(queryset=None, label="From team leader")
    to_person = ModelChoiceField(queryset=None, label="To")
    keep_as_member = forms.BooleanField(
        required=False,
        initial=True,
        label="Keep the outgoing team leader on the team as a member",
    )

    def __init__(self, *args, leads, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_lead"].queryset = leads
        self.fields["to_person"].queryset = people
        for name in ("from_lead", "to_person"):
            self.fields[name].label_from_instance = person_label

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_lead") and cleaned.get("from_lead") == cleaned.get("to_person"):
            self.add_error("to_person", "Choose someone other than the outgoing team leader.")
        return cleaned
