"""The series zip (`/data/ddor-series.zip`) kept as a file for each public version, built once, by a worker.

The zip holds every revision of every report in full, so it grows with revisions × rows: about 2 MB to send
but 2.5 s to build for a 5,000-entry report corrected 20 times, 6 s and some 700 MB of memory for a series with
a few 50,000-row weeks, and minutes for one corrected hundreds of times. Built for each request, every download
would pay that; built by the web process that first asks, a large series would outlast the web server's request
timeout and hold its memory, and a burst of downloads after a change would start a build in each web process.
So the first download after a public change queues one build (reports.tasks.build_series_zip; one worker
builds at a time, the "series-zip" slot) into MEDIA_ROOT/opendata/ under the public version it shows (written
aside, then moved into place, so nothing half-written is ever sent), waits up to WAIT_SECONDS for it, and
otherwise answers 503 with Retry-After. Later downloads of that version, from any web process or machine
sharing the volume, send the file. Files of older versions are removed a minute after a newer one is in place
(a download may still be reading one).
"""

import contextlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from config.errors import Unavailable
from config.queue import enqueue_now
from config.slots import slot

from .cache import public_state
from .opendata import write_series_zip

FOLDER = "opendata"
PREFIX = "ddor-series-"
WAIT_SECONDS = 10.0  # a download waits this long for a build before answering 503
RETRY_AFTER_SECONDS = 30
QUEUED_SECONDS = 120.0  # a version's build is queued at most once in this long, however many downloads ask
OLD_FILE_SECONDS = 60.0
# A build cut off by its process's end leaves its part file; removed by a later build after this long.
PART_FILE_SECONDS = 3600.0


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def current_file() -> Path:
    """Where the zip of the current public version is (or will be) stored."""
    state = public_state()
    return folder() / f"{PREFIX}{state.epoch}-{state.version}.zip"


def series_zip_file() -> Path:
    """The stored zip of the current public version. When there is none, its build is queued (once a
    QUEUED_SECONDS per version) and this waits up to WAIT_SECONDS for it, or for the zip of a newer version
    (a PDF rendered meanwhile makes one), else raises Unavailable (503, Retry-After)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        path = current_file()
        if path.exists():
            return path
        if cache.add(_queued_key(path), True, QUEUED_SECONDS):
            from .tasks import build_series_zip

            enqueue_now(build_series_zip)
        if time.monotonic() > deadline:
            raise Unavailable(
                "the series zip of the latest public changes is being built; try again in a minute",
                retry_after=RETRY_AFTER_SECONDS,
            )
        time.sleep(0.2)


def build_current() -> None:
    """Build the zip of the current public version unless it is stored (the worker's task): one build at a time;
    while another process builds, this one leaves it to that (a later download queues the build again)."""
    from disputes.selectors import public_corrections

    path = current_file()
    try:
        with slot("series-zip") as mine:
            if mine and not path.exists():
                _build(path, public_corrections())
    finally:
        cache.delete(_queued_key(path))


def _queued_key(path: Path) -> str:
    return f"series-zip-queued:{path.name}"


def _build(path: Path, corrections) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, part = tempfile.mkstemp(dir=path.parent, prefix=".part-", suffix=".zip")
    try:
        with os.fdopen(fd, "wb") as out:
            write_series_zip(out, corrections)
        os.replace(part, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part)
    _remove_old(path)


def _remove_old(current: Path) -> None:
    _remove_older_than(current, f"{PREFIX}*.zip", OLD_FILE_SECONDS)
    _remove_older_than(current, ".part-*.zip", PART_FILE_SECONDS)


def _remove_older_than(current: Path, pattern: str, seconds: float) -> None:
    cutoff = time.time() - seconds
    for old in current.parent.glob(pattern):
        with contextlib.suppress(FileNotFoundError):  # another process removed it first
            if old != current and old.stat().st_mtime < cutoff:
                old.unlink()
