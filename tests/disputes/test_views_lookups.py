"""Pages that look things up for reviewers and for the public's polling: the agency correction's search, the
security log's filter, and a notice's publication status."""

import datetime as dt

import pytest

from jurisdictions.models import SecurityEvent
from tests.factories import JurisdictionFactory, ListedDetainerFactory, ReportFactory, ReviewerFactory, correct_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def rows_found(response) -> set[int]:
    return {e.pk for e in response.context["entries"]}


def test_the_agency_search_finds_entries_by_report_jurisdiction_state_declined_dates_and_stale_detainers(
    reviewer_client,
):
    week_1, week_2 = ReportFactory(), ReportFactory()
    travis = JurisdictionFactory(name="Travis County", state="TX", fips="48453")
    franklin_ia = JurisdictionFactory(name="Franklin County", state="IA", fips="19069")
    franklin_ny = JurisdictionFactory(name="Franklin County", state="NY", fips="36033")
    stale = ListedDetainerFactory(report=week_1, jurisdiction=travis, detainer_issued=dt.date(2010, 5, 1))
    recent = ListedDetainerFactory(report=week_2, jurisdiction=travis)
    iowa = ListedDetainerFactory(report=week_2, jurisdiction=franklin_ia)
    york = ListedDetainerFactory(report=week_1, jurisdiction=franklin_ny)

    def search(**query) -> set[int]:
        response = reviewer_client.get("/review/agency-correction/", query)
        assert response.status_code == 200
        return rows_found(response)

    assert search() == set()  # nothing is listed before a search
    assert search(jurisdiction="Travis") == {stale.pk, recent.pk}
    assert search(jurisdiction="48453", report=week_1.pk) == {stale.pk}
    assert search(jurisdiction="franklin") == {iowa.pk, york.pk}
    assert search(jurisdiction="Franklin", state=" ny ") == {york.pk}
    assert search(before_period="on") == {stale.pk}
    assert search(declined_from=week_2.period_start.isoformat()) == {recent.pk, iowa.pk}
    assert search(declined_to=week_1.period_end.isoformat(), state="TX") == {stale.pk}
    entries = reviewer_client.get("/review/agency-correction/", {"jurisdiction": "County"}).context["entries"]
    assert [e.pk for e in entries] == [recent.pk, iowa.pk, stale.pk, york.pk]  # newest report first, by row


def test_the_agency_search_shows_at_most_its_limit(reviewer_client, monkeypatch):
    from disputes.views import agency

    monkeypatch.setattr(agency, "LIMIT", 3)
    travis = JurisdictionFactory(name="Travis County", state="TX")
    report = ReportFactory()
    made = [ListedDetainerFactory(report=report, jurisdiction=travis) for _ in range(5)]
    response = reviewer_client.get("/review/agency-correction/", {"jurisdiction": "Travis"})
    assert [e.pk for e in response.context["entries"]] == [e.pk for e in made[:3]]


def test_the_security_log_lists_the_newest_events_of_the_kind_asked_for(reviewer_client):
    kinds = [SecurityEvent.Kind.values[0], SecurityEvent.Kind.values[1]]
    for n in range(3):
        SecurityEvent.objects.create(kind=kinds[n % 2], detail=f"event {n}")
    every = reviewer_client.get("/review/security/").context["events"]
    assert [e.detail for e in every] == ["event 2", "event 1", "event 0"]
    one_kind = reviewer_client.get("/review/security/", {"kind": kinds[0]}).context["events"]
    assert [e.detail for e in one_kind] == ["event 2", "event 0"]
    unknown = reviewer_client.get("/review/security/", {"kind": "no-such-kind"}).context["events"]
    assert len(unknown) == 3  # an unknown kind filters nothing


def test_a_notice_status_links_its_revisions_once_every_correction_is_published(client):
    from disputes.models import Correction
    from disputes.tasks import publish_decision_task

    entry = ListedDetainerFactory()
    decision = correct_entry(entry, ReviewerFactory().user)  # its publication not run yet
    url = f"/corrections/{decision.notice.number}/status"
    assert client.get(url).json() == {"pdf": None, "revisions": []}
    publish_decision_task(decision.pk)
    revision = Correction.objects.get(decision=decision).revision
    answer = client.get(url).json()
    assert answer["revisions"] == [
        {"href": f"/reports/{entry.report_id}/revisions/{revision.number}/", "text": f"Revision {revision.number}"}
    ]
    assert client.get("/corrections/CN-1999-0001/status").status_code == 404
