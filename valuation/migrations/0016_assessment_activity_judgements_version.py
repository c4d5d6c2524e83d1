"""Each assessment's activity_judgements_version (valuation/input_versions.py).

Adding the column rebuilds valuation_assessment on SQLite, which drops the
overlap triggers of 0003: they are re-created here as 0013 does.
"""

import importlib

from django.db import migrations, models

no_overlap = importlib.import_module("valuation.migrations.0003_assessment_no_overlap")


def restore_sqlite_overlap_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [*no_overlap.SQLITE_BACKWARD, *no_overlap.SQLITE_FORWARD]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("valuation", "0015_record_portfolio_figures"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="activity_judgements_version",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(restore_sqlite_overlap_triggers, migrations.RunPython.noop),
    ]
