"""Many reviewers deciding at once through the API of a real web server, with real workers publishing."""

import threading
import time
from collections import Counter

import pytest
from knox.models import AuthToken

from disputes.models import Correction, CorrectionNotice, Decision
from reports.models import ReportRevision
from tests.factories import ReviewerFactory, SheriffFactory

from .conftest import published_report, submitted_dispute, wait_for
from .processes import http

pytestmark = pytest.mark.pipeline
REMOVE = {"outcome": "corrected", "action": "remove", "rationale": "Shown by the jail's release records."}


def all_at_once(calls: list) -> list:
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_twenty_simultaneous_decisions_on_one_dispute_one_wins_the_rest_409(processes):
    report, (entry,) = published_report(1)
    dispute = submitted_dispute(entry, SheriffFactory(jurisdiction=entry.jurisdiction).user)
    tokens = [AuthToken.objects.create(ReviewerFactory().user)[1] for _ in range(20)]
    url = processes.web(workers=2, threads=10)
    processes.worker("worker")

    started = time.monotonic()
    results = all_at_once(
        [lambda t=t: http("POST", f"{url}/api/v1/disputes/{dispute.pk}/decide/", token=t, data=REMOVE) for t in tokens]
    )
    answered = time.monotonic() - started
    statuses = Counter(status for status, _, _ in results)
    assert statuses == {200: 1, 409: 19}, [(s, b) for s, b, _ in results if s not in (200, 409)]
    assert Decision.objects.count() == 1 and Correction.objects.filter(entry=entry).count() == 1
    correction = Correction.objects.get(entry=entry)
    wait_for(
        lambda: CorrectionNotice.objects.filter(pk=correction.decision.notice.pk).exclude(pdf="").exists()
        and ReportRevision.objects.filter(report=report).exclude(pdf="").count() == 2,
        timeout=60,
        what="the one correction to be published",
    )
    published = time.monotonic() - started
    print(f"\n20 decisions on one dispute: all answered in {answered:.2f}s, published in {published:.1f}s")
    assert CorrectionNotice.objects.count() == 1


def test_ten_simultaneous_decisions_on_one_report_give_consecutive_revisions_and_lose_nothing(processes):
    report, entries = published_report(10)
    disputes = [submitted_dispute(e, SheriffFactory(jurisdiction=e.jurisdiction).user) for e in entries]
    tokens = [AuthToken.objects.create(ReviewerFactory().user)[1] for _ in disputes]
    url = processes.web(workers=2, threads=5)
    processes.worker("worker")

    started = time.monotonic()
    results = all_at_once(
        [
            lambda d=d, t=t: http("POST", f"{url}/api/v1/disputes/{d.pk}/decide/", token=t, data=REMOVE)
            for d, t in zip(disputes, tokens, strict=True)
        ]
    )
    answered = time.monotonic() - started
    assert [status for status, _, _ in results] == [200] * 10, [b for s, b, _ in results if s != 200]
    wait_for(
        lambda: not Correction.objects.filter(entry__report=report, revision__isnull=True).exists()
        and not ReportRevision.objects.filter(report=report, pdf="").exists()
        and CorrectionNotice.objects.filter(pdf="").count() == 0,
        timeout=90,
        what="every correction to be published",
    )
    published = time.monotonic() - started
    print(f"\n10 decisions on one report: all answered in {answered:.2f}s, published in {published:.1f}s")
    numbers = sorted(ReportRevision.objects.filter(report=report).values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    latest = ReportRevision.objects.filter(report=report).order_by("-number").first()
    assert (latest.totals["declined"], latest.totals["removed"]) == (0, 10)
    assert len(set(CorrectionNotice.objects.values_list("number", flat=True))) == 10
