"""Speed benchmarks, run by `make bench` (not part of the test suite).

Each module in this package defines `run() -> list[BenchResult]`. The runner
builds a fresh test database (SQLite by default, PostgreSQL with
DATABASE_URL), calls every module's `run()`, prints a table, and fails if a median's ratio
to its floor, measured in the same run, is over its limit (harness.py).
"""
