"""Timing helpers shared by the benchmark modules.

Absolute times on one machine vary by tens of percent from day to day, so a
benchmark is judged by its ratio to a floor measured in the same run: for a
page, the trivial signed-in page (home) as the same user; for an import, a
bare multi-row INSERT of the same rows. Each page also prints its ratio to the
bare SQL that fetches its data (the SELECTs the page ran, executed again
through a plain cursor), which says how much of its time is Python.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# A repeat view (its report cached) within this many times the trivial page.
REPEAT_VIEW_LIMIT = 3.0


@dataclass
class BenchResult:
    name: str
    median_ms: float
    floor_ms: float
    floor_name: str
    limit: float  # the most median_ms / floor_ms may be
    runs: int
    sql_ms: float | None = None
    details: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.median_ms / self.floor_ms

    @property
    def passed(self) -> bool:
        return self.ratio <= self.limit

    def line(self) -> str:
        verdict = "ok  " if self.passed else "SLOW"
        sql = (
            f", {self.median_ms / self.sql_ms:,.1f}x its SQL ({self.sql_ms:,.2f} ms)"
            if self.sql_ms
            else ""
        )
        extra = ", ".join(f"{key}={value}" for key, value in self.details.items())
        return (
            f"{verdict} {self.name}: median {self.median_ms:,.1f} ms = {self.ratio:,.2f}x "
            f"{self.floor_name} ({self.floor_ms:,.1f} ms; limit {self.limit:g}x){sql}, "
            f"{self.runs} runs{'; ' + extra if extra else ''}"
        )


def table(results: list[BenchResult]) -> str:
    """The results as a fixed-width table, one row per benchmark."""
    headers = ("benchmark", "median ms", "floor", "floor ms", "ratio", "limit", "x SQL", "")
    rows = [
        (
            result.name,
            f"{result.median_ms:,.1f}",
            result.floor_name,
            f"{result.floor_ms:,.1f}",
            f"{result.ratio:,.2f}",
            f"{result.limit:g}",
            f"{result.median_ms / result.sql_ms:,.1f}" if result.sql_ms else "",
            "ok" if result.passed else "SLOW",
        )
        for result in results
    ]
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells) -> str:
        return "  ".join(
            str(cell).ljust(width) if i in (0, 2) else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def elapsed_ms(
    function: Callable[[], object], *, clock: Callable[[], float] = time.perf_counter
) -> float:
    """Milliseconds `function` takes by `clock`: wall time, or time.process_time for the
    CPU time of this process alone."""
    started = clock()
    function()
    return (clock() - started) * 1000


def timings_ms(
    function: Callable[[], object],
    *,
    runs: int,
    warmup: int = 1,
    before_each: Callable[[], object] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> list[float]:
    """Milliseconds of each of `runs` calls of `function`, after `warmup` untimed calls.

    `before_each` runs untimed before every call (emptying the cache for a first view,
    or the table for an import).
    """
    timings = []
    for number in range(warmup + runs):
        if before_each:
            before_each()
        if number < warmup:
            function()
        else:
            timings.append(elapsed_ms(function, clock=clock))
    return timings


def median_ms(
    function: Callable[[], object],
    *,
    runs: int,
    warmup: int = 1,
    before_each: Callable[[], object] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Median of timings_ms: the one timing loop of the benchmarks."""
    return statistics.median(
        timings_ms(function, runs=runs, warmup=warmup, before_each=before_each, clock=clock)
    )


def interleaved_medians(
    functions: list[tuple[Callable[[], object], Callable[[], object] | None]],
    *,
    runs: int,
    warmup: int = 1,
    clock: Callable[[], float] = time.perf_counter,
) -> list[float]:
    """Median milliseconds of each (function, untimed before_each), called in turn."""
    timings: list[list[float]] = [[] for _ in functions]
    for number in range(warmup + runs):
        for index, (function, before_each) in enumerate(functions):
            if before_each:
                before_each()
            took = elapsed_ms(function, clock=clock)
            if number >= warmup:
                timings[index].append(took)
    return [statistics.median(times) for times in timings]


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


def selects_of(function: Callable[[], object]) -> list[tuple[str, object]]:
    """The SELECT statements (with their parameters) `function` runs."""
    from django.db import connection

    statements = []

    def capture(execute, sql, params, many, context):
        if sql.lstrip()[:6].upper() == "SELECT":
            statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        function()
    return statements


def run_statements(statements: list[tuple[str, object]]) -> None:
    """Execute each statement through a plain cursor and fetch every row."""
    from django.db import connection

    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


def bench_pages(
    client,
    pages: dict[str, tuple[str, float]],
    *,
    runs: int = 15,
    warmup: int = 2,
) -> list[BenchResult]:
    """Time each page's first view (cache emptied) and repeat view as `client`'s user.

    `pages` maps a page's name to (url, limit on its first view's ratio to home).
    The floor, home as the same user, is timed afresh beside each page, so a
    slower minute of the machine moves both.
    """
    from django.core.cache import cache
    from django.urls import reverse

    home_url = reverse("microsystems:home")

    def get(url: str) -> Callable[[], None]:
        def fetch() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fetch

    results = []
    for name, (url, first_limit) in pages.items():
        cache.clear()
        statements = selects_of(get(url))
        sql_ms = median_ms(lambda statements=statements: run_statements(statements), runs=runs)
        cache.clear()
        first_queries = query_count(get(url))
        repeat_queries = query_count(get(url))
        # Home, a first view and a repeat view in turn, so that a busier moment
        # of the machine slows the floor as much as the page.
        home_ms, first_ms, repeat_ms = interleaved_medians(
            [(get(home_url), None), (get(url), cache.clear), (get(url), None)],
            runs=runs,
            warmup=warmup,
        )
        results += [
            BenchResult(
                name=f"{name}: first view",
                median_ms=first_ms,
                floor_ms=home_ms,
                floor_name="home",
                limit=first_limit,
                runs=runs,
                sql_ms=sql_ms,
                details={"queries": first_queries},
            ),
            BenchResult(
                name=f"{name}: repeat view",
                median_ms=repeat_ms,
                floor_ms=home_ms,
                floor_name="home",
                limit=REPEAT_VIEW_LIMIT,
                runs=runs,
                sql_ms=sql_ms,
                details={"queries": repeat_queries},
            ),
        ]
    return results


def pin_queries(result: BenchResult, pinned: int) -> BenchResult:
    """Fail `result` when its page ran other than `pinned` queries (a count that grows
    with the data), as tests/test_query_counts.py would."""
    result.details["pinned"] = pinned
    if result.details["queries"] != pinned:
        result.limit = 0
    return result


def under_target(result: BenchResult, target_ms: float) -> BenchResult:
    """`result`'s median judged against an absolute target (the issue's figure), beside
    its ratio to the floor: a second line for the same timings."""
    return BenchResult(
        name=f"{result.name}: under {target_ms:g} ms",
        median_ms=result.median_ms,
        floor_ms=target_ms,
        floor_name="target",
        limit=1.0,
        runs=result.runs,
        sql_ms=result.sql_ms,
        details={"queries": result.details["queries"]},
    )


# Issue #15: a recomputation slower than this, in CPU, goes to the task queue.
DRAFT_REPORT_BUDGET_MS = 500.0


def draft_report_cpu(assessment, name: str, *, runs: int = 5) -> BenchResult:
    """The CPU time of a draft assessment's report from today's data, as its page works
    it out on a cache miss (the engine's inputs read, the engine run, the report built),
    against DRAFT_REPORT_BUDGET_MS. CPU of this process: on PostgreSQL the server's
    share of the reads is not in it, on SQLite it is."""
    from valuation.reports.account import assessment_report
    from valuation.selectors.records import live_source

    def work_out() -> None:
        assessment_report(assessment, live_source(assessment))

    cpu = median_ms(work_out, runs=runs, clock=time.process_time)
    wall = median_ms(work_out, runs=runs)
    return BenchResult(
        name=f"draft report ({name}): CPU",
        median_ms=cpu,
        floor_ms=DRAFT_REPORT_BUDGET_MS,
        floor_name="budget",
        limit=1.0,
        runs=runs,
        details={"wall_ms": f"{wall:,.1f}", "queries": query_count(work_out)},
    )


def bare_insert_ms(table: str, columns: list[str], rows: list[tuple], *, runs: int) -> float:
    """Median time of the floor for an import: the same rows put in with a plain
    multi-row INSERT (no parsing, no checks), deleted again untimed after each run."""
    from django.db import connection, transaction

    quoted = connection.ops.quote_name
    column_list = ", ".join(quoted(column) for column in columns)
    per_statement = min(2_000, (connection.features.max_query_params or 65_535) // len(columns))
    row_placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    timings = []
    for _ in range(runs):
        with transaction.atomic():
            with connection.cursor() as cursor:
                started = time.perf_counter()
                for start in range(0, len(rows), per_statement):
                    chunk = rows[start : start + per_statement]
                    cursor.execute(
                        f"INSERT INTO {quoted(table)} ({column_list}) VALUES "
                        + ", ".join([row_placeholder] * len(chunk)),
                        [value for row in chunk for value in row],
                    )
                timings.append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)
    return statistics.median(timings)


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
