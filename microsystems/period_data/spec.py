"""What one kind of period data is: its columns, its cell parsers and its messages."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

HEADERS_EXPECTED = "the first row must be the headers {headers}"
HEADER_MISSING = "the column “{column}” is missing; "
HEADER_UNEXPECTED = "“{value}” is not a column of this file; "
NO_DATA_ROWS = (
    "The file has headers but no data rows. Add one row per {key_noun} and period below the "
    "headers."
)
DUPLICATE_ROW = (
    "Row {{row}}, columns {{columns}}: “{{{key_column}}}” for {{period}} is also in row "
    "{{first_row}}; keep one row per {key_noun} and period."
)


@dataclass(frozen=True)
class PeriodDataSpec:
    """A kind of value recorded per key (a demand type, a measure) and period.

    The exchange file has the columns key_column, period_start, value_column
    and, when the kind has one, an optional note_column. Messages quote the
    key, so the file names it (a demand type's name, a measure's code).
    """

    kind: str  # in messages: "demand", "measurements"
    key_column: str  # "demand_type", "measure"
    key_noun: str  # "demand type", "measure": "one row per measure and period"
    value_column: str  # "volume", "value"
    # A cell (text, number, date...) -> the value as stored, or CellProblem.
    parse_value: Callable[[Any], Any]
    # The value as the exchange file writes it: text in a CSV, a cell in a workbook.
    value_text: Callable[[Any], str]
    value_cell: Callable[[Any], Any]
    key_missing: str
    key_unknown: str  # {value}
    key_ambiguous: str  # {value}, and the matching keys as {names} (alias {codes})
    sheet_title: str
    note_column: str | None = None
    parse_note: Callable[[Any], str] | None = None
    # How the headers are listed in messages, if not just the columns.
    headers_listed: str | None = None

    @property
    def required_columns(self) -> tuple[str, ...]:
        return (self.key_column, "period_start", self.value_column)

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.required_columns, *([self.note_column] if self.note_column else []))

    @property
    def headers_text(self) -> str:
        return self.headers_listed or ", ".join(self.columns)

    @property
    def headers_expected(self) -> str:
        return HEADERS_EXPECTED.format(headers=self.headers_text)

    @property
    def header_missing(self) -> str:
        return HEADER_MISSING + self.headers_expected

    @property
    def header_unexpected(self) -> str:
        return HEADER_UNEXPECTED + self.headers_expected

    @property
    def no_data_rows(self) -> str:
        return NO_DATA_ROWS.format(key_noun=self.key_noun)

    @property
    def duplicate_row(self) -> str:
        return DUPLICATE_ROW.format(key_column=self.key_column, key_noun=self.key_noun)
