"""Plain DataFrames of a microsystem's demand and staff, for the pure analysis.

Three queries whatever the history length: demand types, observations, staff.
"""

import numpy as np
import pandas as pd

from microsystems.analysis.demand import period_timestamps
from microsystems.models import DemandObservation, Microsystem

DEMAND_TYPE_COLUMNS = ["demand_type_id", "name", "nature", "handling_minutes", "unit"]
OBSERVATION_COLUMNS = ["demand_type_id", "period_start", "volume"]
STAFF_COLUMNS = ["title", "fte", "hours_per_fte", "skills", "new_uses"]


def demand_types_frame(microsystem: Microsystem) -> pd.DataFrame:
    rows = microsystem.demand_types.order_by("nature", "name").values_list(
        "id", "name", "nature", "handling_minutes", "unit"
    )
    frame = _frame(list(rows), DEMAND_TYPE_COLUMNS)
    frame["handling_minutes"] = frame["handling_minutes"].astype(float)
    return frame


def observations_frame(microsystem: Microsystem) -> pd.DataFrame:
    rows = DemandObservation.objects.filter(demand_type__microsystem=microsystem).values_list(
        "demand_type_id", "period_start", "volume"
    )
    rows = list(rows)
    if not rows:
        frame = _frame(rows, OBSERVATION_COLUMNS)
        frame["period_start"] = period_timestamps(frame["period_start"])
        frame["volume"] = frame["volume"].astype(float)
        return frame
    # Each column as the array it ends as, taken from the rows one by one (zip(*rows)
    # over thousands of rows was slower): a frame built from lists would first infer
    # a type for thousands of dates. Together a third of this read, after every save.
    starts = np.array([row[1] for row in rows], dtype=object)
    return pd.DataFrame(
        {
            "demand_type_id": np.array([row[0] for row in rows], dtype=np.int64),
            # NaT for a date outside the window, which pd.to_datetime would fail on.
            "period_start": period_timestamps(pd.Series(starts, name="period_start")),
            "volume": np.array([row[2] for row in rows], dtype=float),
        }
    )


def staff_frame(microsystem: Microsystem) -> pd.DataFrame:
    """Capacity (FTE, hours) and abilities (skills, new ways to use them) per role."""
    rows = microsystem.staff_roles.order_by("title").values_list(*STAFF_COLUMNS)
    frame = _frame(list(rows), STAFF_COLUMNS)
    return frame.astype({"fte": float, "hours_per_fte": float})


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """The rows as a frame, built column by column (DataFrame.from_records' frame,
    the same columns and types, at a fraction of its cost after every save)."""
    if not rows:
        return pd.DataFrame.from_records(rows, columns=columns)
    return pd.DataFrame(dict(zip(columns, map(list, zip(*rows, strict=True)), strict=True)))
