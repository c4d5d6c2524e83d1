"""What the measurement upload page says: the help for each column, an example file and
the codes of the measures the microsystem records."""

from datetime import date
from decimal import Decimal

from django.utils.html import format_html

from microsystems.models import Microsystem
from microsystems.periods import VALID_START_HINTS, recent_periods
from microsystems.reports.period_upload import KeyList, UploadWords
from valuation.measurement_files import decimal_text
from valuation.models import Measure

NO_MEASURES = (
    "None yet: an administrator configures the measures and chooses which microsystems record them."
)


def upload_example(measures: list[Measure], granularity: str, today: date) -> dict:
    """An example file for the help text, using this microsystem's own codes and periods."""
    examples = [(measure.code, measure.baseline) for measure in measures[:2]] or [
        ("days-to-repair", Decimal("14"))
    ]
    starts = recent_periods(granularity, 2, ending=today)
    rows = []
    for code, baseline in examples:
        base = baseline if baseline is not None else Decimal(10)
        for offset, start in enumerate(starts):
            note = "" if rows else "Estimated: the survey closed early"
            rows.append((code, start.isoformat(), decimal_text(base + offset), note))
    return {"rows": rows, "hint": VALID_START_HINTS[granularity]}


def _key_help(microsystem: Microsystem) -> str:
    return (
        "the code of one of the measures this microsystem records (listed below; capitals do "
        "not matter)."
    )


def _measure_codes(microsystem: Microsystem, measures: list[Measure]) -> KeyList:
    return KeyList(
        heading=f"Codes of the measures {microsystem.name} records",
        entries=[
            format_html(
                "<code>{}</code>: {}{}",
                measure.code,
                measure.name,
                f" ({measure.unit})" if measure.unit else "",
            )
            for measure in measures
        ],
        empty=NO_MEASURES,
    )


MEASUREMENT_UPLOAD_WORDS = UploadWords(
    heading="Upload measurements",
    values="values",
    key_heading="Measure",
    key_help=_key_help,
    value_help=(
        "a number, with a full stop for decimals and no units or % sign; it may be negative. "
        "Values are kept to 4 decimal places."
    ),
    note_help=(
        "up to 300 characters, such as why a value is estimated. Without this column, notes "
        "already saved are kept."
    ),
    example=upload_example,
    key_as_code=True,
    key_list=_measure_codes,
)
