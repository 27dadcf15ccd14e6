"""A news day's data and decisions, for bench/load.py: run in a process whose settings point at the scratch database.

- `build`: three small published weeks and one of 5,000 entries, a reviewer, and submitted cases on the large one.
- `decide_and_watch`: each case decided in turn; the time from its commit until `/corrections/` (served by the
  real web server and worker) lists its notice with the PDF link.
"""

import datetime as dt
import time
import urllib.request

from run import make_csv  # noqa: F401  (run.py sets up Django)

START = dt.date(2031, 1, 4)
PASSWORD = "bench-passphrase-1"


def _publish(report, reviewer) -> None:
    from reports.services import publish_report

    notes = {f.pk: "bench" for f in report.findings.filter(acknowledged_at__isnull=True)}
    publish_report(actor=reviewer, report_id=report.pk, acknowledgements=notes)


def build(*, entries: int, cases: int, case_size: int = 3) -> dict:
    """Publish the weeks, and open and submit `cases` cases (one per county) of `case_size` entries on the large one."""
    from disputes import services
    from jurisdictions.services import create_account
    from reports.services import import_report

    reviewer = create_account(username="load-reviewer", password=PASSWORD, role="reviewer").user
    for week, size in enumerate((150, 180, 210)):
        start = START + dt.timedelta(weeks=week)
        end = start + dt.timedelta(6)
        _publish(import_report(data=make_csv(size, 10 + week, start), period_start=start, period_end=end), reviewer)
    start = START + dt.timedelta(weeks=3)
    large = import_report(data=make_csv(entries, 99, start), period_start=start, period_end=start + dt.timedelta(6))
    _publish(large, reviewer)
    by_fips: dict[str, list[int]] = {}
    for pk, fips in large.entries.order_by("row_number").values_list("pk", "jurisdiction__fips"):
        by_fips.setdefault(fips, []).append(pk)
    submitted = []
    # One case per county, each on its first entries, until there are enough.
    for fips, ids in sorted(by_fips.items())[:cases]:
        sheriff = create_account(username=f"load-sheriff-{fips}", password=PASSWORD, role="sheriff", fips=fips).user
        case = services.open_case(
            actor=sheriff,
            entries=ids[:case_size],
            ground="before_period",
            explanation="Re-processed in one batch from earlier years.",
        )
        services.add_case_evidence(actor=sheriff, case_id=case.pk, data=_blank_pdf(), filename="log.pdf")
        services.submit_case(actor=sheriff, case_id=case.pk)
        submitted.append(case.pk)
    return {"report": large.pk, "fips": sorted(by_fips)[0], "cases": submitted, "reviewer": reviewer.pk}


def _blank_pdf() -> bytes:
    from cases import _blank_pdf

    return _blank_pdf()


def decide_and_watch(site: str, data: dict, *, timeout: float = 30.0) -> list[float]:
    """Decide each case; return the seconds from each decision's commit until the public notice shows its PDF."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from disputes import services

    reviewer = get_user_model().objects.get(pk=data["reviewer"])
    latencies = []
    for case_id in data["cases"]:
        committed: list[float] = []
        with transaction.atomic():
            # Registered first, so it runs first after the commit: the clock starts at the commit.
            transaction.on_commit(lambda committed=committed: committed.append(time.monotonic()))
            decision = services.decide_case(
                actor=reviewer,
                case_id=case_id,
                outcome="corrected",
                action="remove",
                rationale="Re-processed detainers from before the period.",
            )
        link = f"/corrections/{decision.notice.number}.pdf"
        while link not in _get(f"{site}/corrections/"):
            if time.monotonic() - committed[0] > timeout:
                raise RuntimeError(f"{decision.notice.number} was not public after {timeout} s")
            time.sleep(0.02)
        latencies.append(time.monotonic() - committed[0])
    return latencies


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()
