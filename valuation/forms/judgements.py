"""Judgement forms: a stakeholder's 0..10 scores, each with a written rationale.

`DimensionJudgementsForm` shows every active dimension at once; an empty score
means "not judged". `ActivityJudgementsForm` is a grid (activities as rows,
dimensions as columns) with one rationale per activity. A POST naming a
dimension or an activity the form does not offer is refused, never ignored.
"""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from core.concurrency import (
    FINGERPRINT_FIELD,
    check_fingerprint,
    fingerprint,
)
from core.fields import HiddenTextField, posted_id
from microsystems.models import Activity
from microsystems.period_data.rows import shown
from stakeholders.models import Stakeholder
from valuation.forms.weights import DIMENSION_UNKNOWN
from valuation.models import JUDGEMENT_SCORE_RANGE, ValueDimension
from valuation.services.judgements import RATIONALE_REQUIRED, JudgementInput
from valuation.services.weights import DIMENSION_RETIRED

SCORE_PREFIX = "score_"
RATIONALE_PREFIX = "rationale_"
SCORE_NOT_A_NUMBER = "Enter a whole number from 0 to 10, or leave it empty if not judged."
SCORE_MISSING = "Give a score from 0 to 10 for this rationale, or clear the rationale."
ROW_RATIONALE_REQUIRED = "Say why: a rationale is required when any score for {activity} is given."
ROW_SCORE_MISSING = "Give at least one score for {activity}, or clear the rationale."
ACTIVITY_UNKNOWN = (
    "Activity number {id} is not one of this microsystem's activities: reload the page and "
    "try again."
)

Stored = dict  # (dimension id) or (activity id, dimension id) -> (score, rationale)


def score_field(dimension: ValueDimension, activity: Activity | None = None) -> str:
    if activity is None:
        return f"{SCORE_PREFIX}{dimension.pk}"
    return f"{SCORE_PREFIX}{activity.pk}_{dimension.pk}"


def rationale_field(subject: ValueDimension | Activity) -> str:
    return f"{RATIONALE_PREFIX}{subject.pk}"


def _score_field(label: str, initial) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10,
        initial=initial,
        error_messages={
            "invalid": SCORE_NOT_A_NUMBER,
            "min_value": JUDGEMENT_SCORE_RANGE,
            "max_value": JUDGEMENT_SCORE_RANGE,
        },
        widget=forms.NumberInput(
            attrs={"min": "0", "max": "10", "step": "1", "inputmode": "numeric",
                   "class": "form-control score-input"}
        ),
    )  # fmt: skip


def _rationale_field(label: str, initial: str, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        initial=initial,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
    )


def judgement_field_html(field: forms.BoundField, *, textarea: bool, rows: int = 3) -> str:
    """templates/valuation/judgement_field.html (its label shown) joined in Python: the
    include cost about a tenth of a millisecond a field. Every value escaped as there."""
    field_id = conditional_escape(field.id_for_label)
    name = conditional_escape(field.html_name)
    value = field.value()
    value = conditional_escape("" if value is None else value)
    invalid = ""
    if field.errors:
        invalid = f' aria-invalid="true" aria-describedby="{field_id}_error"'
    css = " is-invalid" if field.errors else ""
    parts = [
        f'<label class="form-label" for="{field_id}">{conditional_escape(field.label)}</label>'
    ]
    if textarea:
        parts.append(
            f'<textarea name="{name}" id="{field_id}" rows="{rows}" '
            f'class="form-control{css}"{invalid}>{value}</textarea>'
        )
    else:
        parts.append(
            f'<input type="number" name="{name}" id="{field_id}" value="{value}" min="0" '
            f'max="10" step="1" inputmode="numeric" class="form-control score-input{css}"'
            f"{invalid}>"
        )
    if field.errors:
        errors = " ".join(conditional_escape(error) for error in field.errors)
        parts.append(f'<div class="invalid-feedback" id="{field_id}_error">{errors}</div>')
    return "\n".join(parts)


class _JudgementsForm(forms.Form):
    """Shared: the conflict check and refusing posted fields this form does not offer."""

    conflict_what = "stakeholder's judgements"

    def __init__(self, data=None, *, dimensions, stakeholder: Stakeholder, stored: Stored):
        super().__init__(data)
        self.dimensions = dimensions
        self.stakeholder = stakeholder
        self.stored = stored
        self.fields[FINGERPRINT_FIELD] = HiddenTextField(initial=self.stored_fingerprint())

    def stored_fingerprint(self) -> str:
        return fingerprint(sorted([list(key), list(value)] for key, value in self._keyed()))

    def _keyed(self):
        for key, value in self.stored.items():
            yield (key if isinstance(key, tuple) else (key,)), value

    def stranger_messages(self, key: str) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def clean(self) -> dict:
        cleaned = super().clean()
        messages: list[str] = []
        for key in self.data:
            if key.startswith((SCORE_PREFIX, RATIONALE_PREFIX)) and key not in self.fields:
                messages += self.stranger_messages(key)
        for message in dict.fromkeys(messages):
            self.add_error(None, message)
        check_fingerprint(
            self,
            posted=cleaned.pop(FINGERPRINT_FIELD, ""),
            current=self.stored_fingerprint(),
            what=self.conflict_what,
        )
        return cleaned

    def dimension_message(self, part: str) -> str | None:
        """A message when `part` of a posted name is not an active dimension's id."""
        dimension_id = posted_id(part)
        if dimension_id is None:
            return DIMENSION_UNKNOWN.format(id=shown(part))
        if dimension_id in {dimension.pk for dimension in self.dimensions}:
            return None
        retired = ValueDimension.objects.filter(pk=dimension_id).first()
        if retired is not None:
            return DIMENSION_RETIRED.format(dimension=retired)
        return DIMENSION_UNKNOWN.format(id=part)


class DimensionJudgementsForm(_JudgementsForm):
    """A score (0..10, empty = not judged) and a rationale for every active dimension."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for dimension in self.dimensions:
            score, rationale = self.stored.get(dimension.pk, (None, ""))
            self.fields[score_field(dimension)] = _score_field(
                f"{dimension.name}: score from 0 to 10", score
            )
            self.fields[rationale_field(dimension)] = _rationale_field(
                f"Why {self.stakeholder.name} give {dimension.name} this score", rationale, rows=3
            )

    def rows(self) -> list[tuple[ValueDimension, forms.BoundField, forms.BoundField]]:
        return [
            (dimension, self[score_field(dimension)], self[rationale_field(dimension)])
            for dimension in self.dimensions
        ]

    def fieldsets_html(self) -> SafeString:
        """A fieldset per dimension with its score and rationale (judgement_field_html)."""
        return mark_safe(  # judgement_field_html escapes, and the dimension's words here
            "".join(
                f'<fieldset class="card card-body mb-3">'
                f'<legend class="h5 mb-1">{conditional_escape(dimension.name)}</legend>\n'
                f'<p class="form-text mt-0">{conditional_escape(dimension.description)}</p>\n'
                f'<div class="row g-3">\n'
                f'<div class="col-sm-3">{judgement_field_html(score, textarea=False)}</div>\n'
                f'<div class="col-sm-9">{judgement_field_html(rationale, textarea=True)}</div>\n'
                "</div></fieldset>\n"
                for dimension, score, rationale in self.rows()
            )
        )

    def stranger_messages(self, key: str) -> list[str]:
        part = key.removeprefix(SCORE_PREFIX).removeprefix(RATIONALE_PREFIX)
        message = self.dimension_message(part)
        return [message] if message else []

    def clean(self) -> dict:
        cleaned = super().clean()
        for dimension in self.dimensions:
            score_name, rationale_name = score_field(dimension), rationale_field(dimension)
            if score_name in self.errors:
                continue
            score = cleaned.get(score_name)
            rationale = (cleaned.get(rationale_name) or "").strip()
            cleaned[rationale_name] = rationale
            if score is not None and not rationale:
                self.add_error(rationale_name, RATIONALE_REQUIRED)
            if score is None and rationale:
                self.add_error(score_name, SCORE_MISSING)
        return cleaned

    def judgements(self) -> list[JudgementInput]:
        return [
            JudgementInput(
                dimension=dimension,
                score=self.cleaned_data[score_field(dimension)],
                rationale=self.cleaned_data[rationale_field(dimension)],
            )
            for dimension in self.dimensions
            if self.cleaned_data.get(score_field(dimension)) is not None
        ]


class ActivityJudgementsForm(_JudgementsForm):
    """Each activity's contribution to the public value goal, per active dimension.

    One rationale per activity row, stored on each of the row's judgements.
    """

    def __init__(self, data=None, *, activities: list[Activity], **kwargs):
        self.activities = activities
        super().__init__(data, **kwargs)
        for activity in activities:
            for dimension in self.dimensions:
                score, _ = self.stored.get((activity.pk, dimension.pk), (None, ""))
                self.fields[score_field(dimension, activity)] = _score_field(
                    f"{activity.name}: contribution to {dimension.name}, 0 to 10", score
                )
            self.fields[rationale_field(activity)] = _rationale_field(
                f"Why {self.stakeholder.name} score {activity.name} this way",
                self._row_rationale(activity),
            )

    def _row_rationale(self, activity: Activity) -> str:
        """The row's stored rationale (normally one text, stored on every judgement)."""
        texts = [
            rationale
            for (activity_id, _), (_, rationale) in self.stored.items()
            if activity_id == activity.pk
        ]
        return "\n\n".join(dict.fromkeys(texts))

    def rows(self) -> list[tuple[Activity, list[forms.BoundField], forms.BoundField]]:
        return [
            (
                activity,
                [self[score_field(dimension, activity)] for dimension in self.dimensions],
                self[rationale_field(activity)],
            )
            for activity in self.activities
        ]

    def stranger_messages(self, key: str) -> list[str]:
        is_score = key.startswith(SCORE_PREFIX)
        parts = key.removeprefix(SCORE_PREFIX if is_score else RATIONALE_PREFIX).split("_")
        activity_ids = {activity.pk for activity in self.activities}
        messages = []
        activity_part = parts[0]
        if posted_id(activity_part) not in activity_ids:
            messages.append(ACTIVITY_UNKNOWN.format(id=shown(activity_part)))
        if is_score:
            dimension_message = self.dimension_message(parts[1] if len(parts) > 1 else "")
            if dimension_message:
                messages.append(dimension_message)
        return messages

    def clean(self) -> dict:
        cleaned = super().clean()
        for activity in self.activities:
            names = [score_field(dimension, activity) for dimension in self.dimensions]
            rationale_name = rationale_field(activity)
            rationale = (cleaned.get(rationale_name) or "").strip()
            cleaned[rationale_name] = rationale
            if any(name in self.errors for name in names):
                continue
            scored = any(cleaned.get(name) is not None for name in names)
            if scored and not rationale:
                self.add_error(rationale_name, ROW_RATIONALE_REQUIRED.format(activity=activity))
            if rationale and not scored:
                self.add_error(rationale_name, ROW_SCORE_MISSING.format(activity=activity))
        return cleaned

    def judgements(self) -> list[JudgementInput]:
        judgements = []
        for activity in self.activities:
            rationale = self.cleaned_data[rationale_field(activity)]
            for dimension in self.dimensions:
                score = self.cleaned_data.get(score_field(dimension, activity))
                if score is not None:
                    judgements.append(
                        JudgementInput(
                            dimension=dimension, score=score, rationale=rationale, activity=activity
                        )
                    )
        return judgements
