"""valuation.reports.weights: the weights pages in words, from stored values made by hand."""

from types import SimpleNamespace

from valuation.reports.weights import (
    comparison_words,
    implied_words,
    saved_weights,
    weights_page,
)
from valuation.selectors.weights import StoredWeights, WeightsOverview

# Each matters 9 times as much as the next, yet the last 9 times as much as the first.
CIRCULAR = [[1, 2, 9.0], [2, 3, 9.0], [1, 3, 1 / 9]]


def dimensions() -> list[SimpleNamespace]:
    """Stand-ins for ValueDimension rows: the report reads only pk and name."""
    return [SimpleNamespace(pk=pk, name=name) for pk, name in [(1, "Efficiency"), (2, "Equity"),
                                                               (3, "Probity")]]  # fmt: skip


def test_comparison_words():
    assert comparison_words(3, "Efficiency", "Equity") == (
        "Efficiency matters moderately more than Equity (3)"
    )
    assert comparison_words(1 / 9, "Efficiency", "Equity") == (
        "Equity matters extremely more than Efficiency (1/9)"
    )
    assert comparison_words(1, "Efficiency", "Equity") == "Efficiency and Equity matter equally (1)"


def test_what_the_other_answers_imply_in_words():
    assert implied_words(2.345, "Efficiency", "Equity") == (
        "Efficiency matters about 2.3 times as much as Equity"
    )
    assert implied_words(0.25, "Efficiency", "Equity") == (
        "Equity matters about 4.0 times as much as Efficiency"
    )
    assert (
        implied_words(0.95, "Efficiency", "Equity") == "Efficiency and Equity matter about equally"
    )


def test_saved_weights_in_words_with_the_warning_for_circular_answers():
    assert saved_weights(None, dimensions(), "Tenants") is None
    points = saved_weights(
        StoredWeights("points", {"1": 40, "2": 60}, {1: 0.4, 2: 0.6, 9: 0.0}, None),
        dimensions(),
        "Tenants",
    )
    assert points.method_label == "100 points allocated across dimensions"
    assert points.current == [
        ("Efficiency", "40%"),
        ("Equity", "60%"),
        ("A retired dimension", "0%"),
    ]
    assert points.warning == ""
    pairwise = saved_weights(
        StoredWeights("pairwise", CIRCULAR, {1: 1 / 3, 2: 1 / 3, 3: 1 / 3}, 4.5),
        dimensions(),
        "Tenants",
    )
    assert pairwise.method_label == "Pairwise comparison (Saaty 1 to 9)"
    assert pairwise.current[0] == ("Efficiency", "33.3%")
    assert pairwise.warning.startswith("These answers are not very consistent")
    assert "For Tenants, the comparison of" in pairwise.warning


def test_the_overview_shows_every_stakeholder_and_a_retired_dimension_only_if_weighted():
    overview = WeightsOverview(
        stakeholders=[
            {"id": 7, "name": "Council finance", "kind": "funders"},
            {"id": 8, "name": "Tenants", "kind": "service_users"},
            {"id": 9, "name": "Volunteers", "kind": "other"},
        ],
        dimensions=[
            {"id": 1, "name": "Efficiency", "active": True},
            {"id": 2, "name": "Equity", "active": True},
            {"id": 3, "name": "Probity", "active": True},
            {"id": 4, "name": "Openness", "active": False},
            {"id": 5, "name": "Thrift", "active": False},
        ],
        headers=[
            {
                "id": 1,
                "stakeholder_id": 7,
                "method": "pairwise",
                "answers": CIRCULAR,
                "consistency_ratio": 4.5,
            },
            {
                "id": 2,
                "stakeholder_id": 8,
                "method": "points",
                "answers": {},
                "consistency_ratio": None,
            },
        ],  # fmt: skip
        weights={(7, 1): 1 / 3, (7, 2): 1 / 3, (7, 3): 1 / 3, (8, 1): 0.5, (8, 4): 0.5},
    )
    page = weights_page(overview)
    assert [(column.name, column.active) for column in page.columns] == [
        ("Efficiency", True), ("Equity", True), ("Probity", True), ("Openness", False),
    ]  # fmt: skip
    assert page.active_count == 3 and page.entered == 2
    finance, tenants, volunteers = page.rows
    assert finance.kind == "Funders and commissioners"
    assert finance.cells == ["33.3%", "33.3%", "33.3%", "—"]
    assert (finance.consistency_ratio, finance.inconsistent) == ("4.50", True)
    assert "For Council finance, the comparison of" in finance.warning
    assert tenants.cells == ["50%", "—", "—", "50%"]
    assert tenants.method_label == "100 points allocated across dimensions"
    assert (tenants.consistency_ratio, tenants.inconsistent, tenants.warning) == ("—", False, "")
    assert volunteers.method_label == "Not entered yet" and not volunteers.has_weights
    assert volunteers.cells == ["—"] * 4
