"""The portfolio's filters, sort, page and measure, read from the query string.

A value the form does not offer (an unknown column, an organisation the user does
not manage, a period that is not a year with approved assessments, a page that is
not a number) is not an error page: that one choice falls back to its default and
the page says so, naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from valuation.analysis.portfolio import SORT_COLUMNS

SORT_LABELS = {
    "unit": "Unit",
    "organisation": "Organisation",
    "value": "Value",
    "change": "Change",
    "disagreement": "Disagreement",
    "cost": "Cost a month",
    "value_for_money": "Value for money",
    "failure_share": "Failure demand",
    "contested": "Contested dimensions",
    "state": "State",
    "last_approved": "Last approved",
}
STATE_CHOICES = [
    ("", "Any state"),
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("none", "No assessment yet"),
]
DEFAULT_SORT = "unit"
IGNORED = "{label}: {problem} Showing {default} instead."
DEFAULTS = {
    "organisation": "every organisation",
    "state": "any state",
    "period": "each unit's latest approved assessment",
    "sort": "units by name",
    "page": "the first page",
    "measure": "the first measure",
}


@dataclass(frozen=True)
class PortfolioChoices:
    organisation_id: int | None
    state: str
    year: int | None
    sort: str  # a SORT_COLUMNS key
    descending: bool
    page: int
    measure_id: int | None


class PortfolioFilterForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label="Organisation", required=False, coerce=int, empty_value=None
    )
    state = forms.ChoiceField(label="State", required=False, choices=STATE_CHOICES)
    period = forms.TypedChoiceField(
        label="Period (year assessed)", required=False, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(label="Sort by", required=False)
    page = forms.IntegerField(label="Page", required=False, min_value=1, max_value=1_000_000)
    measure = forms.TypedChoiceField(
        label="Measure to compare", required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        data,
        *,
        organisations: list[tuple[int, str]],
        years: list[int],
        measures: list[tuple[int, str]],
    ):
        super().__init__(data)
        self.fields["organisation"].choices = [("", "Every organisation"), *organisations]
        self.fields["period"].choices = [("", "Latest approved"), *((y, str(y)) for y in years)]
        self.fields["sort"].choices = [("", SORT_LABELS[DEFAULT_SORT])] + [
            (f"{prefix}{key}", f"{SORT_LABELS[key]}{suffix}")
            for key in SORT_COLUMNS
            for prefix, suffix in (("", ", ascending"), ("-", ", descending"))
        ]
        self.fields["measure"].choices = measures

    def choices(self) -> PortfolioChoices:
        """What to show: each valid choice, and each field's default where it was not."""
        self.is_valid()
        data = self.cleaned_data
        sort = data.get("sort") or DEFAULT_SORT
        measures = self.fields["measure"].choices
        return PortfolioChoices(
            organisation_id=data.get("organisation"),
            state=data.get("state") or "",
            year=data.get("period"),
            sort=sort.removeprefix("-"),
            descending=sort.startswith("-"),
            page=data.get("page") or 1,
            measure_id=data.get("measure") or (measures[0][0] if measures else None),
        )

    def problems(self) -> list[str]:
        """One sentence per field whose value was not used, naming the field."""
        return [
            IGNORED.format(
                label=self.fields[name].label,
                problem=" ".join(str(message) for message in errors),
                default=DEFAULTS[name],
            )
            for name, errors in self.errors.items()
        ]
