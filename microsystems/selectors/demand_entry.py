"""Reads for the demand entry pages, each one query whatever the number of rows."""

from datetime import date

from microsystems.models import DemandObservation, DemandType, Microsystem


def demand_types_for_entry(microsystem: Microsystem) -> list[DemandType]:
    """The grid's rows, in name order (one query)."""
    return list(DemandType.objects.filter(microsystem=microsystem).only("id", "name", "unit"))


def demand_grid_values(
    microsystem: Microsystem, period_starts: list[date]
) -> dict[tuple[int, date], int]:
    """(demand_type_id, period_start) -> volume for the grid's periods (one query)."""
    if not period_starts:
        return {}
    rows = DemandObservation.objects.filter(
        demand_type__microsystem=microsystem,
        period_start__range=(min(period_starts), max(period_starts)),
    ).values_list("demand_type_id", "period_start", "volume")
    return {(type_id, period_start): volume for type_id, period_start, volume in rows}


def demand_export_rows(microsystem: Microsystem) -> list[tuple[str, date, int]]:
    """Every observation as (demand type name, period start, volume), for downloads (one query).

    Ordered by name then date, so a file downloaded, edited and uploaded again
    keeps its order and reads like the grid.
    """
    return list(
        DemandObservation.objects.filter(demand_type__microsystem=microsystem)
        .order_by("demand_type__name", "period_start")
        .values_list("demand_type__name", "period_start", "volume")
    )
