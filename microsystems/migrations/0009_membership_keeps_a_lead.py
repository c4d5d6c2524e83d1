"""A unit that had a team leader keeps one: the database's own check, on PostgreSQL.

The service (microsystems/services/people.py) refuses to remove or demote a
unit's last lead, under a lock on the unit's row. This trigger is the same rule
for every other way in: the Django admin, a script, raw SQL, deleting a user
(whose memberships go with them).

It is a constraint trigger, deferred to commit, so that work which passes
through "no lead" within one transaction still commits: handing over (the new
lead added, the old one demoted, in either order), and deleting a unit (Django
deletes its memberships before the unit itself; at commit the unit is gone, so
there is nothing to check). At commit it locks the unit's row, so two
transactions each taking away one of two leads cannot both see the other's lead
and both commit; the second waits for the first and then sees no lead left.

Archived units are held to the rule too: they keep their team, and restoring
one brings that team back (no step looks for a lead on restore).

PostgreSQL only, which production runs on. SQLite has no deferred triggers: an
immediate trigger would refuse a hand-over done in the wrong order, and cannot
tell a lead's membership deleted on its own from one deleted with its unit
(SQLite does not know the unit's delete is coming). On SQLite the rule is the
service's and the admin's alone.
"""

from django.db import migrations

TRIGGER = "microsystems_membership_keeps_a_lead"

POSTGRES_FORWARD = [
    f"""CREATE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- Gone with its unit (or the unit deleted since): nothing left to lead.
        PERFORM 1 FROM microsystems_microsystem WHERE id = OLD.microsystem_id
            FOR NO KEY UPDATE;
        IF FOUND AND NOT EXISTS (
            SELECT 1 FROM microsystems_membership
            WHERE microsystem_id = OLD.microsystem_id AND role = 'lead'
        ) THEN
            RAISE EXCEPTION
                '{TRIGGER}: microsystem % would be left without a team leader',
                OLD.microsystem_id
                USING ERRCODE = 'check_violation', CONSTRAINT = '{TRIGGER}';
        END IF;
        RETURN NULL;
    END
    $$""",
    f"""CREATE CONSTRAINT TRIGGER {TRIGGER}
        AFTER DELETE OR UPDATE OF role, microsystem_id ON microsystems_membership
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW WHEN (OLD.role = 'lead')
        EXECUTE FUNCTION {TRIGGER}()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON microsystems_membership",
    f"DROP FUNCTION IF EXISTS {TRIGGER}()",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            # No parameters, so the "%" of RAISE's message is not read as a placeholder.
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("microsystems", "0008_report_cache_versions")]

    operations = [migrations.RunPython(forward, backward)]
