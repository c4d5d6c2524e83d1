"""Every page's SQL query count, pinned, and the same with a little or a lot of data.

Walks the GET pages of URL_ACCESS (so a new page must be pinned here too), as a
persona allowed to see each, first on the small fixture world, then after
adding many microsystems, members, demand types with years of history, staff
roles and activities. The large world takes seconds to build, so one test builds
it once and counts every page before and after.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from microsystems.models import (
    Activity,
    ActivityDemand,
    ActivityEffort,
    DemandObservation,
    DemandType,
    Membership,
    StaffRole,
)
from tests.support.account import grow_account
from tests.support.assessments import grow_assessments
from tests.support.factories import make_microsystem, make_user
from tests.support.measures import grow_measures
from tests.support.perspectives import grow_perspectives
from tests.support.records import approve
from tests.support.stakeholders import grow_stakeholders
from tests.support.url_access import (
    ALLOWED,
    LEVELS,
    URL_ACCESS,
    build_url,
)
from valuation.models import Assessment, AssessmentRecord

# Queries per page, whatever the data size. Most pages: session, user, the
# microsystem with the user's access, the navigation's manager check, then
# the page's own reads.
PINNED = {
    "login": 0,
    "password_reset": 3,
    "password_reset_done": 3,
    "password_reset_confirm": 4,
    "password_reset_complete": 3,
    "welcome": 4,
    "profile": 3,
    "microsystems:team": 6,
    "microsystems:hand_over": 5,
    "microsystems:membership_change": 4,
    "microsystems:membership_remove": 4,
    "microsystems:organisations": 5,
    "microsystems:organisation_create": 3,
    "microsystems:organisation_edit": 4,
    "microsystems:organisation_managers": 6,
    "microsystems:organisation_manager_remove": 5,
    "microsystems:people": 7,
    "microsystems:invite": 5,
    "microsystems:person_deactivate": 5,
    "microsystems:person_reactivate": 5,
    "valuation:dimensions": 4,
    "valuation:dimension_create": 3,
    "valuation:dimension_edit": 4,
    "valuation:dimension_retire": 4,
    "password_change": 3,
    "password_change_done": 3,
    # Home (as a lead): session, user, the units, whether the user manages an organisation
    # (for the navigation, creating and reviewing), the lead's reviewed assessments; the
    # review queue only for a manager or an admin.
    "microsystems:home": 5,
    "microsystems:create": 7,
    # Session, user, microsystem, its team, and every app's assessment steps counted in
    # one query.
    "microsystems:detail": 5,
    # Session, user, microsystem, navigation; who changed something; the page's rows and
    # their count (one UNION each); then per kind of record its rows on the page, and for
    # those with saved versions the versions before them: 11 kinds, 9 with versions.
    "microsystems:history": 26,
    "microsystems:edit": 3,
    "microsystems:archive": 3,
    "microsystems:restore": 3,
    "microsystems:demand": 6,
    "microsystems:demand_run_chart_total": 5,
    "microsystems:demand_run_chart": 5,
    "microsystems:demand_types": 4,
    "microsystems:demand_type_create": 3,
    "microsystems:demand_type_edit": 4,
    "microsystems:demand_type_delete": 5,
    "microsystems:staff": 4,
    "microsystems:staff_role_create": 3,
    "microsystems:staff_role_edit": 4,
    "microsystems:staff_role_delete": 4,
    "microsystems:demand_grid": 5,
    "microsystems:demand_upload": 4,
    "microsystems:demand_download": 4,
    "microsystems:activities": 10,
    "microsystems:activity_create": 5,
    "microsystems:activity_edit": 10,
    "microsystems:activity_delete": 5,
    "microsystems:activities_download": 10,
    "stakeholders:list": 4,
    "stakeholders:create": 3,
    "stakeholders:edit": 4,
    "stakeholders:delete": 6,
    "stakeholders:expectations": 4,
    "stakeholders:expectation_create": 4,
    "stakeholders:expectation_edit": 4,
    "stakeholders:expectation_delete": 4,
    "stakeholders:download": 4,
    # ... and the approved assessments' overall values, from their records' JSON.
    "valuation:assessments": 5,
    # Access, open improvement ideas, then the report: its assessments, the approved
    # ones' record parts, today's inputs of the latest assessment when it is not
    # approved (the engine runs for it alone), and the capacity from the demand frames
    # those inputs worked out (read again only when none is a draft).
    "valuation:dashboard": 21,
    "valuation:dashboard_download": 20,
    "valuation:dashboard_json": 21,
    "valuation:assessment_json": 18,
    "valuation:assessment_create": 4,
    "valuation:assessment_edit": 3,
    "valuation:assessment_delete": 4,
    "valuation:assessment_submit": 8,
    "valuation:assessment_review": 4,
    "valuation:voices": 6,
    "valuation:review_queue": 4,
    "valuation:weights": 7,
    "valuation:weights_points": 7,
    "valuation:weights_pairwise": 7,
    "valuation:judgements": 7,
    "valuation:judgements_edit": 5,
    "valuation:activity_judgements_edit": 7,
    "valuation:perspectives": 7,
    "valuation:perspectives_download": 7,
    "valuation:assessment": 21,
    # As the microsystem's History, plus the assessment: 6 kinds, 5 with versions.
    "valuation:assessment_history": 17,
    "valuation:assessment_download": 18,
    "valuation:assessment_versions": 4,
    "valuation:assessment_version": 21,
    "valuation:assessment_version_download": 4,
    "valuation:assessment_reopen": 3,
    "valuation:measures": 4,
    "valuation:measure_create": 5,
    "valuation:measure_edit": 8,
    "valuation:measure_retire": 4,
    "valuation:measurements": 5,
    "valuation:measure_run_chart": 5,
    "valuation:improvements": 6,
    "valuation:improvement_create": 10,
    # An adopted idea: its activities' cost before adoption read from their histories.
    "valuation:improvement": 16,
    "valuation:improvement_edit": 15,
    "valuation:improvement_status": 6,
    "valuation:measurement_grid": 5,
    "valuation:measurement_upload": 4,
    "valuation:measurement_download": 4,
    "valuation:measure_targets": 4,
    "valuation:measure_target_edit": 5,
    "valuation:measure_target_delete": 5,
    # Session, user, the organisations managed, the units, their assessments, the approved
    # records' figures (no JSON), the measures, the latest measurement of one per unit;
    # and the navigation's manager check.
    "valuation:portfolio": 9,
    "valuation:portfolio_download": 6,
    # Session, user, microsystem; then one query per file of the export, the dimensions'
    # names and the records (18), and for the workbook the activities' costs as their
    # download reads them (7 more) and the assessments not approved (1 more), whose
    # figures come from the cache (see PER_DRAFT_NOT_CACHED).
    "valuation:unit_export_zip": 21,
    "valuation:unit_export_workbook": 29,
}

# The workbook gives each draft's figures from today's data: cached, or worked out, one
# engine run each. Its inputs: the unit's operations (5 queries, read once for all the
# drafts, valuation/selectors/account.py live_inputs; their demand figures are the
# activities' download's, microsystems/selectors/activities.py demand_costs), and for
# each draft the unit's frames of its period, its judgements of activities, and its own
# weights, other judgements and voices (4 + 1 + 3). A unit has few drafts; its first
# view's count is the pinned one plus the first for any draft not cached and this for
# each one.
ONCE_FOR_DRAFTS_NOT_CACHED = {"valuation:unit_export_workbook": 5}
PER_DRAFT_NOT_CACHED = {"valuation:unit_export_workbook": 8}

# A page whose report is cached (microsystems/report_cache.py) takes fewer
# queries on a repeat view: the access helper's load of the unit carries the
# versions its cache key needs, so the report's own reads are all it saves.
REPEAT_VIEW = {
    "valuation:dashboard": 4,
    "valuation:dashboard_download": 3,
    "valuation:dashboard_json": 4,
    "valuation:assessment_json": 3,
    "microsystems:detail": 4,  # the assessment steps' counts (1 query) are cached
    "microsystems:demand": 3,
    "microsystems:demand_grid": 3,  # the grid as a GET shows it: its rows and values
    "microsystems:activities": 3,
    # The demand figures and cost per unit of demand are cached (demand_costs): 2 fewer.
    "microsystems:activities_download": 8,
    "valuation:unit_export_workbook": 27,
    "stakeholders:list": 3,
    "valuation:assessment": 6,
    # Not a cached report, but the engine's inputs other than the assessment's
    # weights, judgements of dimensions and voices are cached parts
    # (valuation/selectors/account.py live_inputs): 12 fewer.
    "valuation:assessment_download": 6,
    "valuation:assessment_version": 6,
    "valuation:perspectives": 3,
    "valuation:weights": 3,
    "valuation:judgements": 3,
    "valuation:measurements": 3,
}

PAGES = sorted(name for name, (_, methods) in URL_ACCESS.items() if "GET" in methods)


def persona_for(name: str) -> str:
    level = URL_ACCESS[name][0]
    if name == "login":
        return "anonymous"
    if LEVELS[level]["lead"] != ALLOWED and LEVELS[level]["manager"] != ALLOWED:
        return "admin"  # configuration pages
    return "lead" if LEVELS[level]["lead"] == ALLOWED else "manager"


def grow_the_world(microsystem, demand_type, staff_role) -> None:
    """Much more of everything a page might list, in and around `microsystem`."""
    organisation = microsystem.organisation
    neighbours = []
    for number in range(40):
        neighbours.append(make_microsystem(organisation, f"Neighbour {number}"))
        Membership.objects.create(user=make_user(f"colleague{number}"), microsystem=microsystem)
    types = DemandType.objects.bulk_create(
        DemandType(microsystem=microsystem, name=f"Demand {n}", handling_minutes=4)
        for n in range(25)
    )
    DemandObservation.objects.bulk_create(
        DemandObservation(
            demand_type=demand_type_,
            period_start=dt.date(2020 + month // 12, month % 12 + 1, 1),
            volume=10 + month,
        )
        for demand_type_ in [*types, demand_type]
        for month in range(72)
    )
    roles = StaffRole.objects.bulk_create(
        StaffRole(microsystem=microsystem, title=f"Role {n}", fte=1, hours_per_fte=100,
                  hourly_cost=20)
        for n in range(15)
    )  # fmt: skip
    activities = Activity.objects.bulk_create(
        Activity(microsystem=microsystem, name=f"Activity {n}", contribution="Helps.")
        for n in range(40)
    )
    ActivityEffort.objects.bulk_create(
        ActivityEffort(activity=activity, staff_role=role, hours_per_period=5)
        for activity in activities
        for role in [*roles[:3], staff_role]
    )
    ActivityDemand.objects.bulk_create(
        ActivityDemand(activity=activity, demand_type=type_)
        for activity in activities
        for type_ in types[:3]
    )
    grow_stakeholders(microsystem)
    grow_measures(microsystem)
    grow_perspectives(microsystem)
    grow_assessments(microsystem)  # after grow_perspectives: see its docstring
    grow_account(microsystem)  # after grow_assessments: its newcomers have no voice weight
    grow_approved_neighbours(neighbours)


def grow_approved_neighbours(neighbours) -> None:
    """Two approved assessments with records in each neighbour unit: the assessment
    page compares its value for money with them (one query however many)."""
    assessments = Assessment.objects.bulk_create(
        Assessment(microsystem=unit, period_label=f"2024 Q{q}",
                   start_date=dt.date(2024, 3 * q - 2, 1), end_date=dt.date(2024, 3 * q - 2, 28),
                   status=Assessment.Status.APPROVED)
        for unit in neighbours
        for q in (1, 2)
    )  # fmt: skip
    now = timezone.now()
    AssessmentRecord.objects.bulk_create(
        AssessmentRecord(assessment=assessment, version=1, approved_at=now, frozen_at=now,
                         inputs={}, result={}, perspectives={}, context={},
                         value_for_money=float(number))
        for number, assessment in enumerate(assessments)
    )  # fmt: skip


def count_queries(client, url) -> tuple[int, int]:
    """The response's status and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries.captured_queries)


def not_approved(microsystem) -> int:
    return (
        Assessment.objects.filter(microsystem=microsystem)
        .exclude(status=Assessment.Status.APPROVED)
        .count()
    )


def first_and_repeat(client, url) -> tuple[int, int, int]:
    """(status, queries with nothing cached, queries when the page is viewed again)."""
    cache.clear()
    status, first = count_queries(client, url)
    repeat_status, repeat = count_queries(client, url)
    return (status if status == repeat_status else (status, repeat_status)), first, repeat


def test_every_page_is_pinned():
    assert sorted(PINNED) == PAGES


# The pages are counted in this many groups, each a test of its own, so that the test
# workers share them (one test of every page took half a minute on its own).
PAGE_GROUPS = 4


@pytest.mark.parametrize("group", range(PAGE_GROUPS))
def test_query_counts_are_pinned_and_do_not_grow(
    users, url_kwargs, microsystem, demand_type, staff_role, two_years, group
):
    """Each page with a client of its own, as the persona allowed to see it: the count on
    the small world (after a first request warms the session), then on the large one."""
    pages = PAGES[group::PAGE_GROUPS]
    clients = {name: Client() for name in pages}
    for name, client in clients.items():
        if users[persona_for(name)] is not None:
            client.force_login(users[persona_for(name)])
    urls = {name: build_url(name, url_kwargs) for name in pages}
    small = {}
    for name in pages:
        clients[name].get(urls[name])  # warm the session and caches
        small[name] = first_and_repeat(clients[name], urls[name])
    drafts_small = not_approved(microsystem)
    grow_the_world(microsystem, demand_type, staff_role)
    large = {name: first_and_repeat(clients[name], urls[name]) for name in pages}
    drafts_large = not_approved(microsystem)
    assert 0 < drafts_small < drafts_large

    statuses = {name: (small[name][0], large[name][0]) for name in pages}
    assert {name: pair for name, pair in statuses.items() if pair != (200, 200)} == {}
    measured = {name: (small[name][1:], large[name][1:]) for name in pages}

    def pinned(name: str, drafts: int) -> tuple[int, int]:
        first = (
            PINNED[name]
            + (ONCE_FOR_DRAFTS_NOT_CACHED.get(name, 0) if drafts else 0)
            + PER_DRAFT_NOT_CACHED.get(name, 0) * drafts
        )
        return first, REPEAT_VIEW.get(name, PINNED[name])

    assert measured == {
        name: (pinned(name, drafts_small), pinned(name, drafts_large)) for name in pages
    }


# An approved assessment's pages read its frozen record instead of running the engine
# on today's data; the account page also reads today's inputs for its "since approval"
# notice. Constant whatever the data size.
APPROVED_PINNED = {
    "valuation:assessment": 21,
    "valuation:assessment_download": 4,
    "valuation:perspectives": 19,
    "valuation:perspectives_download": 4,
    "valuation:voices": 19,
    "valuation:weights": 19,
    "valuation:judgements": 19,
    "valuation:assessment_versions": 4,
    "valuation:assessment_version": 21,
}
# Cached on a repeat view: the report and the notice of changes since approval (which
# every page read from the record shows, and reads today's inputs to count).
APPROVED_REPEAT_VIEW = {
    "valuation:dashboard": 5,
    "valuation:dashboard_download": 3,
    "valuation:dashboard_json": 4,
    "valuation:assessment_json": 3,
    "valuation:assessment": 6,
    "valuation:assessment_version": 6,
    "valuation:perspectives": 4,
    "valuation:voices": 4,
    "valuation:weights": 4,
    "valuation:judgements": 4,
}


def test_approved_pages_query_counts_are_pinned_and_do_not_grow(
    users, url_kwargs, microsystem, demand_type, staff_role, two_years, assessment
):
    assert url_kwargs["version"] == 1  # a superseded version 1, so approving makes 2
    approve(assessment, lead=users["lead"], manager=users["manager"])
    url_kwargs = {**url_kwargs, "version": 2}
    client = Client()
    client.force_login(users["member"])
    urls = {name: build_url(name, url_kwargs) for name in APPROVED_PINNED}
    for url in urls.values():
        client.get(url)  # an approved assessment frozen before records is frozen here
    small = {name: first_and_repeat(client, url) for name, url in urls.items()}
    grow_the_world(microsystem, demand_type, staff_role)
    large = {name: first_and_repeat(client, url) for name, url in urls.items()}
    pinned = {
        name: (200, count, APPROVED_REPEAT_VIEW.get(name, count))
        for name, count in APPROVED_PINNED.items()
    }
    assert {name: (small[name], large[name]) for name in urls} == {
        name: (pinned[name], pinned[name]) for name in urls
    }
