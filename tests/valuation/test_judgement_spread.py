import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- the numpy path of whole scores gives pandas' groupby frame, bit for bit ---------------

NAMES = ["Equity", "Probity", "Efficiency", "Openness", "Trust"]


def groupby_spread(frame: pd.DataFrame) -> pd.DataFrame:
    """The spread as pandas' groupby works it out: the reference for the numpy path."""
    grouped = frame.groupby("dimension", sort=False)["score"]
    spread = pd.DataFrame(
        {"judges": grouped.count(), "lowest": grouped.min(), "highest": grouped.max()}
    )
    spread["range"] = spread["highest"] - spread["lowest"]
    spread["mean"] = grouped.mean()
    spread["contested"] = (spread["judges"] >= 2) & (spread["range"] >= CONTESTED_RANGE)
    return spread


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B", "C"]), st.sampled_from(NAMES), st.integers(0, 10)),
        min_size=1,
        max_size=40,
    ),
    st.booleans(),
)
def test_whole_scores_give_the_frame_groupby_gives(rows, numbered_dimensions):
    frame = judgements(rows).astype({"score": "int64"})
    if numbered_dimensions:  # the engine's frames name dimensions by id
        frame["dimension"] = frame["dimension"].map(NAMES.index).astype("int64")
    pd.testing.assert_frame_equal(judgement_spread(frame), groupby_spread(frame))


def test_scores_with_a_gap_still_take_the_groupby_path():
    frame = judgements([("A", "Equity", 4.0), ("B", "Equity", None), ("C", "Equity", 9.0)])
    spread = judgement_spread(frame)
    pd.testing.assert_frame_equal(spread, groupby_spread(frame))
    assert spread.loc["Equity", "judges"] == 2
