"""Public lists cost the same number of queries however many corrections they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disputes import services
from reports.services import create_revision
from tests.factories import ListedDetainerFactory, ReportFactory, ReviewerFactory, SheriffFactory, png_bytes


def correct(report, reviewer) -> None:
    entry = ListedDetainerFactory(report=report)
    sheriff = SheriffFactory(jurisdiction=entry.jurisdiction).user
    dispute = services.file_dispute(
        actor=sheriff, entry_id=entry.pk, ground="duplicate", explanation="Listed twice in the same week."
    )
    services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=png_bytes(), filename="log.png")
    services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
    services.decide_dispute(
        actor=reviewer, dispute_id=dispute.pk, outcome="corrected", action="remove", rationale="Same as row 1."
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/corrections/", "/corrections/feed/", "/api/v1/corrections/", "/", "/review/"])
def test_public_and_review_lists_do_not_query_per_correction(client, django_capture_on_commit_callbacks, url):
    report = ReportFactory()
    create_revision(report=report, reason="Published as imported")
    reviewer = ReviewerFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        correct(report, reviewer)
    if url.startswith("/review/"):
        client.force_login(reviewer)
    few = queries(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            correct(report, reviewer)
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
