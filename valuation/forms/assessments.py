"""Forms of an assessment's life: its period and settings, and a manager's review."""

import datetime as dt

from django import forms

from core.concurrency import EditConflictMixin
from microsystems.forms.submissions import OneTimeSubmissionMixin
from microsystems.periods import FIRST_DAY, LAST_DAY
from valuation.models import Assessment
from valuation.selectors.assessments import suggested_period
from valuation.services.assessments import RETURN_NEEDS_COMMENT

DEFAULT_JUDGEMENT_SHARE = Assessment._meta.get_field("judgement_share").default
SHARE_OUT_OF_RANGE = (
    "Enter a share between 0 and 1: for example 0.5 for half and half, 0 for measures only."
)
SHARE_NOT_A_NUMBER = "Enter the share as a number between 0 and 1, such as 0.5."
DUPLICATE_LABEL = "This microsystem already has an assessment called “{label}”."
JUDGEMENT_SHARE_HELP = (
    "Where a value dimension has both measures and stakeholder judgements, how much the "
    "judgements count in its score: 0.5 (the default, also used when left empty) is half and "
    "half; 0 uses the measures only; 1 uses the judgements only. Where only one of the two "
    "exists, that one is used whatever this share is."
)

# The browser's date picker offers only the window of dates the app records; the
# model's validators refuse any other date typed or posted.
DATE_ATTRS = {"type": "date", "min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()}


class AssessmentForm(OneTimeSubmissionMixin, EditConflictMixin, forms.ModelForm):
    """An assessment period of one microsystem (the microsystem is set by the view).

    A new assessment starts with the next quarter after the latest one (or the
    current quarter) and half-and-half judgement; `today` decides "current".
    """

    conflict_what = "assessment"

    class Meta:
        model = Assessment
        fields = ["period_label", "start_date", "end_date", "judgement_share"]
        labels = {
            "period_label": "Name of the period",
            "start_date": "First day",
            "end_date": "Last day",
        }
        help_texts = {
            "period_label": "For example “2026 Q4”. Shown wherever the assessment is listed.",
            "judgement_share": JUDGEMENT_SHARE_HELP,
        }
        widgets = {
            "start_date": forms.DateInput(attrs=DATE_ATTRS, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs=DATE_ATTRS, format="%Y-%m-%d"),
            "judgement_share": forms.NumberInput(attrs={"min": "0", "max": "1", "step": "0.05"}),
        }

    def __init__(self, *args, microsystem, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.microsystem = microsystem
        share = self.fields["judgement_share"]
        share.error_messages["invalid"] = SHARE_NOT_A_NUMBER
        # Left empty, the share is the default: half and half.
        share.required = False
        if not self.instance.pk and not self.is_bound and today is not None:
            period = suggested_period(microsystem, today)
            self.initial.setdefault("period_label", period.label)
            self.initial.setdefault("start_date", period.start_date)
            self.initial.setdefault("end_date", period.end_date)

    def clean_judgement_share(self):
        share = self.cleaned_data["judgement_share"]
        if share is None:
            return DEFAULT_JUDGEMENT_SHARE
        if not 0 <= share <= 1:
            raise forms.ValidationError(SHARE_OUT_OF_RANGE)
        return share

    def clean_period_label(self) -> str:
        label = self.cleaned_data["period_label"].strip()
        clash = Assessment.objects.filter(
            microsystem=self.instance.microsystem, period_label__iexact=label
        )
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(DUPLICATE_LABEL.format(label=label))
        return label

    def settings(self) -> dict:
        """The cleaned values, as the assessment services take them."""
        return {
            name: self.cleaned_data[name]
            for name in ("period_label", "start_date", "end_date", "judgement_share")
        }


class ReviewForm(forms.Form):
    """A manager's decision on a submitted assessment."""

    APPROVE = "approve"
    RETURN = "return"

    decision = forms.ChoiceField(
        label="Approve, or return to draft?",
        choices=[
            (APPROVE, "Approve: the assessment becomes a record that no longer changes"),
            (RETURN, "Return to draft: the team leader changes it and submits again"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the assessment or return it."},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Required when you return the assessment: say what to change. "
            "Optional when you approve."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("comment", "").strip():
            self.add_error("comment", RETURN_NEEDS_COMMENT)
        return cleaned
