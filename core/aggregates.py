"""Database aggregates Django 5.2 does not offer on every backend we run."""

from django.db.models import Aggregate, TextField


class JoinedText(Aggregate):
    """A group's texts joined by commas (SQLite's GROUP_CONCAT, PostgreSQL's STRING_AGG).

    Taken in the order the database feeds the group's rows, which neither promises: two
    JoinedText of one query are fed the same rows in the same order, so their items pair
    up, and a reader that needs an order sorts by one of them. One row a group instead
    of one a value: the measurements page's 4,800 values arrive as 40 texts, and
    Python no longer builds three objects a value.
    """

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s, ',')",
            **extra_context,
        )
