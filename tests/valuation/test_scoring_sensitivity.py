"""Sensitivity of the activity ranking, and switching values, on small hand-worked cases.

Two dimensions: Prevention (id 1, rests on judgement alone) and Efficiency (id 2,
measured). Four activities; C = mean judgement x 10:

    activity  Prevention  Efficiency  cost per month
    Alpha         80          20          £1,000
    Bravo         20          80          £1,000
    Charlie       50          10          £1,000
    Delta         60          60          £2,000
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valuation.scoring.sensitivity import (
    NO_ACTIVITY_JUDGEMENTS,
    NO_COST,
    NO_SWITCH,
    NO_WEIGHTS,
    NOT_JUDGED,
    _switching_value,
    mean_activity_judgements,
    sensitivity,
)

PREVENTION, EFFICIENCY = 1, 2
ACTIVITIES = {"Alpha": (8, 2, 1000), "Bravo": (2, 8, 1000), "Charlie": (5, 1, 1000),
              "Delta": (6, 6, 2000)}  # fmt: skip


def costs(extra: list[tuple] = ()) -> pd.DataFrame:
    rows = [(number, name, cost) for number, (name, (_, _, cost)) in
            enumerate(ACTIVITIES.items(), start=1)]  # fmt: skip
    return pd.DataFrame([*rows, *extra], columns=["activity_id", "name", "cost_per_period"])


def judgements(values=ACTIVITIES) -> pd.DataFrame:
    rows = []
    for number, (prevention, efficiency, _) in enumerate(values.values(), start=1):
        rows += [(number, PREVENTION, 2, prevention), (number, EFFICIENCY, 2, efficiency)]
    return pd.DataFrame(rows, columns=["activity_id", "dimension_id", "judges", "mean_score"])


def weights(tenants: float, funders: float) -> pd.DataFrame:
    """Prevention weights of Tenants (id 1) and Funders (id 2); Efficiency takes the rest."""
    return pd.DataFrame(
        [(1, PREVENTION, tenants), (1, EFFICIENCY, 1 - tenants),
         (2, PREVENTION, funders), (2, EFFICIENCY, 1 - funders)],
        columns=["stakeholder_id", "dimension_id", "weight"],
    )  # fmt: skip


STAKEHOLDERS = pd.DataFrame([(1, "Tenants"), (2, "Funders")], columns=["stakeholder_id", "name"])
DIMENSIONS = pd.DataFrame(
    [(PREVENTION, "Prevention", True), (EFFICIENCY, "Efficiency", False)],
    columns=["dimension_id", "name", "rests_on_judgement"],
)
EQUAL = pd.Series({1: 1.0, 2: 1.0})


def run(weight_frame, voice=EQUAL, activity_costs=None, activity_judgements=None):
    return sensitivity(
        activity_costs=costs() if activity_costs is None else activity_costs,
        activity_judgements=judgements() if activity_judgements is None else activity_judgements,
        weights=weight_frame,
        stakeholders=STAKEHOLDERS,
        voice=voice,
        dimensions=DIMENSIONS,
    )


def test_ranking_is_contested_when_one_stakeholders_weights_change_the_top():
    # Tenants Prevention 0.6 / Efficiency 0.4; Funders 0.2 / 0.8. Equal voices, so
    # the mean weights are 0.4 / 0.6.
    result = run(weights(0.6, 0.2))
    assert result.mean_weights["weight"].tolist() == pytest.approx([0.4, 0.6])
    # Mean weights, contribution then per £1,000:
    #   Alpha   0.4*80 + 0.6*20 = 32 + 12 = 44  -> 44
    #   Bravo   0.4*20 + 0.6*80 =  8 + 48 = 56  -> 56
    #   Charlie 0.4*50 + 0.6*10 = 20 +  6 = 26  -> 26
    #   Delta   0.4*60 + 0.6*60 = 60, cost £2,000 -> 30
    ranked = result.activities.set_index("name")
    assert ranked["contribution"].tolist() == pytest.approx([56, 44, 60, 26])
    assert ranked["per_thousand"].tolist() == pytest.approx([56, 44, 60 / 2, 26])
    assert ranked["rank"].tolist() == [1, 2, 3, 4]
    assert result.top_three == ["Bravo", "Alpha", "Delta"]
    # Tenants (0.6, 0.4): Alpha 48+8=56, Bravo 12+32=44, Charlie 30+4=34, Delta 60/2=30
    #   -> Alpha first, and Charlie replaces Delta in the top three.
    # Funders (0.2, 0.8): Alpha 16+16=32, Bravo 4+64=68, Charlie 10+8=18, Delta 30
    #   -> Bravo, Alpha, Delta: the same as the mean.
    people = result.stakeholders.set_index("name")
    assert people.loc["Tenants", "top_three"] == ["Alpha", "Bravo", "Charlie"]
    assert people.loc["Funders", "top_three"] == ["Bravo", "Alpha", "Delta"]
    assert not result.robust_top_three and not result.robust_first and not result.robust
    assert result.top_three_changes_for == ["Tenants"]
    assert result.first_changes_for == ["Tenants"]
    # Best and worst rank across the stakeholders, and how many put each in their top three.
    assert ranked.loc["Charlie", ["best_rank", "worst_rank", "top_three_for"]].tolist() == [3, 4, 1]
    assert ranked.loc["Bravo", ["best_rank", "worst_rank", "top_three_for"]].tolist() == [1, 2, 2]


def test_switching_value_raising_the_judgement_only_dimension():
    result = run(weights(0.6, 0.2))
    # Moving Prevention's weight by delta (Efficiency gets 0.6 - delta) changes each
    # activity's value by delta x (C_prevention - C_efficiency) / (cost / 1,000):
    #   Alpha 44 + 60d, Bravo 56 - 60d, Charlie 26 + 40d, Delta 30 + 0d.
    # Alpha overtakes Bravo at 44 + 60d = 56 - 60d -> d = 12 / 120 = 0.1;
    # Charlie at 26 + 40d = 56 - 60d -> d = 0.3; Delta at d = 26 / 60 = 0.43.
    switching = result.switching.set_index("name")
    assert list(switching.index) == ["Prevention"]  # Efficiency is measured
    row = switching.loc["Prevention"]
    assert row["mean_weight"] == pytest.approx(0.4)
    assert row["delta"] == pytest.approx(0.1)
    assert row["new_weight"] == pytest.approx(0.5)
    assert row["new_first"] == "Alpha"
    assert row["note"] == ""


def test_switching_value_lowering_the_weight():
    # Tenants 0.8 / 0.2, Funders 0.6 / 0.4: mean 0.7 / 0.3.
    #   Alpha 56 + 6 = 62, Bravo 14 + 24 = 38, Charlie 35 + 3 = 38, Delta 60 / 2 = 30: Alpha first.
    # Lines: Alpha 62 + 60d, Bravo 38 - 60d (crosses at d = -24 / 120 = -0.2),
    # Charlie 38 + 40d (d = -1.2, beyond the weight's floor of -0.7),
    # Delta 30 (d = -32 / 60 = -0.53). The nearest: -0.2, to a weight of 0.5, Bravo first.
    result = run(weights(0.8, 0.6))
    row = result.switching.set_index("name").loc["Prevention"]
    assert result.top_three[0] == "Alpha"
    assert row["delta"] == pytest.approx(-0.2)
    assert row["new_weight"] == pytest.approx(0.5)
    assert row["new_first"] == "Bravo"


def test_switching_value_when_all_the_weight_is_on_the_dimension():
    # Both put everything on Prevention: Alpha 80, Charlie 50, Delta 30, Bravo 20.
    # Lowering Prevention by d gives Efficiency -d: Alpha 80 + 60d = Bravo 20 - 60d at d = -0.5.
    result = run(weights(1.0, 1.0))
    row = result.switching.set_index("name").loc["Prevention"]
    assert result.robust
    assert row["delta"] == pytest.approx(-0.5)
    assert row["new_first"] == "Bravo"


def test_no_switch_within_the_weights_range_is_said_so():
    dominant = {"Alpha": (2, 2, 1000), "Bravo": (9, 9, 1000)}
    result = run(
        weights(0.6, 0.2),
        activity_costs=pd.DataFrame(
            [(1, "Alpha", 1000), (2, "Bravo", 1000)],
            columns=["activity_id", "name", "cost_per_period"],
        ),
        activity_judgements=judgements(dominant),
    )
    row = result.switching.set_index("name").loc["Prevention"]
    assert pd.isna(row["delta"]) and pd.isna(row["new_weight"])
    assert row["note"] == NO_SWITCH
    assert result.robust and result.top_three == ["Bravo", "Alpha"]


def test_unjudged_and_uncosted_activities_are_listed_with_the_reason():
    extra = judgements()
    extra.loc[len(extra)] = (6, PREVENTION, 1, 9)  # Foxtrot judged, but costs nothing
    result = run(
        weights(0.6, 0.2),
        activity_costs=costs([(5, "Echo", 500), (6, "Foxtrot", 0)]),
        activity_judgements=extra,
    )
    notes = result.activities.set_index("name")["note"]
    assert notes["Echo"] == NOT_JUDGED
    assert notes["Foxtrot"] == NO_COST
    assert result.activities["name"].tolist()[:4] == ["Bravo", "Alpha", "Delta", "Charlie"]


def test_missing_prerequisites_give_a_status_not_a_ranking():
    no_weights = weights(0.5, 0.5).iloc[0:0]
    assert run(no_weights).status == NO_WEIGHTS
    assert run(weights(0.5, 0.5), activity_judgements=judgements().iloc[0:0]).status == (
        NO_ACTIVITY_JUDGEMENTS
    )


def test_voices_weight_the_mean_weights():
    # Voices 3 (Tenants) and 1 (Funders): Prevention (3 x 0.6 + 0.2) / 4 = 0.5.
    result = run(weights(0.6, 0.2), voice=pd.Series({1: 3.0, 2: 1.0}))
    assert result.mean_weights["weight"].tolist() == pytest.approx([0.5, 0.5])


def test_mean_activity_judgements_is_the_mean_over_stakeholders():
    raw = pd.DataFrame(
        [
            (1, 7, PREVENTION, 4),
            (2, 7, PREVENTION, 7),
            (1, 7, EFFICIENCY, 3),
            (2, 7, EFFICIENCY, 11),
        ],
        columns=["stakeholder_id", "activity_id", "dimension_id", "score"],
    )
    means = mean_activity_judgements(raw).set_index("dimension_id")
    assert means.loc[PREVENTION, ["judges", "mean_score"]].tolist() == [2, 5.5]
    # A score outside 0..10 is not a judgement.
    assert means.loc[EFFICIENCY, ["judges", "mean_score"]].tolist() == [1, 3]


# --- switching value against brute force ----------------------------------------------


def values_under(contrib, per_cost, weights_):
    return contrib @ weights_ * per_cost


def moved(mean_w, j, delta):
    rest = 1 - mean_w[j]
    new = mean_w * (rest - delta) / rest
    new[j] = mean_w[j] + delta
    return new


def someone_overtakes(values, first) -> bool:
    others = np.delete(values, first)
    return bool(others.size) and others.max() > values[first] + 1e-7


# 150 examples take seconds; the worked examples above keep the path in the fast suite.
@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(
    contrib=st.lists(st.lists(st.integers(0, 10), min_size=3, max_size=3), min_size=2, max_size=5),
    costs_=st.lists(st.integers(1, 5), min_size=5, max_size=5),
    raw_weights=st.lists(st.integers(1, 10), min_size=3, max_size=3),
)
def test_switching_value_matches_a_brute_force_scan(contrib, costs_, raw_weights):
    """Nothing overtakes the first activity before the switching value; something does
    just past it; and with no switching value, nothing does anywhere in 0..1."""
    contrib = np.array(contrib, dtype=float) * 10
    per_cost = 1.0 / np.array(costs_[: len(contrib)], dtype=float)
    mean_w = np.array(raw_weights, dtype=float) / sum(raw_weights)
    tiebreak = np.arange(len(contrib))
    delta, new_first, _ = _switching_value(0, mean_w, contrib, per_cost, tiebreak)
    values = values_under(contrib, per_cost, mean_w)
    first = int(np.lexsort((tiebreak, -np.round(values, 9)))[0])
    limit = abs(delta) if delta is not None else None
    for step in np.linspace(-mean_w[0], 1 - mean_w[0], 201):
        if limit is not None and abs(step) >= limit - 1e-6:
            continue
        assert not someone_overtakes(values_under(contrib, per_cost, moved(mean_w, 0, step)), first)
    if delta is not None:
        beyond = delta + (1e-6 if delta > 0 else -1e-6 if delta < 0 else 0)
        if delta == 0:  # tied now: one direction or the other breaks the tie
            ups = values_under(contrib, per_cost, moved(mean_w, 0, min(1e-6, 1 - mean_w[0])))
            downs = values_under(contrib, per_cost, moved(mean_w, 0, max(-1e-6, -mean_w[0])))
            assert max(ups[new_first] - ups[first], downs[new_first] - downs[first]) > 0
        else:
            after = values_under(contrib, per_cost, moved(mean_w, 0, beyond))
            assert after[new_first] > after[first]


def test_a_dimension_without_a_switching_value_has_no_new_first_never_nan():
    # Issue 13 item 6. A third dimension, Openness (id 3, judgement alone): Alpha 90,
    # Bravo 0; Prevention and Efficiency: Alpha 20, Bravo 90. Mean weights 0.4, 0.4, 0.2.
    # Raising Openness by d takes d/2 from each of the others:
    #   Alpha 20 * (0.8 - d) + 90 * (0.2 + d) = 34 + 70d; Bravo 90 * (0.8 - d) = 72 - 90d,
    # equal at d = 38 / 160 = 0.2375, to a weight of 0.4375, Alpha first.
    # Prevention: Bravo stays first whatever its weight, so no switching value, and its
    # new_first is None (it read NaN beside Openness's "Alpha").
    openness = 3
    dimensions = pd.concat(
        [DIMENSIONS, pd.DataFrame([(openness, "Openness", True)], columns=DIMENSIONS.columns)],
        ignore_index=True,
    )
    rows = []
    for number, (other, own) in enumerate([(2, 9), (9, 0)], start=1):
        rows += [(number, PREVENTION, 2, other), (number, EFFICIENCY, 2, other),
                 (number, openness, 2, own)]  # fmt: skip
    shares = {PREVENTION: 0.4, EFFICIENCY: 0.4, openness: 0.2}
    result = sensitivity(
        activity_costs=pd.DataFrame(
            [(1, "Alpha", 1000), (2, "Bravo", 1000)],
            columns=["activity_id", "name", "cost_per_period"],
        ),
        activity_judgements=pd.DataFrame(
            rows, columns=["activity_id", "dimension_id", "judges", "mean_score"]
        ),
        weights=pd.DataFrame(
            [(s, d, w) for s in (1, 2) for d, w in shares.items()],
            columns=["stakeholder_id", "dimension_id", "weight"],
        ),
        stakeholders=STAKEHOLDERS,
        voice=EQUAL,
        dimensions=dimensions,
    )
    switching = result.switching.set_index("name")
    assert switching.loc["Openness", "delta"] == pytest.approx(0.2375)
    assert switching.loc["Openness", "new_first"] == "Alpha"
    assert switching.loc["Prevention", "new_first"] is None
    assert switching.loc["Prevention", "note"] == NO_SWITCH
