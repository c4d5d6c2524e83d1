"""The engine's value stage of today's account kept apart (valuation/selectors/account.py
live_value_stage), and within it the measure stage; and the page's report of it
(valuation/reports/account.py value_report, kept by valuation/views/account.py).

The value stage (everything but the costs of demand) reads the unit's records,
the measurements and the assessment's own inputs, no demand figure: a demand
figure saved leaves it cached, and the page then works out only the costs of
demand again. The measure stage reads no weight or judgement either. A change to
anything either reads must retire it, and the account built from them must be
the one worked out from scratch. The same for the report of the value stage: the
page's report but for the costs, to which with_account adds them.
"""

import pandas as pd
import pytest
from django.core.cache import cache

from microsystems.report_cache import unit_report_if_cached
from tests.support.account import CHANGES, from_scratch, loaded, repairs_world, through_the_cache
from tests.support.account import account_page_url as page_url
from tests.support.html import text_of
from valuation.records.codec import encode
from valuation.reports.account import assessment_report, value_report, with_account
from valuation.scoring.engine import (
    assess,
    inputs_measure_stage,
    value_stage,
)
from valuation.selectors.account import (
    UNIT_FRAMES_READ,
    live_inputs,
    live_result,
    live_value_stage,
    value_stage_reads,
)
from valuation.selectors.records import live_source


@pytest.fixture
def world(microsystem, users) -> dict:
    return repairs_world(microsystem)


def _cached_stages(world, users) -> dict[str, bool]:
    assessment = loaded(world, users)
    unit = assessment.microsystem
    start, end = assessment.start_date, assessment.end_date
    share = live_inputs(assessment)[0].judgement_share
    return {
        "value stage": unit_report_if_cached(
            "assessment-value-stage",
            unit,
            start,
            end,
            share,
            reads=value_stage_reads(assessment),
        )
        is not None,
        "measure stage": unit_report_if_cached(
            "assessment-measure-stage", unit, start, end, reads=UNIT_FRAMES_READ
        )
        is not None,
        "value report": unit_report_if_cached(
            "assessment-value-report",
            unit,
            assessment.pk,
            assessment.status,
            "",
            start,
            end,
            share,
            reads=value_stage_reads(assessment),
        )
        is not None,
    }


KEPT_BY = {
    "demand figure": {"value stage", "measure stage", "value report"},
    "judgement": {"measure stage"},
    "judgement of an activity": {"measure stage"},
    "weight": {"measure stage"},
    "measurement": set(),
    "assessment period": set(),
    "stakeholder": set(),
    "activity": set(),
    "staff": set(),
    "configuration": set(),
}


@pytest.mark.parametrize("change", KEPT_BY)
def test_a_save_retires_the_stages_that_read_it_and_the_account_is_as_from_scratch(
    world, users, client_for, change
):
    client_for("lead").get(page_url(world["assessment"]))
    assert all(_cached_stages(world, users).values())
    before = through_the_cache(world, users)
    CHANGES[change](world)
    kept = {stage for stage, cached in _cached_stages(world, users).items() if cached}
    assert kept == KEPT_BY[change]
    after = through_the_cache(world, users)
    assert after == from_scratch(world, users)
    assert after != before


def test_the_cached_stages_give_the_uncached_account(world, users):
    scratch = from_scratch(world, users)
    for _ in range(2):  # the stages computed and stored, then read from the cache
        inputs, result = live_result(loaded(world, users))
        assert (encode(inputs), encode(result)) == scratch
    assessment = loaded(world, users)
    inputs, costs = live_inputs(assessment)
    cached_value = live_value_stage(assessment, inputs, costs)
    assert encode(assess(inputs, costs, cached_value)) == scratch[1]
    uncached_value = value_stage(inputs, costs.activity_costs, inputs_measure_stage(inputs))
    assert encode(assess(inputs, costs, uncached_value)) == scratch[1]
    assert encode(assess(inputs, value=value_stage(inputs, costs.activity_costs))) == scratch[1]


def test_the_report_of_the_cached_value_stage_with_the_account_is_the_uncached_report(
    world, users, client_for
):
    client = client_for("lead")
    client.get(page_url(world["assessment"]))  # every part stored
    CHANGES["demand figure"](world)
    page = text_of(client.get(page_url(world["assessment"])).content.decode())
    assessment = loaded(world, users)
    source = live_source(assessment)
    scratch = assessment_report(assessment, source)
    assert with_account(value_report(assessment, source), source) == scratch
    assert _cached_stages(world, users)["value report"]
    cache.clear()
    assert text_of(client.get(page_url(world["assessment"])).content.decode()) == page
    # The account is what a demand figure changes: the value report holds none of it.
    bare = value_report(assessment, source)
    assert bare.costs == [] and bare.benefits == [] and bare.periods_text == ""
    assert scratch.costs and scratch.benefits and scratch.periods_text


RANKED_AGAIN_BY = {
    "judgement": False,  # the same dimensions rest on judgement alone
    "weight": True,
    "judgement of an activity": True,
    "activity": True,
    "stakeholder": True,
    "demand figure": False,  # the value stage itself is kept
}


@pytest.mark.parametrize("change", RANKED_AGAIN_BY)
def test_the_ranking_is_worked_out_again_only_when_what_it_reads_changes(
    world, users, client_for, monkeypatch, change
):
    from valuation.selectors import account as selector

    calls = []
    real = selector.sensitivity
    monkeypatch.setattr(
        selector, "sensitivity", lambda **arguments: calls.append(1) or real(**arguments)
    )
    client = client_for("lead")
    client.get(page_url(world["assessment"]))
    assert calls == [1]
    CHANGES[change](world)
    page = text_of(client.get(page_url(world["assessment"])).content.decode())
    assert len(calls) == 1 + RANKED_AGAIN_BY[change]
    assert through_the_cache(world, users) == from_scratch(world, users)
    cache.clear()
    assert text_of(client.get(page_url(world["assessment"])).content.decode()) == page


def test_the_rankings_fingerprint_names_everything_it_reads(world, users):
    from valuation.selectors.account import _fingerprint

    inputs, _ = live_inputs(loaded(world, users))
    result = assess(inputs)
    dimensions = result.dimensions
    arguments = {
        "weights": inputs.weights,
        "voice": pd.Series([1.0, 1.0], index=[1, 2]),
        "dimensions": dimensions,
        "stakeholders": inputs.stakeholders,
    }
    before = _fingerprint(arguments)
    changed = [
        {**arguments, "weights": inputs.weights.assign(weight=inputs.weights["weight"] + 0.01)},
        {**arguments, "voice": pd.Series([1.0, 2.0], index=[1, 2])},
        {**arguments, "dimensions": dimensions.assign(name=dimensions["name"] + "!")},
        {
            **arguments,
            "dimensions": dimensions.assign(
                rests_on_judgement=~dimensions["rests_on_judgement"].astype(bool)
            ),
        },
        {**arguments, "stakeholders": inputs.stakeholders.assign(name="Someone")},
    ]
    assert len({before, *(_fingerprint(other) for other in changed)}) == 1 + len(changed)
    # What it does not read: the dimensions' scores.
    rescored = {**arguments, "dimensions": dimensions.assign(blended=0.0)}
    assert _fingerprint(rescored) == before
