"""Each web process knows the public version without asking for it: PostgreSQL tells it when it changes.

reports.cache bumps the version after every commit that changes what the public sees, and sends a
notification on `CHANNEL` in the same transaction, so PostgreSQL delivers it when (and only if) the bump
commits. A `Watch` thread in each web process LISTENs on its own connection, re-reads the version whenever
a notification arrives and at least every `HEARTBEAT` seconds, and config.public_front uses what it read
instead of a query per request.

The version is trusted only while the thread is known to be listening: it is read right after LISTEN (so no
change falls between), and it goes stale 2 × HEARTBEAT after the last successful read, or at once when the
connection fails. A process whose watch is not fresh asks the database on every request, as without it.
The version bumped by this process is taken at once (`note`), so its own next request never sees the old one.
"""

import logging
import os
import threading
import time

import psycopg
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)

CHANNEL = "detainer_public_changed"
HEARTBEAT = 5.0


class Watch:
    def __init__(self, heartbeat: float = HEARTBEAT) -> None:
        self.heartbeat = heartbeat
        self._known: tuple = (None, 0.0)  # (state, trusted until: monotonic seconds); replaced whole
        self._pid: int | None = None
        self._thread: threading.Thread | None = None
        self.backend_pid: int | None = None  # the listening connection's server process
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def state(self):
        """The current public state (reports.cache.State), or None when this process cannot vouch for it."""
        state, until = self._known
        return state if state is not None and time.monotonic() < until else None

    def ensure_started(self) -> None:
        """Start listening in this process (again after a fork: threads do not survive one)."""
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._known = (None, 0.0)
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="public-watch", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop listening and close the connection (within a heartbeat)."""
        self._stop.set()
        self._known = (None, 0.0)
        if self._thread is not None:
            self._thread.join(timeout)
        self._pid = self._thread = None

    def note(self, state) -> None:
        """A version this process has just committed: newer than what it knew, trusted as long as that was."""
        known, until = self._known
        if known is not None and (known.epoch != state.epoch or state.version > known.version):
            self._known = (state, until)

    def forget(self) -> None:
        """Stop trusting what is known until the thread reads the version again."""
        self._known = (None, 0.0)

    def _read(self, cursor) -> None:
        from reports.cache import read_state

        state, (known, _) = read_state(cursor), self._known
        if state is None:
            self._known = (None, 0.0)
            return
        if known is not None and known.epoch == state.epoch and known.version > state.version:
            state = known  # noted by this process a moment before its notification arrived
        self._known = (state, time.monotonic() + 2 * self.heartbeat)

    def _run(self) -> None:
        delay = 0.5
        while not self._stop.is_set():
            wrapper = connections.create_connection("default")
            try:
                wrapper.ensure_connection()
                raw = wrapper.connection
                raw.autocommit = True
                self.backend_pid = raw.info.backend_pid
                with raw.cursor() as cursor:
                    cursor.execute(f"LISTEN {CHANNEL}")
                    self._read(cursor)
                    delay = 0.5
                    while not self._stop.is_set():
                        # Every notification since the last read is taken; one read covers them all.
                        for _ in raw.notifies(timeout=self.heartbeat, stop_after=1):
                            pass
                        self._read(cursor)
            except Exception as error:  # noqa: BLE001  (ask per request until listening again)
                self._known = (None, 0.0)
                # The database gone is expected now and then: one line; anything else with its traceback.
                expected = isinstance(error, (DatabaseError, psycopg.Error))
                log.warning(
                    "public version watch: %s; asking per request, again in %.1f s",
                    str(error).strip() or type(error).__name__,
                    delay,
                    exc_info=not expected,
                )
                self._stop.wait(delay)
                delay = min(delay * 2, 30.0)
            finally:
                try:
                    wrapper.close()
                except Exception:  # noqa: BLE001
                    pass


WATCH = Watch()
