"""The lost-write check of `make load`, on histories worked out by hand."""

from tests.load.saves import (
    NOT_STORED,
    REFUSED,
    REFUSED_BUT_STORED,
    SAME_BASE,
    SAVED,
    UNKNOWN,
    SaveRecord,
    check_saves,
    read_ledger,
)

CELL = (7, "2026-11-01")
KEY = ("demand", CELL)


def save(base, value, outcome=SAVED, at=0.0, user="lead"):
    return SaveRecord("demand", CELL, base, value, outcome, user=user, at=at)


def reasons(problems):
    return [(problem.record.value, problem.reason) for problem in problems]


def test_a_chain_of_saves_each_from_the_last_is_fine():
    records = [save("100", "1", at=1), save("1", "2", at=2), save("2", "3", at=3)]
    assert check_saves(records, {KEY: "3"}) == []


def test_a_save_overwritten_by_someone_who_never_saw_it_is_lost():
    first, second = save("100", "1", at=1), save("100", "2", at=2)
    problems = check_saves([first, second], {KEY: "2"})
    assert [problem.record for problem in problems] == [first]
    assert problems[0].reason == NOT_STORED.format(stored="'2'")


def test_a_write_that_vanished_is_lost():
    problems = check_saves([save("100", "1")], {KEY: "100"})
    assert [problem.record.value for problem in problems] == ["1"]


def test_a_missing_row_counts_as_holding_nothing():
    problems = check_saves([save("100", "1")], {})
    assert problems[0].reason == NOT_STORED.format(stored="None")


def test_two_acknowledged_saves_from_one_value_are_a_lost_update_even_if_one_was_seen():
    # Both saves started from "100"; the second should have been refused. Someone
    # saw "1" and saved "3" on top, so "1" itself is not missing: "3" is.
    records = [save("100", "1", at=1), save("1", "3", at=2), save("100", "2", at=3)]
    problems = check_saves(records, {KEY: "2"})
    assert ("3", NOT_STORED.format(stored="'2'")) in reasons(problems)
    assert ("1", SAME_BASE.format(base="'100'")) in reasons(problems)


def test_saving_again_from_the_refusal_page_replaces_knowingly():
    records = [
        save("100", "1", at=1, user="sam"),
        save("100", "2", REFUSED, at=2, user="alex"),
        save("1", "3", at=3, user="alex"),  # the refusal page showed Sam's "1"
    ]
    assert check_saves(records, {KEY: "3"}) == []


def test_a_save_with_no_answer_may_or_may_not_have_replaced_an_acknowledged_one():
    records = [save("100", "1", at=1), save("1", "2", UNKNOWN, at=2)]
    assert check_saves(records, {KEY: "2"}) == []
    assert check_saves(records, {KEY: "1"}) == []


def test_a_refused_save_must_not_be_in_the_database():
    records = [save("100", "1", at=1), save("100", "2", REFUSED, at=2)]
    problems = check_saves(records, {KEY: "2"})
    assert (("2", REFUSED_BUT_STORED) in reasons(problems)) and len(problems) == 2


def test_cells_are_checked_apart():
    other = SaveRecord("demand", (8, "2026-11-01"), "5", "6", SAVED)
    records = [save("100", "1"), other]
    assert check_saves(records, {KEY: "1", ("demand", (8, "2026-11-01")): "6"}) == []
    assert [p.record for p in check_saves(records, {KEY: "1"})] == [other]


def test_judgement_values_survive_the_ledger(tmp_path):
    record = SaveRecord(
        "judgement",
        (3, 41, 2),
        (7, "Because."),
        (4, "Load save 9 by load-lead-01"),
        SAVED,
        user="load-lead-01",
        at=1796176864.25,
        save=3,
    )
    ledger = tmp_path / "saves.jsonl"
    ledger.write_text(record.to_json() + "\n")
    [read] = read_ledger(ledger)
    assert read == record
    stored = {("judgement", (3, 41, 2)): (4, "Load save 9 by load-lead-01")}
    assert check_saves([read], stored) == []
