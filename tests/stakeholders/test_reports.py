"""stakeholders.reports: the register, bundle and downloads in words, from rows made by hand."""

import pandas as pd

from stakeholders.analysis import REGISTER_COLUMNS
from stakeholders.charts import QUADRANT_LABELS
from stakeholders.reports import (
    HIGH_RULE,
    bundle_page,
    expectations_download,
    quadrant_table,
    register_download,
    register_in_words,
    register_page,
    with_quadrants,
)
from stakeholders.selectors import StakeholderExpectations


def register(rows) -> pd.DataFrame:
    """rows: (name, power, interest)."""
    return pd.DataFrame(
        [(number, name, "service_users", power, interest)
         for number, (name, power, interest) in enumerate(rows, start=1)],
        columns=REGISTER_COLUMNS,
    )  # fmt: skip


def selector_row(name, power, interest, *, kind="service_users", expectations=0) -> dict:
    """One row as stakeholders.selectors.register_rows reads it."""
    return {
        "stakeholder_id": len(name), "name": name, "kind": kind, "description": "",
        "power": power, "interest": interest, "consultation": "", "expectation_count": expectations,
    }  # fmt: skip


def test_with_quadrants_adds_key_and_words():
    frame = with_quadrants(register([("Tenants", 3, 5), ("Finance", 5, 3), ("Press", 2, 2)]))
    assert frame["quadrant"].tolist() == ["keep_informed", "keep_satisfied", "monitor"]
    assert frame["quadrant_label"].tolist() == ["Keep informed", "Keep satisfied", "Monitor"]


def test_quadrant_table_lists_all_four_with_names_and_counts():
    table = quadrant_table(
        register([("tenants", 3, 5), ("Councillors", 4, 4), ("Finance", 5, 3), ("Staff", 2, 5)])
    )
    assert table["quadrant"].tolist() == list(QUADRANT_LABELS.values())
    assert table["groups"].tolist() == [1, 1, 2, 0]
    # Names sorted ignoring case; an empty quadrant says so.
    assert table["names"].tolist() == ["Councillors", "Finance", "Staff, tenants", "None"]


def test_the_rule_for_high_is_said_as_the_analysis_applies_it():
    assert HIGH_RULE == "High means a score of 4 or 5; a score of 1, 2 or 3 counts as low."


def test_register_in_words_with_a_sort_key_by_attention():
    rows = register_in_words(
        [selector_row("Finance", 5, 3, kind="funders"), selector_row("Press", 2, 2, kind="media")]
    )
    assert [row["kind_label"] for row in rows] == ["Funders and commissioners", "media"]
    assert [row["quadrant_label"] for row in rows] == ["Keep satisfied", "Monitor"]
    assert [row["quadrant_order"] for row in rows] == [1, 3]
    assert rows[0]["power"] == 5  # the selector's values are kept


def test_register_page_is_empty_without_groups_and_has_grid_and_table_with_them():
    assert register_page([]).rows == [] and register_page([]).chart == ""
    page = register_page([selector_row("Tenants", 4, 5)])
    assert page.rows[0]["quadrant_label"] == "Manage closely"
    assert "plotly-graph-div" in page.chart
    assert page.quadrants.headers == ["Quadrant", "What it means", "Groups", "Who"]
    assert page.quadrants.rows[0][2:] == ["1", "Tenants"]


def test_bundle_in_words_with_counts_of_each_kind():
    groups = [
        StakeholderExpectations(
            stakeholder_id=1, name="Tenants", kind="service_users", description="", power=2,
            interest=5, consultation="Survey.",
            expectations=[
                {"expectation_id": 3, "statement": "Quick repairs.", "kind": "benefit",
                 "priority": 1},
                {"expectation_id": 4, "statement": "No repeat visits.", "kind": "avoid",
                 "priority": 3},
            ],
        ),
        StakeholderExpectations(stakeholder_id=2, name="Finance", kind="funders",
                                description="", power=5, interest=4, consultation=""),
    ]  # fmt: skip
    page = bundle_page(groups)
    assert page.has_expectations
    assert page.kind_labels == [
        "A benefit to gain", "A cost to keep down", "A standard to comply with",
        "A contact to avoid",
    ]  # fmt: skip
    tenants, finance = page.groups
    assert (tenants.kind_label, tenants.quadrant_label) == ("Service users", "Keep informed")
    assert [item["priority_label"] for item in tenants.expectations] == ["High", "Low"]
    assert [item["kind_label"] for item in tenants.expectations] == [
        "A benefit to gain", "A contact to avoid",
    ]  # fmt: skip
    assert tenants.kind_counts == [1, 0, 0, 1]
    assert finance.quadrant_label == "Manage closely" and finance.kind_counts == [0, 0, 0, 0]
    assert not bundle_page([groups[1]]).has_expectations

    headers, rows = expectations_download(groups)
    assert headers[-3:] == ["Expectation", "Kind of expectation", "Priority"]
    assert rows == [
        ["Tenants", "Service users", 2, 5, "Keep informed", "Survey.", "Quick repairs.",
         "A benefit to gain", "High"],
        ["Tenants", "Service users", 2, 5, "Keep informed", "Survey.", "No repeat visits.",
         "A contact to avoid", "Low"],
        ["Finance", "Funders and commissioners", 5, 4, "Manage closely", "", None, None, None],
    ]  # fmt: skip


def test_register_download_in_words():
    headers, rows = register_download([selector_row("Tenants", 2, 5, expectations=3)])
    assert headers[4:6] == ["Quadrant", "Expectations"]
    assert rows == [["Tenants", "Service users", 2, 5, "Keep informed", 3, "", ""]]
