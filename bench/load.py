"""Load benchmark: the site as production serves it against a trivial WSGI app, in one run, on loopback.

The site runs under gunicorn (2 sync workers) on PostgreSQL and Redis with one Celery worker; `bench/hello.py`
runs under the same gunicorn settings. wrk (2 threads, 8 connections, LOAD_SECONDS each) measures every
public endpoint three ways, each right after a run against hello so both see the same machine:
- cold: a second site server without the front (config.wsgi:django_application), so every request renders;
- warm: the site server, its public cache filled by a first request;
- conditional: the same with `If-None-Match` of the current ETag (answered 304).
It prints req/s and p99 beside hello's as ratios, and first the decision → public latency: 20 cases on a
5,000-entry report decided one after another, each timed from its commit until /corrections/ lists its
notice with the PDF link (the worker is stopped after that, with revision PDFs still queued, so it does not
compete with the load runs). Then Django's floor (/healthz, and a report page's three reads without a render on a
fourth server, bench/floor_urls.py), and the time and peak memory of rendering that report's revision PDF.

Needs DATABASE_URL (PostgreSQL: a scratch database beside it is created and dropped), REDIS_URL and wrk.
"""

import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECONDS = int(os.environ.get("LOAD_SECONDS", "4"))
ENTRIES = int(os.environ.get("LOAD_ENTRIES", "5000"))
DECISIONS = int(os.environ.get("LOAD_DECISIONS", "20"))
GUNICORN = ["-w", "2", "--log-level", "warning", "--timeout", "60"]
WRK = ["-t2", "-c8", "--latency"]


def scratch_env() -> tuple[dict, str]:
    """The environment of every process: the scratch database, production settings, no rate limit for one client."""
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    scratch = f"{url.path.lstrip('/') or 'postgres'}_load"
    var = tempfile.mkdtemp(prefix="ddor-load-")
    env = {
        **os.environ,
        "DATABASE_URL": urllib.parse.urlunsplit(url._replace(path=f"/{scratch}")),
        "VAR_DIR": var,
        "MEDIA_ROOT": f"{var}/media",
        "PRIVATE_MEDIA_ROOT": f"{var}/private",
        "SECRET_KEY": "load-bench-" + "k" * 50,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Per second: DRF keeps one timestamp per request over the period, so a minute of this load is a long list.
        "THROTTLE_ANON": "1000000/second",
        "THROTTLE_USER": "1000000/second",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "SWEEP_GRACE_SECONDS": "3600",
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    return env, scratch


def admin_sql(sql: str) -> None:
    import psycopg

    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urllib.parse.urlunsplit(url._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


class Servers:
    """The processes this run starts, each in its own session, all stopped at the end."""

    def __init__(self, env: dict, logs: Path) -> None:
        self.env, self.logs, self.procs = env, logs, {}

    def start(self, name: str, argv: list[str], env: dict | None = None, cwd: Path = ROOT) -> None:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115  (the process keeps it)
        env = {**self.env, **(env or {})}
        self.procs[name] = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=log, start_new_session=True)
        log.close()

    def gunicorn(self, name: str, app: str, port: int, env: dict | None = None, cwd: Path = ROOT) -> str:
        self.start(name, [sys.executable, "-m", "gunicorn", app, "-b", f"127.0.0.1:{port}", *GUNICORN], env, cwd)
        site = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{site}/healthz", timeout=2).read()
                return site
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start; see {self.logs / name}.log") from None
                time.sleep(0.2)

    def stop(self, *names: str) -> None:
        """Stop the named processes, or all of them."""
        procs = [self.procs.pop(name) for name in names] if names else [self.procs.pop(n) for n in list(self.procs)]
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=15)


def wrk(url: str, *headers: str) -> tuple[float, float]:
    """Requests per second and p99 latency (ms) of one wrk run."""
    argv = ["wrk", *WRK, f"-d{SECONDS}s", *(x for h in headers for x in ("-H", h)), url]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=SECONDS + 30).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} error responses")
    return rate, p99


def etag(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return response.headers["ETag"]


def load_table(hello: str, warm: str, cold: str, endpoints: list[str]) -> list[tuple]:
    rows = []
    for path in endpoints:
        tag = etag(warm + path)
        for mode, site, headers in (
            ("cold", cold, ()),
            ("warm", warm, ()),
            ("conditional", warm, (f"If-None-Match: {tag}",)),
        ):
            base_rate, base_p99 = wrk(f"{hello}/")
            rate, p99 = wrk(site + path, *headers)
            rows.append((path, mode, rate, rate / base_rate, p99, p99 / base_p99, base_rate))
            print(f"  {path:42} {mode:12} {rate:8.0f} req/s  {rate / base_rate:5.2f}x   p99 {p99:7.1f} ms", flush=True)
    return rows


def pdf_stats(env: dict, revision_id: int) -> str:
    """Render a revision's PDF in a fresh process: seconds, peak memory, size."""
    code = (
        "import resource, sys, time; sys.path.insert(0, 'bench'); import run\n"
        "from reports.models import ReportRevision\n"
        "from reports.services import render_revision\n"
        f"ReportRevision.objects.filter(pk={revision_id}).update(pdf='')\n"
        "t = time.perf_counter()\n"
        f"r = render_revision(revision_id={revision_id})\n"
        "s = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(f'{s:.1f} s ({1000 * s / r.declined:.1f} ms a row), peak RSS {rss:.0f} MB, {r.pdf.size / 1e6:.1f} MB')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    return (out.stdout.strip() or out.stderr.strip()[-500:]).splitlines()[-1]


def wait_for_worker(timeout: float) -> None:
    """Let the worker finish the PDFs of the published weeks before the decisions start."""
    from reports.models import ReportRevision

    deadline = time.monotonic() + timeout
    while ReportRevision.objects.filter(pdf="").exists() and time.monotonic() < deadline:
        time.sleep(1)


def main() -> int:
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
    if missing or not os.environ["DATABASE_URL"].startswith("postgres") or subprocess.run(
        ["sh", "-c", "command -v wrk"], capture_output=True
    ).returncode:
        print("load: skipped; it needs DATABASE_URL (PostgreSQL), REDIS_URL and wrk (bin/setup installs wrk)")
        return 0
    env, scratch = scratch_env()
    admin_sql(f'DROP DATABASE IF EXISTS "{scratch}"')
    admin_sql(f'CREATE DATABASE "{scratch}"')
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "bench"))
    import newsday  # noqa: E402  (sets Django up on the scratch database)
    from django.core.management import call_command
    from django.db import connection

    servers = Servers(env, Path(env["VAR_DIR"]))
    try:
        call_command("migrate", verbosity=0)
        print(
            f"load: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start; PostgreSQL {scratch}; "
            f"wrk {' '.join(WRK)} -d{SECONDS}s per run"
        )
        servers.start("worker", [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", "2", "-l", "WARNING"])
        data = newsday.build(entries=ENTRIES, cases=DECISIONS)
        site = servers.gunicorn("web", "config.wsgi", 18601)
        cold = servers.gunicorn("web-cold", "config.wsgi:django_application", 18602)
        hello = servers.gunicorn("hello", "hello:application", 18603, cwd=ROOT / "bench")
        floor_env = {"DJANGO_SETTINGS_MODULE": "floor_settings", "PYTHONPATH": str(ROOT / "bench")}
        floor = servers.gunicorn("web-floor", "config.wsgi:django_application", 18604, env=floor_env)
        wait_for_worker(300)

        latencies = newsday.decide_and_watch(site, data)
        p95 = statistics.quantiles(latencies, n=20)[-1]
        print(
            f"decision → public notice with PDF link, {len(latencies)} decisions on a {ENTRIES}-entry report: "
            f"p50 {statistics.median(latencies):.2f} s, p95 {p95:.2f} s, max {max(latencies):.2f} s (goal p95 ≤ 2 s)"
        )
        print("  each, in order: " + " ".join(f"{x:.2f}" for x in latencies))
        # The worker would still be rendering the decisions' revision PDFs (one at a time, most of a minute
        # each): stopped, so the load runs measure the web servers alone. The PDFs are left undone.
        servers.stop("worker")
        report, fips = data["report"], data["fips"]
        endpoints = [
            "/",
            "/corrections/",
            "/corrections/feed/",
            f"/reports/{report}/",
            f"/reports/{report}/revisions/1/",
            f"/jurisdictions/{fips}/",
            "/api/v1/reports/",
            "/api/v1/corrections/",
            f"/api/v1/reports/{report}/",
            f"/api/v1/jurisdictions/{fips}/",
            "/data/corrections.json",
        ]
        print("endpoint, mode, req/s, ratio to hello (goals: warm ≥ 0.5, conditional ≥ 0.7, cold report ≥ 0.05)")
        rows = load_table(hello, site, cold, endpoints)
        # What a page served by Django costs before its own work (every middleware, no query), and what a report
        # page would cost if it did nothing but its three indispensable reads (bench/floor_urls.py).
        for label, url in (
            ("/healthz (no query)", f"{cold}/healthz"),
            ("a report page's 3 reads, no render", f"{floor}/floor/{report}/"),
        ):
            base_rate, _ = wrk(f"{hello}/")
            rate, _ = wrk(url)
            print(f"  Django's floor: {label:42} {rate:8.0f} req/s  {rate / base_rate:5.2f}x")
        rates = [r[6] for r in rows]
        print(f"hello: median {statistics.median(rates):.0f} req/s over {len(rates)} runs; "
              f"load average {os.getloadavg()[0]:.1f} at the end")
        from reports.models import ReportRevision

        # The same render of a 210-row week shows whether the time grows in step with the rows.
        for revision in (
            ReportRevision.objects.exclude(report_id=report).order_by("-report__period_start").first(),
            ReportRevision.objects.filter(report_id=report).order_by("-number").first(),
        ):
            print(f"revision PDF, {revision.declined} rows (rev. {revision.number}): {pdf_stats(env, revision.pk)}")
    finally:
        servers.stop()
        connection.close()
        admin_sql(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
