"""Refuse overlapping assessment periods of one microsystem in the database itself.

PostgreSQL: an exclusion constraint over the date range (needs btree_gist for
the equality on microsystem_id). SQLite has no exclusion constraints, so two
triggers refuse an INSERT or UPDATE that would overlap; both raise IntegrityError.
"""

from django.db import migrations

CONSTRAINT = "valuation_assessment_no_overlap"

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE valuation_assessment ADD CONSTRAINT {CONSTRAINT}
        EXCLUDE USING gist (
            microsystem_id WITH =,
            daterange(start_date, end_date, '[]') WITH &&
        )""",
]
POSTGRES_BACKWARD = [f"ALTER TABLE valuation_assessment DROP CONSTRAINT {CONSTRAINT}"]

SQLITE_CHECK = """
    SELECT RAISE(ABORT, '{name}: assessment periods of one microsystem may not overlap')
    WHERE EXISTS (
        SELECT 1 FROM valuation_assessment AS other
        WHERE other.microsystem_id = NEW.microsystem_id
          AND other.id IS NOT NEW.id
          AND other.start_date <= NEW.end_date
          AND other.end_date >= NEW.start_date
    );
"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER {CONSTRAINT}_insert BEFORE INSERT ON valuation_assessment
        BEGIN {SQLITE_CHECK.format(name=CONSTRAINT)} END""",
    f"""CREATE TRIGGER {CONSTRAINT}_update BEFORE UPDATE ON valuation_assessment
        BEGIN {SQLITE_CHECK.format(name=CONSTRAINT)} END""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {CONSTRAINT}_insert",
    f"DROP TRIGGER IF EXISTS {CONSTRAINT}_update",
]


def _run(schema_editor, statements_by_vendor):
    statements = statements_by_vendor.get(schema_editor.connection.vendor)
    if statements is None:
        raise NotImplementedError(
            f"No overlap constraint for {schema_editor.connection.vendor}; "
            "use SQLite or PostgreSQL."
        )
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD})


def backward(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [("valuation", "0002_default_value_dimensions")]

    operations = [migrations.RunPython(forward, backward)]
