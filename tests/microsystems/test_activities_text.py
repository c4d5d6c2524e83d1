"""microsystems.reports.activities_text: what stopping the unnecessary activities would
free, in words, from costs worked out by hand through microsystems.analysis.costs."""

import pandas as pd
import pytest

from microsystems.analysis.costs import ACTIVITY_COST_COLUMNS, freed_capacity
from microsystems.reports.activities_text import freed_capacity_sentence


def empty(columns):
    # What the web layer builds from an empty queryset: object columns, no rows.
    return pd.DataFrame(columns=columns)


def cost_rows(rows):
    """A costs frame (as activity_costs returns) from (id, name, class, hours, cost)."""
    frame = pd.DataFrame(
        rows, columns=["activity_id", "name", "classification", "staff_hours", "cost_per_period"]
    )
    return frame.assign(
        preventive=False,
        staff_cost=frame["cost_per_period"],
        other_costs=0.0,
        cost_per_year=frame["cost_per_period"] * 12,
    )[ACTIVITY_COST_COLUMNS]


@pytest.fixture
def stop_costs():
    # Unnecessary: 26 h + 20 h = 46 h; £780 + £600 = £1,380 a month.
    return cost_rows(
        [
            (1, "Answer calls", "adds_value", 50.0, 2000.0),
            (2, "Legal records", "necessary", 25.0, 900.0),
            (3, "Duplicate data entry", "unnecessary", 20.0, 600.0),
            (4, "Print reports", "unnecessary", 26.0, 780.0),
        ]
    )


def sentence_of(costs, gap, period_noun="month") -> str:
    return freed_capacity_sentence(freed_capacity(costs, gap), period_noun)


def test_freed_capacity_positive_gap(stop_costs):
    # 46 / 80 = 57.5% -> rounds half up to 58%.
    assert sentence_of(stop_costs, 80.0) == (
        "Stopping the 2 unnecessary activities would free 46 staff hours and £1,380 a month, "
        "enough to cover 58% of the 80-hour capacity gap."
    )


def test_freed_capacity_covers_whole_gap(stop_costs):
    # 46 / 40 = 115%.
    assert sentence_of(stop_costs, 40, period_noun="week") == (
        "Stopping the 2 unnecessary activities would free 46 staff hours and £1,380 a week, "
        "enough to cover the whole 40-hour capacity gap."
    )


def test_freed_capacity_negative_gap(stop_costs):
    assert sentence_of(stop_costs, -12.0, period_noun="quarter") == (
        "Stopping the 2 unnecessary activities would free 46 staff hours and £1,380 a quarter; "
        "the team already has spare capacity."
    )


@pytest.mark.parametrize("gap", [None, float("nan")])
def test_freed_capacity_unknown_gap(stop_costs, gap):
    assert sentence_of(stop_costs, gap) == (
        "Stopping the 2 unnecessary activities would free 46 staff hours and £1,380 a month."
    )


def test_freed_capacity_no_unnecessary_activities(stop_costs):
    kept = stop_costs[stop_costs["classification"] != "unnecessary"]
    assert sentence_of(kept, 80.0) == "No activity is classified as unnecessary."


def test_freed_capacity_single_activity_and_empty():
    one = cost_rows([(1, "Fax forms", "unnecessary", 1.0, 20.0)])
    assert sentence_of(one, 0.0, period_noun="week") == (
        "Stopping the unnecessary activity would free 1 staff hour and £20 a week; "
        "the team's capacity already matches its demand."
    )
    assert sentence_of(empty(ACTIVITY_COST_COLUMNS), None) == (
        "No activity is classified as unnecessary."
    )


def test_freed_capacity_sentences_never_say_nan(stop_costs):
    no_hours = cost_rows([(1, "Paper forms", "unnecessary", 0.0, 50.0)])
    sentences = [
        sentence_of(frame, gap)
        for frame in (stop_costs, no_hours, empty(ACTIVITY_COST_COLUMNS))
        for gap in (None, float("nan"), 0.0, -5.0, 0.4, 80.0)
    ]
    assert len(sentences) == 18
    assert not any("nan" in s.lower() for s in sentences)
    assert sentence_of(no_hours, 10.0) == (
        "Stopping the unnecessary activity would save £50 a month; "
        "no staff hours are recorded against it."
    )


def test_a_gap_nearly_covered_is_never_called_whole_and_a_tiny_share_is_less_than_1():
    one = cost_rows([(1, "Fax forms", "unnecessary", 99.6, 20.0)])
    assert sentence_of(one, 100.0).endswith("enough to cover 99% of the 100-hour capacity gap.")
    tiny = cost_rows([(1, "Fax forms", "unnecessary", 0.2, 20.0)])
    assert sentence_of(tiny, 80.0).endswith(
        "enough to cover less than 1% of the 80-hour capacity gap."
    )


def test_an_unknown_period_noun_is_refused():
    with pytest.raises(ValueError, match="period_noun must be one of"):
        freed_capacity_sentence(freed_capacity(empty(ACTIVITY_COST_COLUMNS), None), "day")
