"""Pieces every page report uses: chart fragments and formatted data tables."""

from dataclasses import dataclass

import pandas as pd

from microsystems.formatting import volume

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


def figure_html(figure) -> str:
    """A chart fragment; plotly.js itself is loaded once by the page from static/."""
    return figure.to_html(full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG)


def _cell(value) -> str:
    """Display text: thousands separators, a dash for "not recorded", Yes/No."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value is None or isinstance(value, int | float):
        return volume(value)
    return str(value)


@dataclass
class TableView:
    """A data table for a template: headers and rows already formatted as text."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    csv_name: str = ""

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        caption: str,
        headers: dict[str, str] | None = None,
        csv_name: str = "",
    ) -> "TableView":
        """`headers` maps column names to the labels people read."""
        labels = [(headers or {}).get(str(column), str(column)) for column in frame.columns]
        rows = [[_cell(value) for value in record] for record in frame.itertuples(index=False)]
        return cls(caption=caption, headers=labels, rows=rows, csv_name=csv_name)
