"""A unit's own baseline and target for one measure, with the reason."""

from django import forms

from core.concurrency import EditConflictMixin
from valuation.models import MEASURE_TARGET_NEEDS_REASON, Measure, MeasureTarget

NUMBER_ATTRS = {"step": "any"}


class MeasureTargetForm(EditConflictMixin, forms.ModelForm):
    """The model's clean() checks the direction rule against the measure, so every
    mistake is shown beside its field: target equal to the baseline or on the wrong
    side, no reason. Changing a saved one carries its fingerprint (core.concurrency)."""

    conflict_what = "target"

    class Meta:
        model = MeasureTarget
        fields = ["baseline", "target", "reason"]
        labels = {
            "baseline": "This unit's baseline (scores 0)",
            "target": "This unit's target (scores 100)",
            "reason": "Why this unit needs its own",
        }
        help_texts = {
            "reason": (
                "Shown beside the unit's scores, so a reader knows why they are set against "
                "a different reference from the organisation's."
            ),
        }
        widgets = {
            "baseline": forms.NumberInput(attrs=NUMBER_ATTRS),
            "target": forms.NumberInput(attrs=NUMBER_ATTRS),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, measure: Measure, microsystem, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.measure = measure
        self.instance.microsystem = microsystem
        direction = (
            "above the baseline (higher is better)"
            if measure.direction == Measure.Direction.HIGHER
            else "below the baseline (lower is better)"
        )
        self.fields["target"].help_text = f"Must lie {direction}."
        self.fields["reason"].error_messages["required"] = MEASURE_TARGET_NEEDS_REASON
