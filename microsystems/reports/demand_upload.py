"""What the demand upload page says: the help for each column and an example file."""

from datetime import date

from django.urls import reverse
from django.utils.html import format_html

from microsystems.models import DemandType, Microsystem
from microsystems.periods import VALID_START_HINTS, recent_periods
from microsystems.reports.period_upload import UploadWords


def _key_help(microsystem: Microsystem) -> str:
    return format_html(
        "the name of one of this microsystem's demand types (capitals do not matter). "
        '<a href="{}">See or add demand types</a>.',
        reverse("microsystems:demand_types", args=[microsystem.slug]),
    )


def upload_example(demand_types: list[DemandType], granularity: str, today: date) -> dict:
    """An example file for the help text, using this microsystem's own names and periods."""
    names = [demand_type.name for demand_type in demand_types[:2]] or ["Enquiries"]
    starts = recent_periods(granularity, 2, ending=today)
    return {
        "rows": [
            (name, start.isoformat(), 10 * (index + 1) + offset)
            for index, name in enumerate(names)
            for offset, start in enumerate(starts)
        ],
        "hint": VALID_START_HINTS[granularity],
    }


DEMAND_UPLOAD_WORDS = UploadWords(
    heading="Upload demand",
    values="figures",
    key_heading="Demand type",
    key_help=_key_help,
    value_help="a whole number, 0 or more.",
    example=upload_example,
)
