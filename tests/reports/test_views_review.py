"""The reviewer's draft pages: findings shown with their rows, acknowledged with notes, published or discarded."""

import csv
import io

import pytest

from reports.models import Report
from tests.factories import ReviewerFactory, SheriffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client):
    client.force_login(ReviewerFactory().user)
    return client


def test_draft_list_and_page_show_the_findings_with_their_rows(week_1, reviewer_client):
    report, week = week_1
    listing = reviewer_client.get("/review/reports/")
    assert listing.status_code == 200 and report.label in listing.content.decode()
    page = reviewer_client.get(f"/review/reports/{report.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "142 declines dated 2017-02-01" in html
    assert "Travis County Correctional Complex" in html
    assert html.count('class="panel finding') == 4
    assert "Section I as it would be published" in html and "Nassau County, NY" in html


def test_findings_download_as_csv(week_1, reviewer_client):
    report, _ = week_1
    response = reviewer_client.get(f"/review/reports/{report.pk}/findings.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["kind"] for r in rows} == {"stale_detainer", "batch", "name_collision"}
    batch = next(r for r in rows if r["kind"] == "batch")
    assert batch["rows"].split() == [str(n) for n in range(1, 143)]


def test_publishing_from_the_page_needs_every_note(week_1, reviewer_client):
    report, _ = week_1
    ids = list(report.findings.values_list("pk", flat=True))
    notes = {f"ack-{pk}": "Checked against the office's records." for pk in ids[:-1]}
    response = reviewer_client.post(f"/review/reports/{report.pk}/", {"action": "publish", **notes})
    assert response.status_code == 400
    assert "still open" in response.content.decode()
    assert "Checked against the office" in response.content.decode()  # the notes typed are kept
    notes[f"ack-{ids[-1]}"] = "Same name, checked each row."
    response = reviewer_client.post(f"/review/reports/{report.pk}/", {"action": "publish", **notes})
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    report.refresh_from_db()
    assert report.is_published and report.revisions.count() == 1
    assert reviewer_client.get(f"/review/reports/{report.pk}/").status_code == 404


def test_discarding_a_draft_from_the_page(week_1, reviewer_client):
    report, _ = week_1
    response = reviewer_client.post(f"/review/reports/{report.pk}/", {"action": "discard"})
    assert response.status_code == 302
    assert not Report.objects.exists()


def test_sheriffs_cannot_open_draft_pages(week_1, client):
    report, _ = week_1
    client.force_login(SheriffFactory().user)
    assert client.get(f"/review/reports/{report.pk}/").status_code == 403
    assert client.get(f"/review/reports/{report.pk}/findings.csv").status_code == 403
