"""Writing period data: the one way a value is added, replaced or cleared.

A changed value is replaced by deleting its row and inserting the new one, for
file imports and grid saves of every kind alike: with plain multi-row DELETE
and INSERT statements, a 100,000-row import takes about a second of database
time on SQLite and PostgreSQL, where the ORM's bulk_create (a model instance
and seven prepared fields a row) or bulk_update (one CASE expression per value)
take five to ten times as long. Callers check the values first and run these
inside their transaction; the database constraints still apply. Each write
names the unit whose data it changes and bumps that unit's data_version, as
these statements send no signal (microsystems/data_versions.py).
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.db import connection, models

from microsystems.data_versions import FIGURES, is_operations, unit_changed

BATCH_SIZE = 2_000


def delete_rows(model: type[models.Model], pks: Sequence[int], *, microsystem_id: int) -> None:
    """One DELETE per chunk of ids, sized to the database's limit on query parameters.

    Plain SQL for the same reason as insert_rows: the ORM prepares each id of a
    `pk__in` list on its own, and collects related rows to cascade to; nothing
    refers to a row of period data.
    """
    chunk = min(BATCH_SIZE * 5, connection.features.max_query_params or 10_000)
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), chunk):
            ids = list(pks[start : start + chunk])
            placeholders = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({placeholders})", ids)
    if pks:
        unit_changed(microsystem_id, operations=is_operations(model), kind=FIGURES)


def _as_text(field: models.Field) -> Callable[[Any], Any] | None:
    """How a value of this field is sent: dates and decimals as text, anything else as it is.

    The database casts the text to the column's type; PostgreSQL's driver takes
    longer to adapt date and Decimal objects than the server takes to insert
    the rows, and text is what the ORM sends to SQLite anyway.
    """
    if isinstance(field, models.DateTimeField):
        return lambda value: str(connection.ops.adapt_datetimefield_value(value))
    if isinstance(field, models.DateField):
        texts: dict[date, str] = {}  # a file has few distinct dates and many rows

        def date_text(value: date) -> str:
            text = texts.get(value)
            if text is None:
                text = texts[value] = value.isoformat()
            return text

        return date_text
    if isinstance(field, models.DecimalField):
        return str
    return None


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    microsystem_id: int,
    constants: Mapping[str, Any] | None = None,
) -> None:
    """INSERT rows of `fields` values, many to a statement, each with the same `constants`.

    Plain SQL rather than bulk_create: building a model instance and preparing
    its fields through the ORM costs about ten times the INSERT itself, which
    would put a 100,000-row file past ten seconds.
    """
    rows = list(rows)
    if not rows:
        return
    constants = constants or {}
    operations = connection.ops
    row_fields = [model._meta.get_field(name) for name in fields]
    constant_fields = [model._meta.get_field(name) for name in constants]
    converters = [_as_text(field) for field in row_fields]
    constant_values = [
        value if value is None or (convert := _as_text(field)) is None else convert(value)
        for field, value in zip(constant_fields, constants.values(), strict=True)
    ]
    all_fields = [*row_fields, *constant_fields]
    columns = ", ".join(operations.quote_name(field.column) for field in all_fields)
    table = operations.quote_name(model._meta.db_table)
    per_statement = min(
        BATCH_SIZE, (connection.features.max_query_params or 65_535) // len(all_fields)
    )
    row_placeholder = "(" + ", ".join(["%s"] * len(all_fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            parameters: list = []
            for row in chunk:
                for value, convert in zip(row, converters):  # noqa: B905 - checked below
                    parameters.append(value if convert is None or value is None else convert(value))
                parameters += constant_values
            if len(parameters) != len(chunk) * len(all_fields):
                raise ValueError(f"Each row must hold a value for each of {list(fields)}.")
            placeholders = ", ".join([row_placeholder] * len(chunk))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {placeholders}", parameters)
    unit_changed(microsystem_id, operations=is_operations(model), kind=FIGURES)
