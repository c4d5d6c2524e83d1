"""Re-create the SQLite overlap triggers of 0003.

SQLite alters a table by rebuilding it, which drops its triggers; 0004 rebuilt
valuation_assessment. Any later migration that alters that table on SQLite
must re-create them the same way (the overlap tests fail if it does not).
PostgreSQL keeps its exclusion constraint through ALTER TABLE, so nothing to do.
"""

import importlib

from django.db import migrations

no_overlap = importlib.import_module("valuation.migrations.0003_assessment_no_overlap")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [*no_overlap.SQLITE_BACKWARD, *no_overlap.SQLITE_FORWARD]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("valuation", "0004_measures_weights_judgements")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
