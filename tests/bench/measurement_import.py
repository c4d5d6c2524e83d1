"""Importing 100,000 rows of measurements: 100 measures x 1,000 weekly periods.

Builds the CSV in memory (decimal values, some negative, a note on every tenth
row), then times services.measurements.measurement_import twice over:
- into an empty microsystem (measurements deleted, untimed, before each run),
  so every run inserts all 100,000 rows;
- with "Replace existing values" over a full microsystem whose every value
  differs, so every run deletes and re-inserts all 100,000 rows.
"""

import csv
import io
import itertools
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from microsystems.models import Microsystem
from microsystems.period_data.writes import delete_rows
from tests.bench.harness import BenchResult, bare_insert_ms, bench_microsystem, median_ms
from valuation.measurement_files import COLUMNS
from valuation.models import Measure, Measurement, ValueDimension
from valuation.services.measurements import measurement_import

MEASURES = 100
WEEKS = 1_000
# Limits on the ratio to a bare INSERT of the same rows (tests/bench/harness.py).
NEW_ROWS_LIMIT = 12
REPLACING_LIMIT = 20
RUNS = 3
FIRST_MONDAY = date(2007, 1, 1)


def build_microsystem():
    microsystem, lead = bench_microsystem("Bench measurement unit", granularity="week")
    dimensions = list(ValueDimension.objects.all())
    Measure.objects.bulk_create(
        Measure(
            name=f"Bench measure {number:03d}",
            code=f"bench-measure-{number:03d}",
            dimension=dimensions[number % len(dimensions)],
            baseline=0,
            target=100,
        )
        for number in range(MEASURES)
    )
    return microsystem, lead


def build_csv(offset: int = 0) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for number in range(MEASURES):
        for week in range(WEEKS):
            period_start = FIRST_MONDAY + timedelta(weeks=week)
            value = f"{(number * 37 + week * 11 + offset) % 2000 / 8 - 50:.3f}"
            note = f"Note {week}" if week % 10 == 0 else ""
            writer.writerow((f"bench-measure-{number:03d}", period_start.isoformat(), value, note))
    return buffer.getvalue().encode("utf-8")


def import_rows(microsystem: Microsystem, lead, content: bytes, *, replace: bool) -> int:
    upload = SimpleUploadedFile("bench.csv", content, content_type="text/csv")
    result = measurement_import(
        microsystem=microsystem, uploaded_file=upload, replace=replace, user=lead
    )
    return result.created + result.replaced


def run() -> list[BenchResult]:
    microsystem, lead = build_microsystem()
    rows = MEASURES * WEEKS
    contents = [build_csv(offset) for offset in range(2)]
    measurements = Measurement.objects.filter(microsystem=microsystem)
    measure_ids = dict(Measure.objects.values_list("code", "pk"))
    floor_ms = bare_insert_ms(
        Measurement._meta.db_table,
        ["microsystem_id", "measure_id", "period_start", "value", "note", "recorded_by_id",
         "recorded_at"],
        [
            (microsystem.pk, measure_ids[code], day, value, note, lead.pk, "2026-01-01 00:00:00")
            for code, day, value, note in csv.reader(io.StringIO(contents[0].decode()))
            if code in measure_ids
        ],
        runs=RUNS,
    )  # fmt: skip

    def empty() -> None:
        pks = list(measurements.values_list("pk", flat=True))
        delete_rows(Measurement, pks, microsystem_id=microsystem.pk)

    def insert() -> None:
        written = import_rows(microsystem, lead, contents[0], replace=False)
        assert written == rows, written

    files = itertools.count(1)

    def replace() -> None:
        # Alternate files so that every value differs from the saved one.
        written = import_rows(microsystem, lead, contents[next(files) % 2], replace=True)
        assert written == rows, written

    insert_ms = median_ms(insert, runs=RUNS, warmup=0, before_each=empty)
    replace_ms = median_ms(replace, runs=RUNS, warmup=0)
    assert measurements.count() == rows
    assert not measurements.filter(recorded_by__isnull=True).exists()

    details = {"file_mb": f"{len(contents[0]) / 2**20:.1f}"}
    return [
        BenchResult(
            name=f"measurement import: {rows:,} new CSV rows",
            median_ms=insert_ms,
            floor_ms=floor_ms,
            floor_name="bare INSERT",
            limit=NEW_ROWS_LIMIT,
            runs=RUNS,
            details=details,
        ),
        BenchResult(
            name=f"measurement import: {rows:,} CSV rows replacing saved values",
            median_ms=replace_ms,
            floor_ms=floor_ms,
            floor_name="bare INSERT",
            limit=REPLACING_LIMIT,
            runs=RUNS,
            details=details,
        ),
    ]
