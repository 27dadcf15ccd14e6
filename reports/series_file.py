"""The series zip (`/data/ddor-series.zip`) kept as a file for each public version, built once.

The zip holds every revision of every report in full, so it grows with revisions × rows: about 2 MB to send
but 2.5 s to build for a 5,000-entry report corrected 20 times, and minutes for one corrected hundreds of
times. Built for each request, every download would pay that. Instead the first download after a public
change builds it into MEDIA_ROOT/opendata/ under the public version it shows (written aside, then moved into
place, so nothing half-written is ever sent), and later downloads of that version, from any web process or
machine sharing the volume, send the file. One process builds at a time (the "series-zip" slot); the others
wait for its file, up to WAIT_SECONDS, then build their own. Files of older versions are removed a minute
after a newer one is in place (a download may still be reading one).
"""

import contextlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings

from config.slots import slot

from .cache import public_state
from .opendata import write_series_zip

FOLDER = "opendata"
PREFIX = "ddor-series-"
WAIT_SECONDS = 20.0
OLD_FILE_SECONDS = 60.0
# A build cut off by its process's end leaves its part file; removed by a later build after this long.
PART_FILE_SECONDS = 3600.0


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def series_zip_file(corrections) -> Path:
    """The stored zip of the current public version, built first when there is none."""
    state = public_state()
    path = folder() / f"{PREFIX}{state.epoch}-{state.version}.zip"
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists():
        with slot("series-zip") as mine:
            if mine or time.monotonic() > deadline:
                if not path.exists():
                    _build(path, corrections)
                break
        time.sleep(0.1)
    return path


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
