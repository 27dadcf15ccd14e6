"""Insert many rows of a model in one statement, whatever their number.

Django's bulk_create builds a model instance and one parameter per value, and SQLite's
999-parameter limit splits it into batches; a decision on a 500-entry case writes a
transition-log row and a correction per entry. Here the rows travel as one JSON array (written
by orjson, several times faster than the json module), values every row shares travel once
beside it, and the database unpacks the array (PostgreSQL jsonb_to_recordset, SQLite
json_each), so the statement count and the Python work per row stay small.
"""

import datetime as dt

import orjson
from django.db import connection, models
from django.db.models.expressions import RawSQL


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


def insert_rows(
    model: type[models.Model], rows: list[dict], shared: dict | None = None, fallback: dict[str, str] | None = None
) -> None:
    """Insert rows (dicts of field name to value, every dict with the same keys) in one statement.

    Values the same for every row (the decision, the actor, the time, the reason) go in `shared` and
    travel once as parameters of the statement; only what differs per row goes through the JSON array.
    `fallback` maps a field to another one whose value it takes where a row gives None, so a value a
    row repeats (a removed entry's "after" is its "before") travels once.
    """
    if not rows:
        return
    vendor, shared, fallback = connection.vendor, shared or {}, fallback or {}
    if vendor not in ("postgresql", "sqlite"):
        filled = ({**row, **{f: row[o] for f, o in fallback.items() if row[f] is None}} for row in rows)
        model.objects.bulk_create(model(**shared, **row) for row in filled)
        return
    fields = [model._meta.get_field(name) for name in rows[0]]
    shared_fields = [model._meta.get_field(name) for name in shared]
    plan = [(f.name, f.column, _converter(f, vendor)) for f in fields]
    payload = orjson.dumps(
        [{column: convert(row[name]) if convert else row[name] for name, column, convert in plan} for row in rows]
    ).decode()
    params = [_shared_value(f, shared[f.name], vendor) for f in shared_fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in shared_fields + fields)
    given = "".join(_placeholder(f, vendor) + ", " for f in shared_fields)
    if vendor == "postgresql":
        value = {f.name: quote(f.column) for f in fields}
        types = ", ".join(f"{quote(f.column)} {f.db_type(connection)}" for f in fields)
        source = f"jsonb_to_recordset(%s::jsonb) AS x({types})"
    else:
        value = {f.name: f"json_extract(value, '$.\"{f.column}\"')" for f in fields}
        source = "json_each(%s)"
    picks = ", ".join(
        f"COALESCE({value[f.name]}, {value[fallback[f.name]]})" if f.name in fallback else value[f.name] for f in fields
    )
    sql = f"INSERT INTO {table} ({columns}) SELECT {given}{picks} FROM {source}"
    with _cursor() as cursor:
        cursor.execute(sql, [*params, payload])


def _cursor():
    """A cursor for one large parameter; on PostgreSQL it travels bound, apart from the SQL text.

    Django's PostgreSQL cursors write parameters into the SQL text, so the server would scan the whole
    JSON array as a string literal before parsing it again as JSON; bound, it is parsed once.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


def _shared_value(field: models.Field, value, vendor: str):
    convert = _converter(field, vendor)
    value = convert(value) if convert else value
    return orjson.dumps(value).decode() if isinstance(field, models.JSONField) else value


def _placeholder(field: models.Field, vendor: str) -> str:
    """A parameter typed as its column, so PostgreSQL reads a text parameter as that type."""
    if vendor == "postgresql":
        return f"%s::{field.db_type(connection)}"
    return "json(%s)" if isinstance(field, models.JSONField) else "%s"


def among(ids: list[int]):
    """Ids for a `pk__in` filter: on PostgreSQL one array parameter, not one parameter per id."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return ids
