"""valuation.reports.checklist: the submission checklist in words, from facts made by hand."""

import datetime as dt

from valuation.reports.checklist import day_label, submission_checklist
from valuation.selectors.assessments import SubmissionFacts

Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
AFTER_Q1 = dt.date(2026, 4, 1)


def group(name, weights=True, judgements=True) -> dict:
    return {"name": name, "has_weights": weights, "has_judgements": judgements}


def dimension(name, measure=False, judgement=False) -> dict:
    return {"name": name, "has_measure": measure, "has_judgement": judgement}


def details(facts: SubmissionFacts) -> dict[str, tuple[bool, str]]:
    return {
        item.label: (item.done, item.detail) for item in submission_checklist(facts, AFTER_Q1).items
    }


def test_days_in_english():
    assert day_label(dt.date(2026, 10, 1)) == "1 Oct 2026"


def test_everything_in_place_says_how_much():
    dimensions = [dimension("Equity", measure=True), dimension("Probity", judgement=True)]
    facts = SubmissionFacts(*Q1, [group("Tenants"), group("Finance")], dimensions, 1)
    assert submission_checklist(facts, AFTER_Q1).warnings == 0
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
        "Every measure recorded for each month of the period": (
            True, "No measure has values for only part of the period.",
        ),
        "The period has ended": (True, "The period ended on 31 Mar 2026."),
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
    assert submission_checklist(facts, AFTER_Q1).warnings == 4


def test_no_stakeholders_yet():
    found = details(SubmissionFacts(*Q1, [], [], 0))
    assert found["Stakeholders recorded"] == (
        False, "No stakeholder groups yet: record who has a stake in the unit first.",
    )  # fmt: skip
    assert found["Every stakeholder's dimension weights"] == (
        False, "No stakeholders to weigh the dimensions yet.",
    )  # fmt: skip


def test_measures_with_values_for_part_of_the_period_are_named_with_their_missing_months():
    recorded = [
        ("Cost per repair", [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]),
        ("Days to repair", [dt.date(2026, 1, 1), dt.date(2026, 2, 1)]),
        ("Repairs in deprived areas", [dt.date(2026, 2, 1)]),
    ]
    facts = SubmissionFacts(*Q1, [group("Tenants")], [dimension("Equity", True)], 6,
                            "month", recorded)  # fmt: skip
    found = details(facts)
    assert found["Every measure recorded for each month of the period"] == (
        False,
        "Incomplete, so not scored: Days to repair (missing Mar 2026); "
        "Repairs in deprived areas (missing Jan 2026 and Mar 2026).",
    )
    assert submission_checklist(facts, AFTER_Q1).warnings == 1


def test_a_period_not_yet_ended_is_a_warning_until_the_day_after_its_last_day():
    facts = SubmissionFacts(*Q1, [group("Tenants")], [dimension("Equity", True)], 1)
    on_last_day = details(facts) | {
        item.label: (item.done, item.detail)
        for item in submission_checklist(facts, dt.date(2026, 3, 31)).items
    }
    assert on_last_day["The period has ended"] == (
        False,
        "The period runs until 31 Mar 2026, so its figures may still change. It can be "
        "submitted, but approving it before then needs the manager's explicit confirmation.",
    )
    assert details(facts)["The period has ended"][0] is True
