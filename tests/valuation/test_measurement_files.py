"""Tests for valuation.measurement_files: values, their text, and the file's rows (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from microsystems.period_data.rows import CellProblem
from valuation import measurement_files as files
from valuation.measurement_files import (
    MeasureChoice,
    decimal_text,
    measure_lookup,
    parse_value,
    validate_rows,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12.5", Decimal("12.5")),
        (" -3 ", Decimal("-3")),
        ("+0.25", Decimal("0.25")),
        (".5", Decimal("0.5")),
        ("7.", Decimal("7")),
        ("0.00004", Decimal("0")),  # kept to 4 decimal places, half up
        ("0.00005", Decimal("0.0001")),
        ("-0.00001", Decimal("0")),  # never a negative zero
        ("9999999999.9999", Decimal("9999999999.9999")),
        (4, Decimal("4")),
        (0.30000000000000004, Decimal("0.3")),  # Excel's float arithmetic
        (-1234567890.1234, Decimal("-1234567890.1234")),
    ],
)
def test_parse_value_accepts_decimals_and_negatives(cell, expected):
    value = parse_value(cell)
    assert value == expected
    assert value.as_tuple().exponent == -4  # as the database stores it


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("", files.VALUE_MISSING),
        (None, files.VALUE_MISSING),
        ("lots", files.VALUE_NOT_A_NUMBER.format(value="lots")),
        ("85%", files.VALUE_NOT_A_NUMBER.format(value="85%")),
        ("£12", files.VALUE_NOT_A_NUMBER.format(value="£12")),
        ("12,5", files.VALUE_NOT_A_NUMBER.format(value="12,5")),
        ("1,234", files.VALUE_NOT_A_NUMBER.format(value="1,234")),  # no grouping in files
        ("1e3", files.VALUE_NOT_A_NUMBER.format(value="1e3")),
        ("NaN", files.VALUE_NOT_A_NUMBER.format(value="NaN")),
        (float("inf"), files.VALUE_NOT_A_NUMBER.format(value="inf")),
        (True, files.VALUE_NOT_A_NUMBER.format(value="True")),
        ("10000000000", files.VALUE_TOO_LARGE.format(value="10000000000")),
        ("-99999999999.5", files.VALUE_TOO_LARGE.format(value="-99999999999.5")),
        ("9999999999.99995", files.VALUE_TOO_LARGE.format(value="9999999999.99995")),
        ("1" * 45, files.VALUE_TOO_LARGE.format(value="1" * 39 + "…")),  # cut short
    ],
)
def test_parse_value_refuses_what_is_not_a_storable_number(cell, problem):
    with pytest.raises(CellProblem) as refused:
        parse_value(cell)
    assert refused.value.problem == problem


def test_the_grid_accepts_thousands_separators():
    assert parse_value("1,234.5", allow_grouping=True) == Decimal("1234.5")
    assert parse_value("-12,345", allow_grouping=True) == Decimal("-12345")
    with pytest.raises(CellProblem):
        parse_value("12,34", allow_grouping=True)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12.5000"), "12.5"),
        (Decimal("-3.0000"), "-3"),
        (Decimal("0.0000"), "0"),
        (Decimal("-0.0000"), "0"),
        (Decimal("1E+3"), "1000"),
        (Decimal("0.0125"), "0.0125"),
        (None, ""),
    ],
)
def test_decimal_text_is_plain_digits(value, text):
    assert decimal_text(value) == text


SATISFIED = MeasureChoice(id=1, code="pct-satisfied", name="Users satisfied")
RETIRED = MeasureChoice(id=2, code="old", name="Old measure", refusal=files.MEASURE_RETIRED)


def check(rows, frozen=None):
    return validate_rows(
        [(1, ("measure", "period_start", "value", "note")), *rows],
        lookup=measure_lookup([SATISFIED, RETIRED]),
        granularity="month",
        frozen=frozen,
    )


def test_a_retired_measure_is_refused_unless_the_row_repeats_the_saved_value():
    saved = {(2, date(2026, 1, 1)): (Decimal("5"), "kept")}
    same = check([(2, ("old", "2026-01-01", "5.0", "kept"))], frozen=saved)
    assert not same.errors and same.values[(2, date(2026, 1, 1))].value == Decimal("5")
    changed = check([(2, ("OLD", "2026-01-01", "6", "kept"))], frozen=saved)
    assert changed.errors.messages == [
        files.CELL_MESSAGE.format(
            row=2,
            column="A (measure)",
            problem=files.MEASURE_RETIRED.format(value="OLD", name="Old measure"),
        )
    ]
    new_period = check([(2, ("old", "2026-02-01", "5", "kept"))], frozen=saved)
    assert new_period.errors.count == 1


def test_codes_that_fold_to_the_same_text_are_ambiguous():
    lookup = measure_lookup(
        [MeasureChoice(1, "Repairs", "A"), MeasureChoice(2, "repairs", "B"), SATISFIED]
    )
    assert lookup["repairs"] == ("Repairs", "repairs")
    assert lookup["pct-satisfied"] == SATISFIED


def test_the_note_column_is_optional():
    result = validate_rows(
        [(1, ("Value", "Measure", "Period_Start")), (2, ("1", "pct-satisfied", "2026-01-01"))],
        lookup=measure_lookup([SATISFIED]),
        granularity="month",
    )
    assert not result.errors and not result.has_note_column
    assert result.values == {(1, date(2026, 1, 1)): files.RowValue(Decimal("1"), None, 2)}
