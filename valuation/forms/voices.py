"""The voice weights form: one relative weight per stakeholder of the microsystem, and why."""

from decimal import Decimal

from django import forms

from core.concurrency import FINGERPRINT_FIELD, check_fingerprint, fingerprint
from stakeholders.models import Stakeholder
from valuation.services.voices import (
    VOICE_NEGATIVE,
    VOICE_RATIONALE_REQUIRED,
    VOICE_UNKNOWN_STAKEHOLDER,
    VOICES_ALL_ZERO,
)

WEIGHT_PREFIX = "weight_"
WEIGHT_NOT_A_NUMBER = "Enter the weight as a number, such as 1, 2 or 0.5."
WEIGHT_REQUIRED = "Enter a weight (1 is an ordinary voice, 0 leaves this group out)."
WEIGHT_TOO_LARGE = "Enter a weight below 1,000 with at most three decimals."


def weight_field_name(stakeholder: Stakeholder) -> str:
    return f"{WEIGHT_PREFIX}{stakeholder.pk}"


def plain_weight(weight: Decimal) -> str:
    """2.500 -> "2.5", 10.000 -> "10" (never "1E+1")."""
    return f"{weight.normalize():f}"


def voices_fingerprint(weights: dict[int, Decimal], rationale: str) -> str:
    """What the form checks has not changed between showing the page and saving."""
    return fingerprint(
        [sorted((pk, plain_weight(weight)) for pk, weight in weights.items()), rationale]
    )


class VoiceWeightsForm(forms.Form):
    """Offers only this microsystem's stakeholders; a posted unknown one is an error.

    A save over voices someone else changed since the page was opened is refused
    (core.concurrency).
    """

    voice_weights_rationale = forms.CharField(
        label="Why some voices count more",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Required when the weights are not all equal: who decided, and why, for example "
            "“Tenants' views count double: agreed at the tenants' panel, March 2026”."
        ),
    )

    def __init__(self, *args, stakeholders: list[Stakeholder], weights: dict[int, Decimal],
                 rationale: str = "", **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.stakeholders = stakeholders
        for stakeholder in stakeholders:
            self.fields[weight_field_name(stakeholder)] = forms.DecimalField(
                label=f"Voice weight of {stakeholder.name}",
                min_value=0,
                max_digits=6,
                decimal_places=3,
                initial=plain_weight(weights.get(stakeholder.pk, Decimal(1))),
                widget=forms.NumberInput(attrs={"min": "0", "step": "any", "class": "voice"}),
                error_messages={
                    "invalid": WEIGHT_NOT_A_NUMBER,
                    "required": WEIGHT_REQUIRED,
                    "min_value": VOICE_NEGATIVE,
                    "max_digits": WEIGHT_TOO_LARGE,
                    "max_decimal_places": WEIGHT_TOO_LARGE,
                    "max_whole_digits": WEIGHT_TOO_LARGE,
                },
            )
        self.fields["voice_weights_rationale"].initial = rationale
        self.stored_fingerprint = voices_fingerprint(weights, rationale)
        self.fields[FINGERPRINT_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=self.stored_fingerprint
        )
        # The rationale comes after the weights it explains.
        self.order_fields([*(weight_field_name(s) for s in stakeholders)])

    def weight_fields(self) -> list[tuple[Stakeholder, forms.BoundField]]:
        return [(s, self[weight_field_name(s)]) for s in self.stakeholders]

    def clean(self):
        cleaned = super().clean()
        check_fingerprint(
            self,
            posted=cleaned.pop(FINGERPRINT_FIELD, ""),
            current=self.stored_fingerprint,
            what="assessment's voice weights",
        )
        offered = {weight_field_name(s) for s in self.stakeholders}
        for key in self.data:
            if key.startswith(WEIGHT_PREFIX) and key not in offered:
                raise forms.ValidationError(
                    VOICE_UNKNOWN_STAKEHOLDER.format(stakeholder_id=key[len(WEIGHT_PREFIX) :])
                )
        weights = [cleaned[name] for name in offered if cleaned.get(name) is not None]
        if len(weights) != len(offered):
            return cleaned  # each missing or bad weight already has its message
        if weights and not any(weight > 0 for weight in weights):
            raise forms.ValidationError(VOICES_ALL_ZERO)
        if len(set(weights)) > 1 and not cleaned.get("voice_weights_rationale", "").strip():
            self.add_error("voice_weights_rationale", VOICE_RATIONALE_REQUIRED)
        return cleaned

    def weights(self) -> dict[int, Decimal]:
        """Weight by stakeholder id, as voice_weights_set takes them."""
        return {s.pk: self.cleaned_data[weight_field_name(s)] for s in self.stakeholders}
