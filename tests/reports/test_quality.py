"""Weeks 1 and 2 of 2017 imported as drafts: every error the published reports were criticised for is found."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from config.errors import InvalidInput
from jurisdictions.models import Jurisdiction
from reports.models import Finding, Report, ReportLog
from reports.selectors import revision_changes
from reports.services import import_report, publish_report
from tests.factories import PASSWORD, ReviewerFactory, SheriffFactory, UserFactory, publish

from . import ddor2017 as d

pytestmark = pytest.mark.django_db
Kind = Finding.Kind


def api_as(user) -> APIClient:
    client = APIClient()
    if user is not None:
        token = client.post("/api/v1/token/", {"username": user.username, "password": PASSWORD}).json()["token"]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def findings(report: Report, kind: str) -> list[Finding]:
    return list(report.findings.filter(kind=kind).order_by("pk"))


def jurisdiction(who: tuple) -> Jurisdiction:
    return Jurisdiction.objects.get(fips=who[2])


def test_week_1_finds_travis_stale_detainers_and_its_batch_of_142_on_one_day(week_1):
    report, week = week_1
    assert report.status == Report.Status.DRAFT and not report.revisions.exists()
    travis_rows = week.rows_of(d.TRAVIS)
    assert len(travis_rows) == 142 and report.entries.count() == 206

    (stale,) = findings(report, Kind.STALE_DETAINER)
    assert stale.jurisdictions == [d.TRAVIS[2]]
    assert stale.rows == travis_rows[:100]  # the 2010 and 2015 detainers; late-2016 ones are within 180 days
    assert "2010, 2015" in stale.explanation

    (batch,) = findings(report, Kind.BATCH)
    assert batch.jurisdictions == [d.TRAVIS[2]] and batch.severity == Finding.Severity.HIGH
    assert batch.rows == travis_rows
    assert "142 declines dated 2017-02-01" in batch.explanation


def test_week_1_finds_the_same_named_counties_in_different_states(week_1):
    report, week = week_1
    franklin, montgomery = findings(report, Kind.NAME_COLLISION)
    assert set(franklin.jurisdictions) == {d.FRANKLIN_NY[2], d.FRANKLIN_IA[2], d.FRANKLIN_PA[2]}
    assert franklin.rows == sorted(week.rows_of(d.FRANKLIN_NY) + week.rows_of(d.FRANKLIN_IA))
    assert set(montgomery.jurisdictions) == {d.MONTGOMERY_IA[2], d.MONTGOMERY_MD[2]}
    assert montgomery.rows == week.rows_of(d.MONTGOMERY_IA)
    # Nothing else in week 1 is out of line.
    assert {f.kind for f in report.findings.all()} == {Kind.STALE_DETAINER, Kind.BATCH, Kind.NAME_COLLISION}


def test_week_2_finds_kern_outlier_nassau_vanished_and_the_other_errors(week_2):
    report, week = week_2

    (outlier,) = findings(report, Kind.OUTLIER)
    assert outlier.jurisdictions == [d.KERN[2]] and outlier.section == "I"
    assert "65 detainers issued" in outlier.explanation and "had 0" in outlier.explanation

    (vanished,) = findings(report, Kind.VANISHED)
    assert vanished.jurisdictions == [d.NASSAU[2]] and vanished.section == "I"
    assert "ranked 2 in Section I" in vanished.explanation and "not in this report at all" in vanished.explanation

    (batch,) = findings(report, Kind.BATCH)
    assert batch.jurisdictions == [d.DALLAS[2]] and batch.rows == week.rows_of(d.DALLAS)
    assert "30 of the week's 48 declines" in batch.explanation

    (mismatch,) = findings(report, Kind.SECTION_MISMATCH)
    assert mismatch.jurisdictions == [d.HARRIS[2]] and mismatch.rows == week.rows_of(d.HARRIS)
    assert "lists 8 declined detainers issued in the period" in mismatch.explanation
    assert "only 5 were issued" in mismatch.explanation

    (duplicate,) = findings(report, Kind.DUPLICATE)
    assert duplicate.rows == week.rows_of(d.HENNEPIN) and len(duplicate.rows) == 2

    (facility,) = findings(report, Kind.FACILITY_COLLISION)
    assert facility.rows == week.rows_of(d.FRANKLIN_IA)
    assert facility.jurisdictions == [d.FRANKLIN_IA[2], d.FRANKLIN_NY[2]]
    assert d.FRANKLIN_NY_JAIL in facility.explanation

    assert not findings(report, Kind.STALE_DETAINER)


def test_a_detainer_declined_before_it_was_issued_is_refused_at_import(week_1):
    week = d.week_2(declined_before_issued=True)
    with pytest.raises(InvalidInput, match="column 'detainer_issued': 2017-02-09 is after the declined date"):
        import_report(data=week.csv(), period_start=d.WEEK_2[0], period_end=d.WEEK_2[1])
    assert Report.objects.count() == 1


def test_drafts_are_404_to_sheriffs_and_the_public(week_2, client):
    report, _ = week_2
    kern = SheriffFactory(jurisdiction=jurisdiction(d.KERN)).user
    entry = report.entries.filter(jurisdiction__fips=d.DALLAS[2]).first()
    dallas = SheriffFactory(jurisdiction=entry.jurisdiction).user
    for user in (None, kern, dallas):
        api = api_as(user)
        assert api.get(f"/api/v1/reports/{report.pk}/").status_code == 404
        assert report.pk not in [r["id"] for r in api.get("/api/v1/reports/").json()["results"]]
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    client.force_login(dallas)
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.get(f"/review/reports/{report.pk}/").status_code == 403
    # The sheriff's portal and API list only published entries, and a draft entry cannot be disputed.
    dallas_api = api_as(dallas)
    listed = dallas_api.get("/api/v1/entries/").json()
    week_1_report = Report.objects.get(period_start=d.WEEK_1[0])
    assert listed["count"] == 2 and {e["report"]["id"] for e in listed["results"]} == {week_1_report.pk}
    assert dallas_api.get(f"/api/v1/entries/{entry.pk}/").status_code == 404
    response = dallas_api.post(
        f"/api/v1/entries/{entry.pk}/dispute/", {"ground": "other", "explanation": "x" * 20}, format="json"
    )
    assert response.status_code == 404
    portal = client.get("/portal/")
    assert portal.status_code == 200 and f"/portal/entries/{entry.pk}/" not in portal.content.decode()
    reviewer_api = api_as(ReviewerFactory().user)
    assert reviewer_api.get(f"/api/v1/reports/{report.pk}/").json()["status"] == "draft"


def test_publishing_needs_an_acknowledgement_per_finding_and_lists_nassau_leaving(
    week_2, django_capture_on_commit_callbacks, client
):
    report, _ = week_2
    reviewer = ReviewerFactory().user
    kern = SheriffFactory(jurisdiction=jurisdiction(d.KERN), user=UserFactory(email="kern@example.org")).user
    SheriffFactory(jurisdiction=jurisdiction(d.NASSAU), user=UserFactory(email="nassau@example.org"))
    api = api_as(reviewer)
    found = api.get(f"/api/v1/reports/{report.pk}/findings/").json()
    assert len(found) == report.findings.count() == 8
    assert found[0]["severity"] == "high"

    # Sheriffs cannot publish; nor can a reviewer with a finding left open.
    assert api_as(kern).post(f"/api/v1/reports/{report.pk}/publish/", {}, format="json").status_code == 403
    first, *rest = found
    ok = api.post(
        f"/api/v1/reports/{report.pk}/findings/{first['id']}/acknowledge/",
        {"note": "Kern confirmed 65 by phone."},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["acknowledged_by"] == reviewer.username
    response = api.post(
        f"/api/v1/reports/{report.pk}/publish/",
        {"acknowledgements": [{"finding": f["id"], "note": "Checked."} for f in rest[1:]]},
        format="json",
    )
    assert response.status_code == 400
    assert str(rest[0]["id"]) in response.json()["detail"]
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert report.findings.filter(acknowledged_at__isnull=False).count() == 1  # the failed publish changed nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/reports/{report.pk}/publish/",
            {"acknowledgements": [{"finding": f["id"], "note": "Checked with the office."} for f in rest]},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert response.json()["number"] == 1
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED and report.published_by == reviewer
    actions = list(ReportLog.objects.filter(report=report).values_list("action", flat=True))
    assert actions == ["imported", *["acknowledged"] * 8, "published"]

    # Nassau's disappearance is in the published revision's changes: API, page and PDF partial.
    changes = api_as(None).get(f"/api/v1/reports/{report.pk}/revisions/1/").json()["changes"]
    assert [r["fips"] for r in changes["section_i_left"]] == [d.NASSAU[2]]
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Nassau County, NY is no longer in Section I" in html

    # Every named jurisdiction with an account is emailed; Nassau is not named in week 2.
    assert [m.to for m in mail.outbox] == [["kern@example.org"]]
    assert "Kern County, CA" in mail.outbox[0].subject

    # A published report can be neither re-imported, discarded nor published again.
    assert api.post(f"/api/v1/reports/{report.pk}/discard/").status_code == 409
    assert api.post(f"/api/v1/reports/{report.pk}/publish/", {}, format="json").status_code == 409
    with pytest.raises(InvalidInput, match="already published"):
        import_report(data=d.week_2().csv(), period_start=d.WEEK_2[0], period_end=d.WEEK_2[1], replace=True)


def test_a_draft_can_be_replaced_by_reimport_or_discarded(week_1):
    report, week = week_1
    with pytest.raises(InvalidInput, match="--replace"):
        import_report(data=week.csv(), period_start=d.WEEK_1[0], period_end=d.WEEK_1[1])
    replaced = import_report(data=week.csv(), period_start=d.WEEK_1[0], period_end=d.WEEK_1[1], replace=True)
    assert replaced.pk != report.pk and Report.objects.count() == 1
    assert replaced.findings.count() == 4
    api = api_as(ReviewerFactory().user)
    assert api.post(f"/api/v1/reports/{replaced.pk}/discard/").status_code == 204
    assert not Report.objects.exists()
    assert list(ReportLog.objects.values_list("action", flat=True)) == ["imported", "replaced", "imported", "discarded"]


def test_the_stale_detainer_threshold_is_a_setting(settings):
    settings.QUALITY_STALE_DAYS = 365 * 3
    week = d.week_1()
    report = import_report(data=week.csv(), period_start=d.WEEK_1[0], period_end=d.WEEK_1[1])
    (stale,) = findings(report, Kind.STALE_DETAINER)
    assert stale.rows == week.rows_of(d.TRAVIS)[:60]  # only the 2010 detainers are over three years old


def test_a_dropped_policy_is_found_and_listed_in_the_changes(week_1, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(week_1[0])
    week = d.week_2()
    week.rows = [row for row in week.rows if not (row[0] == "III" and row[3] == d.DENVER[2])]
    report = import_report(data=week.csv(), period_start=d.WEEK_2[0], period_end=d.WEEK_2[1])
    section_iii = [f for f in findings(report, Kind.VANISHED) if f.section == "III"]
    assert [f.jurisdictions for f in section_iii] == [[d.DENVER[2]]]
    revision = publish(report)
    changes = revision_changes(revision)
    assert [r["fips"] for r in changes["section_iii_left"]] == [d.DENVER[2]]
    assert [r["fips"] for r in changes["section_i_left"]] == [d.NASSAU[2]]


def test_publishing_refuses_a_note_for_another_reports_finding(week_2):
    report, _ = week_2
    other = Report.objects.get(period_start=d.WEEK_1[0]).findings.first()
    notes = {f.pk: "Checked." for f in report.findings.all()}
    with pytest.raises(InvalidInput, match=f"finding {other.pk} is not an open finding of this report"):
        publish_report(actor=ReviewerFactory().user, report_id=report.pk, acknowledgements={**notes, other.pk: "x" * 9})
    report.refresh_from_db()
    assert not report.is_published
