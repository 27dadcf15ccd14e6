"""Benchmarks, reported as ratios measured in one run on one machine.

1. Import: `import_report` (validate all, then bulk writes) against a naive baseline that
   saves each Section II row with its own INSERT, on the same rows.
2. Revision: `compute_content` on 10x more entries; the ratio shows how it scales, and the
   query count shows it does not grow with the report (no query per row).
3. Public report page: the same, through the full Django request cycle.

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


def make_csv(rows: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for j in range(40):
        writer.writerow(["I", "TX", f"County {j}", f"{48000 + j}", "", "", "", "", "", "", rng.randint(1, 90)])
    for _ in range(rows):
        j = rng.randrange(40)
        issued = START - dt.timedelta(days=rng.randint(0, 2000))
        writer.writerow(
            [
                "II",
                "TX",
                f"County {j}",
                f"{48000 + j}",
                f"County {j} Jail",
                "Mexico",
                issued.isoformat(),
                (START + dt.timedelta(days=rng.randint(0, 6))).isoformat(),
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
                    ref = row["jurisdiction"]
                    j = ensure_jurisdiction(fips=ref.fips, name=ref.name, state=ref.state, kind=ref.kind)
                    ListedDetainer.objects.create(
                        report=report,
                        row_number=i,
                        jurisdiction=j,
                        facility=ensure_facility(jurisdiction=j, name=row["facility"]),
                        citizenship=row["citizenship"],
                        detainer_issued=row["detainer_issued"],
                        declined=row["declined"],
                        criminal_activity=row["criminal_activity"],
                        activity_basis=row["activity_basis"],
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

        width = max(len(r[0]) for r in results)
        print()
        for name, ratio, detail in results:
            print(f"{name:<{width}}  {ratio:6.2f}x   ({detail})")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
