"""The judgements page's first view reads the judgements of activities as tuples, not
dicts: the page it makes is the one the overview's dicts made."""

from microsystems.models import Activity
from stakeholders.models import Stakeholder
from valuation.models import ValueDimension
from valuation.reports.judgements import (
    activity_judgements,
    activity_judgements_of,
    judgements_page_shown,
)
from valuation.selectors.judgements import (
    judgements_overview,
    judgements_overview_and_activities,
)
from valuation.services.judgements import (
    JudgementInput,
    activity_judgements_replace,
    dimension_judgements_replace,
)


def test_the_page_from_tuples_is_the_page_from_the_overview(
    assessment, stakeholder, microsystem, activity, users
):
    active = list(ValueDimension.objects.active())
    second = Activity.objects.create(
        microsystem=microsystem, name="A <second> & last", contribution="Helps."
    )
    funders = Stakeholder.objects.create(microsystem=microsystem, name="Funders")
    for who, rationale in ((stakeholder, "Helps a lot."), (funders, "Costly\r\nfor what it does.")):
        activity_judgements_replace(
            assessment=assessment,
            stakeholder=who,
            judgements=[
                JudgementInput(active[0], 4, rationale, activity),
                JudgementInput(active[3], 6, rationale, activity),
                JudgementInput(active[1], 9, "Its own reason.", second),
            ],
            recorded_by=users["lead"],
        )
    dimension_judgements_replace(
        assessment=assessment,
        stakeholder=stakeholder,
        judgements=[JudgementInput(active[2], 7, "Fair to all.")],
        recorded_by=users["lead"],
    )
    ValueDimension.objects.filter(pk=active[3].pk).update(active=False)

    overview = judgements_overview(assessment)
    split, rows = judgements_overview_and_activities(assessment)
    assert len(rows) == 6 and all(row[2] is not None for row in rows)
    assert split.judgements == [row for row in overview.judgements if row["activity_id"] is None]
    from_tuples = activity_judgements_of(rows, split.dimensions)
    assert from_tuples == activity_judgements(overview)
    assert judgements_page_shown(split, from_tuples) == judgements_page_shown(overview)
