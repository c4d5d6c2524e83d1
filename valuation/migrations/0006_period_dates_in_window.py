"""Keep measurement periods and assessment dates in the window of microsystems.periods
(1900-01-01 to 2199-12-31), with CHECK constraints.

The database would refuse the constraints while rows outside the window remain, so
first:
- measurements dated outside it are deleted: no assessment (all of which now lie in
  the window) can ever count them;
- an assessment's dates are moved to the nearest day inside it. A period partly
  outside only shrinks, so it cannot come to overlap another; one wholly outside
  becomes the window's first or last day, and if that day is taken the migration
  stops and names the assessment, to be given other dates before migrating again.

SQLite adds a constraint by rebuilding the table, which drops the overlap triggers
of 0003 on valuation_assessment; they are re-created at the end, as 0005 does.
"""

import datetime
import importlib

import microsystems.models
from django.conf import settings
from django.db import migrations, models

FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2199, 12, 31)

no_overlap = importlib.import_module("valuation.migrations.0003_assessment_no_overlap")


def _into_window(day):
    return min(max(day, FIRST_DAY), LAST_DAY)


def move_dates_into_window(apps, schema_editor):
    Measurement = apps.get_model("valuation", "Measurement")
    Assessment = apps.get_model("valuation", "Assessment")
    Measurement.objects.exclude(period_start__range=(FIRST_DAY, LAST_DAY)).delete()
    outside = Assessment.objects.exclude(
        start_date__range=(FIRST_DAY, LAST_DAY), end_date__range=(FIRST_DAY, LAST_DAY)
    )
    for assessment in outside:
        start, end = _into_window(assessment.start_date), _into_window(assessment.end_date)
        taken = Assessment.objects.filter(
            microsystem_id=assessment.microsystem_id, start_date__lte=end, end_date__gte=start
        ).exclude(pk=assessment.pk)
        if taken.exists():
            raise RuntimeError(
                f"Assessment {assessment.pk} ({assessment.period_label}) runs from "
                f"{assessment.start_date} to {assessment.end_date}, outside {FIRST_DAY} to "
                f"{LAST_DAY}, and moving it inside would overlap another assessment of the "
                "same microsystem. Give it dates inside that window, then migrate again."
            )
        assessment.start_date, assessment.end_date = start, end
        assessment.save(update_fields=["start_date", "end_date"])


def restore_sqlite_overlap_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [*no_overlap.SQLITE_BACKWARD, *no_overlap.SQLITE_FORWARD]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('microsystems', '0005_period_dates_in_window'),
        ('valuation', '0005_restore_sqlite_overlap_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='assessment',
            name='end_date',
            field=models.DateField(validators=[microsystems.models.within_period_window]),
        ),
        migrations.AlterField(
            model_name='assessment',
            name='start_date',
            field=models.DateField(validators=[microsystems.models.within_period_window]),
        ),
        migrations.AlterField(
            model_name='measurement',
            name='period_start',
            field=models.DateField(validators=[microsystems.models.within_period_window]),
        ),
        migrations.RunPython(move_dates_into_window, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__range', (datetime.date(1900, 1, 1), datetime.date(2199, 12, 31))), ('start_date__range', (datetime.date(1900, 1, 1), datetime.date(2199, 12, 31)))), name='valuation_assessment_dates_in_window', violation_error_message='Use dates from 1900-01-01 to 2199-12-31.'),
        ),
        migrations.AddConstraint(
            model_name='measurement',
            constraint=models.CheckConstraint(condition=models.Q(('period_start__range', (datetime.date(1900, 1, 1), datetime.date(2199, 12, 31)))), name='valuation_measurement_period_start_in_window', violation_error_message='Use dates from 1900-01-01 to 2199-12-31.'),
        ),
        migrations.RunPython(restore_sqlite_overlap_triggers, migrations.RunPython.noop),
    ]
