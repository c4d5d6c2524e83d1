"""The options of a run chart page (GET): recalculate from a date, fix the baseline.

Checked against the points the chart has, so a date that would leave a segment
with too few points for limits, or a baseline longer than the points there are,
is refused with a message beside the field rather than drawn misleadingly.
"""

from __future__ import annotations

from django import forms

from microsystems.analysis import run_charts as rc
from microsystems.periods import FIRST_DAY, LAST_DAY

REBASE_OUTSIDE = (
    "Choose a date after the first value ({first}) and no later than the last ({last})."
)
REBASE_TOO_FEW = (
    "Recalculating from {date} would leave only {points} point{s} {where}; each part needs at "
    "least {minimum} points for its limits."
)
BASELINE_RANGE = f"A fixed baseline takes {rc.MIN_POINTS} to {rc.MAX_BASELINE_POINTS} points."
BASELINE_TOO_FEW = (
    "The chart's {which} part has only {points} point{s}; a baseline of {baseline} points "
    "needs at least that many."
)
NO_POINTS = "There are no values to recalculate yet."


class RunChartOptionsForm(forms.Form):
    rebase_from = forms.DateField(
        label="Recalculate the limits from",
        required=False,
        help_text="After a known change: points from this date get their own mean and limits.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    baseline_points = forms.IntegerField(
        label="Fix the limits on the first … points",
        required=False,
        help_text=(
            f"{rc.MIN_POINTS} to {rc.MAX_BASELINE_POINTS}; later points then do not widen them."
        ),
        error_messages={
            "min_value": BASELINE_RANGE,
            "max_value": BASELINE_RANGE,
            "invalid": BASELINE_RANGE,
        },
        min_value=rc.MIN_POINTS,
        max_value=rc.MAX_BASELINE_POINTS,
    )

    def __init__(self, *args, period_starts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.period_starts = sorted(period_starts)

    def clean_rebase_from(self):
        when = self.cleaned_data.get("rebase_from")
        if when is None:
            return None
        if not FIRST_DAY <= when <= LAST_DAY:
            raise forms.ValidationError(REBASE_OUTSIDE.format(first=FIRST_DAY, last=LAST_DAY))
        if not self.period_starts:
            raise forms.ValidationError(NO_POINTS)
        first, last = self.period_starts[0], self.period_starts[-1]
        if not first < when <= last:
            raise forms.ValidationError(REBASE_OUTSIDE.format(first=first, last=last))
        lengths = rc.segment_lengths(self.period_starts, [when])
        for position, (_, points) in enumerate(lengths):
            if points < rc.MIN_POINTS:
                raise forms.ValidationError(
                    REBASE_TOO_FEW.format(
                        date=when,
                        points=points,
                        s="" if points == 1 else "s",
                        where="before it" if position == 0 else "from it on",
                        minimum=rc.MIN_POINTS,
                    )
                )
        return when

    def clean(self):
        cleaned = super().clean()
        baseline = cleaned.get("baseline_points")
        if baseline is None or "rebase_from" in self.errors:
            return cleaned
        rebase = cleaned.get("rebase_from")
        lengths = rc.segment_lengths(self.period_starts, [rebase] if rebase else [])
        for position, (_, points) in enumerate(lengths):
            if points < baseline:
                self.add_error(
                    "baseline_points",
                    BASELINE_TOO_FEW.format(
                        which="first" if position == 0 else "second",
                        points=points,
                        s="" if points == 1 else "s",
                        baseline=baseline,
                    ),
                )
                break
        if not lengths:
            self.add_error("baseline_points", NO_POINTS)
        return cleaned

    def options(self) -> dict:
        """Keyword arguments for rc.xmr_chart; none when the form is not valid."""
        if not self.is_bound or not self.is_valid():
            return {"recalculate_from": [], "baseline_points": None}
        rebase = self.cleaned_data["rebase_from"]
        return {
            "recalculate_from": [rebase] if rebase else [],
            "baseline_points": self.cleaned_data["baseline_points"],
        }
