"""Named slots held across every worker: at most one holder at a time (PostgreSQL advisory locks).

A 5,000-row revision PDF takes most of a minute to render. Holding "revision-pdf" while rendering keeps
a worker's other pool processes free for what the public waits for after a decision (the revision and
the notice PDF), however many revision PDFs are queued. Elsewhere (SQLite) every request gets the slot.
"""

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def slot(name: str) -> Iterator[bool]:
    """Yield True while holding the named slot, or False at once when another process holds it."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = zlib.crc32(name.encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
