import hashlib
import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reports.services import create_revision
from tests.factories import PASSWORD, IssuedCountFactory, jpeg_with_exif


def test_token_is_issued_for_a_correct_password_only(anonymous, sheriff):
    response = anonymous.post("/api/v1/token/", {"username": sheriff.username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert len(response.json()["token"]) == 64 and response.json()["expiry"]

    wrong = anonymous.post("/api/v1/token/", {"username": sheriff.username, "password": "nope"}, format="json")
    assert wrong.status_code == 400


def test_a_dispute_walks_from_filing_to_a_published_correction(
    anonymous, client_for, entry, sheriff, reviewer, django_capture_on_commit_callbacks
):
    report = entry.report
    IssuedCountFactory(report=report, jurisdiction=entry.jurisdiction, detainers_issued=4)
    with django_capture_on_commit_callbacks(execute=True):
        create_revision(report=report, reason="Published as imported")

    # The sheriff's office signs in with a token and finds its entry.
    token = anonymous.post("/api/v1/token/", {"username": sheriff.username, "password": PASSWORD}, format="json")
    office = APIClient()
    office.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    listed = office.get("/api/v1/entries/", {"state": "listed"}).json()
    assert [e["id"] for e in listed["results"]] == [entry.pk]
    assert listed["results"][0]["dispute"] is None

    filed = office.post(
        f"/api/v1/entries/{entry.pk}/dispute/",
        {"ground": "not_received", "explanation": "We never received this detainer; it was meant for another county."},
        format="json",
    )
    assert filed.status_code == 201, filed.json()
    dispute_id = filed.json()["id"]
    assert filed.json()["state"] == "disputed"
    assert office.get(f"/api/v1/entries/{entry.pk}/").json()["dispute"] == dispute_id

    photo = jpeg_with_exif("2017:01:30 14:02:11", offset="-06:00")
    uploaded = office.post(
        f"/api/v1/disputes/{dispute_id}/evidence/",
        {"file": SimpleUploadedFile("sallyport.jpg", photo, "image/jpeg"), "description": "Sally port camera"},
        format="multipart",
    )
    assert uploaded.status_code == 201, uploaded.json()
    evidence = uploaded.json()
    assert evidence["sha256"] == hashlib.sha256(photo).hexdigest()
    assert evidence["size"] == len(photo)
    assert evidence["content_type"] == "image/jpeg"
    assert evidence["captured_at"] == "2017-01-30 14:02:11 -06:00"
    assert evidence["captured_on"] == "2017-01-30"
    assert evidence["camera"] == "Axis Q1615 Sally Port Camera"
    download = office.get(evidence["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == photo

    with django_capture_on_commit_callbacks(execute=True):
        submitted = office.post(
            f"/api/v1/disputes/{dispute_id}/submit/", {"note": "All evidence attached"}, format="json"
        )
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["state"] == "evidence_submitted"
    assert any(reviewer.email in message.to for message in mail.outbox)

    # The reviewer finds it in the queue, reads the evidence and corrects the entry.
    agency = client_for(reviewer)
    queue = agency.get("/api/v1/disputes/", {"awaiting_review": "1"}).json()
    assert [d["id"] for d in queue["results"]] == [dispute_id]
    detail = agency.get(f"/api/v1/disputes/{dispute_id}/").json()
    assert [e["original_name"] for e in detail["evidence"]] == ["sallyport.jpg"]
    assert agency.get(detail["evidence"][0]["download_url"]).status_code == 200
    assert [(t["from_state"], t["to_state"], t["actor"]) for t in detail["transitions"]] == [
        ("listed", "disputed", sheriff.username),
        ("disputed", "evidence_submitted", sheriff.username),
    ]
    assert detail["decision"] is None

    with django_capture_on_commit_callbacks(execute=True):
        decided = agency.post(
            f"/api/v1/disputes/{dispute_id}/decide/",
            {"outcome": "corrected", "action": "remove", "rationale": "The detainer was lodged with another county."},
            format="json",
        )
    assert decided.status_code == 200, decided.json()
    decision = decided.json()
    assert decision["outcome"] == "corrected"
    assert decision["correction"]["action"] == "remove"
    assert re.fullmatch(r"CN-\d{4}-0001", decision["notice_number"])

    # The public sees the correction, published in revision 2 with its notice.
    corrections = anonymous.get("/api/v1/corrections/").json()["results"]
    assert len(corrections) == 1
    correction = corrections[0]
    assert correction["notice_number"] == decision["notice_number"]
    assert correction["revision"] == 2
    assert correction["action"] == "remove"
    assert correction["ground"] == "not_received"
    assert correction["report"]["id"] == report.pk
    assert correction["jurisdiction"]["fips"] == entry.jurisdiction.fips
    assert correction["before"]["citizenship"] == "Mexico"
    assert correction["notice_pdf_url"] == f"http://testserver/corrections/{correction['notice_number']}.pdf"
    pdf = anonymous.get(correction["notice_pdf_url"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")

    published = anonymous.get(f"/api/v1/reports/{report.pk}/").json()
    assert published["current_revision"] == 2
    assert [r["number"] for r in published["revisions"]] == [2, 1]
    assert published["totals"]["removed"] == 1
    revision = anonymous.get(f"/api/v1/reports/{report.pk}/revisions/2/").json()
    assert revision["section_ii"] == []
    assert revision["changes"]["since"] == 1
    assert [r["entry_id"] for r in revision["changes"]["section_ii_removed"]] == [entry.pk]
    assert revision["section_i"][0]["issued"] == 3
    assert revision["pdf_url"] == f"http://testserver/reports/{report.pk}/revisions/2/pdf"
    assert anonymous.get(revision["pdf_url"]).status_code == 200
