"""Insert many rows of a model in one statement, whatever their number.

Django's bulk_create builds a model instance and one parameter per value, and SQLite's
999-parameter limit splits it into batches; a decision on a 500-entry case writes a
transition-log row and a correction per entry. Here the rows travel as one JSON array, the
only parameter, and the database unpacks it (PostgreSQL jsonb_to_recordset, SQLite json_each),
so the statement count and the Python work per row stay small.
"""

import datetime as dt
import json

from django.db import connection, models


def _timestamp_writer(vendor: str):
    """A datetime as Django writes it: ISO 8601 with its offset on PostgreSQL, naive UTC on SQLite.

    The rows of one insert share their timestamp, so the last one is remembered.
    """
    last: list = [None, None]

    def write(value: dt.datetime | None) -> str | None:
        if value is None:
            return None
        if value is not last[0]:
            utc = value.astimezone(dt.UTC)
            last[:] = [value, utc.isoformat() if vendor == "postgresql" else utc.replace(tzinfo=None).isoformat(" ")]
        return last[1]

    return write


def _converter(field: models.Field, vendor: str):
    """How a field's value becomes JSON; JSON fields pass through and are read back as JSON by the database."""
    if isinstance(field, models.ForeignKey):
        return lambda value: value.pk if isinstance(value, models.Model) else value
    if isinstance(field, models.DateTimeField):
        return _timestamp_writer(vendor)
    return None


def insert_rows(model: type[models.Model], rows: list[dict]) -> None:
    """Insert rows (dicts of field name to value, every dict with the same keys) in one statement."""
    if not rows:
        return
    vendor = connection.vendor
    fields = [model._meta.get_field(name) for name in rows[0]]
    plan = [(f.name, f.column, _converter(f, vendor)) for f in fields]
    payload = json.dumps(
        [{column: convert(row[name]) if convert else row[name] for name, column, convert in plan} for row in rows]
    )
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    if vendor == "postgresql":
        types = ", ".join(f"{connection.ops.quote_name(f.column)} {f.db_type(connection)}" for f in fields)
        sql = f"INSERT INTO {table} ({columns}) SELECT {columns} FROM jsonb_to_recordset(%s::jsonb) AS x({types})"
    elif vendor == "sqlite":
        picks = ", ".join(f"json_extract(value, '$.\"{f.column}\"')" for f in fields)
        sql = f"INSERT INTO {table} ({columns}) SELECT {picks} FROM json_each(%s)"
    else:
        model.objects.bulk_create(model(**row) for row in rows)
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, [payload])
