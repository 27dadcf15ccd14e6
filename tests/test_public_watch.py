"""Each web process learns the public version from PostgreSQL's notifications instead of asking per request."""

import os
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from config import public_watch
from config.public_front import PublicFront
from config.public_watch import CHANNEL, Watch
from reports.cache import STATE_SQL, public_changed, public_state
from tests.front import _django, get_through

pytestmark = pytest.mark.django_db(transaction=True)


def _postgresql_or_fail() -> bool:
    if connection.vendor == "postgresql":
        return True
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("the watch listens on PostgreSQL: CI runs with DATABASE_URL on PostgreSQL")
    return False


def _wait(condition, seconds: float = 10.0) -> float:
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, "timed out"
        time.sleep(0.01)
    return time.monotonic() - start


@pytest.fixture
def watch(monkeypatch):
    made = Watch(heartbeat=0.3)
    monkeypatch.setattr(public_watch, "WATCH", made)
    yield made
    made.stop()


def _params() -> dict:
    wanted = ("dbname", "user", "password", "host", "port")
    return {k: v for k, v in connection.get_connection_params().items() if k in wanted}


def _another_machine_bumps() -> None:
    """What another process's commit does, on a connection of its own."""
    with psycopg.connect(**_params(), autocommit=True) as other, other.transaction():
        other.execute("UPDATE reports_publicstate SET version = version + 1 WHERE id = 1")
        other.execute("SELECT pg_notify(%s, '')", [CHANNEL])


def test_the_site_listens_exactly_when_it_runs_on_postgresql():
    from config import wsgi

    assert wsgi.application.watch is (public_watch.WATCH if settings.PUBLIC_WATCH else None)
    assert settings.PUBLIC_WATCH is (connection.vendor == "postgresql")


def test_a_change_committed_elsewhere_reaches_the_watch_in_well_under_a_second(watch):
    if not _postgresql_or_fail():
        return
    first = public_state()
    watch.ensure_started()
    _wait(lambda: watch.state() is not None)
    assert watch.state().version == first.version
    _another_machine_bumps()
    took = _wait(lambda: watch.state().version == first.version + 1)
    assert took < 1.0
    # A bump rolled back is never announced: the watch keeps the committed version.
    with psycopg.connect(**_params()) as other:
        other.execute("UPDATE reports_publicstate SET version = version + 1 WHERE id = 1")
        other.execute("SELECT pg_notify(%s, '')", [CHANNEL])
        other.rollback()
    time.sleep(0.5)
    assert watch.state().version == first.version + 1


def test_a_lost_connection_means_asking_per_request_until_listening_again(watch):
    if not _postgresql_or_fail():
        return
    public_state()
    watch.ensure_started()
    _wait(lambda: watch.state() is not None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [watch.backend_pid])
    # Stale at once when the connection fails, or at the latest two heartbeats after its last read.
    _wait(lambda: watch.state() is None, seconds=2 * watch.heartbeat + 1)
    _another_machine_bumps()  # while nobody listens
    _wait(lambda: watch.state() is not None)
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL)
        assert watch.state().version == cursor.fetchone()[1]


def test_the_front_with_a_watch_answers_without_a_query_and_never_after_a_change(watch):
    if not _postgresql_or_fail():
        return
    public_state()
    watch.ensure_started()
    _wait(lambda: watch.state() is not None)
    front = PublicFront(_django, watch=watch)
    first, _ = get_through(front, "/corrections/")
    second, count = get_through(front, "/corrections/")
    assert (second.status, second.body, count) == (200, first.body, 0)
    assert get_through(front, "/corrections/", HTTP_IF_NONE_MATCH=first.headers["ETag"])[0].status == 304
    # A change this process commits: its next request already uses the new version.
    public_changed()
    third, count = get_through(front, "/corrections/", HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert third.status == 200 and count > 0 and third.headers["ETag"] != first.headers["ETag"]
    # A change another machine commits: answered under the new version once its notification is in.
    before = third.headers["ETag"]
    _another_machine_bumps()
    _wait(lambda: watch.state().tag not in before)
    fourth, count = get_through(front, "/corrections/")
    assert count > 0 and fourth.headers["ETag"] != before
