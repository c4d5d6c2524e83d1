"""The perspectives page, its CSV downloads and its charts."""

import csv
import io

import pandas as pd
import pytest
from django.urls import reverse

from stakeholders.models import Stakeholder
from tests.support.accessibility import accessibility_problems
from tests.support.charts import validated
from valuation.analysis.agreement import judgement_spread
from valuation.charts import perspectives as charts
from valuation.charts.perspectives import STAKEHOLDER_PATTERNS
from valuation.models import Judgement, ValueDimension
from valuation.services.judgements import JudgementInput, dimension_judgements_replace
from valuation.services.weights import weights_set_by_points

judgements_chart = validated(charts.judgements_chart)
weights_heatmap = validated(charts.weights_heatmap)
spread_chart = validated(charts.spread_chart)


@pytest.fixture
def active(db) -> list[ValueDimension]:
    return list(ValueDimension.objects.active())


@pytest.fixture
def perspectives(assessment, stakeholder, microsystem, active) -> dict:
    """Library users and Council finance: Equity contested (9 against 3), Efficiency not."""
    finance = Stakeholder.objects.create(
        microsystem=microsystem, name="Council finance", kind=Stakeholder.Kind.FUNDERS
    )
    efficiency, effectiveness, accountability, equity, probity = active
    for group, points, scores in [
        (stakeholder, [10, 30, 10, 40, 10], {efficiency: 6, equity: 9, probity: 7}),
        (finance, [50, 20, 10, 10, 10], {efficiency: 4, equity: 3, probity: 7}),
    ]:
        weights_set_by_points(
            assessment=assessment,
            stakeholder=group,
            points=dict(zip(active, points, strict=True)),
        )
        dimension_judgements_replace(
            assessment=assessment,
            stakeholder=group,
            judgements=[
                JudgementInput(dimension, score, f"{group.name} on {dimension.name}.")
                for dimension, score in scores.items()
            ],
        )
    return {"users": stakeholder, "finance": finance}


def page_url(assessment) -> str:
    return reverse(
        "valuation:perspectives",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )


def download(client, assessment, table: str | None = None):
    url = reverse(
        "valuation:perspectives_download",
        kwargs={"slug": assessment.microsystem.slug, "assessment_id": assessment.pk},
    )
    return client.get(url if table is None else f"{url}?table={table}")


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_page_says_who_disagrees_on_what_with_charts_tables_and_downloads(
    client_for, assessment, perspectives
):
    response = client_for("member").get(page_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert accessibility_problems(html) == []
    report = response.context["report"]

    assert report.summary.startswith(
        "Stakeholders disagree most about Equity: Library users score it 9, Council finance 3."
    )
    assert "Council finance give most weight to Efficiency; Library users to Equity." in (
        report.summary
    )
    # Contested in words and with an icon, and the threshold stated.
    assert report.contested == ["Equity"]
    assert "a range of 4 points or more on the 0 to 10 scale" in html
    assert '<span aria-hidden="true">⚠</span> Contested</span>' in html
    spread = {row.dimension: row for row in report.spread_rows}
    assert (spread["Equity"].lowest, spread["Equity"].highest, spread["Equity"].range) == (
        "3",
        "9",
        "6",
    )
    assert spread["Efficiency"].contested is False
    assert spread["Accountability"].judges == "0" and spread["Accountability"].mean == "—"

    # Kendall's W over the two rankings, by hand:
    #   weights    Eff  Effect  Acc  Equity  Prob
    #   users       10    30    10    40     10  -> ranks 4, 2, 4, 1, 4  (T = 3^3 - 3 = 24)
    #   finance     50    20    10    10     10  -> ranks 1, 2, 4, 4, 4  (T = 24)
    #   R = 5, 4, 8, 5, 8; mean 6; S = 1 + 4 + 4 + 1 + 4 = 14
    #   W = 12 x 14 / (4 x 120 - 2 x 48) = 168 / 384 = 0.4375
    assert report.agreement.w == pytest.approx(0.4375)
    assert "Kendall's W = <strong>0.44</strong>: moderate agreement." in html.replace("&#x27;", "'")
    assert "below 0.3 is weak agreement, 0.3 to 0.6 moderate, above 0.6 strong" in html

    assert html.count('class="plotly-graph-div"') == 3
    assert html.count("vendor/plotly/plotly.min.js") == 1
    assert html.count("Download these numbers (CSV)") == 3
    assert report.tables["weights"].rows[0] == [
        "Council finance", "50", "20", "10", "10", "10",
        "100 points allocated across dimensions", "—",
    ]  # fmt: skip
    assert report.tables["judgements"].rows[1] == ["Library users", "6", "—", "—", "9", "7"]


def test_downloads_give_each_table_as_csv(client_for, assessment, perspectives):
    client = client_for("member")
    judgements = download(client, assessment)  # the default table
    assert judgements["Content-Type"] == "text/csv; charset=utf-8"
    assert "perspectives-judgements.csv" in judgements["Content-Disposition"]
    assert rows_of(judgements)[:2] == [
        ["Stakeholder", "Dimension", "Score (0 to 10)", "Rationale"],
        ["Council finance", "Efficiency", "4", "Council finance on Efficiency."],
    ]
    weights = rows_of(download(client, assessment, "weights"))
    assert weights[0][:2] == ["Stakeholder", "Efficiency (%)"]
    assert weights[2] == [
        "Library users", "10.0", "30.0", "10.0", "40.0", "10.0",
        "100 points allocated across dimensions", "",
    ]  # fmt: skip
    spread = rows_of(download(client, assessment, "spread"))
    assert spread[0] == [
        "Dimension",
        "Judged by",
        "Lowest",
        "Highest",
        "Range",
        "Mean",
        "Contested",
    ]
    assert spread[4] == ["Equity", "2", "3", "9", "6", "6.0", "Yes"]
    assert spread[3] == ["Accountability", "0", "", "", "", "", "No"]


FORMULA_LIKE_DIMENSIONS = ['=HYPERLINK("http://x","y")', "+cmd", "-cmd", "@SUM(A1)"]


def test_downloads_open_formula_like_dimension_names_as_text(client_for, assessment, perspectives):
    """In the weights table the dimensions are column headers, elsewhere cells."""
    for order, name in enumerate(FORMULA_LIKE_DIMENSIONS, start=90):
        ValueDimension.objects.create(
            name=name, slug=f"formula-{order}", description="Hostile.", order=order
        )
    client = client_for("member")
    weights_headers = rows_of(download(client, assessment, "weights"))[0]
    assert weights_headers[-6:-2] == [f"'{name} (%)" for name in FORMULA_LIKE_DIMENSIONS]
    assert rows_of(download(client, assessment))[0] == [
        "Stakeholder", "Dimension", "Score (0 to 10)", "Rationale",
    ]  # fmt: skip
    spread_dimensions = [row[0] for row in rows_of(download(client, assessment, "spread"))]
    assert spread_dimensions[-4:] == [f"'{name}" for name in FORMULA_LIKE_DIMENSIONS]


def test_an_unknown_table_is_not_found(client_for, assessment, perspectives):
    assert download(client_for("member"), assessment, "salaries").status_code == 404


def test_outsiders_see_neither_page_nor_downloads(client_for, assessment, perspectives):
    client = client_for("outsider")
    assert client.get(page_url(assessment)).status_code == 404
    assert download(client, assessment, "weights").status_code == 404


def test_without_stakeholders_the_page_says_what_to_do_first(client_for, assessment, microsystem):
    html = client_for("lead").get(page_url(assessment)).content.decode()
    assert "No stakeholders yet" in html
    assert reverse("stakeholders:list", kwargs={"slug": microsystem.slug}) in html
    assert accessibility_problems(html) == []


def test_stakeholders_without_weights_or_judgements_are_pointed_to_those_pages(
    client_for, assessment, stakeholder
):
    response = client_for("lead").get(page_url(assessment))
    html = response.content.decode()
    assert response.context["report"].agreement.w is None
    assert "No judgements yet: record them on the" in html
    assert "No weights yet: enter them on the" in html
    assert "Agreement cannot be measured yet" in html
    assert accessibility_problems(html) == []


def test_a_retired_dimension_with_judgements_is_still_shown(
    client_for, assessment, perspectives, active
):
    openness = ValueDimension.objects.create(name="Openness", slug="openness", description="Old.")
    Judgement.objects.create(
        assessment=assessment,
        stakeholder=perspectives["users"],
        dimension=openness,
        score=5,
        rationale="Before it was retired.",
    )
    ValueDimension.objects.filter(pk=openness.pk).update(active=False)
    report = client_for("lead").get(page_url(assessment)).context["report"]
    assert report.retired == ["Openness"]
    assert "Openness (retired)" in report.tables["judgements"].headers


# --- charts -------------------------------------------------------------------------------

JUDGEMENTS = pd.DataFrame(
    [("Tenants", "Equity", 8), ("Finance", "Equity", 3), ("Tenants", "Efficiency", 6)],
    columns=["stakeholder", "dimension", "score"],
)
WEIGHTS = pd.DataFrame(
    [("Tenants", "Equity", 0.7), ("Tenants", "Efficiency", 0.3), ("Finance", "Equity", 0.2),
     ("Finance", "Efficiency", 0.8)],
    columns=["stakeholder", "dimension", "weight"],
)  # fmt: skip
NAMES = {"stakeholders": ["Finance", "Tenants"], "dimensions": ["Efficiency", "Equity"]}


def test_judgement_bars_one_trace_per_stakeholder_patterned_and_labelled():
    figure = judgements_chart(JUDGEMENTS, **NAMES)
    assert [trace.name for trace in figure.data] == ["Finance", "Tenants"]
    assert [trace.marker.pattern.shape for trace in figure.data] == STAKEHOLDER_PATTERNS[:2]
    assert list(figure.data[1].x) == ["Equity", "Efficiency"]
    assert list(figure.data[1].text) == ["8", "6"]
    assert figure.layout.barmode == "group"


def test_weight_heatmap_writes_each_percentage_in_its_cell():
    figure = weights_heatmap(WEIGHTS, **NAMES)
    heatmap = figure.data[0]
    assert list(heatmap.y) == ["Finance", "Tenants"]
    assert [list(row) for row in heatmap.text] == [["80%", "20%"], ["30%", "70%"]]


def test_spread_chart_labels_contested_dimensions_in_words():
    spread = judgement_spread(JUDGEMENTS)
    figure = spread_chart(JUDGEMENTS, spread, **NAMES)
    labels = [annotation.text for annotation in figure.layout.annotations]
    assert labels == ["⚠ Contested (range 5)"]


def test_charts_without_data_say_so():
    empty = JUDGEMENTS.iloc[0:0]
    assert judgements_chart(empty, **NAMES).layout.annotations[0].text == "No judgements yet"
    assert weights_heatmap(WEIGHTS.iloc[0:0], **NAMES).layout.annotations[0].text == (
        "No weights yet"
    )
    assert spread_chart(empty, judgement_spread(empty), **NAMES).layout.annotations[0].text == (
        "No judgements yet"
    )


def test_judgement_bars_and_marks_are_the_same_as_filtering_the_frame_per_stakeholder():
    """The bars and the spread's marks are gathered in one pass; they are what a filter
    per stakeholder gives."""
    frame = pd.DataFrame.from_records(
        [("B", "Equity", 7), ("A", "Efficiency", 10), ("B", "Efficiency", 0),
         ("Gone", "Equity", 5), ("A", "Equity", 3), ("B", "Probity", 4)],
        columns=["stakeholder", "dimension", "score"],
    )  # fmt: skip
    order = ["A", "Nobody", "B"]
    figure = charts.judgements_chart(
        frame, stakeholders=order, dimensions=["Efficiency", "Equity", "Probity"]
    )
    expected = []
    for position, name in enumerate(order):
        rows = frame[frame["stakeholder"] == name]
        if not rows.empty:
            expected.append((name, rows["dimension"].tolist(), rows["score"].tolist(), position))
    assert [
        (trace["name"], trace["x"], trace["y"], STAKEHOLDER_PATTERNS.index(
            trace["marker"]["pattern"]["shape"]))
        for trace in figure["data"]
    ] == expected  # fmt: skip
    assert all(type(score) is int for trace in figure["data"] for score in trace["y"])
    markers = charts.spread_chart(
        frame, judgement_spread(frame), stakeholders=order, dimensions=["Equity"]
    )["data"][1:]
    assert [(trace["name"], trace["y"], trace["x"]) for trace in markers] == [
        (name, dimensions, scores) for name, dimensions, scores, _ in expected
    ]
