from django import forms
from django.contrib.auth import get_user_model

from core.concurrency import EditConflictMixin
from core.fields import ModelChoiceField
from microsystems.extensions import extensions
from microsystems.forms.submissions import OneTimeSubmissionMixin
from microsystems.models import Microsystem
from microsystems.services.profile import PROFILE_FIELDS

GRANULARITY_LOCKED_MESSAGE = (
    "Figures ({figures}) are already recorded {current} for this microsystem, so the periods "
    "cannot change. To record them differently, download them, delete the recorded figures, "
    "and upload them again at the new frequency."
)
DUPLICATE_NAME_MESSAGE = "This organisation already has a microsystem called “{name}”."

PROFILE_WIDGETS = {
    field: forms.Textarea(attrs={"rows": 3})
    for field in (
        "purpose",
        "public_value_goal",
        "people_served",
        "professionals",
        "processes",
        "patterns",
    )
}


class MicrosystemProfileForm(EditConflictMixin, forms.ModelForm):
    """The "5 Ps" profile, edited by the team leader."""

    conflict_what = "profile"

    class Meta:
        model = Microsystem
        fields = list(PROFILE_FIELDS)
        widgets = PROFILE_WIDGETS

    def organisation_for_name_check(self):
        return self.instance.organisation if self.instance.organisation_id else None

    def clean_period_granularity(self) -> str:
        granularity = self.cleaned_data["period_granularity"]
        changed = self.instance.pk and granularity != self.instance.period_granularity
        # Recorded figures are aligned to the old periods; changing would misalign them.
        figures = extensions.period_locks(self.instance) if changed else []
        if figures:
            current = self.instance.get_period_granularity_display().lower()
            raise forms.ValidationError(
                GRANULARITY_LOCKED_MESSAGE.format(figures=" and ".join(figures), current=current)
            )
        return granularity

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        organisation = self.organisation_for_name_check()
        if organisation is not None:
            clash = Microsystem.objects.filter(organisation=organisation, name__iexact=name)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(DUPLICATE_NAME_MESSAGE.format(name=name))
        return name


class MicrosystemCreateForm(OneTimeSubmissionMixin, MicrosystemProfileForm):
    """Create a microsystem in one of the organisations the user manages."""

    lead = ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Team leader",
        help_text="Who will fill in the assessment. You can add members later in the admin.",
    )

    class Meta(MicrosystemProfileForm.Meta):
        fields = ["organisation", *PROFILE_FIELDS]

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        only = list(organisations[:2])
        if len(only) == 1:
            self.fields["organisation"].initial = only[0].pk
        self.fields["lead"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("last_name", "username")
        )
        self.fields["lead"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.username})"
        )
        # Name is validated after organisation, so order the fields that way.
        self.order_fields(["organisation", "name", "lead"])

    def organisation_for_name_check(self):
        return self.cleaned_data.get("organisation")
