"""Freeze, once, every approved assessment that has no record yet.

Assessments approved before approved records were kept are otherwise frozen on
their first view, from the data as it stands then; the longer that waits, the
more today's data may have drifted from what was approved. Run this once after
deploying to freeze them all now. Safe to run again: what has a record is left
alone.
"""

from django.core.management.base import BaseCommand

from valuation.services.records import approved_without_record, record_freeze_if_missing


def describe(assessment) -> str:
    return f"{assessment.microsystem.name}, {assessment.period_label} (assessment {assessment.pk})"


class Command(BaseCommand):
    help = (
        "Store the record of every approved assessment that has none yet (approved before "
        "records were kept), from today's data. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be frozen; store nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        missing = approved_without_record()
        if not missing:
            self.stdout.write("Every approved assessment already has its record: nothing to do.")
            return
        if dry_run:
            for assessment in missing:
                self.stdout.write(f"Would freeze {describe(assessment)}.")
            self.stdout.write(f"{len(missing)} to freeze; nothing stored (--dry-run).")
            return
        frozen = 0
        for assessment in missing:
            # One transaction each, under the assessment's row lock: a first view at
            # the same moment freezes it once, whichever comes first.
            record, made = record_freeze_if_missing(assessment=assessment)
            if made:
                frozen += 1
                self.stdout.write(f"Froze {describe(assessment)} as version {record.version}.")
            else:
                self.stdout.write(f"Skipped {describe(assessment)}: frozen meanwhile.")
        self.stdout.write(
            self.style.SUCCESS(f"Froze {frozen} approved assessment{'s' if frozen != 1 else ''}.")
        )
