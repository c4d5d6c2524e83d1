import pandas as pd

from valuation.analysis.agreement import CONTESTED_RANGE, judgement_spread


def judgements(rows):
    return pd.DataFrame(rows, columns=["stakeholder", "dimension", "score"])


def test_range_of_four_or_more_is_contested_and_less_is_not():
    spread = judgement_spread(
        judgements(
            [
                ("Users", "Equity", 8),
                ("Funders", "Equity", 4),  # range 4: contested
                ("Users", "Efficiency", 5),
                ("Funders", "Efficiency", 7),  # range 2: agreed
                ("Staff", "Efficiency", 6),
            ]
        )
    )
    assert CONTESTED_RANGE == 4
    assert spread.loc["Equity", ["judges", "lowest", "highest", "range"]].tolist() == [2, 4, 8, 4]
    assert spread.loc["Equity", "mean"] == 6.0
    assert bool(spread.loc["Equity", "contested"]) is True
    assert spread.loc["Efficiency", "range"] == 2
    assert spread.loc["Efficiency", "mean"] == 6.0  # (5 + 7 + 6) / 3
    assert bool(spread.loc["Efficiency", "contested"]) is False


def test_one_judge_is_never_contested_and_no_judgements_give_an_empty_table():
    spread = judgement_spread(judgements([("Users", "Probity", 0)]))
    assert bool(spread.loc["Probity", "contested"]) is False
    assert judgement_spread(judgements([])).empty
