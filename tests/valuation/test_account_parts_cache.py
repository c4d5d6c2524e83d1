"""The assessment page's parts cached apart (valuation/selectors/account.py live_inputs).

Today's account is worked out from parts: the unit's operations and the engine's
cost stage of them (kept under the operations version; within it, the activity
records and their costs, which read no demand figures, kept under the unit's
records), the unit's frames (dimensions, measures, measurements, stakeholders:
kept under the records, measurement figures and configuration), the
assessment's judgements of activities (kept under their own version), and its
other judgements, weights and voices (read afresh). A change to anything any
part reads must show on the next view, and what the page shows from the cached
parts must be what it shows from scratch.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from microsystems.report_cache import unit_report_if_cached
from microsystems.selectors import activities as activities_selectors
from tests.support.account import CHANGES, from_scratch, loaded, repairs_world, through_the_cache
from tests.support.account import account_page_url as page_url
from tests.support.html import text_of
from valuation.input_versions import reads_activity_judgements_of
from valuation.records.codec import encode
from valuation.scoring.engine import assess, inputs_cost_stage
from valuation.selectors.account import (
    ACTIVITY_RECORDS_READ,
    UNIT_FRAMES_READ,
    live_inputs,
)


@pytest.fixture
def world(microsystem, users) -> dict:
    return repairs_world(microsystem)


@pytest.mark.parametrize("change", CHANGES)
def test_each_input_changes_the_page_and_the_cached_parts_agree(world, users, client_for, change):
    client = client_for("lead")
    url = page_url(world["assessment"])
    page_before = text_of(client.get(url).content.decode())
    source_before = through_the_cache(world, users)

    CHANGES[change](world)

    page_after = text_of(client.get(url).content.decode())
    source_after = through_the_cache(world, users)
    assert page_after != page_before
    assert source_after != source_before
    # What the cached parts give is what reading everything afresh gives.
    assert source_after == from_scratch(world, users)
    cache.clear()
    assert text_of(client.get(url).content.decode()) == page_after


def test_cached_parts_and_the_cost_stage_give_the_uncached_account(world, users):
    scratch = from_scratch(world, users)
    assert through_the_cache(world, users) == scratch  # the parts computed and stored
    assert through_the_cache(world, users) == scratch  # the parts read from the cache
    assessment = loaded(world, users)
    inputs, costs = live_inputs(assessment)
    assert encode(inputs) == scratch[0]
    assert encode(assess(inputs, costs)) == encode(assess(inputs)) == scratch[1]
    assert encode(assess(inputs, inputs_cost_stage(inputs))) == scratch[1]


def _cached_parts(world, users) -> dict[str, bool]:
    assessment = loaded(world, users)
    unit = assessment.microsystem
    return {
        "operations": unit_report_if_cached(
            "assessment-operations-part", unit, operations_only=True
        )
        is not None,
        "activity records": unit_report_if_cached(
            "assessment-activity-records", unit, reads=ACTIVITY_RECORDS_READ
        )
        is not None,
        "unit frames": unit_report_if_cached(
            "assessment-unit-frames",
            unit,
            assessment.start_date,
            assessment.end_date,
            reads=UNIT_FRAMES_READ,
        )
        is not None,
        "activity judgements": unit_report_if_cached(
            "assessment-activity-judgements",
            unit,
            reads=reads_activity_judgements_of(assessment),
        )
        is not None,
    }


EVERY_PART = {"operations", "activity records", "unit frames", "activity judgements"}
KEPT_BY = {
    "judgement": EVERY_PART,
    "weight": EVERY_PART,
    "judgement of an activity": EVERY_PART - {"activity judgements"},
    "demand figure": EVERY_PART - {"operations"},
    "measurement": EVERY_PART - {"unit frames"},
    "stakeholder": {"operations"},
    "activity": set(),
    "staff": set(),
    "configuration": set(),
}


@pytest.mark.parametrize("change", KEPT_BY)
def test_a_save_retires_only_the_parts_that_read_it(world, users, client_for, change):
    client_for("lead").get(page_url(world["assessment"]))
    assert all(_cached_parts(world, users).values())
    CHANGES[change](world)
    assert {part for part, kept in _cached_parts(world, users).items() if kept} == KEPT_BY[change]


def test_the_activities_page_and_the_account_work_out_the_demand_costs_once(
    world, users, client_for, monkeypatch
):
    """The demand figures and the cost per unit of demand are the activities page's
    and the account's alike (demand_costs): the second of the two to be worked out
    after a demand save takes them from the cache, and shows what it shows alone."""
    worked_out = []
    original = activities_selectors.activity_frames
    monkeypatch.setattr(
        activities_selectors,
        "activity_frames",
        lambda *args, **kwargs: worked_out.append(1) or original(*args, **kwargs),
    )
    client = client_for("lead")
    url = page_url(world["assessment"])
    activities_url = reverse(
        "microsystems:activities", kwargs={"slug": world["assessment"].microsystem.slug}
    )
    cache.clear()
    page_alone = text_of(client.get(url).content.decode())
    assert len(worked_out) == 1
    cache.clear()
    client.get(activities_url)
    assert len(worked_out) == 2
    assert text_of(client.get(url).content.decode()) == page_alone
    assert len(worked_out) == 2
    assert through_the_cache(world, users) == from_scratch(world, users)
