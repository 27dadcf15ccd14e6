"""The WSGI layer in front of Django: stored public answers and 304s for anonymous reads, never stale."""

import pytest

from config.public_front import NOT_MODIFIED_HEADERS, PublicFront
from reports.models import ReportRevision
from tests.factories import ReviewerFactory, correct_entry
from tests.front import Answer, _django, get_through

pytestmark = pytest.mark.django_db


FRONT = PublicFront(_django)


def get(path: str, **headers) -> Answer:
    return get_through(FRONT, path, **headers)[0]


def queries(path: str, **headers) -> tuple[Answer, int]:
    return get_through(FRONT, path, **headers)


PAGES = ["/", "/reports/{report}/", "/corrections/", "/corrections/feed/", "/api/v1/corrections/", "/api/v1/reports/"]


@pytest.mark.parametrize("page", PAGES)
def test_a_second_anonymous_get_is_answered_by_the_front_with_one_query_and_the_same_bytes(published, page):
    path = page.format(report=published.pk)
    first, _ = queries(path)
    assert first.status == 200
    second, count = queries(path)
    assert count == 1  # the public version
    assert (second.status, second.body) == (200, first.body)
    assert second.headers == first.headers


@pytest.mark.parametrize("page", PAGES)
def test_a_matching_conditional_get_is_a_304_from_the_front(published, page):
    path = page.format(report=published.pk)
    first = get(path)
    answer, count = queries(path, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert (answer.status, answer.body, count) == (304, b"", 1)
    assert answer.headers["ETag"] == first.headers["ETag"]
    assert answer.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert "Content-Type" not in answer.headers
    assert {name.lower() for name in answer.headers} <= NOT_MODIFIED_HEADERS  # the 200's other headers stay stored
    assert get(path, HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"]).status == 304
    assert get(path, HTTP_IF_NONE_MATCH='"another"').status == 200


def test_requests_with_a_session_or_credentials_go_to_django_and_are_never_marked_public(published):
    get("/corrections/")
    for headers in ({"HTTP_COOKIE": "sessionid=abc"}, {"HTTP_AUTHORIZATION": "Token abc"}):
        answer, count = queries("/corrections/", **headers)
        assert count > 1
        assert "ETag" not in answer.headers and "public" not in answer.headers.get("Cache-Control", "")
    private = get("/corrections/", HTTP_AUTHORIZATION="Token abc")
    assert private.headers["Cache-Control"] == "private, no-store, max-age=0"


@pytest.mark.after_commit
def test_after_a_decision_commits_the_front_never_serves_the_stored_page(published, django_capture_on_commit_callbacks):
    pages = ["/", "/corrections/", f"/reports/{published.pk}/", "/api/v1/corrections/"]
    before = {page: get(page) for page in pages}
    assert all(queries(page)[1] == 1 for page in pages)  # stored
    with django_capture_on_commit_callbacks(execute=True):
        decision = correct_entry(published.entries.order_by("row_number")[1], ReviewerFactory().user)
    assert ReportRevision.objects.filter(report=published, number=3).exists()
    number = decision.notice.number
    for page in pages:
        after = get(page, HTTP_IF_NONE_MATCH=before[page].headers["ETag"])
        assert after.status == 200, page
        assert number in after.body.decode(), page
    listing = get("/corrections/").body.decode()
    assert f"/corrections/{number}.pdf" in listing


def test_a_cache_outage_means_rendering_not_an_error(published, monkeypatch):
    from django.core.cache import caches

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["public"], "get", broken)
    monkeypatch.setattr(caches["public"], "set", broken)
    assert get("/corrections/").status == 200
    assert get("/corrections/").status == 200


def test_the_api_rate_limits_apply_to_answers_from_the_store(published, monkeypatch):
    from config.throttles import AnonRateThrottle, reset

    reset()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**AnonRateThrottle.THROTTLE_RATES, "anon": "3/minute"})
    codes = [get("/api/v1/corrections/").status for _ in range(5)]
    reset()
    assert codes == [200, 200, 200, 429, 429]
