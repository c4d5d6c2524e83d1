"""Keep demand period dates in the window of microsystems.periods (1900-01-01 to 2199-12-31).

A figure dated outside it (such as 9999-12-01) made the demand page, the
activities page and every assessment page fail for everyone, so no one can have
seen or used one. Such rows are deleted before the CHECK constraint is added,
since the database would refuse the constraint while they remain.
"""

import datetime

import microsystems.models
from django.db import migrations, models

FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2199, 12, 31)


def delete_observations_outside_window(apps, schema_editor):
    DemandObservation = apps.get_model("microsystems", "DemandObservation")
    DemandObservation.objects.exclude(period_start__range=(FIRST_DAY, LAST_DAY)).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('microsystems', '0004_names_unique_ignoring_case'),
    ]

    operations = [
        migrations.AlterField(
            model_name='demandobservation',
            name='period_start',
            field=models.DateField(validators=[microsystems.models.within_period_window]),
        ),
        migrations.RunPython(delete_observations_outside_window, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='demandobservation',
            constraint=models.CheckConstraint(condition=models.Q(('period_start__range', (datetime.date(1900, 1, 1), datetime.date(2199, 12, 31)))), name='microsystems_demandobservation_period_start_in_window', violation_error_message='Use dates from 1900-01-01 to 2199-12-31.'),
        ),
    ]
