"""The whole workflow, as its users go through it: import, dispute, evidence, review, publication."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from rest_framework.test import APIClient

from disputes.models import CorrectionNotice
from reports.models import ListedDetainer, Report
from tests.factories import PASSWORD, ReviewerFactory, SheriffFactory, jpeg_with_exif, publish

DEMO = Path(__file__).resolve().parents[1] / "demo" / "ddor-2017-01-28.csv"


def api_as(user) -> APIClient:
    client = APIClient()
    token = client.post("/api/v1/token/", {"username": user.username, "password": PASSWORD}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.mark.django_db
def test_hennepin_proves_a_handover_to_ice_and_the_correction_is_published(django_capture_on_commit_callbacks, client):
    # The agency imports the week's report.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_report", str(DEMO), "--start", "2017-01-28", "--end", "2017-02-03", stdout=io.StringIO())
    report = Report.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        publish(report)
    entry = report.entries.filter(jurisdiction__fips="27053").order_by("row_number").first()
    hennepin = SheriffFactory(jurisdiction=entry.jurisdiction).user
    travis = SheriffFactory(jurisdiction=report.entries.filter(jurisdiction__fips="48453").first().jurisdiction).user
    reviewer = ReviewerFactory().user
    sheriff_api, other_api, reviewer_api = api_as(hennepin), api_as(travis), api_as(reviewer)

    # Hennepin sees its two entries; Travis sees only its own 142.
    listed = sheriff_api.get("/api/v1/entries/", {"report": report.pk}).json()
    assert listed["count"] == 2
    assert other_api.get("/api/v1/entries/", {"report": report.pk}).json()["count"] == 142

    # Hennepin disputes, uploads a time-stamped release photo and submits.
    response = sheriff_api.post(
        f"/api/v1/entries/{entry.pk}/dispute/",
        {"ground": "handed_to_ice", "explanation": "Handed to ICE at the sally port at release."},
        format="json",
    )
    assert response.status_code == 201, response.content
    dispute_id = response.json()["id"]
    photo = io.BytesIO(jpeg_with_exif("2017:01:30 15:42:07", offset="-06:00"))
    photo.name = "release.jpg"
    response = sheriff_api.post(f"/api/v1/disputes/{dispute_id}/evidence/", {"file": photo}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["captured_at"] == "2017-01-30 15:42:07 -06:00"
    with django_capture_on_commit_callbacks(execute=True):
        assert sheriff_api.post(f"/api/v1/disputes/{dispute_id}/submit/").status_code == 200

    # Another sheriff can neither see nor dispute it.
    assert other_api.get(f"/api/v1/entries/{entry.pk}/").status_code == 404
    assert other_api.get(f"/api/v1/disputes/{dispute_id}/").status_code == 404
    response = other_api.post(
        f"/api/v1/entries/{entry.pk}/dispute/",
        {"ground": "other", "explanation": "Not ours at all, clearly."},
        format="json",
    )
    assert response.status_code == 404
    client.force_login(travis)
    assert client.get(f"/portal/entries/{entry.pk}/").status_code == 404
    client.logout()

    # The reviewer sees the photo's capture time beside the declined date, and corrects.
    queue = reviewer_api.get("/api/v1/disputes/", {"awaiting_review": 1}).json()
    assert [d["id"] for d in queue["results"]] == [dispute_id]
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_api.post(
            f"/api/v1/disputes/{dispute_id}/decide/",
            {"outcome": "corrected", "action": "remove", "rationale": "The photo shows the handover to ICE."},
            format="json",
        )
    assert response.status_code == 200, response.content

    # A new revision with recomputed totals, and a numbered notice PDF.
    first, second = (report.revisions.get(number=n) for n in (1, 2))
    assert (first.totals["declined"], second.totals["declined"]) == (155, 154)
    assert {r["name"]: r["declined"] for r in second.totals["declined_by_jurisdiction"]}["Hennepin County"] == 1
    assert ListedDetainer.objects.get(pk=entry.pk).state == "corrected"
    notice = CorrectionNotice.objects.get()
    text = "".join(page.extract_text() for page in PdfReader(notice.pdf.open("rb")).pages)
    assert notice.number in text and "Hennepin County" in text and "removed" in text
    assert second.pdf.name.endswith(".pdf")

    # The public corrections page lists it, with its notice PDF.
    page = client.get("/corrections/").content.decode()
    assert notice.number in page and "Hennepin County" in page
    assert f"/corrections/{notice.number}.pdf" in page
    pdf = client.get(f"/corrections/{notice.number}.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
    history = client.get(f"/reports/{report.pk}/").content.decode()
    assert notice.number in history
    assert "Changes since revision 1" in history and f"Section II row {entry.row_number}" in history
    revision_text = PdfReader(second.pdf.open("rb")).pages[0].extract_text()
    assert "Changes since revision 1" in revision_text and "154" in revision_text
