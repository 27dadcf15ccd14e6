"""Open-data files kept for each public version, built once, by a worker: the series zip
(`/data/ddor-series.zip`), and the CSV and JSON of a revision, or of the corrections, too long to write in a web
request.

The zip holds every revision of every report in full, so it grows with revisions × rows: about 2 MB to send
but 2.5 s to build for a 5,000-entry report corrected 20 times, 6 s and some 700 MB of memory for a series with
a few 50,000-row weeks, and minutes for one corrected hundreds of times. A 50,000-row revision's own files take
1 s (CSV, 6.8 MB) and 1.3 s (JSON, 24 MB) to write; the corrections' JSON some 0.15 ms and 0.9 KB a correction.
Built for each request, every download would pay that (these
files are past the public cache's PUBLIC_CACHE_MAX_BYTES); built by the web process that first asks, a large
file would outlast the web server's request timeout and hold its memory, and a burst of downloads after a
change would start a build in each web process. So the first download after a public change queues one build
(reports.tasks.build_series_zip or build_open_data_file; one worker builds a given file at a time) into
MEDIA_ROOT/opendata/ under the public version it shows (the files carry each entry's current state, so they
follow public changes), written aside, then moved into place, so nothing half-written is ever sent. The
download waits up to WAIT_SECONDS for it and otherwise answers 503 with Retry-After. Later downloads of that
version, from any web process or machine sharing the volume, send the file. Files of older versions are
removed a minute after a newer file is in place (a download may still be opening one).

A file is named by its kind: "series", "corrections-csv" or "corrections-json", or for a revision's files "csv"
or "json" with the report's id and the revision's number.
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
from .opendata import (
    CORRECTION_COLUMNS,
    REVISION_COLUMNS,
    correction_rows,
    json_bytes,
    revision_json,
    revision_rows,
    write_csv,
    write_series_zip,
)

FOLDER = "opendata"
SERIES = "series"
REVISION_KINDS = ("csv", "json")
CORRECTION_KINDS = ("corrections-csv", "corrections-json")
PREFIX = "ddor-series-"
WAIT_SECONDS = 10.0  # a download waits this long for a build before answering 503
RETRY_AFTER_SECONDS = 30
QUEUED_SECONDS = 120.0  # a version's build is queued at most once in this long, however many downloads ask
OLD_FILE_SECONDS = 60.0
# A build cut off by its process's end leaves its part file; removed by a later build after this long.
PART_FILE_SECONDS = 3600.0


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def _stem(kind: str, revision: tuple[int, int] | None) -> str:
    if kind == SERIES and revision is None:
        return PREFIX
    if kind in CORRECTION_KINDS and revision is None:
        return f"ddor-{kind}-"
    if kind not in REVISION_KINDS or revision is None:
        raise ValueError(f"no stored file of kind {kind!r} for revision {revision!r}")
    report_id, number = map(int, revision)
    return f"ddor-report-{report_id}-rev{number}-{kind}-"


def _version_tag() -> str:
    state = public_state()
    return f"{state.epoch}-{state.version}"


def current_file(kind: str = SERIES, revision: tuple[int, int] | None = None) -> Path:
    """Where the file of the current public version is (or will be) stored."""
    suffix = "zip" if kind == SERIES else kind.rsplit("-", 1)[-1]
    return folder() / f"{_stem(kind, revision)}{_version_tag()}.{suffix}"


def series_zip_file() -> Path:
    """The stored series zip of the current public version (see stored_file)."""
    return stored_file(SERIES)


def stored_file(kind: str = SERIES, revision: tuple[int, int] | None = None) -> Path:
    """The stored file of the current public version. When there is none, its build is queued (once a
    QUEUED_SECONDS per version) and this waits up to WAIT_SECONDS for it, or for the file of a newer version
    (a PDF rendered meanwhile makes one), else raises Unavailable (503, Retry-After)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        path = current_file(kind, revision)
        if path.exists():
            return path
        if cache.add(_queued_key(path), True, QUEUED_SECONDS):
            from .tasks import build_open_data_file, build_series_zip

            if kind == SERIES:
                enqueue_now(build_series_zip)
            else:
                enqueue_now(build_open_data_file, kind, *(revision or ()))
        if time.monotonic() > deadline:
            raise Unavailable(
                f"{_described(kind)} with the latest public changes is being built; try again in a minute",
                retry_after=RETRY_AFTER_SECONDS,
            )
        time.sleep(0.2)


def _described(kind: str) -> str:
    if kind == SERIES:
        return "the series zip"
    suffix = kind.rsplit("-", 1)[-1].upper()
    return f"the corrections' {suffix}" if kind in CORRECTION_KINDS else f"this revision's {suffix}"


def build_current(kind: str = SERIES, revision: tuple[int, int] | None = None) -> None:
    """Build the file of the current public version unless it is stored (the worker's task): one build of a
    file at a time; while another process builds it, this one leaves it to that (a later download queues the
    build again)."""
    path = current_file(kind, revision)
    try:
        with slot("series-zip" if kind == SERIES else f"open-data-{_stem(kind, revision)}") as mine:
            if mine and not path.exists():
                _build(path, lambda out: _write(out, kind, revision))
    finally:
        cache.delete(_queued_key(path))


def _write(out, kind: str, revision: tuple[int, int] | None) -> None:
    from disputes.selectors import public_corrections

    from .selectors import get_revision

    if kind == SERIES:
        write_series_zip(out, public_corrections())
        return
    if kind in CORRECTION_KINDS:
        rows = correction_rows(public_corrections())
        out.write(write_csv(CORRECTION_COLUMNS, rows) if kind == "corrections-csv" else json_bytes(rows))
        return
    published = get_revision(*revision, published_only=True)
    if kind == "csv":
        out.write(write_csv(REVISION_COLUMNS, revision_rows(published)))
    else:
        out.write(json_bytes(revision_json(published)))


def _queued_key(path: Path) -> str:
    return f"open-data-queued:{path.name}"


def _build(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, part = tempfile.mkstemp(dir=path.parent, prefix=".part-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(part, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part)
    _remove_old(path)


def _remove_old(built: Path) -> None:
    """Files of older public versions than the current one, and part files left by builds cut off."""
    now, tag = time.time(), f"{_version_tag()}."
    for old in built.parent.iterdir():
        if old == built:
            continue
        if old.name.startswith(".part-"):
            stale = PART_FILE_SECONDS
        elif old.name.startswith("ddor-") and tag not in old.name:
            stale = OLD_FILE_SECONDS
        else:
            continue
        with contextlib.suppress(FileNotFoundError):  # another process removed it first
            if old.stat().st_mtime < now - stale:
                old.unlink()
