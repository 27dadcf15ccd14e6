"""The default configuration (SQLite and the filesystem broker, nothing else) under a few users at once.

A real web server (gunicorn, two processes with threads) and a real worker rendering PDFs share one
SQLite file, as `make run` has them; the test needs no service, so it runs in every `make test`.
"""

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

from tests.factories import jpeg_with_exif
from tests.pipeline.processes import Processes, http

SHERIFF_THREADS = 4
DISPUTES_EACH = 3
REVIEWER_THREADS = 2


@pytest.fixture(scope="module")
def default_mode(tmp_path_factory):
    """Migrated, demo-loaded SQLite app in its own VAR_DIR, served with a worker; stopped at the end."""
    tmp = tmp_path_factory.mktemp("default-mode")
    (tmp / "uploads").mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        VAR_DIR=str(tmp / "var"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp / "mail"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    for command in (["migrate", "--no-input", "-v0"], ["seed_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=Path(__file__).parents[2], env=env, check=True)
    procs = Processes(tmp, env)
    try:
        procs.worker("worker", concurrency=2)
        url = procs.web(workers=2, threads=4, env={"TMPDIR": str(tmp / "uploads")})
        procs.url, procs.var = url, tmp / "var"
        yield procs
    finally:
        procs.stop_all()


def token(url: str, username: str) -> str:
    status, body, _ = http("POST", f"{url}/api/v1/token/", data={"username": username, "password": "ddor-demo-2017"})
    assert status == 200, body
    return body["token"]


def multipart(fields: dict, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(url: str, tok: str, dispute_id: int, data: bytes):
    import urllib.error
    import urllib.request

    body, ctype = multipart({"description": "Release photo"}, "release.jpg", data)
    request = urllib.request.Request(f"{url}/api/v1/disputes/{dispute_id}/evidence/", data=body, method="POST")
    request.add_header("Content-Type", ctype)
    request.add_header("Authorization", f"Token {tok}")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), time.monotonic() - started


def pending_count(url: str) -> int:
    """Side effects not yet done, from the metrics endpoint."""
    _, metrics, _ = http("GET", f"{url}/metrics")
    return sum(int(line.split()[-1]) for line in metrics.splitlines() if line.startswith("detainer_pending_side"))


def test_sheriffs_uploading_and_reviewers_deciding_at_once_get_no_locked_database_and_no_500(default_mode):
    url = default_mode.url
    sheriff, reviewer = token(url, "travis-sheriff"), token(url, "reviewer")
    status, listed, _ = http("GET", f"{url}/api/v1/entries/?state=listed&limit=50", token=sheriff)
    assert status == 200
    listed = [e["id"] for e in listed["results"]]
    # The last listed entry is left for the next test.
    entries, later = listed[: SHERIFF_THREADS * DISPUTES_EACH], listed[SHERIFF_THREADS * DISPUTES_EACH : -1][:8]
    assert len(later) >= 4, "the demo has too few listed Travis County entries"
    statuses: Counter = Counter()
    took: list[float] = []
    failures: list = []
    submitted: queue.Queue = queue.Queue()

    def note(step: str, status: int, body, seconds: float) -> None:
        statuses[status] += 1
        took.append(seconds)
        if status >= 300:
            failures.append((step, status, str(body)[:300]))

    def file_dispute(entry_id: int):
        return http(
            "POST",
            f"{url}/api/v1/entries/{entry_id}/dispute/",
            token=sheriff,
            data={"ground": "handed_to_ice", "explanation": "Released to ICE at the sally port."},
        )

    def sheriff_work(mine: list[int]) -> None:
        for entry_id in mine:
            status, body, seconds = file_dispute(entry_id)
            note("dispute", status, body, seconds)
            if status != 201:
                continue
            dispute_id = body["id"]
            note("evidence", *upload(url, sheriff, dispute_id, jpeg_with_exif(size=(1600, 1200))))
            status, body, seconds = http("POST", f"{url}/api/v1/disputes/{dispute_id}/submit/", token=sheriff, data={})
            note("submit", status, body, seconds)
            if status == 200:
                submitted.put(dispute_id)

    def reviewer_work() -> None:
        while True:
            dispute_id = submitted.get()
            if dispute_id is None:
                return
            status, body, seconds = http(
                "POST",
                f"{url}/api/v1/disputes/{dispute_id}/decide/",
                token=reviewer,
                data={"outcome": "corrected", "action": "remove", "rationale": "Release photo shows ICE custody."},
            )
            note("decide", status, body, seconds)

    started = time.monotonic()
    sheriffs = [
        threading.Thread(target=sheriff_work, args=(entries[i::SHERIFF_THREADS],)) for i in range(SHERIFF_THREADS)
    ]
    reviewers = [threading.Thread(target=reviewer_work) for _ in range(REVIEWER_THREADS)]
    for t in sheriffs + reviewers:
        t.start()
    for t in sheriffs:
        t.join()
    for _ in reviewers:
        submitted.put(None)
    for t in reviewers:
        t.join()
    answered = time.monotonic() - started
    slowest = max(took)

    # More writes while the worker renders the PDFs of those decisions: they must not wait for a render.
    assert pending_count(url) > 0, "the worker finished rendering before the second round of writes"
    took.clear()
    rendering = [threading.Thread(target=lambda e=e: note("dispute", *file_dispute(e))) for e in later]
    for t in rendering:
        t.start()
    for t in rendering:
        t.join()
    slowest_while_rendering = max(took)

    assert not failures, failures
    expected = len(entries)
    assert statuses == {201: 2 * expected + len(later), 200: 2 * expected}, statuses
    deadline = time.monotonic() + 120
    while pending_count(url):
        assert time.monotonic() < deadline, "PDFs and emails still pending after 120 s"
        time.sleep(0.5)
    done = time.monotonic() - started
    print(
        f"\ndefault mode: {sum(statuses.values())} requests by {SHERIFF_THREADS} sheriffs and {REVIEWER_THREADS}"
        f" reviewers answered in {answered:.1f}s (slowest {slowest:.2f}s); {len(later)} more disputes filed while"
        f" PDFs rendered, slowest {slowest_while_rendering:.2f}s; every PDF and email done after {done:.1f}s"
    )
    logs = default_mode.log("web") + default_mode.log("worker")
    assert "database is locked" not in logs
    assert "Internal Server Error" not in logs


def test_an_upload_cut_off_mid_body_leaves_no_file_and_no_row(default_mode):
    url = default_mode.url
    sheriff = token(url, "travis-sheriff")
    _, listed, _ = http("GET", f"{url}/api/v1/entries/?state=listed&limit=50", token=sheriff)
    status, dispute, _ = http(
        "POST",
        f"{url}/api/v1/entries/{listed['results'][-1]['id']}/dispute/",
        token=sheriff,
        data={"ground": "handed_to_ice", "explanation": "Released to ICE at the sally port."},
    )
    assert status == 201
    evidence_root = default_mode.var / "private" / "evidence"
    files_before = sorted(evidence_root.rglob("*")) if evidence_root.exists() else []
    # Bigger than the in-memory upload limit, so the server spools it to a temporary file.
    body, ctype = multipart({"description": "cut off"}, "big.jpg", jpeg_with_exif() + os.urandom(4_000_000))
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as s:
        s.sendall(
            f"POST /api/v1/disputes/{dispute['id']}/evidence/ HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Token {sheriff}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body[: len(body) * 3 // 4]
        )
        time.sleep(0.5)
    time.sleep(1.5)

    status, after, _ = http("GET", f"{url}/api/v1/disputes/{dispute['id']}/", token=sheriff)
    assert status == 200 and after["evidence"] == []
    assert (sorted(evidence_root.rglob("*")) if evidence_root.exists() else []) == files_before
    assert list((default_mode.tmp_path / "uploads").iterdir()) == []
