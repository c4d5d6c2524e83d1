"""Importing 100,000 rows of demand: 100 demand types x 1,000 weekly periods.

Builds the CSV in memory, then times services.demand_import twice over:
- into an empty microsystem (observations deleted, untimed, before each run),
  so every run inserts all 100,000 rows;
- with "Replace existing values" over a full microsystem whose every value
  differs, so every run deletes and re-inserts all 100,000 rows.
"""

import csv
import io
import itertools
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from microsystems.demand_rows import COLUMNS
from microsystems.models import DemandObservation, DemandType, Microsystem
from microsystems.period_data.writes import delete_rows
from microsystems.services.demand_import import demand_import
from tests.bench.harness import BenchResult, bare_insert_ms, bench_microsystem, median_ms

DEMAND_TYPES = 100
WEEKS = 1_000
# Limits on the ratio to a bare INSERT of the same rows (tests/bench/harness.py).
NEW_ROWS_LIMIT = 12
REPLACING_LIMIT = 20
RUNS = 3
FIRST_MONDAY = date(2007, 1, 1)


def build_microsystem() -> Microsystem:
    microsystem, _ = bench_microsystem("Bench import unit", granularity="week")
    DemandType.objects.bulk_create(
        DemandType(microsystem=microsystem, name=f"Demand {number:03d}")
        for number in range(DEMAND_TYPES)
    )
    return microsystem


def build_csv(offset: int = 0) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for number in range(DEMAND_TYPES):
        for week in range(WEEKS):
            period_start = FIRST_MONDAY + timedelta(weeks=week)
            volume = number + week + offset
            writer.writerow((f"Demand {number:03d}", period_start.isoformat(), volume))
    return buffer.getvalue().encode("utf-8")


def import_rows(microsystem: Microsystem, content: bytes, *, replace: bool) -> int:
    upload = SimpleUploadedFile("bench.csv", content, content_type="text/csv")
    result = demand_import(microsystem=microsystem, uploaded_file=upload, replace=replace)
    return result.created + result.replaced


def run() -> list[BenchResult]:
    microsystem = build_microsystem()
    rows = DEMAND_TYPES * WEEKS
    contents = [build_csv(offset) for offset in range(2)]
    observations = DemandObservation.objects.filter(demand_type__microsystem=microsystem)
    type_ids = dict(DemandType.objects.filter(microsystem=microsystem).values_list("name", "pk"))
    bare_rows = [
        (type_ids[f"Demand {number:03d}"], FIRST_MONDAY + timedelta(weeks=week), number + week)
        for number in range(DEMAND_TYPES)
        for week in range(WEEKS)
    ]
    floor_ms = bare_insert_ms(
        DemandObservation._meta.db_table,
        ["demand_type_id", "period_start", "volume"],
        [(type_id, day.isoformat(), volume) for type_id, day, volume in bare_rows],
        runs=RUNS,
    )

    def empty() -> None:
        pks = list(observations.values_list("pk", flat=True))
        delete_rows(DemandObservation, pks, microsystem_id=microsystem.pk)

    def insert() -> None:
        written = import_rows(microsystem, contents[0], replace=False)
        assert written == rows, written

    files = itertools.count(1)

    def replace() -> None:
        # Alternate files so that every value differs from the saved one.
        written = import_rows(microsystem, contents[next(files) % 2], replace=True)
        assert written == rows, written

    insert_ms = median_ms(insert, runs=RUNS, warmup=0, before_each=empty)
    replace_ms = median_ms(replace, runs=RUNS, warmup=0)
    assert observations.count() == rows

    details = {"file_mb": f"{len(contents[0]) / 2**20:.1f}"}
    return [
        BenchResult(
            name=f"demand import: {rows:,} new CSV rows",
            median_ms=insert_ms,
            floor_ms=floor_ms,
            floor_name="bare INSERT",
            limit=NEW_ROWS_LIMIT,
            runs=RUNS,
            details=details,
        ),
        BenchResult(
            name=f"demand import: {rows:,} CSV rows replacing saved values",
            median_ms=replace_ms,
            floor_ms=floor_ms,
            floor_name="bare INSERT",
            limit=REPLACING_LIMIT,
            runs=RUNS,
            details=details,
        ),
    ]
