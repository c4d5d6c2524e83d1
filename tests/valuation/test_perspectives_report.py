"""The perspectives page's words: Kendall's W read out, the widest disagreement, each
stakeholder's priorities and the summary paragraph, from frames made by hand."""

import pandas as pd
import pytest

from valuation.analysis.agreement import kendalls_w
from valuation.reports.perspectives import (
    AGREEMENT_BANDS_TEXT,
    agreement_reading,
    in_words,
    perspectives_summary,
    perspectives_table,
    top_priorities,
    widest_disagreement,
)
from valuation.selectors.perspectives import PerspectiveFrames


def weights(rows):
    return pd.DataFrame(rows, columns=["stakeholder", "dimension", "weight"])


def judgements(rows):
    return pd.DataFrame(rows, columns=["stakeholder", "dimension", "score"])


def ranked(stakeholder, values, dimensions=("Efficiency", "Equity", "Probity")):
    return [(stakeholder, d, v) for d, v in zip(dimensions, values, strict=True)]


def test_the_bands_are_said_as_the_analysis_draws_them():
    assert AGREEMENT_BANDS_TEXT == (
        "below 0.3 is weak agreement, 0.3 to 0.6 moderate, above 0.6 strong"
    )


@pytest.mark.parametrize(
    "w, reading",
    [(0.0, "weak agreement"), (0.29, "weak agreement"), (0.3, "moderate agreement"),
     (0.6, "moderate agreement"), (0.61, "strong agreement"), (1.0, "strong agreement")],
)  # fmt: skip
def test_agreement_bands(w, reading):
    assert agreement_reading(w) == reading


# --- the summary ----------------------------------------------------------------------


def test_the_widest_disagreement_is_named_with_who_scores_what():
    sentence = widest_disagreement(
        judgements(
            [
                ("Tenants", "Efficiency", 6),
                ("Finance", "Efficiency", 5),
                ("Tenants", "Equity", 8),
                ("Finance", "Equity", 3),
                ("Staff", "Equity", 6),
            ]
        )
    )
    assert sentence == (
        "Stakeholders disagree most about Equity: Tenants score it 8, Finance 3. A range of "
        "4 points or more makes a dimension contested; no other dimension is."
    )


def test_ties_at_the_top_or_bottom_name_every_group():
    sentence = widest_disagreement(
        judgements(
            [
                ("Tenants", "Equity", 9),
                ("Staff", "Equity", 9),
                ("Finance", "Equity", 2),
                ("Tenants", "Probity", 9),
                ("Finance", "Probity", 4),
            ]
        )
    )
    assert sentence.startswith(
        "Stakeholders disagree most about Equity: Tenants and Staff score it 9, Finance 2."
    )
    assert "1 other dimension is contested too." in sentence


def test_agreement_below_the_threshold_is_said_so():
    sentence = widest_disagreement(judgements([("Tenants", "Equity", 7), ("Finance", "Equity", 5)]))
    assert sentence == (
        "Stakeholders broadly agree: no dimension's judgements span 4 points or more. "
        "The widest gap is on Equity: Tenants score it 7, Finance 5."
    )
    single = widest_disagreement(judgements([("Tenants", "Equity", 7)]))
    assert single.startswith("No dimension has been judged by two or more stakeholders yet")


def test_top_priorities_and_the_whole_paragraph():
    weight_rows = weights(
        ranked("Finance", [0.5, 0.2, 0.3])
        + ranked("Tenants", [0.2, 0.5, 0.3])
        + ranked("Staff", [0.2, 0.4, 0.4])
    )
    assert top_priorities(weight_rows).to_dict() == {
        "Finance": "Efficiency",
        "Tenants": "Equity",
        "Staff": "Equity and Probity",
    }
    paragraph = perspectives_summary(
        judgements([("Tenants", "Equity", 8), ("Finance", "Equity", 3)]),
        weight_rows,
        kendalls_w(weight_rows),
    )
    assert paragraph.startswith("Stakeholders disagree most about Equity: Tenants score it 8")
    assert (
        "Finance give most weight to Efficiency; Tenants to Equity; Staff to Equity and Probity."
        in paragraph
    )
    assert "Their rankings of the dimensions show" in paragraph


def test_groups_sharing_a_priority_are_named_together():
    weight_rows = weights(ranked("Finance", [0.5, 0.2, 0.3]) + ranked("Tenants", [0.6, 0.2, 0.2]))
    paragraph = perspectives_summary(judgements([]), weight_rows, kendalls_w(weight_rows))
    assert paragraph.startswith("No stakeholder has judged a dimension yet.")
    assert "Finance and Tenants give most weight to Efficiency." in paragraph


# --- frames in words ------------------------------------------------------------------


def frames_with_a_retired_dimension() -> PerspectiveFrames:
    return PerspectiveFrames(
        stakeholders=["Finance", "Tenants"],
        dimensions=["Efficiency", "Openness"],
        retired=["Openness"],
        judgements=pd.DataFrame(
            [("Finance", "Openness", 4, "Rarely asked."), ("Tenants", "Efficiency", 8, "Quick.")],
            columns=["stakeholder", "dimension", "score", "rationale"],
        ),
        weights=pd.DataFrame(
            [("Finance", "Efficiency", 0.75), ("Finance", "Openness", 0.25)],
            columns=["stakeholder", "dimension", "weight"],
        ),
        methods={"Finance": ("pairwise", 0.04)},
    )


def test_retired_dimensions_and_methods_are_named_in_words():
    frames = in_words(frames_with_a_retired_dimension())
    assert frames.dimensions == ["Efficiency", "Openness (retired)"]
    assert frames.judgements["dimension"].tolist() == ["Openness (retired)", "Efficiency"]
    assert frames.weights["dimension"].tolist() == ["Efficiency", "Openness (retired)"]
    assert frames.methods == {"Finance": ("Pairwise comparison (Saaty 1 to 9)", 0.04)}


def test_downloads_are_plain_values_in_words():
    frames = frames_with_a_retired_dimension()
    weights_table = perspectives_table(frames, "weights")
    assert weights_table.headers == [
        "Stakeholder", "Efficiency (%)", "Openness (retired) (%)", "Method", "Consistency ratio",
    ]  # fmt: skip
    assert weights_table.rows == [
        ["Finance", 75.0, 25.0, "Pairwise comparison (Saaty 1 to 9)", 0.04],
        ["Tenants", None, None, "Not entered yet", None],
    ]
    assert perspectives_table(frames, "spread").rows == [
        ["Efficiency", 1, 8, 8, 0, 8.0, "No"],
        ["Openness (retired)", 1, 4, 4, 0, 4.0, "No"],
    ]
    with pytest.raises(ValueError, match="Unknown table"):
        perspectives_table(frames, "secrets")
