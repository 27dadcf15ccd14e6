"""HTTP caching: validators and 304s on public pages, immutable PDFs, nothing private cacheable, never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disputes.models import CorrectionNotice
from reports.models import ReportRevision
from reports.services import create_revision
from tests.factories import ReviewerFactory, correct_entry

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/reports/{report}/",
    "/reports/{report}/?page=1",
    "/reports/{report}/revisions/",
    "/reports/{report}/revisions/1/",
    "/reports/{report}/revisions/1.csv",
    "/reports/{report}/revisions/1.json",
    "/jurisdictions/{fips}/",
    "/corrections/",
    "/corrections/?report={report}",
    "/corrections/feed/",
    "/data/corrections.csv",
    "/data/corrections.json",
    "/data/ddor-series.zip",
    "/api/v1/reports/",
    "/api/v1/reports/{report}/",
    "/api/v1/reports/{report}/revisions/2/",
    "/api/v1/jurisdictions/{fips}/",
    "/api/v1/corrections/",
]


def url(path: str, report) -> str:
    return path.format(report=report.pk, fips=report.entries.first().jurisdiction.fips)


def test_the_feed_sends_the_validators_it_is_judged_by(client, published):
    """The feed's own Last-Modified (its newest entry) gives way to the public version's, which 304s compare."""
    import datetime as dt

    from django.utils import timezone
    from django.utils.http import http_date
    from freezegun import freeze_time

    from reports.cache import public_changed, public_state

    with freeze_time(timezone.now() + dt.timedelta(seconds=5)):
        public_changed()  # a later public change: the newest entry is now older than the version
        first = client.get("/corrections/feed/")
        assert first["Last-Modified"] == http_date(public_state().last_modified.timestamp())
        assert client.get("/corrections/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


@pytest.mark.parametrize("path", PUBLIC)
def test_public_answers_carry_validators_and_a_matching_conditional_get_is_a_304_without_rendering(
    client, published, path
):
    address = url(path, published)
    first = client.get(address)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first.has_header("Last-Modified")
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    with CaptureQueriesContext(connection) as reads:
        again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert len(reads.captured_queries) == 1  # the public version, nothing else
    since = client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


@pytest.mark.parametrize("kind", ["revision", "notice"])
def test_published_pdfs_are_immutable_with_their_sha256_as_strong_etag(client, published, kind):
    if kind == "revision":
        item = ReportRevision.objects.get(report=published, number=2)
        path = f"/reports/{published.pk}/revisions/2/pdf"
    else:
        item = CorrectionNotice.objects.get()
        path = f"/corrections/{item.number}.pdf"
    response = client.get(path)
    assert response.status_code == 200
    assert response["ETag"] == f'"{item.pdf_sha256}"'
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_pdf_not_rendered_yet_is_not_cacheable(client, published):
    revision = create_revision(report=published, reason="Re-issued")
    response = client.get(f"/reports/{published.pk}/revisions/{revision.number}/pdf")
    assert response.status_code == 404
    assert not response.has_header("ETag")
    assert "immutable" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/", "/reports/{report}/", "/corrections/", "/api/v1/reports/"])
def test_answers_to_a_signed_in_reviewer_are_private_and_never_stored(client, published, path):
    client.force_login(ReviewerFactory().user)
    response = client.get(url(path, published))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store, max-age=0"
    assert not response.has_header("ETag")


def test_api_answers_with_a_token_are_private(client, published):
    token = client.post("/api/v1/token/", {"username": ReviewerFactory().user.username, "password": "x"})
    assert token.status_code in (400, 401, 403)  # a wrong password: never cached either
    response = client.get("/api/v1/reports/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response["Cache-Control"] == "private, no-store, max-age=0"
    assert not response.has_header("ETag")


def test_private_pages_stay_no_store(client, published):
    assert client.get("/review/")["Cache-Control"] == "private, no-store, max-age=0"
    assert client.get("/accounts/login/")["Cache-Control"] == "private, no-store, max-age=0"


@pytest.mark.after_commit
def test_the_next_get_after_a_decision_commits_shows_the_correction_never_the_stored_page(
    client, django_capture_on_commit_callbacks, published
):
    pages = ["/", "/corrections/", f"/reports/{published.pk}/", "/api/v1/corrections/", "/corrections/feed/"]
    before = {page: client.get(page) for page in pages}
    assert all(client.get(page, HTTP_IF_NONE_MATCH=before[page]["ETag"]).status_code == 304 for page in pages)
    entry = published.entries.order_by("row_number")[1]
    with django_capture_on_commit_callbacks(execute=True):
        decision = correct_entry(entry, ReviewerFactory().user)
    number = decision.notice.number
    assert ReportRevision.objects.filter(report=published, number=3).exists()
    for page in pages:
        after = client.get(page, HTTP_IF_NONE_MATCH=before[page]["ETag"])
        assert after.status_code == 200, page
        assert after["ETag"] != before[page]["ETag"]
        assert number in after.content.decode(), page
    listing = client.get("/corrections/").content.decode()
    assert f"/corrections/{number}.pdf" in listing and f"/reports/{published.pk}/revisions/3/" in listing


def test_a_rendered_pdf_changes_the_pages_that_link_it(client, published):
    revision = create_revision(report=published, reason="Re-issued")
    page = f"/reports/{published.pk}/"
    first = client.get(page)
    assert "PDF being generated" in first.content.decode()
    from reports.services import render_revision

    render_revision(revision_id=revision.pk)
    second = client.get(page, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert f"/reports/{published.pk}/revisions/{revision.number}/pdf" in second.content.decode()
