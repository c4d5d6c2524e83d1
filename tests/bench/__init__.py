"""Speed benchmarks, run by `make bench` (not part of the test suite).

Each module in this package defines `run() -> list[BenchResult]`. The runner
builds a fresh test database (SQLite by default, PostgreSQL with
DATABASE_URL), calls every module's `run()` and fails if a median misses its
target.
"""
