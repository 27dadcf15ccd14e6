"""Public lists cost the same number of queries however many corrections they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disputes.models import CorrectionNotice
from reports.services import create_revision
from tests.factories import ListedDetainerFactory, ReportFactory, ReviewerFactory, correct_entry, report_with_entries


def correct(report, reviewer, how: str = "dispute") -> None:
    """One entry corrected after its office's dispute, or by the agency on its own (no case, no appeal)."""
    entry = ListedDetainerFactory(report=report)
    if how == "dispute":
        correct_entry(entry, reviewer)
        return
    from disputes import services

    services.correct_by_agency(
        actor=reviewer, entries=[entry.pk], ground="data_error", rationale="Not in the period.", action="remove"
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["dispute", "agency"])
@pytest.mark.parametrize(
    "url", ["/corrections/", "/corrections/feed/", "/api/v1/corrections/", "/", "/review/", "/reports/{report}/"]
)
def test_public_and_review_lists_do_not_query_per_correction(client, django_capture_on_commit_callbacks, url, how):
    report = ReportFactory()
    create_revision(report=report, reason="Published as imported")
    reviewer = ReviewerFactory().user
    url = url.format(report=report.pk)
    with django_capture_on_commit_callbacks(execute=True):
        correct(report, reviewer, how)
    if url.startswith("/review/"):
        client.force_login(reviewer)
    few = queries(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            correct(report, reviewer, how)
    assert queries(client, url) == few


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/jurisdictions/{fips}/", "/api/v1/jurisdictions/{fips}/", "/review/reports/"])
def test_series_pages_do_not_query_per_week(client, path):
    entry = ListedDetainerFactory()
    create_revision(report=entry.report, reason="Published as imported")
    client.force_login(ReviewerFactory().user)
    url = path.format(fips=entry.jurisdiction.fips)
    few = queries(client, url)
    for _ in range(4):
        other = ListedDetainerFactory(jurisdiction=entry.jurisdiction, facility=entry.facility)
        create_revision(report=other.report, reason="Published as imported")
        ReportFactory(status="draft")
    assert queries(client, url) == few


PUBLIC_PAGES = [
    "/",
    "/reports/{report}/",
    "/reports/{report}/?page=2",
    "/reports/{report}/revisions/",
    "/reports/{report}/revisions/1/",
    "/reports/{report}/revisions/2/",
    "/reports/{report}/revisions/2.csv",
    "/reports/{report}/revisions/2.json",
    "/jurisdictions/{fips}/",
    "/corrections/",
    "/corrections/?report={report}",
    "/corrections/{notice}/",
    "/corrections/feed/",
    "/data/corrections.csv",
    "/api/v1/reports/",
    "/api/v1/reports/{report}/",
    "/api/v1/reports/{report}/revisions/2/",
    "/api/v1/jurisdictions/{fips}/",
    "/api/v1/corrections/",
]


@pytest.mark.django_db
def test_every_public_page_costs_the_same_queries_for_50_entries_and_for_5000(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.cache import caches

    for module in ("reports.services", "disputes.services.publishing"):
        monkeypatch.setattr(f"{module}.render_pdf", lambda template, context: (b"%PDF-1.4\n%%EOF", "0" * 64))
    reviewer = ReviewerFactory().user

    def counts(size: int) -> dict[str, int]:
        report = report_with_entries(size)
        with django_capture_on_commit_callbacks(execute=True):
            create_revision(report=report, reason="Published")
        with django_capture_on_commit_callbacks(execute=True):
            correct_entry(report.entries.order_by("row_number")[3], reviewer)
        notice = CorrectionNotice.objects.latest("pk").number
        fips = report.entries.first().jurisdiction.fips
        found = {}
        for page in PUBLIC_PAGES:
            caches["public"].clear()  # the full render, not the stored answer
            found[page] = queries(client, page.format(report=report.pk, fips=fips, notice=notice))
        return found

    small = counts(50)
    assert counts(5000) == small


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["dispute", "agency"])
def test_published_notices_are_listed_from_what_they_froze_without_reading_their_corrections(
    client, django_capture_on_commit_callbacks, how
):
    """The home page's recent notices and a report page's notices say how many entries each changed, where and in
    which revisions, from the summary each notice froze once published, and a report finds its notices from the
    reports each names: no query reads a correction."""
    report = ReportFactory()
    create_revision(report=report, reason="Published as imported")
    reviewer = ReviewerFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            correct(report, reviewer, how)
    assert not CorrectionNotice.objects.filter(summary__isnull=True).exists()
    for url in ("/", f"/reports/{report.pk}/"):
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url).content.decode()
        assert page.count("1 entry") >= 3
        assert not [q for q in ctx.captured_queries if '"disputes_correction"' in q["sql"]], url
