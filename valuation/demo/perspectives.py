"""Demo weights and judgements: how each stakeholder group values and judges each unit.

For every assessment of the demo microsystems (past approved quarters and the
current draft alike: an approved assessment keeps the inputs it was judged on),
each stakeholder group gets:

- weights: by 100 points, except one group per microsystem (its funders, or the
  first group) who compared the dimensions pairwise; on Eastfield Library one
  of those answers is out of line with the rest, so the consistency warning shows;
- a judgement of every active dimension, with the reason in their own words.
  Service users and funders see efficiency and equity very differently, so at
  least one dimension is contested in every assessment;
- judgements of some activities' contributions, including each preventive
  activity, which funders rate low (the payback is late and lands elsewhere)
  and users high.

Profiles follow each group's kind, so this works with whatever stakeholders
exist. Deterministic (seeded random), idempotent (skips what exists) and
written directly with the ORM: approved assessments are past lock_draft.
Run after the microsystems, activities, stakeholders and assessments are seeded.
"""

import random
from collections.abc import Iterable
from fractions import Fraction

import pandas as pd
from django.db import transaction

from microsystems.demo import MICROSYSTEMS
from microsystems.models import Activity, Membership, Microsystem
from stakeholders.models import Stakeholder
from valuation.analysis.agreement import CONTESTED_RANGE
from valuation.analysis.weights import ahp, normalise_points, pairs, rounded_weights
from valuation.models import (
    Assessment,
    DimensionWeight,
    Judgement,
    StakeholderWeight,
    ValueDimension,
)

Kind = Stakeholder.Kind
INCONSISTENT_MICROSYSTEM = "eastfield-library"
ACTIVITY_DIMENSIONS = ("efficiency", "effectiveness", "equity")
OTHER_ACTIVITIES = 2  # besides the preventive ones, this many activities are judged

# kind -> dimension slug -> (points, judgement score, reason). Points are relative:
# they are scaled to 100 over the active dimensions.
PROFILES: dict[str, dict[str, tuple[int, int, str]]] = {
    Kind.SERVICE_USERS: {
        "efficiency": (
            10,
            8,
            "When we come in it is quick and nobody wastes our time; the "
            "queue moves and staff know where to send us.",
        ),
        "effectiveness": (
            35,
            7,
            "Most of us get what we came for first time, from people who know what they are doing.",
        ),
        "accountability": (
            15,
            5,
            "We rarely hear why decisions are made, or how to have a say before they are.",
        ),
        "equity": (
            30,
            8,
            "It is there for people who have nowhere else to go, and they are "
            "treated with respect. That matters most to us.",
        ),
        "probity": (10, 7, "We trust them with our details and have never had reason not to."),
    },
    Kind.FUNDERS: {
        "efficiency": (
            40,
            3,
            "Cost per contact has risen two years running and too much "
            "staff time goes on repeat work that adds nothing.",
        ),
        "effectiveness": (
            25,
            6,
            "Outcomes are reasonable, but the evidence that they come "
            "from this service rather than elsewhere is thin.",
        ),
        "accountability": (15, 7, "Budget reports arrive on time and are honest about overspends."),
        "equity": (
            5,
            4,
            "We cannot see who is not being reached: without that data we cannot score it higher.",
        ),
        "probity": (15, 8, "The last audit found no issues with money or data."),
    },
    Kind.STAFF: {
        "efficiency": (
            20,
            5,
            "We could do more with the same hours if the systems did not "
            "make us key things in twice.",
        ),
        "effectiveness": (
            35,
            8,
            "We see the difference we make every week, even when the figures do not show it.",
        ),
        "accountability": (
            10,
            6,
            "Decisions are explained to us, though often after they are made.",
        ),
        "equity": (
            25,
            7,
            "We go out of our way for people who struggle, but time for that "
            "is always the first thing squeezed.",
        ),
        "probity": (
            10,
            8,
            "Procedures are clear and followed; nobody cuts corners with money or records.",
        ),
    },
    Kind.REGULATORS: {
        "efficiency": (10, 6, "Not our first concern, provided standards are met."),
        "effectiveness": (
            20,
            6,
            "Standards are mostly met, with a few late or incomplete "
            "cases in the sample we checked.",
        ),
        "accountability": (
            30,
            4,
            "Complaints are logged, but learning from them is not written down or shared.",
        ),
        "equity": (
            10,
            6,
            "Access arrangements meet the minimum; reasonable adjustments are made when asked for.",
        ),
        "probity": (30, 8, "Records were accurate and data protection rules were followed."),
    },
    Kind.PARTNERS: {
        "efficiency": (20, 6, "Referrals are handled promptly once they reach the right person."),
        "effectiveness": (40, 7, "People we send there get real help, and fewer come back to us."),
        "accountability": (
            10,
            5,
            "It is not always clear who decides, or whom to call when something goes wrong.",
        ),
        "equity": (20, 7, "They reach people our services struggle to reach."),
        "probity": (10, 7, "A reliable partner; information is shared properly."),
    },
    Kind.ELECTED_MEMBERS: {
        "efficiency": (20, 5, "Residents tell us it is good value, but the budget keeps growing."),
        "effectiveness": (20, 6, "Casework about this service has fallen, which is a good sign."),
        "accountability": (
            30,
            4,
            "Councillors hear about changes from residents before they hear from the service.",
        ),
        "equity": (20, 7, "It serves the poorer parts of the ward well."),
        "probity": (10, 7, "No concerns raised with us."),
    },
}
DEFAULT_PROFILE: dict[str, tuple[int, int, str]] = {
    "efficiency": (20, 6, "Seems to use its money sensibly, as far as we can tell."),
    "effectiveness": (20, 6, "Does what it is there for, most of the time."),
    "accountability": (20, 5, "We do not hear much about how decisions are made."),
    "equity": (20, 6, "Open to everyone, though not everyone knows it is there."),
    "probity": (20, 7, "No reason to doubt its honesty."),
}
OTHER_DIMENSION = (10, 5, "We have not formed a strong view on this yet.")
# Only used if a unit's groups happen not to disagree anywhere (no users or funders).
FALLBACK_HIGH = "From where we stand this works well: we see the results week in, week out."
FALLBACK_LOW = "We see little of this from our side, and what we see falls short."

# Activity contributions: (preventive?, kind) -> scores on ACTIVITY_DIMENSIONS, reason.
PREVENTIVE_VIEWS = {
    Kind.FUNDERS: (
        (2, 3, 4),
        "Worthwhile in principle, but the savings come years later and "
        "land in other budgets; we cannot see the return yet.",
    ),
    Kind.SERVICE_USERS: (
        (7, 9, 9),
        "This is what stops things going wrong for us later. Take "
        "it away and we would be back here in a crisis.",
    ),
    Kind.STAFF: (
        (6, 8, 8),
        "Prevention is where we make the biggest difference, though it "
        "never shows in this quarter's figures.",
    ),
}
PREVENTIVE_DEFAULT = (
    (5, 7, 7),
    "Prevents bigger problems later, though the benefit is hard to count.",
)
ROUTINE_VIEWS = {
    Kind.FUNDERS: (
        (6, 6, 5),
        "Necessary and reasonably run; the cost per case is about what we would expect.",
    ),
    Kind.SERVICE_USERS: (
        (6, 7, 6),
        "This is the part of the service we notice most, and mostly it works.",
    ),
}
ROUTINE_DEFAULT = ((6, 6, 6), "Does what it says; there is room to do it with less repeat work.")


def _profile(kind: str) -> dict[str, tuple[int, int, str]]:
    return PROFILES.get(kind, DEFAULT_PROFILE)


def _view(kind: str, dimension: ValueDimension) -> tuple[int, int, str]:
    return _profile(kind).get(dimension.slug, OTHER_DIMENSION)


def _points(kind: str, dimensions: list[ValueDimension]) -> dict[ValueDimension, int]:
    """The profile's relative points scaled to exactly 100 (largest remainder)."""
    raw = {dimension: _view(kind, dimension)[0] for dimension in dimensions}
    total = sum(raw.values())
    exact = {dimension: value * 100 / total for dimension, value in raw.items()}
    points = {dimension: int(value) for dimension, value in exact.items()}
    short = 100 - sum(points.values())
    for dimension in sorted(exact, key=lambda d: exact[d] - points[d], reverse=True)[:short]:
        points[dimension] += 1
    return points


def _saaty(ratio: float) -> Fraction:
    """The nearest point of Saaty's scale to a ratio of importance."""
    if ratio >= 1:
        return Fraction(min(9, max(1, round(ratio))))
    return Fraction(1, min(9, max(1, round(1 / ratio))))


def _pairwise_answers(
    kind: str, dimensions: list[ValueDimension], *, inconsistent: bool
) -> list[tuple[ValueDimension, ValueDimension, Fraction]]:
    """Answers a group with this profile would give; optionally one out of line."""
    points = {dimension: _view(kind, dimension)[0] for dimension in dimensions}
    answers = [(a, b, _saaty(points[a] / points[b])) for a, b in pairs(dimensions)]
    if inconsistent and answers:
        # One answer the wrong way round, as happens when people lose track: the last
        # "moderately more" (3), or failing that the most lopsided answer.
        moderate = [i for i, (_, _, value) in enumerate(answers) if value in (3, Fraction(1, 3))]
        position = (
            moderate[-1]
            if moderate
            else max(range(len(answers)), key=lambda i: abs(float(answers[i][2]) - 1))
        )
        first, second, value = answers[position]
        answers[position] = (first, second, 1 / value)
    return answers


def _lead(microsystem: Microsystem):
    membership = (
        Membership.objects.filter(microsystem=microsystem, role=Membership.Role.LEAD)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _weights(assessment, stakeholders, dimensions, pairwise_stakeholder, user) -> None:
    existing = set(
        StakeholderWeight.objects.filter(assessment=assessment).values_list(
            "stakeholder_id", flat=True
        )
    )
    slug = assessment.microsystem.slug
    for stakeholder in stakeholders:
        if stakeholder.pk in existing:
            continue
        if stakeholder == pairwise_stakeholder and len(dimensions) >= 2:
            answers = _pairwise_answers(
                stakeholder.kind, dimensions, inconsistent=slug == INCONSISTENT_MICROSYSTEM
            )
            result = ahp(dimensions, answers)
            header = StakeholderWeight.objects.create(
                assessment=assessment,
                stakeholder=stakeholder,
                method=StakeholderWeight.Method.PAIRWISE,
                answers=[[a.pk, b.pk, float(value)] for a, b, value in answers],
                consistency_ratio=round(result.consistency_ratio, 4),
                recorded_by=user,
            )
            weights = result.weights
        else:
            points = _points(stakeholder.kind, dimensions)
            header = StakeholderWeight.objects.create(
                assessment=assessment,
                stakeholder=stakeholder,
                method=StakeholderWeight.Method.POINTS,
                answers={str(dimension.pk): value for dimension, value in points.items()},
                recorded_by=user,
            )
            weights = normalise_points(pd.Series(points))
        DimensionWeight.objects.bulk_create(
            DimensionWeight(stakeholder_weight=header, dimension=dimension, weight=weight)
            for dimension, weight in rounded_weights(weights).items()
        )


def _scores(assessment, stakeholders, dimensions, noise: random.Random) -> dict:
    """(stakeholder, dimension) -> (score, reason): the profile, nudged by a point or so
    in past quarters, and at least one dimension contested."""
    base = {
        (stakeholder, dimension): _view(stakeholder.kind, dimension)[1:]
        for stakeholder in stakeholders
        for dimension in dimensions
    }
    nudged = {
        key: (_nudge(score, noise, assessment), reason) for key, (score, reason) in base.items()
    }
    for scores in (nudged, base):
        if _is_contested(scores, dimensions):
            return scores
    if len(stakeholders) >= 2 and dimensions:
        # No group's profile pulls against another's here: record a genuine split anyway.
        scores = dict(base)
        scores[(stakeholders[0], dimensions[0])] = (8, FALLBACK_HIGH)
        scores[(stakeholders[-1], dimensions[0])] = (8 - CONTESTED_RANGE, FALLBACK_LOW)
        return scores
    return base


def _nudge(score: int, noise: random.Random, assessment: Assessment) -> int:
    """Past quarters differ a little from the current one; the draft shows the profile."""
    if assessment.is_draft:
        return score
    return min(10, max(0, score + noise.choice((-1, 0, 0, 1))))


def _is_contested(scores: dict, dimensions: list[ValueDimension]) -> bool:
    for dimension in dimensions:
        values = [score for (_, d), (score, _) in scores.items() if d == dimension]
        if len(values) >= 2 and max(values) - min(values) >= CONTESTED_RANGE:
            return True
    return False


def _judgements(assessment, stakeholders, dimensions, activities, user) -> None:
    existing = set(
        Judgement.objects.filter(assessment=assessment).values_list(
            "stakeholder_id", "dimension_id", "activity_id"
        )
    )
    noise = random.Random(f"{assessment.microsystem.slug}/{assessment.period_label}")
    scores = _scores(assessment, stakeholders, dimensions, noise)
    rows = [
        Judgement(assessment=assessment, stakeholder=stakeholder, dimension=dimension,
                  score=score, rationale=reason, recorded_by=user)
        for (stakeholder, dimension), (score, reason) in scores.items()
        if (stakeholder.pk, dimension.pk, None) not in existing
    ]  # fmt: skip
    judged_dimensions = [d for d in dimensions if d.slug in ACTIVITY_DIMENSIONS] or dimensions[:3]
    for activity in activities:
        for stakeholder in stakeholders:
            views = PREVENTIVE_VIEWS if activity.preventive else ROUTINE_VIEWS
            default = PREVENTIVE_DEFAULT if activity.preventive else ROUTINE_DEFAULT
            activity_scores, reason = views.get(stakeholder.kind, default)
            for position, dimension in enumerate(judged_dimensions):
                if (stakeholder.pk, dimension.pk, activity.pk) in existing:
                    continue
                rows.append(
                    Judgement(
                        assessment=assessment,
                        stakeholder=stakeholder,
                        dimension=dimension,
                        activity=activity,
                        score=activity_scores[position % len(activity_scores)],
                        rationale=reason,
                        recorded_by=user,
                    )
                )
    Judgement.objects.bulk_create(rows)


def _activities_to_judge(microsystem: Microsystem) -> list[Activity]:
    """Every preventive activity and the first few others, by name."""
    activities = list(microsystem.activities.order_by("name"))
    preventive = [activity for activity in activities if activity.preventive]
    others = [activity for activity in activities if not activity.preventive]
    return preventive + others[:OTHER_ACTIVITIES]


def _pairwise_stakeholder(stakeholders: list[Stakeholder]) -> Stakeholder | None:
    funders = [stakeholder for stakeholder in stakeholders if stakeholder.kind == Kind.FUNDERS]
    return (funders or stakeholders or [None])[0]


@transaction.atomic
def seed_weights_and_judgements(slugs: Iterable[str] | None = None) -> None:
    """Weights and judgements for every assessment of the demo microsystems (or `slugs`).

    Needs the demo microsystems with their activities, stakeholders and assessments.
    """
    slugs = list(slugs) if slugs is not None else [spec["slug"] for spec in MICROSYSTEMS]
    dimensions = list(ValueDimension.objects.active())
    if not dimensions:
        return
    for microsystem in Microsystem.objects.filter(slug__in=slugs).order_by("slug"):
        stakeholders = list(microsystem.stakeholders.order_by("name"))
        if not stakeholders:
            continue
        activities = _activities_to_judge(microsystem)
        pairwise_stakeholder = _pairwise_stakeholder(stakeholders)
        user = _lead(microsystem)
        for assessment in microsystem.assessments.order_by("start_date"):
            _weights(assessment, stakeholders, dimensions, pairwise_stakeholder, user)
            _judgements(assessment, stakeholders, dimensions, activities, user)
