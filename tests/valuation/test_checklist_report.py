"""valuation.reports.checklist: the submission checklist in words, from facts made by hand."""

import datetime as dt

from valuation.reports.checklist import day_label, submission_checklist
from valuation.selectors.assessments import SubmissionFacts

Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


def group(name, weights=True, judgements=True) -> dict:
    return {"name": name, "has_weights": weights, "has_judgements": judgements}


def dimension(name, measure=False, judgement=False) -> dict:
    return {"name": name, "has_measure": measure, "has_judgement": judgement}


def details(facts: SubmissionFacts) -> dict[str, tuple[bool, str]]:
    return {item.label: (item.done, item.detail) for item in submission_checklist(facts).items}


def test_days_in_english():
    assert day_label(dt.date(2026, 10, 1)) == "1 Oct 2026"


def test_everything_in_place_says_how_much():
    dimensions = [dimension("Equity", measure=True), dimension("Probity", judgement=True)]
    facts = SubmissionFacts(*Q1, [group("Tenants"), group("Finance")], dimensions, 1)
    assert submission_checklist(facts).warnings == 0
    assert details(facts) == {
        "Stakeholders recorded": (True, "2 stakeholder groups"),
        "Every stakeholder's dimension weights": (True, "All 2 stakeholder groups have weights."),
        "Every stakeholder's judgements": (True, "All 2 stakeholder groups have judged the unit."),
        "Every value dimension measured or judged": (
            True, "All 2 active dimensions have a measure or a judgement.",
        ),
        "Measurements in the period": (
            True, "1 measurement recorded between 1 Jan 2026 and 31 Mar 2026.",
        ),
    }  # fmt: skip


def test_what_is_missing_is_named_up_to_six_then_counted():
    groups = [group(f"Group {n}", weights=False, judgements=n > 1) for n in range(1, 9)]
    facts = SubmissionFacts(*Q1, groups, [dimension("Equity"), dimension("Probity", True)], 0)
    found = details(facts)
    assert found["Every stakeholder's dimension weights"] == (
        False, "Without weights: Group 1, Group 2, Group 3, Group 4, Group 5, Group 6 and 2 more.",
    )  # fmt: skip
    assert found["Every stakeholder's judgements"] == (False, "Without judgements: Group 1.")
    assert found["Every value dimension measured or judged"] == (
        False, "No measure and no judgement: Equity. These will have no score in the account.",
    )  # fmt: skip
    assert found["Measurements in the period"][0] is False
    assert submission_checklist(facts).warnings == 4


def test_no_stakeholders_yet():
    found = details(SubmissionFacts(*Q1, [], [], 0))
    assert found["Stakeholders recorded"] == (
        False, "No stakeholder groups yet: record who has a stake in the unit first.",
    )  # fmt: skip
    assert found["Every stakeholder's dimension weights"] == (
        False, "No stakeholders to weigh the dimensions yet.",
    )  # fmt: skip
