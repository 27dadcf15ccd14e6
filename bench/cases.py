"""Deciding a case: queries and wall time for a 500-entry case against a 50-entry one, and the reviewer's page of it."""

import datetime as dt
import gc
import io
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SIZES = (50, 500)
REPEAT = 5


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=612, height=792)
    writer.write(out)
    return out.getvalue()


def _submitted_case(n: int, week: int, sheriff, jurisdiction, facility):
    from disputes import services
    from reports.models import ListedDetainer, Report
    from reports.services import create_revision

    start = dt.date(2041, 1, 5) + dt.timedelta(weeks=week)
    report = Report.objects.create(
        period_start=start, period_end=start + dt.timedelta(days=6), status=Report.Status.PUBLISHED
    )
    ListedDetainer.objects.bulk_create(
        ListedDetainer(
            report=report,
            row_number=i,
            jurisdiction=jurisdiction,
            facility=facility,
            citizenship="Mexico",
            detainer_issued=dt.date(2015, 6, 1),
            declined=start + dt.timedelta(days=3),
        )
        for i in range(1, n + 1)
    )
    create_revision(report=report, reason="Published")
    ids = list(report.entries.values_list("pk", flat=True))
    case = services.open_case(
        actor=sheriff, entries=ids, ground="before_period", explanation="Re-processed in one batch from 2015."
    )
    services.add_case_evidence(actor=sheriff, case_id=case.pk, data=_blank_pdf(), filename="log.pdf")
    services.submit_case(actor=sheriff, case_id=case.pk)
    return case, ids


def case_results() -> list[tuple[str, float, str]]:
    """Decide cases of 50 and 500 entries (three upheld as exceptions, the rest removed)."""
    from disputes import services
    from jurisdictions.services import create_account, ensure_facility, ensure_jurisdiction

    county = ensure_jurisdiction(fips="48453", name="Travis County", state="TX", kind="county")
    jail = ensure_facility(jurisdiction=county, name="Travis County Correctional Complex")
    sheriff = create_account(username="bench-sheriff", password="bench-passphrase-1", role="sheriff", fips="48453").user
    reviewer = create_account(username="bench-case-reviewer", password="bench-passphrase-1", role="reviewer").user
    week = iter(range(1000))
    seconds, queries, page_seconds = {}, {}, {}
    browser = Client()
    browser.force_login(reviewer)
    for n in SIZES:
        samples, page_samples = [], []
        for _ in range(REPEAT):
            case, ids = _submitted_case(n, next(week), sheriff, county, jail)
            t0 = time.perf_counter()
            page = browser.get(f"/review/cases/{case.pk}/")
            page_samples.append(time.perf_counter() - t0)
            assert page.status_code == 200 and page.content.count(b'name="exception-') == n
            # Timed as timeit does, with the garbage collector off: a collection of the whole
            # process's heap would otherwise land in some samples and not others.
            gc.collect()
            gc.disable()
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                services.decide_case(
                    actor=reviewer,
                    case_id=case.pk,
                    outcome="corrected",
                    action="remove",
                    rationale="ICE re-processed these detainers in one batch.",
                    exceptions=[{"entry": pk, "outcome": "upheld"} for pk in ids[:3]],
                )
                samples.append(time.perf_counter() - t0)
            gc.enable()
            queries[n] = len(ctx.captured_queries)
        seconds[n] = min(samples)  # as timeit advises: the least disturbed run
        page_seconds[n] = min(page_samples)
    small, large = SIZES
    return [
        (
            f"decide a case: {large} entries / {small} entries (10x entries)",
            seconds[large] / seconds[small],
            f"{seconds[small] * 1000:.0f} ms vs {seconds[large] * 1000:.0f} ms; "
            f"queries {queries[small]} vs {queries[large]}",
        ),
        (
            f"the reviewer's case page: {large} entries / {small} entries (10x entries)",
            page_seconds[large] / page_seconds[small],
            f"{page_seconds[small] * 1000:.0f} ms vs {page_seconds[large] * 1000:.0f} ms, a choice per entry",
        ),
    ]
