"""Demand as period data: its spec, the volume parser and the messages about its cells.

The pipeline (reading the file, checking rows, writing, the grid) is
microsystems.period_data; this module says what is demand's own: the
columns demand_type, period_start, volume, the demand types looked up by name,
and volumes as whole numbers from 0.

    demand_type,period_start,volume
    Book loans,2026-03-02,120
"""

import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from core.tabular_files import FILE_EMPTY as EMPTY_FILE
from microsystems.period_data.rows import CellProblem, shown
from microsystems.period_data.spec import PeriodDataSpec

# The largest value a PositiveIntegerField holds on every supported database.
MAX_VOLUME = 2_147_483_647

TYPE_MISSING = "the demand type is empty"
TYPE_UNKNOWN = (
    "“{value}” is not a demand type of this microsystem; check the spelling, or add the "
    "demand type first"
)
TYPE_AMBIGUOUS = (
    "“{value}” matches more than one demand type when capitals are ignored ({names}); "
    "rename one of them"
)
VOLUME_MISSING = "the volume is empty; enter a whole number, 0 or more"
VOLUME_NOT_A_NUMBER = "“{value}” is not a number; enter a whole number, 0 or more"
VOLUME_FRACTIONAL = "{value} is not a whole number; volumes are counts, such as 12"
VOLUME_NEGATIVE = "{value} is negative; volumes are 0 or more"
VOLUME_TOO_LARGE = "{value} is more than the largest volume allowed, {limit:,}"

_WHOLE = re.compile(r"[+-]?\d+(\.0*)?")
_DECIMAL = re.compile(r"[+-]?(\d+\.\d*|\.\d+)")
_GROUPED = re.compile(r"\d{1,3}([,\s]\d{3})+")


def parse_volume(value: Any, *, allow_grouping: bool = False) -> int:
    """A whole number from 0 to MAX_VOLUME from a cell (text, int or float), or CellProblem.

    `allow_grouping` accepts thousands separators ("1,234"), as people type
    them into the grid; files keep to plain digits so a CSV comma is never
    mistaken for one.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellProblem(VOLUME_MISSING)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CellProblem(VOLUME_NOT_A_NUMBER.format(value=shown(value)))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellProblem(VOLUME_NOT_A_NUMBER.format(value=shown(value)))
        if value < 0:
            raise CellProblem(VOLUME_NEGATIVE.format(value=shown(value)))
        if not value.is_integer():
            raise CellProblem(VOLUME_FRACTIONAL.format(value=shown(value)))
        value = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if allow_grouping and _GROUPED.fullmatch(text):
            text = re.sub(r"[,\s]", "", text)
        if _WHOLE.fullmatch(text):
            value = _whole_number(text)
        elif _DECIMAL.fullmatch(text):
            problem = VOLUME_NEGATIVE if text.startswith("-") else VOLUME_FRACTIONAL
            raise CellProblem(problem.format(value=shown(text)))
        else:
            raise CellProblem(VOLUME_NOT_A_NUMBER.format(value=shown(text)))
    if value < 0:
        raise CellProblem(VOLUME_NEGATIVE.format(value=shown(value)))
    if value > MAX_VOLUME:
        raise CellProblem(VOLUME_TOO_LARGE.format(value=shown(value), limit=MAX_VOLUME))
    return value


def _whole_number(text: str) -> int:
    """The value of a text _WHOLE matches ("12", "-3", "+7", "12.000"), or CellProblem if
    it has more digits than any volume.

    Counted before converting: int() refuses a text of more than 4,300 digits, and a
    float turns anything past 1e308 into infinity, which int() refuses too.
    """
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("+-").split(".", 1)[0]
    # Leading zeros, in any script's digits (\d matches them, and int() reads them).
    first = 0
    while first < len(digits) - 1 and unicodedata.decimal(digits[first]) == 0:
        first += 1
    digits = digits[first:]
    if len(digits) > len(str(MAX_VOLUME)):
        problem = VOLUME_NEGATIVE if sign else VOLUME_TOO_LARGE
        raise CellProblem(problem.format(value=shown(text), limit=MAX_VOLUME))
    return int(sign + digits)


def demand_type_lookup(types: Iterable[tuple[int, str]]) -> dict[str, int | tuple[str, ...]]:
    """Case-insensitive name -> demand type id; names that differ only in case map to all names.

    The database refuses names that differ only in capitals (SQL LOWER), but
    Python's casefold goes further (German ß matches ss), so two stored names
    can still fold to one; a file naming either is then ambiguous.
    """
    lookup: dict[str, int | tuple[str, ...]] = {}
    names: dict[str, list[str]] = {}
    for type_id, name in types:
        key = name.strip().casefold()
        names.setdefault(key, []).append(name)
        lookup[key] = type_id if len(names[key]) == 1 else tuple(sorted(names[key]))
    return lookup


DEMAND = PeriodDataSpec(
    kind="demand",
    key_column="demand_type",
    key_noun="demand type",
    value_column="volume",
    parse_value=parse_volume,
    value_text=str,
    value_cell=int,
    key_missing=TYPE_MISSING,
    key_unknown=TYPE_UNKNOWN,
    key_ambiguous=TYPE_AMBIGUOUS,
    sheet_title="Demand",
)
COLUMNS = DEMAND.columns
HEADERS_EXPECTED = DEMAND.headers_expected
HEADER_MISSING = DEMAND.header_missing
HEADER_UNEXPECTED = DEMAND.header_unexpected
NO_DATA_ROWS = DEMAND.no_data_rows
DUPLICATE_ROW = DEMAND.duplicate_row
FILE_EMPTY = EMPTY_FILE.format(headers=DEMAND.headers_text)
