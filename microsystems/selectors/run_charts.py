"""Series for the demand run charts: one query each, whatever the history length."""

import pandas as pd
from django.db.models import Sum

from microsystems.analysis.demand import period_timestamps
from microsystems.models import DemandObservation, Microsystem


def demand_type_rows(microsystem: Microsystem) -> list[dict]:
    """The unit's demand types (id, name, nature, unit), by name (one query)."""
    return list(microsystem.demand_types.order_by("name").values("id", "name", "nature", "unit"))


def demand_series(microsystem: Microsystem, demand_type_id: int | None) -> pd.Series:
    """Volume per period of one demand type, or of all of them added up (one query).

    A period with no figure for any type is missing, not zero; in the total, a
    period counts the types recorded for it.
    """
    observations = DemandObservation.objects.filter(demand_type__microsystem=microsystem)
    if demand_type_id is not None:
        observations = observations.filter(demand_type_id=demand_type_id)
    rows = list(
        observations.values("period_start")
        .annotate(volume=Sum("volume"))
        .order_by("period_start")
        .values_list("period_start", "volume")
    )
    frame = pd.DataFrame.from_records(rows, columns=["period_start", "volume"])
    index = pd.DatetimeIndex(period_timestamps(frame["period_start"]), name="period_start")
    series = pd.Series(frame["volume"].astype(float).to_numpy(), index=index, name="volume")
    return series[series.index.notna()]
