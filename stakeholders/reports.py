"""What the stakeholder pages show: the register with its power/interest grid, the bundle
of expectations, and their CSV downloads.

stakeholders.selectors (rows) -> stakeholders.analysis (quadrants) -> this module
(words, tables and the grid's figure), so the views only load, read, call a report
and render.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.table_html import render_rows
from core.tables import TableView, figure_html
from stakeholders import analysis, charts
from stakeholders.charts import QUADRANT_LABELS
from stakeholders.models import Expectation, Stakeholder
from stakeholders.selectors import StakeholderExpectations, register_frame

KIND_LABELS = dict(Stakeholder.Kind.choices)
EXPECTATION_KIND_LABELS = dict(Expectation.Kind.choices)
PRIORITY_LABELS = dict(Expectation.Priority.choices)


def _either(scores: list[int]) -> str:
    """[1, 2, 3] -> "1, 2 or 3"."""
    words = [str(score) for score in scores]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


# "High means a score of 4 or 5; a score of 1, 2 or 3 counts as low."
HIGH_RULE = (
    f"High means a score of {_either([s for s in analysis.SCORES if analysis.is_high(s)])}; "
    f"a score of {_either([s for s in analysis.SCORES if not analysis.is_high(s)])} "
    "counts as low."
)
QUADRANT_DESCRIPTIONS = {
    analysis.MANAGE_CLOSELY: (
        "High power, high interest: involve them fully and weigh their views."
    ),
    analysis.KEEP_SATISFIED: (
        "High power, low interest: meet their needs without overloading them."
    ),
    analysis.KEEP_INFORMED: (
        "Low power, high interest: keep them told and listen to what they raise."
    ),
    analysis.MONITOR: "Low power, low interest: check now and then whether that has changed.",
}
QUADRANT_TABLE_COLUMNS = ["quadrant", "what_to_do", "groups", "names"]


def quadrant_label(power: int, interest: int) -> str:
    """The name of the quadrant a group with these scores falls in: "Keep informed"."""
    return QUADRANT_LABELS[analysis.quadrant(power, interest)]


def with_quadrants(register: pd.DataFrame) -> pd.DataFrame:
    """The register with `quadrant` (a key) and `quadrant_label` (words) added."""
    keys = analysis.quadrants(register)
    return register.assign(quadrant=keys, quadrant_label=keys.map(QUADRANT_LABELS))


def quadrant_table(register: pd.DataFrame) -> pd.DataFrame:
    """One row per quadrant (all four, most attention first): how many groups, and who."""
    placed = with_quadrants(register)
    rows = []
    for key in analysis.QUADRANTS:
        names = sorted(placed.loc[placed["quadrant"] == key, "name"].astype(str), key=str.lower)
        rows.append(
            {
                "quadrant": QUADRANT_LABELS[key],
                "what_to_do": QUADRANT_DESCRIPTIONS[key],
                "groups": len(names),
                "names": ", ".join(names) if names else "None",
            }
        )
    return pd.DataFrame(rows, columns=QUADRANT_TABLE_COLUMNS)


# --- the register and its power/interest grid ---------------------------------------------


def register_in_words(rows: list[dict]) -> list[dict]:
    """selectors.register_rows with the words the page and the download show: the group's
    kind, its quadrant, and the quadrant's place in a sort by attention needed."""
    labelled = []
    for row in rows:
        key = analysis.quadrant(row["power"], row["interest"])
        labelled.append(
            {
                **row,
                "kind_label": KIND_LABELS.get(row["kind"], row["kind"]),
                "quadrant_label": QUADRANT_LABELS[key],
                # For sorting the page's table by quadrant: most attention first.
                "quadrant_order": analysis.attention_rank(key),
            }
        )
    return labelled


@dataclass
class RegisterPage:
    rows: list[dict] = field(default_factory=list)
    chart: str = ""
    quadrants: TableView | None = None
    # The table's rows as HTML, without and with the edit links (with_rows_html),
    # rendered once with the cached report instead of on every view.
    rows_html: str = ""
    rows_html_editable: str = ""


def with_rows_html(page: RegisterPage, slug: str) -> RegisterPage:
    """The page with its table rows rendered for viewers and for editors of unit `slug`."""
    for can_edit in (False, True):
        html = render_rows("stakeholders/_register_rows.html", page, slug=slug, can_edit=can_edit)
        setattr(page, "rows_html_editable" if can_edit else "rows_html", html)
    return page


def register_page(rows: list[dict]) -> RegisterPage:
    """The register page from selectors.register_rows: the table, the grid and its table."""
    if not rows:
        return RegisterPage()
    frame = register_frame(rows)
    return RegisterPage(
        rows=register_in_words(rows),
        chart=figure_html(charts.power_interest_chart(frame)),
        quadrants=TableView.from_frame(
            quadrant_table(frame),
            caption="Stakeholder groups in each quadrant of the grid",
            headers={
                "quadrant": "Quadrant",
                "what_to_do": "What it means",
                "groups": "Groups",
                "names": "Who",
            },
        ),
    )


# --- the bundle of expectations ------------------------------------------------------------


@dataclass
class BundleGroup:
    """One group on the bundle page, in words, and its expectations most important first."""

    stakeholder_id: int
    name: str
    kind_label: str
    description: str
    power: int
    interest: int
    quadrant_label: str
    consultation: str
    # expectation_id, statement, kind, kind_label, priority, priority_label
    expectations: list[dict] = field(default_factory=list)

    @property
    def kind_counts(self) -> list[int]:
        """How many expectations of each kind, in the order of Expectation.Kind."""
        kinds = [expectation["kind"] for expectation in self.expectations]
        return [kinds.count(kind) for kind in Expectation.Kind.values]


def bundle_groups(groups: list[StakeholderExpectations]) -> list[BundleGroup]:
    """selectors.groups_with_expectations in words."""
    return [
        BundleGroup(
            stakeholder_id=group.stakeholder_id,
            name=group.name,
            kind_label=KIND_LABELS.get(group.kind, group.kind),
            description=group.description,
            power=group.power,
            interest=group.interest,
            quadrant_label=quadrant_label(group.power, group.interest),
            consultation=group.consultation,
            expectations=[
                {
                    **expectation,
                    "kind_label": EXPECTATION_KIND_LABELS.get(
                        expectation["kind"], expectation["kind"]
                    ),
                    "priority_label": PRIORITY_LABELS.get(
                        expectation["priority"], str(expectation["priority"])
                    ),
                }
                for expectation in group.expectations
            ],
        )
        for group in groups
    ]


@dataclass
class BundlePage:
    groups: list[BundleGroup]
    # The headings of the table of how many of each kind, in the order of kind_counts.
    kind_labels: list[str] = field(default_factory=lambda: list(Expectation.Kind.labels))

    @property
    def has_expectations(self) -> bool:
        return any(group.expectations for group in self.groups)


def bundle_page(groups: list[StakeholderExpectations]) -> BundlePage:
    """The bundle page from selectors.groups_with_expectations."""
    return BundlePage(groups=bundle_groups(groups))


# --- downloads ---------------------------------------------------------------------------

REGISTER_HEADERS = [
    "Stakeholder group",
    "Kind",
    "Power (1 to 5)",
    "Interest (1 to 5)",
    "Quadrant",
    "Expectations",
    "How they were consulted",
    "Description",
]
EXPECTATION_HEADERS = [
    "Stakeholder group",
    "Kind",
    "Power (1 to 5)",
    "Interest (1 to 5)",
    "Quadrant",
    "How they were consulted",
    "Expectation",
    "Kind of expectation",
    "Priority",
]


def register_download(rows: list[dict]) -> tuple[list[str], list[list]]:
    """One row per group of selectors.register_rows, in words: the numbers behind the grid."""
    return REGISTER_HEADERS, [
        [
            row["name"],
            row["kind_label"],
            row["power"],
            row["interest"],
            row["quadrant_label"],
            row["expectation_count"],
            row["consultation"],
            row["description"],
        ]
        for row in register_in_words(rows)
    ]


def expectations_download(
    groups: list[StakeholderExpectations],
) -> tuple[list[str], list[list]]:
    """One row per expectation with its group's details; a group with none has one blank row."""
    rows = []
    for group in bundle_groups(groups):
        start = [
            group.name,
            group.kind_label,
            group.power,
            group.interest,
            group.quadrant_label,
            group.consultation,
        ]
        if not group.expectations:
            rows.append([*start, None, None, None])
        for expectation in group.expectations:
            rows.append(
                [
                    *start,
                    expectation["statement"],
                    expectation["kind_label"],
                    expectation["priority_label"],
                ]
            )
    return EXPECTATION_HEADERS, rows
