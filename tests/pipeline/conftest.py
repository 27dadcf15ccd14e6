"""A real Celery pipeline: worker processes, the configured broker, the test database.

These tests need a broker and a database that other processes can reach, so they
run when REDIS_URL is set and the database is PostgreSQL. In CI (CI=true) a missing
service fails the run instead of skipping it.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _services_problem() -> str | None:
    if not os.environ.get("REDIS_URL"):
        return "REDIS_URL is not set"
    engine = settings.DATABASES["default"]["ENGINE"]
    if not engine.endswith("postgresql"):
        return f"the database engine is {engine}, not PostgreSQL (set DATABASE_URL)"
    try:
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"], socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means no usable broker
        return f"Redis at REDIS_URL does not answer: {exc}"
    return None


def pytest_collection_modifyitems(config, items):
    problem = _services_problem()
    # Local runs without services leave these out, saying why; in CI they run and fail in services_required.
    left_out = bool(problem) and os.environ.get("CI", "").lower() != "true"
    for item in items:
        if "pipeline" in item.keywords:
            item.add_marker(pytest.mark.skipif(left_out, reason=f"needs Redis and PostgreSQL: {problem}"))


@pytest.fixture
def services_required(transactional_db):
    problem = _services_problem()
    if problem:
        pytest.fail(f"pipeline tests need Redis and PostgreSQL: {problem}")


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "") + "@" if s["USER"] else ""
    return f"postgres://{auth}{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


def _process_env(settings, tmp_path) -> dict:
    """Environment for a worker or server process using this test's database, files and mail folder."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": settings.STORAGES["private"]["OPTIONS"]["location"],
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "VAR_DIR": str(tmp_path / "var"),
    }


@pytest.fixture
def workers(services_required, settings, tmp_path):
    """Two Celery worker processes (as on two machines) sharing the broker, database and file store."""
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    mail_dir = tmp_path / "mail"
    env = _process_env(settings, tmp_path)
    run = uuid.uuid4().hex[:8]
    names = [f"pipeline-{run}-{i}@localhost" for i in range(2)]
    logs = [open(tmp_path / f"worker{i}.log", "wb") for i in range(2)]  # noqa: SIM115
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-l",
                "INFO",
                "-c",
                "2",
                "-n",
                name,
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for name, log in zip(names, logs, strict=True)
    ]
    try:
        deadline = time.monotonic() + 60
        ready: set[str] = set()
        while ready != set(names):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                output = b"".join((tmp_path / f"worker{i}.log").read_bytes()[-3000:] for i in range(2))
                pytest.fail(f"Celery workers did not start:\n{output.decode(errors='replace')}")
            for reply in celery_app.control.ping(timeout=1.0) or []:
                ready.update(k for k in reply if k in names)
        yield {
            "names": names,
            "mail_dir": mail_dir,
            "logs": [tmp_path / f"worker{i}.log" for i in range(2)],
            "env": env,
        }
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        for log in logs:
            log.close()
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


def submitted_dispute(entry, sheriff):
    """A dispute on `entry` with one photo, submitted for review."""
    from disputes import services
    from tests.factories import jpeg_with_exif

    dispute = services.file_dispute(
        actor=sheriff, entry_id=entry.pk, ground="handed_to_ice", explanation="Released to ICE at the sally port."
    )
    services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=jpeg_with_exif(), filename="release.jpg")
    services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
    return dispute


def published_report(entries: int):
    """A report with `entries` Section II rows and its first revision."""
    from reports.services import create_revision
    from tests.factories import ListedDetainerFactory, ReportFactory

    report = ReportFactory()
    rows = [ListedDetainerFactory(report=report) for _ in range(entries)]
    create_revision(report=report, reason="Published as imported")
    return report, rows


def wait_for(predicate, *, timeout: float = 90, what: str = "condition"):
    """Poll until predicate() is truthy; fail with `what` after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def _clear_broker() -> None:
    """Drop queued and unacknowledged messages so a killed worker's tasks cannot reach a later test."""
    import redis

    celery_app.control.purge()
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.delete("unacked", "unacked_index", "unacked_mutex")
    client.close()


@pytest.fixture
def processes(services_required, settings, tmp_path):
    """Start workers, beat, a web server against the test database; everything is stopped afterwards."""
    from .processes import Processes

    celery_app.conf.task_always_eager = False
    _clear_broker()
    env = {
        **_process_env(settings, tmp_path),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Short periods so each fault is recovered from within seconds.
        "SWEEP_INTERVAL_SECONDS": "2",
        "SWEEP_GRACE_SECONDS": "4",
        "TASK_RETRY_BACKOFF_MAX": "2",
    }
    procs = Processes(tmp_path, env)
    procs.mail_dir = tmp_path / "mail"
    procs.database_url = _database_url()
    try:
        yield procs
    finally:
        procs.stop_all()
        _clear_broker()
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
