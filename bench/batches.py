"""Public pages after batch corrections: each page rendered (no cache) after four agency corrections of 500
entries each on a 5,000-entry report, against the same page after four corrections of one entry each. Both
states hold eight notices; the ratio shows whether a page's cost follows how many entries its notices changed
(it should stay near 1: lists show a few entries of each notice and the notices' frozen summaries)."""

import datetime as dt
import statistics
import time

from django.db import transaction
from django.test import Client

PAGES = (
    "/",
    "/corrections/",
    "/corrections/feed/",
    "/reports/{report}/",
    "/jurisdictions/{fips}/",
    "/api/v1/corrections/",
)
ENTRIES = 5000
BATCH = 500
REPEAT = 7


class _Rollback(Exception):
    pass


def _correct(reviewer, ids: list[int]) -> None:
    """One agency correction of these entries, published at once (as the worker would)."""
    from disputes import services

    decision = services.correct_by_agency(
        actor=reviewer, entries=ids, ground="before_period", action="remove", rationale="Re-processed in one batch."
    )
    services.publish_decision(decision_id=decision.pk)


def _times(client: Client, urls: list[str]) -> dict[str, float]:
    from django.core.cache import caches

    found = {}
    for url in urls:
        samples = []
        for n in range(REPEAT + 1):
            caches["public"].clear()
            t0 = time.perf_counter()
            assert client.get(url).status_code == 200, url
            if n:  # the first warms the process up
                samples.append(time.perf_counter() - t0)
        found[url] = statistics.median(samples)
    return found


def _measured(reviewer, ids: list[int], size: int, urls: list[str]) -> dict[str, float]:
    """Page times with four more corrections of `size` entries each, then every change rolled back."""
    found: dict[str, float] = {}
    try:
        with transaction.atomic():
            for n in range(4):
                _correct(reviewer, ids[n * size : (n + 1) * size])
            found = _times(Client(), urls)
            raise _Rollback
    except _Rollback:
        pass
    return found


def batch_results() -> list[tuple[str, float, str]]:
    from jurisdictions.services import create_account, ensure_facility, ensure_jurisdiction
    from reports.models import ListedDetainer, Report
    from reports.services import create_revision

    reviewer = create_account(username="batch-reviewer", password="bench-passphrase-1", role="reviewer").user
    start = dt.date(2051, 1, 4)
    report = Report.objects.create(
        period_start=start, period_end=start + dt.timedelta(days=6), status=Report.Status.PUBLISHED
    )
    counties = [
        ensure_jurisdiction(fips=f"{48100 + j}", name=f"Batch County {j}", state="TX", kind="county") for j in range(40)
    ]
    jails = [ensure_facility(jurisdiction=county, name=f"{county.name} Jail") for county in counties]
    ListedDetainer.objects.bulk_create(
        ListedDetainer(
            report=report,
            row_number=i,
            jurisdiction=counties[i % 40],
            facility=jails[i % 40],
            citizenship="Mexico",
            detainer_issued=dt.date(2015, 6, 1),
            declined=start + dt.timedelta(days=i % 7),
        )
        for i in range(1, ENTRIES + 1)
    )
    create_revision(report=report, reason="Published")
    ids = list(report.entries.order_by("row_number").values_list("pk", flat=True))
    for n in range(4):  # four small notices in both states
        _correct(reviewer, [ids[-1 - n]])
    urls = [page.format(report=report.pk, fips=counties[0].fips) for page in PAGES]
    small = _measured(reviewer, ids, 1, urls)
    large = _measured(reviewer, ids, BATCH, urls)
    return [
        (
            f"GET {page}: 4 corrections of {BATCH} entries / 4 of 1 entry",
            large[url] / small[url],
            f"{small[url] * 1000:.1f} ms vs {large[url] * 1000:.1f} ms",
        )
        for page, url in zip(PAGES, urls, strict=True)
    ]
