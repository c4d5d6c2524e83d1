"""The two ways to enter a stakeholder's dimension weights: 100 points, or pairwise comparison.

Both offer only the active dimensions. A POST naming any other dimension (a
retired one, or one that does not exist) is refused with a message rather than
silently ignored, and a save over weights someone else changed since the page
was opened is refused too (core.concurrency).
"""

from fractions import Fraction

from django import forms

from core.concurrency import (
    FINGERPRINT_FIELD,
    check_fingerprint,
    fingerprint,
)
from core.fields import HiddenTextField, posted_id
from microsystems.period_data.rows import shown
from stakeholders.models import Stakeholder
from valuation.analysis.weights import (
    POINTS_TOTAL,
    pairs,
    scale_label,
    scale_value,
)
from valuation.models import ValueDimension
from valuation.reports.weights import INTENSITY_WORDS
from valuation.selectors.weights import StoredWeights
from valuation.services.weights import DIMENSION_RETIRED, points_total_message

POINTS_PREFIX = "points_"
PAIR_PREFIX = "pair_"
POINTS_NOT_WHOLE = "Enter whole points from 0 to 100, such as 20."
POINTS_RANGE = "Points go from 0 to 100."
DIMENSION_UNKNOWN = "There is no value dimension number {id}: reload the page and try again."
PAIR_REQUIRED = "Answer this comparison: which matters more, {first} or {second}?"
PAIR_OFF_SCALE = (
    "“%(value)s” is not on the scale. Choose one of the answers listed, from "
    "“equally (1)” to “extremely more (9)”."
)


def points_field_name(dimension: ValueDimension) -> str:
    return f"{POINTS_PREFIX}{dimension.pk}"


def pair_field_name(first: ValueDimension, second: ValueDimension) -> str:
    return f"{PAIR_PREFIX}{first.pk}_{second.pk}"


def weights_fingerprint(stored: StoredWeights | None) -> str:
    """What the form checks has not changed between showing the page and saving."""
    if stored is None:
        return fingerprint([])
    return fingerprint([stored.method, stored.answers, sorted(stored.weights.items())])


def _posted_dimension_errors(
    data, prefix: str, expected_fields: set[str], active_ids: set[int]
) -> list[str]:
    """Messages for posted fields that name a dimension this form does not offer."""
    strangers: set[int] = set()
    for key in data:
        if not key.startswith(prefix) or key in expected_fields:
            continue
        for part in key[len(prefix) :].split("_"):
            dimension_id = posted_id(part)
            if dimension_id is None:
                return [DIMENSION_UNKNOWN.format(id=shown(part))]
            if dimension_id not in active_ids:
                strangers.add(dimension_id)
    if not strangers:
        return []
    known = {d.pk: d for d in ValueDimension.objects.filter(pk__in=strangers)}
    return [
        DIMENSION_RETIRED.format(dimension=known[pk])
        if pk in known
        else DIMENSION_UNKNOWN.format(id=pk)
        for pk in sorted(strangers)
    ]


class _WeightsForm(forms.Form):
    """What both methods share: the active dimensions, the stakeholder and the conflict check."""

    prefix_for_fields = ""

    def __init__(
        self,
        data=None,
        *,
        dimensions: list[ValueDimension],
        stakeholder: Stakeholder,
        stored: StoredWeights | None,
    ):
        super().__init__(data)
        self.dimensions = dimensions
        self.stakeholder = stakeholder
        self.stored = stored
        self.fields[FINGERPRINT_FIELD] = HiddenTextField(initial=weights_fingerprint(stored))

    def expected_fields(self) -> set[str]:
        return set(self.fields)

    def clean(self) -> dict:
        cleaned = super().clean()
        active_ids = {dimension.pk for dimension in self.dimensions}
        for message in _posted_dimension_errors(
            self.data, self.prefix_for_fields, self.expected_fields(), active_ids
        ):
            self.add_error(None, message)
        check_fingerprint(
            self,
            posted=cleaned.pop(FINGERPRINT_FIELD, ""),
            current=weights_fingerprint(self.stored),
            what="stakeholder's weights",
        )
        return cleaned


class PointsForm(_WeightsForm):
    """100 points across the active dimensions; an empty box counts as 0."""

    prefix_for_fields = POINTS_PREFIX

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        stored = self.stored
        earlier = (
            {int(key): value for key, value in stored.answers.items()}
            if stored is not None and stored.method == "points"
            else {}
        )
        for dimension in self.dimensions:
            self.fields[points_field_name(dimension)] = forms.IntegerField(
                label=dimension.name,
                help_text=dimension.description,
                required=False,
                min_value=0,
                max_value=POINTS_TOTAL,
                initial=earlier.get(dimension.pk),
                error_messages={
                    "invalid": POINTS_NOT_WHOLE,
                    "min_value": POINTS_RANGE,
                    "max_value": POINTS_RANGE,
                },
                widget=forms.NumberInput(
                    attrs={
                        "min": "0",
                        "max": str(POINTS_TOTAL),
                        "step": "1",
                        "inputmode": "numeric",
                        "class": "form-control points-input",
                        "data-points": "",
                    }
                ),
            )

    def point_fields(self) -> list:
        return [self[points_field_name(dimension)] for dimension in self.dimensions]

    def clean(self) -> dict:
        cleaned = super().clean()
        names = [points_field_name(dimension) for dimension in self.dimensions]
        if not any(name in self.errors for name in names):
            total = sum(cleaned.get(name) or 0 for name in names)
            if total != POINTS_TOTAL:
                self.add_error(None, points_total_message(total))
        return cleaned

    def points(self) -> dict[ValueDimension, int]:
        return {
            dimension: self.cleaned_data.get(points_field_name(dimension)) or 0
            for dimension in self.dimensions
        }

    @property
    def total_shown(self) -> int | str:
        """The total of the boxes as the page shows them (before any script runs)."""
        total = 0
        for bound in self.point_fields():
            value = bound.value()
            if value in (None, ""):
                continue
            try:
                total += int(value)
            except (TypeError, ValueError):
                return "?"
        return total


def pair_choices(first: str, second: str) -> list[tuple[str, str]]:
    """From "first extremely more (9)" through "equally (1)" to "second extremely more"."""
    choices = [("", "Choose an answer")]
    for strength in range(9, 1, -1):
        choices.append((str(strength), f"{first}: {INTENSITY_WORDS[strength]} ({strength})"))
    choices.append(("1", "Equally (1)"))
    for strength in range(2, 10):
        choices.append((f"1/{strength}", f"{second}: {INTENSITY_WORDS[strength]} ({strength})"))
    return choices


class PairwiseForm(_WeightsForm):
    """One question per pair of active dimensions, n(n-1)/2 in all, on Saaty's 1..9 scale."""

    prefix_for_fields = PAIR_PREFIX

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        earlier = self._earlier_answers()
        self.pairs = pairs(self.dimensions)
        for first, second in self.pairs:
            name = pair_field_name(first, second)
            self.fields[name] = forms.ChoiceField(
                label=(
                    f"For {self.stakeholder.name}, which matters more: {first.name} or "
                    f"{second.name}, and by how much?"
                ),
                choices=pair_choices(first.name, second.name),
                initial=earlier.get((first.pk, second.pk), ""),
                error_messages={
                    "required": PAIR_REQUIRED.format(first=first.name, second=second.name),
                    "invalid_choice": PAIR_OFF_SCALE,
                },
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def _earlier_answers(self) -> dict[tuple[int, int], str]:
        """Stored pairwise answers as the choice values of this form's questions."""
        stored = self.stored
        if stored is None or stored.method != "pairwise":
            return {}
        earlier = {}
        for answer in stored.answers:
            try:
                first, second, value = answer
                exact = scale_value(value)
            except (TypeError, ValueError):
                continue
            earlier[(first, second)] = scale_label(exact)
            earlier[(second, first)] = scale_label(1 / exact)
        return earlier

    def questions(self) -> list:
        return [self[pair_field_name(first, second)] for first, second in self.pairs]

    def answers(self) -> list[tuple[ValueDimension, ValueDimension, Fraction]]:
        return [
            (first, second, scale_value(self.cleaned_data[pair_field_name(first, second)]))
            for first, second in self.pairs
        ]
