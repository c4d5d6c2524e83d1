"""Which recorded figures are aligned to a microsystem's periods.

Changing a microsystem's period granularity would misalign them, so the
profile form locks it while any exist. Demand is this app's own; apps that
build on it (valuation's measurements) register their check in
AppConfig.ready(), so this app need not import them.
"""

from collections.abc import Callable

from microsystems.models import DemandObservation, Microsystem

PeriodCheck = Callable[[Microsystem], bool]


def _has_demand(microsystem: Microsystem) -> bool:
    return DemandObservation.objects.filter(demand_type__microsystem=microsystem).exists()


_checks: dict[str, PeriodCheck] = {"demand": _has_demand}


def register_period_aligned(what: str, check: PeriodCheck) -> None:
    """`what` names the figures in the message, e.g. "measurements"."""
    _checks[what] = check


def period_aligned_figures(microsystem: Microsystem) -> list[str]:
    """The names of the kinds of figures recorded for this microsystem (one query each)."""
    return [what for what, check in _checks.items() if check(microsystem)]
