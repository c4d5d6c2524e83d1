"""The demo's improvement ideas: every status, one real change after adoption, one noise."""

import pandas as pd
from django.core.management import call_command

from microsystems.analysis import run_charts as rc
from microsystems.models import Membership
from valuation.models import ImprovementIdea, Measurement


def outcome(idea: ImprovementIdea) -> dict:
    measure = idea.measures.get()
    rows = list(
        Measurement.objects.filter(microsystem=idea.microsystem, measure=measure)
        .order_by("period_start")
        .values_list("period_start", "value")
    )
    series = pd.Series(
        [float(value) for _, value in rows], index=pd.DatetimeIndex([day for day, _ in rows])
    )
    return rc.before_after(series, idea.adopted_on, direction=measure.direction)


def test_demo_ideas_cover_every_status_and_show_a_shift_and_noise(db):
    call_command("seed_demo")
    ideas = ImprovementIdea.objects.all()
    # Every demo unit with data has ideas, owned by one of its people.
    with_data = set(Measurement.objects.values_list("microsystem", flat=True))
    assert len(with_data) == 4
    assert set(ideas.values_list("microsystem", flat=True)) == with_data
    for idea in ideas:
        assert Membership.objects.filter(microsystem=idea.microsystem, user=idea.owner).exists()
    for microsystem_id in ideas.values_list("microsystem", flat=True).distinct():
        assert 3 <= ideas.filter(microsystem_id=microsystem_id).count() <= 5
    assert set(ideas.values_list("status", flat=True)) == set(ImprovementIdea.Status.values)
    adopted = list(ideas.filter(status="adopted").order_by("microsystem__slug"))
    results = [outcome(idea) for idea in adopted]
    assert any(result["wanted"] is True for result in results)
    assert any(result["wanted"] is None and result["enough_before"] for result in results)
    # Each adopted idea says what it realised, beside what was expected.
    for idea in adopted:
        assert idea.activities_monthly_cost_at_adoption is not None, idea.title
    for idea in ideas:
        history = list(idea.status_changes.values_list("status", flat=True))
        assert history[0] == "idea" and history[-1] == idea.status
    # That a second run adds nothing, ideas included, is tests/test_seed_demo.py's
    # idempotency test (it counts every model).
