"""valuation.reports.judgements: the judgements overview in words, from stored rows by hand."""

from django.urls import reverse

from valuation.reports.judgements import (
    JudgementRow,
    JudgementsPage,
    judgements_page,
    judgements_page_shown,
    person,
    score_rows_html,
)
from valuation.selectors.judgements import JudgementsOverview


def judgement(stakeholder, dimension, score, rationale, activity=None, **recorder) -> dict:
    return {
        "stakeholder_id": stakeholder, "dimension_id": dimension,
        "activity_id": None if activity is None else activity[0],
        "activity_name": None if activity is None else activity[1],
        "score": score, "rationale": rationale,
        "first_name": recorder.get("first", ""), "last_name": recorder.get("last", ""),
        "username": recorder.get("username", "lead"),
    }  # fmt: skip


def test_who_recorded_a_judgement_by_name_else_username():
    assert person("Ada", "Lovelace", "ada") == "Ada Lovelace"
    assert person("", None, "ada") == "ada"
    assert person(None, None, None) == "unknown"


def test_the_overview_in_words():
    rhyme_time = (30, "Rhyme time")
    overview = JudgementsOverview(
        stakeholders=[
            {"id": 7, "name": "Council finance", "kind": "funders"},
            {"id": 8, "name": "Tenants", "kind": "service_users"},
        ],
        dimensions=[
            {"id": 1, "name": "Efficiency", "active": True},
            {"id": 2, "name": "Equity", "active": True},
            {"id": 3, "name": "Openness", "active": False},
            {"id": 4, "name": "Thrift", "active": False},
        ],
        judgements=[
            judgement(8, 1, 6, "Quick.", rhyme_time),
            judgement(8, 2, 9, "Quick.", rhyme_time),
            judgement(7, 1, 4, "Costly.", first="Ada", last="Lovelace"),
            judgement(7, 3, 2, "Rarely asked."),
        ],
        activity_count=3,
    )
    page = judgements_page(overview)
    # A retired dimension is a column only while it carries a judgement.
    assert [(column.name, column.active) for column in page.columns] == [
        ("Efficiency", True), ("Equity", True), ("Openness", False),
    ]  # fmt: skip
    assert page.has_judgements and page.activity_count == 3
    finance, tenants = page.rows
    assert finance.kind == "Funders and commissioners"
    assert finance.cells == ["4", "—", "2"]
    assert [(d.subject, d.score, d.recorded_by) for d in finance.details] == [
        ("Efficiency", "4 out of 10", "Ada Lovelace"), ("Openness", "2 out of 10", "lead"),
    ]  # fmt: skip
    assert finance.judged == 2 and finance.activities == []
    assert tenants.cells == ["—", "—", "—"] and tenants.judged == 0
    (activity,) = tenants.activities
    # One reason per activity, said once however many dimensions it scored.
    assert (activity.activity, activity.scores, activity.rationale) == (
        "Rhyme time", "Efficiency 6, Equity 9", "Quick.",
    )  # fmt: skip


def test_nothing_judged_yet():
    overview = JudgementsOverview(
        stakeholders=[{"id": 8, "name": "Tenants", "kind": "service_users"}],
        dimensions=[{"id": 1, "name": "Efficiency", "active": True}],
        judgements=[],
        activity_count=0,
    )
    page = judgements_page(overview)
    assert not page.has_judgements
    assert page.rows[0].cells == ["—"]


def test_the_reasons_as_html_escape_every_text_and_keep_line_breaks():
    overview = JudgementsOverview(
        stakeholders=[
            {"id": 7, "name": "<b>Finance</b>", "kind": "funders"},
            {"id": 8, "name": "Tenants", "kind": "service_users"},
        ],
        dimensions=[{"id": 1, "name": "Efficiency", "active": True}],
        judgements=[
            judgement(7, 1, 4, "Costly.\nVery <i>costly</i>.", first="Ada", last="<Lovelace>"),
            judgement(7, 1, 5, "Slow & dear.", (30, "Rhyme <time>")),
        ],
        activity_count=1,
    )
    page = judgements_page_shown(overview)
    html = str(page.reasons_html)
    assert html.count("<details") == 2 and html.count("</details>") == 2
    assert "&lt;b&gt;Finance&lt;/b&gt;: 1 dimension and 1 activity judged" in html
    assert "Costly.<br>Very &lt;i&gt;costly&lt;/i&gt;." in html
    assert "Recorded by: Ada &lt;Lovelace&gt;" in html
    assert "<dt>Rhyme &lt;time&gt;: Efficiency 5</dt>" in html
    assert "Slow &amp; dear." in html
    assert "Tenants: 0 dimensions and 0 activities judged" in html
    assert '<p class="mt-3 mb-0">Nothing judged yet.</p>' in html
    # The details the reasons came from are not kept with the cached page.
    assert all(row.details == [] and row.activities == [] for row in page.rows)
    assert page.has_judgements


def test_the_rows_of_scores_escape_every_text_and_link_each_stakeholder_to_their_forms():
    page = JudgementsPage(
        columns=[],
        rows=[
            JudgementRow(7, "<b>Tenants</b> & co", "Service users", cells=["8", "—"],
                         activities_judged=2),
            JudgementRow(12, "Staff", "Staff", cells=["3", "5"]),
        ],
        activity_count=4,
    )  # fmt: skip
    viewer = score_rows_html(page, "library", 31, can_change=False)
    editor = score_rows_html(page, "library", 31, can_change=True)
    assert "<b>" not in viewer and "&lt;b&gt;Tenants&lt;/b&gt; &amp; co" in viewer
    assert '<td class="num">8</td><td class="num">—</td><td class="num">2 of 4</td>' in viewer
    assert "href" not in viewer
    for stakeholder_id in (7, 12):
        for name in ("valuation:judgements_edit", "valuation:activity_judgements_edit"):
            address = reverse(name, args=("library", 31, stakeholder_id))
            assert editor.count(f'href="{address}"') == 1
    assert editor.count("<tr>") == 2
    assert '<span class="visually-hidden"> for &lt;b&gt;Tenants&lt;/b&gt; &amp; co</span>' in editor
