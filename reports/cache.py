"""What the public sees changes only when a commit changes it: one version number, bumped after such commits.

Public pages and their caches key on (epoch, version, day): a page stored under the version it read first
is never served after a later commit, since that commit's bump makes every later request use a new key.
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import PublicState


@dataclass(frozen=True)
class State:
    epoch: str
    version: int
    changed_at: dt.datetime

    @property
    def tag(self) -> str:
        # The day is part of it: "K overdue" on a report page changes with the date alone.
        return f"{self.epoch}-{self.version}-{timezone.localdate():%Y%m%d}"

    @property
    def last_modified(self) -> dt.datetime:
        midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time()))
        return max(self.changed_at, midnight)


def public_tag() -> str:
    """The current public version's tag, in one plain query (the front answers thousands a second)."""
    from django.db import connection

    with connection.cursor() as cursor:
        state = read_state(cursor)
    return (state or public_state()).tag


STATE_SQL = f"SELECT epoch, version, changed_at FROM {PublicState._meta.db_table} WHERE id = 1"


def read_state(cursor) -> State | None:
    """The public version through a plain cursor (Django's or psycopg's), or None before the first one."""
    cursor.execute(STATE_SQL)
    row = cursor.fetchone()
    return State(*row) if row else None


def public_state() -> State:
    """The current public version, in one query."""
    row = PublicState.objects.filter(pk=1).values_list("epoch", "version", "changed_at").first()
    if row is None:
        made, _ = PublicState.objects.get_or_create(
            pk=1, defaults={"epoch": secrets.token_hex(8), "changed_at": timezone.now()}
        )
        row = (made.epoch, made.version, made.changed_at)
    return State(*row)


def _bump() -> None:
    """The version goes up by one; on PostgreSQL every web process is told when this commits (config.public_watch)."""
    from django.db import connection

    from config.public_watch import CHANNEL, WATCH

    with transaction.atomic():
        PublicState.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now())
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            state = read_state(cursor)
            cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])
    if state is not None and not connection.in_atomic_block:
        WATCH.note(state)
    else:
        WATCH.forget()  # not committed yet (inside a test's transaction): ask the database


def public_changed() -> None:
    """Mark what the public sees as changed once the current transaction commits (at once outside one).

    After the commit, not in it: the row would otherwise serialise every writer on it until they commit.
    """
    _after_commit(_bump)


def _after_commit(bump) -> None:
    transaction.on_commit(bump, robust=True)
