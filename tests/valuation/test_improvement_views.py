"""Improvement ideas: add, refuse bad input, adopt, and "did it work?"."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from microsystems.forms.submissions import SUBMISSION_TOKEN_FIELD
from microsystems.services.submissions import ALREADY_SAVED
from tests.support.accessibility import accessibility_problems
from tests.support.factories import make_microsystem
from tests.support.html import text_of
from valuation.forms import improvements as forms
from valuation.models import (
    DISCOUNT_NOT_NEGATIVE,
    HORIZON_RANGE,
    OPTIMISM_BIAS_RANGE,
    ImprovementIdea,
    ImprovementStatusChange,
    Measure,
    Measurement,
    ValueDimension,
)


def month(number: int) -> dt.date:
    return dt.date(2024 + number // 12, number % 12 + 1, 1)


def url(name, microsystem, **kwargs):
    return reverse(f"valuation:{name}", kwargs={"slug": microsystem.slug, **kwargs})


@pytest.fixture
def form_data(users, measure, activity):
    return {
        "title": "Online booking",
        "description": "Book rooms online.",
        "aim": "both",
        "activities": [activity.pk],
        "monthly_saving": "1000",
        "one_off_cost": "30000",
        "optimism_bias_pct": "20",
        "horizon_years": "5",
        "discount_rate_pct": "3.5",
        "measures": [measure.pk],
        "owner": users["member"].pk,
        f"benefit_{ValueDimension.objects.get(slug='effectiveness').pk}": "10",
    }


def test_adding_an_idea_keeps_its_first_status_and_shows_its_npv(
    client_for, microsystem, form_data
):
    client = client_for("lead")
    response = client.post(url("improvement_create", microsystem), form_data)
    idea = ImprovementIdea.objects.get(title="Online booking")
    assert response.status_code == 302
    assert list(idea.status_changes.values_list("status", flat=True)) == ["idea"]
    assert idea.benefits.get().points == 10
    page = client.get(url("improvement", microsystem, idea_id=idea.pk))
    text = text_of(page.content.decode())
    # Worked in test_analysis_improvements: 18,180.63 with the 20% uplift, 24,180.63 without.
    assert "£18,181 over 5 years (without the 20.0% optimism-bias uplift: £24,181)" in text
    assert "Payback 3 years" in text
    assert "Year 1: £12,000.00 × 0.9662 = £11,594.20" in text
    assert accessibility_problems(page.content.decode()) == []


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("horizon_years", "0", HORIZON_RANGE),
        ("horizon_years", "31", HORIZON_RANGE),
        ("discount_rate_pct", "-1", DISCOUNT_NOT_NEGATIVE),
        ("one_off_cost", "a lot", forms.ONE_OFF_NOT_A_NUMBER),
        # Its validators %-format the message: a "%" in it was once a server error.
        ("optimism_bias_pct", "201", OPTIMISM_BIAS_RANGE),
        ("optimism_bias_pct", "-1", OPTIMISM_BIAS_RANGE),
    ],
)
def test_bad_input_is_named_beside_its_field_and_nothing_is_saved(
    client_for, microsystem, form_data, field, value, message
):
    response = client_for("lead").post(
        url("improvement_create", microsystem), {**form_data, field: value}
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not ImprovementIdea.objects.exists()


def test_the_optimism_bias_check_constraint_gives_its_message():
    """The constraint %-formats its message too (the admin's form reaches it)."""
    (constraint,) = [
        c for c in ImprovementIdea._meta.constraints if c.name.endswith("optimism_bias_range")
    ]
    assert constraint.get_violation_error_message() == OPTIMISM_BIAS_RANGE


@pytest.mark.parametrize("field", ["activities", "demand_types", "measures"])
def test_an_id_past_what_the_database_holds_is_an_unknown_choice(
    client_for, microsystem, form_data, field
):
    """Past 64 bits, SQLite raised OverflowError (PostgreSQL an out-of-range error)."""
    response = client_for("lead").post(
        url("improvement_create", microsystem), {**form_data, field: "9" * 30}
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not ImprovementIdea.objects.exists()


def test_a_measure_of_another_unit_is_refused(client_for, microsystem, organisation, form_data):
    other = make_microsystem(organisation, "Westfield Library")
    theirs = Measure.objects.create(
        name="Queue length", code="queue", applies_to_all=False,
        dimension=ValueDimension.objects.get(slug="efficiency"),
    )  # fmt: skip
    theirs.microsystems.add(other)
    response = client_for("lead").post(
        url("improvement_create", microsystem), {**form_data, "measures": [theirs.pk]}
    )
    assert response.context["form"].errors["measures"] == [
        forms.MEASURE_NOT_HERE.format(unit=microsystem.name)
    ]
    assert not ImprovementIdea.objects.exists()


def test_the_owner_must_belong_to_the_unit(client_for, microsystem, users, form_data):
    response = client_for("lead").post(
        url("improvement_create", microsystem), {**form_data, "owner": users["outsider"].pk}
    )
    assert response.context["form"].errors["owner"] == [
        forms.OWNER_NOT_HERE.format(unit=microsystem.name)
    ]


@pytest.fixture
def shifted(microsystem, measure):
    """Twelve months of 70, 74, then twelve of 84, 88 from Jan 2025 (higher is better)."""
    Measurement.objects.bulk_create(
        Measurement(microsystem=microsystem, measure=measure, period_start=month(n), value=v)
        for n, v in enumerate([70, 74] * 6 + [84, 88] * 6)
    )


@pytest.fixture
def noisy(microsystem, measure):
    """Twenty-four months of 70, 74: only noise."""
    Measurement.objects.bulk_create(
        Measurement(microsystem=microsystem, measure=measure, period_start=month(n), value=v)
        for n, v in enumerate([70, 74] * 12)
    )


def new_idea(microsystem, users, measure, activity) -> ImprovementIdea:
    idea = ImprovementIdea.objects.create(
        microsystem=microsystem, title="Online booking", owner=users["member"],
        monthly_saving=100,
    )  # fmt: skip
    idea.measures.add(measure)
    idea.activities.add(activity)
    return idea


def test_an_adoption_date_outside_the_data_is_refused(
    client_for, microsystem, users, measure, activity, shifted
):
    idea = new_idea(microsystem, users, measure, activity)
    response = client_for("lead").post(
        url("improvement_status", microsystem, idea_id=idea.pk),
        {"status": "adopted", "changed_on": "2023-06-01"},
    )
    assert response.context["form"].errors["changed_on"] == [
        forms.ADOPTION_OUTSIDE_DATA.format(first="2024-01-01", last="2025-12-01")
    ]
    idea.refresh_from_db()
    assert (idea.status, idea.adopted_on) == ("idea", None)
    assert not ImprovementStatusChange.objects.exists()


def test_a_real_shift_after_adoption_is_said(
    client_for, microsystem, users, measure, activity, shifted
):
    idea = new_idea(microsystem, users, measure, activity)
    client = client_for("lead")
    response = client.post(
        url("improvement_status", microsystem, idea_id=idea.pk),
        {"status": "adopted", "changed_on": "2025-01-01", "note": "Went live"},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.adopted_on == dt.date(2025, 1, 1)
    # The activity fixture: its cost when adopted is kept for the realised saving.
    assert idea.activities_monthly_cost_at_adoption is not None
    page = client.get(url("improvement", microsystem, idea_id=idea.pk))
    text = text_of(page.content.decode())
    # Before: mean 72, limits 72 -/+ 2.66 x 4 = 61.36, 82.64; after: 84, 88 beyond 82.64.
    assert (
        "Mean before adoption 72%, after 86%. Yes: a special cause in the wanted direction" in text
    )
    assert "first in Jan 2025 (a point beyond a process limit)" in text
    assert "Adopted 1 Jan 2025" in page.content.decode()
    assert "Realised: £0.00 a month" in text
    assert accessibility_problems(page.content.decode()) == []


def test_noise_after_adoption_is_not_called_a_change(
    client_for, microsystem, users, measure, activity, noisy
):
    idea = new_idea(microsystem, users, measure, activity)
    client = client_for("lead")
    client.post(
        url("improvement_status", microsystem, idea_id=idea.pk),
        {"status": "adopted", "changed_on": "2025-01-01"},
    )
    text = text_of(client.get(url("improvement", microsystem, idea_id=idea.pk)).content.decode())
    assert "Mean before adoption 72%, after 72%. No special cause has followed yet" in text


def test_the_improvements_page_names_quadrants_and_ranking(
    client_for, microsystem, users, measure, activity
):
    new_idea(microsystem, users, measure, activity)
    response = client_for("member").get(url("improvements", microsystem))
    text = text_of(response.content.decode())
    assert "Online booking" in text
    assert "More benefit, lower cost" in text  # saves £100, benefit 0: on the axis
    assert "No stakeholder has weighed the value dimensions" in text
    assert accessibility_problems(response.content.decode()) == []


def test_the_add_form_sent_twice_creates_once(client_for, microsystem, form_data):
    client = client_for("lead")
    data = {**form_data, SUBMISSION_TOKEN_FIELD: str(uuid.uuid4())}
    first = client.post(url("improvement_create", microsystem), data)
    second = client.post(url("improvement_create", microsystem), data, follow=True)
    assert ImprovementIdea.objects.count() == 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert ALREADY_SAVED in text_of(second.content.decode())


def test_a_member_cannot_change_an_ideas_status(client_for, microsystem, idea):
    response = client_for("member").post(
        url("improvement_status", microsystem, idea_id=idea.pk),
        {"status": "dropped", "changed_on": "2025-02-01"},
    )
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == "adopted"


def test_the_realised_saving_is_measured_from_the_cost_history_around_adoption(
    client_for, microsystem, users, measure, activity, shifted
):
    """Before: the activities' cost at the start of the adoption day, read from their
    change history; after: today's. Worked by hand: 80 h x £18.50 = £1,480.00 a month
    before; 60 h x £18.50 = £1,110.00 now; realised £370.00 (monthly periods)."""
    from microsystems.models import Activity, ActivityEffort, StaffRole
    from valuation.services.improvements import idea_status_change

    assert microsystem.period_granularity == "month"
    idea = new_idea(microsystem, users, measure, activity)
    long_ago = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    for model in (Activity, ActivityEffort, StaffRole):
        model.history.update(history_date=long_ago)  # created well before the adoption
    effort = ActivityEffort.objects.get(activity=activity)
    effort.hours_per_period = 60
    effort.save()  # a new version, dated now
    idea_status_change(
        idea=idea, status="adopted", changed_on=dt.date(2025, 1, 1), user=users["lead"]
    )
    text = text_of(
        client_for("lead").get(url("improvement", microsystem, idea_id=idea.pk)).content.decode()
    )
    assert (
        "Expected saving: £100.00 a month. Realised: £370.00 a month (its activities cost "
        "£1,480.00 a month just before it was adopted on 1 Jan 2025, by their change "
        "history; £1,110.00 now)."
    ) in text


def test_without_history_or_a_kept_cost_the_realised_saving_is_not_guessed(
    client_for, microsystem, users, measure, activity, shifted
):
    from valuation.services.improvements import idea_status_change

    idea = new_idea(microsystem, users, measure, activity)
    # Adopted before the activity's history begins (it was created today), and no cost
    # kept at adoption.
    idea_status_change(
        idea=idea, status="adopted", changed_on=dt.date(2025, 1, 1), user=users["lead"]
    )
    text = text_of(
        client_for("lead").get(url("improvement", microsystem, idea_id=idea.pk)).content.decode()
    )
    assert "The realised saving cannot be worked out" in text
