"""Timing helpers shared by the benchmark modules."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class BenchResult:
    name: str
    median_ms: float
    target_ms: float
    runs: int
    details: dict = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.median_ms <= self.target_ms

    def line(self) -> str:
        verdict = "ok  " if self.passed else "SLOW"
        extra = ", ".join(f"{key}={value}" for key, value in self.details.items())
        return (
            f"{verdict} {self.name}: median {self.median_ms:,.1f} ms "
            f"(target {self.target_ms:,.0f} ms, {self.runs} runs){'; ' + extra if extra else ''}"
        )


def median_ms(function: Callable[[], object], *, runs: int, warmup: int = 1) -> float:
    """Median wall time of `function` in milliseconds, after `warmup` untimed calls."""
    for _ in range(warmup):
        function()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def query_count(function: Callable[[], object]) -> int:
    """How many SQL statements `function` runs.

    A wrapper counts whatever DEBUG says; CaptureQueriesContext reads a log that
    the request_started signal clears in the middle of a test-client request.
    """
    from django.db import connection

    count = 0

    def count_query(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_query):
        function()
    return count


def bench_microsystem(name: str, *, granularity: str = "month"):
    """A microsystem in an organisation of its own, and a team leader who leads it."""
    from django.contrib.auth import get_user_model
    from django.utils.text import slugify

    from microsystems.models import Membership, Microsystem, Organisation

    slug = slugify(name)
    organisation = Organisation.objects.create(name=f"{name} organisation", slug=f"{slug}-org")
    microsystem = Microsystem.objects.create(
        organisation=organisation,
        name=name,
        slug=slug,
        purpose="Benchmark.",
        public_value_goal="Fast pages for busy people.",
        period_granularity=granularity,
    )
    lead = get_user_model().objects.create_user(username=f"{slug}-lead", password="unused")
    Membership.objects.create(user=lead, microsystem=microsystem, role=Membership.Role.LEAD)
    return microsystem, lead
