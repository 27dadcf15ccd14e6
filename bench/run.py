"""Benchmarks, reported as ratios measured in one run on one machine.

1. Import: `import_report` (validate all, then bulk writes) against a naive baseline that
   saves each Section II row with its own INSERT, on the same rows.
2. Revision: `compute_content` on 10x more entries; the ratio shows how it scales, and the
   query count shows it does not grow with the report (no query per row).
3. Public report page: the same, through the full Django request cycle.
4. Deciding a case (bench/cases.py): a 500-entry case against a 50-entry one, queries and time.
   Public pages after batch corrections (bench/batches.py): four 500-entry corrections against four 1-entry ones.
5. Revision storage (bench/storage.py): 1,000 corrections on a 5,000-entry report, shared rows against whole copies.
6. Series import: a 50,000-row Section II imported as a draft and analysed against a 52-week published
   series, as rows per second relative to PostgreSQL `COPY` of the same file into a plain table in the
   same run (PostgreSQL only), and the time of the data-quality analysis alone. Beside it, the import's
   own row write (COPY into the entries table, then commit) against the same COPY: the ceiling for that ratio.
   Then publishing that draft (findings acknowledged a kind at a time, revision 1 frozen), against its import.

Runs on a throwaway SQLite database by default, or on DATABASE_URL (a scratch database
is created and dropped) when that is set.
"""

import csv
import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="ddor-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-" + "b" * 50)

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

START = dt.date(2017, 1, 28)
END = dt.date(2017, 2, 3)
HEADER = [
    "section",
    "state",
    "jurisdiction",
    "fips",
    "facility",
    "citizenship",
    "detainer_issued",
    "declined",
    "criminal_activity",
    "activity_basis",
    "detainers_issued",
]


def make_csv(rows: int, seed: int = 1, start: dt.date = START) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for j in range(40):
        writer.writerow(["I", "TX", f"County {j}", f"{48000 + j}", "", "", "", "", "", "", rng.randint(1, 90)])
    for _ in range(rows):
        j = rng.randrange(40)
        issued = start - dt.timedelta(days=rng.randint(0, 2000))
        writer.writerow(
            [
                "II",
                "TX",
                f"County {j}",
                f"{48000 + j}",
                f"County {j} Jail",
                "Mexico",
                issued.isoformat(),
                (start + dt.timedelta(days=rng.randint(0, 6))).isoformat(),
                "Assault",
                "charge",
                "",
            ]
        )
    return out.getvalue().encode()


def timed(fn, repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    from django.core.management import call_command
    from django.test import Client

    from jurisdictions.services import ensure_facility, ensure_jurisdiction
    from reports.importer import parse_report_csv
    from reports.models import ListedDetainer, Report
    from reports.services import compute_content, import_report

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    test_db = connection.creation.create_test_db(verbosity=0, keepdb=False)
    print(f"database: {connection.vendor} ({test_db})")
    try:
        call_command("migrate", verbosity=0)
        from jurisdictions.services import create_account

        reviewer = create_account(username="bench-reviewer", password="bench-pass-123456", role="reviewer").user
        results = []

        # 1. Import against a row-at-a-time baseline.
        rows = 3000
        data = make_csv(rows)
        periods = iter(range(1, 1000))

        def ours():
            n = next(periods)
            import_report(data=data, period_start=START + dt.timedelta(weeks=n), period_end=END + dt.timedelta(weeks=n))

        def naive():
            n = next(periods)
            start, end = START + dt.timedelta(weeks=n), END + dt.timedelta(weeks=n)
            parsed = parse_report_csv(data, period_start=start, period_end=end)
            with transaction.atomic():
                report = Report.objects.create(period_start=start, period_end=end)
                for i, row in enumerate(parsed.entries, start=1):
                    ref = row.jurisdiction
                    j = ensure_jurisdiction(fips=ref.fips, name=ref.name, state=ref.state, kind=ref.kind)
                    ListedDetainer.objects.create(
                        report=report,
                        row_number=i,
                        jurisdiction=j,
                        facility=ensure_facility(jurisdiction=j, name=row.facility),
                        citizenship=row.citizenship,
                        detainer_issued=row.detainer_issued,
                        declined=row.declined,
                        criminal_activity=row.criminal_activity,
                        activity_basis=row.activity_basis,
                    )

        t_ours, t_naive = timed(ours), timed(naive)
        results.append(
            (
                f"import {rows} rows: row-at-a-time baseline / import_report",
                t_naive / t_ours,
                f"{t_ours * 1000:.0f} ms vs {t_naive * 1000:.0f} ms",
            )
        )

        # 2 and 3. Revision content and the public page, small report against a 10x larger one.
        small = import_report(data=make_csv(500, 2), period_start=dt.date(2030, 1, 5), period_end=dt.date(2030, 1, 11))
        large = import_report(data=make_csv(5000, 3), period_start=dt.date(2030, 2, 5), period_end=dt.date(2030, 2, 11))
        publish(small, reviewer)
        publish(large, reviewer)
        for label, fn in (
            ("compute_content", lambda r: compute_content(r)),
            ("GET /reports/<id>/", lambda r: Client().get(f"/reports/{r.pk}/")),
        ):
            queries = {}
            for name, report in (("small", small), ("large", large)):
                with CaptureQueriesContext(connection) as ctx:
                    response = fn(report)
                if hasattr(response, "status_code"):
                    assert response.status_code == 200, response.status_code
                queries[name] = len(ctx.captured_queries)
            t_small, t_large = timed(lambda fn=fn: fn(small)), timed(lambda fn=fn: fn(large))
            results.append(
                (
                    f"{label}: 5000 entries / 500 entries (10x data)",
                    t_large / t_small,
                    f"{t_small * 1000:.0f} ms vs {t_large * 1000:.0f} ms; "
                    f"queries {queries['small']} vs {queries['large']}",
                )
            )

        from batches import batch_results
        from cases import case_results
        from storage import storage_results

        results.extend(case_results())
        results.extend(batch_results())
        results.extend(storage_results())
        results.extend(series_import(reviewer))

        width = max(len(r[0]) for r in results)
        print()
        for name, ratio, detail in results:
            print(f"{name:<{width}}  {ratio:6.2f}x   ({detail})")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def publish(report, reviewer) -> None:
    from reports.services import publish_report

    notes = {f.pk: "bench" for f in report.findings.filter(acknowledged_at__isnull=True)}
    publish_report(actor=reviewer, report_id=report.pk, acknowledgements=notes)


def series_import(reviewer) -> list[tuple[str, float, str]]:
    """Import and analyse a 50,000-row week against 52 published weeks; compare with COPY of the same file."""
    from reports.models import Report
    from reports.quality import analyse
    from reports.services import import_report

    first = dt.date(2031, 1, 4)
    t0 = time.perf_counter()
    for week in range(52):
        start = first + dt.timedelta(weeks=week)
        report = import_report(
            data=make_csv(400, 100 + week, start), period_start=start, period_end=start + dt.timedelta(days=6)
        )
        publish(report, reviewer)
    t_series = time.perf_counter() - t0

    rows = 50_000
    start = first + dt.timedelta(weeks=52)
    data = make_csv(rows, 7, start)
    t0 = time.perf_counter()
    report = import_report(data=data, period_start=start, period_end=start + dt.timedelta(days=6))
    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    with transaction.atomic():
        findings = analyse(Report.objects.get(pk=report.pk))
    t_analyse = time.perf_counter() - t0
    rate = rows / t_import
    detail = (
        f"{t_import:.2f} s for {rows} rows = {rate:,.0f} rows/s including analysis ({len(findings)} findings); "
        f"series of 52 weeks built in {t_series:.1f} s"
    )
    out = []
    if connection.vendor == "postgresql":
        t_copy = copy_time(data)
        t_write = entries_write_time(report)
        out.append(
            (
                f"import+analyse {rows} rows vs PostgreSQL COPY (rows/s ratio, goal >= 0.3)",
                t_copy / t_import,
                f"{detail}; COPY {t_copy:.2f} s = {rows / t_copy:,.0f} rows/s",
            )
        )
        out.append(
            (
                f"writing the {rows} checked rows alone vs PostgreSQL COPY (rows/s ratio, the ceiling for the above)",
                t_copy / t_write,
                f"COPY into the entries table with its indexes and foreign keys, commit included: {t_write:.2f} s",
            )
        )
    else:
        print(f"import+analyse (no COPY ratio: it needs DATABASE_URL on PostgreSQL): {detail}")
    out.append(
        (
            f"data-quality analysis of {rows} rows against 52 weeks / whole import",
            t_analyse / t_import,
            f"analysis {t_analyse:.2f} s, {len(findings)} findings",
        )
    )
    out.append(publish_time(report, reviewer, t_import))
    return out


def publish_time(report, reviewer, t_import: float) -> tuple[str, float, str]:
    """Publishing the large draft: every finding acknowledged a kind at a time, revision 1 frozen row by row."""
    from reports.services import publish_report

    kinds = {kind: "Checked with the offices named." for kind in set(report.findings.values_list("kind", flat=True))}
    t0 = time.perf_counter()
    publish_report(actor=reviewer, report_id=report.pk, kind_acknowledgements=kinds)
    t_publish = time.perf_counter() - t0
    return (
        f"publishing the {report.entries.count()}-row draft / its import",
        t_publish / t_import,
        f"{t_publish:.2f} s: {report.findings.count()} findings acknowledged in {len(kinds)} notes, revision 1 frozen",
    )


def entries_write_time(report, repeat: int = 3) -> float:
    """Median time for the import's own row write (COPY into the entries table, then commit) of a report's rows."""
    from jurisdictions.models import Facility
    from reports.models import ListedDetainer, Report
    from reports.quality import FACT_FIELDS
    from reports.services import _insert_entries

    entries = ListedDetainer.objects.filter(report=report).order_by("row_number")
    rows = list(entries.values_list(*FACT_FIELDS))
    used = Facility.objects.filter(pk__in=entries.values("facility_id"))
    facilities = {(f.jurisdiction_id, f.name): f.pk for f in used}
    samples = []
    for n in range(repeat):
        start = dt.date(2060, 1, 1) + dt.timedelta(weeks=n)
        scratch = Report.objects.create(period_start=start, period_end=start)
        t0 = time.perf_counter()
        with transaction.atomic():
            _insert_entries(scratch.pk, rows, facilities)
        samples.append(time.perf_counter() - t0)
        scratch.entries.all().delete()
        scratch.delete()
    return statistics.median(samples)


def copy_time(data: bytes, repeat: int = 3) -> float:
    """Median time to COPY the CSV into an unlogged text table, as the floor for any import."""
    header = data.split(b"\n", 1)[0].decode().strip().split(",")
    columns = ", ".join(f'"{c}" text' for c in header)
    samples = []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            cursor.execute("DROP TABLE IF EXISTS bench_copy")
            cursor.execute(f"CREATE UNLOGGED TABLE bench_copy ({columns})")
            t0 = time.perf_counter()
            with cursor.cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                copy.write(data)
            samples.append(time.perf_counter() - t0)
        cursor.execute("DROP TABLE bench_copy")
    return statistics.median(samples)


if __name__ == "__main__":
    main()
