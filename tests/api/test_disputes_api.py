import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from disputes import services
from reports.models import ListedDetainer
from tests.factories import ListedDetainerFactory, UserFactory, jpeg_with_exif, pdf_bytes

# --- who may see what ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/entries/", "/api/v1/disputes/"])
def test_anonymous_clients_must_sign_in_for_entries_and_disputes(anonymous, url, db):
    response = anonymous.get(url)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_user_without_a_role_account_is_forbidden(client_for, db):
    assert client_for(UserFactory()).get("/api/v1/entries/").status_code == 403


def test_sheriff_lists_only_own_jurisdiction_entries_and_reviewer_lists_all(client_for, entry, sheriff, reviewer):
    elsewhere = ListedDetainerFactory(report=entry.report)
    own = client_for(sheriff).get("/api/v1/entries/").json()
    assert [e["id"] for e in own["results"]] == [entry.pk]
    everyone = client_for(reviewer).get("/api/v1/entries/", {"report": entry.report.pk}).json()
    assert {e["id"] for e in everyone["results"]} == {entry.pk, elsewhere.pk}


def test_entries_filter_by_state(client_for, dispute, sheriff, entry):
    ListedDetainerFactory(report=entry.report, jurisdiction=entry.jurisdiction)
    disputed = client_for(sheriff).get("/api/v1/entries/", {"state": "disputed"}).json()
    assert [(e["id"], e["dispute"], e["state"]) for e in disputed["results"]] == [(entry.pk, dispute.pk, "disputed")]


def test_an_unknown_state_filter_is_a_bad_request(client_for, sheriff):
    response = client_for(sheriff).get("/api/v1/entries/", {"state": "lost"})
    assert response.status_code == 400
    assert response.json()["field"] == "state"


def test_other_sheriff_gets_404_for_entry_dispute_and_evidence(client_for, other_sheriff, entry, dispute, evidence):
    other = client_for(other_sheriff)
    assert other.get(f"/api/v1/entries/{entry.pk}/").status_code == 404
    assert other.get(f"/api/v1/disputes/{dispute.pk}/").status_code == 404
    assert other.get(f"/api/v1/evidence/{evidence.pk}/file").status_code == 404
    assert other.get("/api/v1/disputes/").json()["count"] == 0


def test_other_sheriff_cannot_dispute_or_add_evidence_to_another_jurisdiction(
    client_for, other_sheriff, entry, dispute
):
    other = client_for(other_sheriff)
    filed = other.post(
        f"/api/v1/entries/{entry.pk}/dispute/",
        {"ground": "other", "explanation": "Not ours at all, clearly."},
        format="json",
    )
    assert filed.status_code == 404
    upload = other.post(
        f"/api/v1/disputes/{dispute.pk}/evidence/",
        {"file": SimpleUploadedFile("a.jpg", jpeg_with_exif(), "image/jpeg")},
        format="multipart",
    )
    assert upload.status_code == 404


def test_anonymous_client_cannot_download_evidence(anonymous, evidence):
    assert anonymous.get(f"/api/v1/evidence/{evidence.pk}/file").status_code == 401


def test_evidence_download_serves_the_file_whatever_the_client_accepts(client_for, reviewer, evidence):
    response = client_for(reviewer).get(f"/api/v1/evidence/{evidence.pk}/file", HTTP_ACCEPT="image/jpeg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == evidence.file.open("rb").read()


def test_dispute_detail_shows_evidence_metadata_and_transition_log(client_for, sheriff, dispute, evidence):
    detail = client_for(sheriff).get(f"/api/v1/disputes/{dispute.pk}/").json()
    assert detail["entry_detail"]["id"] == dispute.entry_id
    assert detail["ground"] == "handed_to_ice"
    [item] = detail["evidence"]
    assert item["sha256"] == evidence.sha256
    assert item["captured_on"] == "2017-01-30"
    assert item["download_url"] == f"http://testserver/api/v1/evidence/{evidence.pk}/file"
    assert [(t["from_state"], t["to_state"], t["actor"]) for t in detail["transitions"]] == [
        ("listed", "disputed", sheriff.username)
    ]


# --- roles and states ----------------------------------------------------------------------------


def test_sheriff_cannot_decide_a_dispute(client_for, sheriff, submitted):
    response = client_for(sheriff).post(
        f"/api/v1/disputes/{submitted.pk}/decide/",
        {"outcome": "upheld", "rationale": "Deciding our own dispute."},
        format="json",
    )
    assert response.status_code == 403


def test_reviewer_cannot_file_a_dispute(client_for, reviewer, entry):
    response = client_for(reviewer).post(
        f"/api/v1/entries/{entry.pk}/dispute/",
        {"ground": "other", "explanation": "A reviewer trying to file."},
        format="json",
    )
    assert response.status_code == 403


def test_disputing_an_entry_twice_is_a_conflict(client_for, sheriff, dispute):
    response = client_for(sheriff).post(
        f"/api/v1/entries/{dispute.entry_id}/dispute/",
        {"ground": "other", "explanation": "Filing the same dispute again."},
        format="json",
    )
    assert response.status_code == 409


def test_submitting_a_dispute_twice_is_a_conflict(client_for, sheriff, dispute, evidence):
    office = client_for(sheriff)
    assert office.post(f"/api/v1/disputes/{dispute.pk}/submit/", {}, format="json").status_code == 200
    again = office.post(f"/api/v1/disputes/{dispute.pk}/submit/", {}, format="json")
    assert again.status_code == 409
    assert "detail" in again.json()


def test_submitting_without_evidence_is_a_bad_request(client_for, sheriff, dispute):
    response = client_for(sheriff).post(f"/api/v1/disputes/{dispute.pk}/submit/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "evidence"


def test_deciding_a_dispute_not_yet_submitted_is_a_conflict(client_for, reviewer, dispute, evidence):
    response = client_for(reviewer).post(
        f"/api/v1/disputes/{dispute.pk}/decide/",
        {"outcome": "upheld", "rationale": "The entry stands as published."},
        format="json",
    )
    assert response.status_code == 409


def test_adding_evidence_after_submission_is_a_conflict(client_for, sheriff, submitted):
    response = client_for(sheriff).post(
        f"/api/v1/disputes/{submitted.pk}/evidence/",
        {"file": SimpleUploadedFile("late.pdf", pdf_bytes(), "application/pdf")},
        format="multipart",
    )
    assert response.status_code == 409


def test_awaiting_review_lists_only_submitted_disputes(client_for, reviewer, submitted, entry):
    other_entry = ListedDetainerFactory(report=entry.report, jurisdiction=entry.jurisdiction)
    services.file_dispute(
        actor=submitted.filed_by, entry_id=other_entry.pk, ground="duplicate", explanation="Same person as row one."
    )
    agency = client_for(reviewer)
    assert agency.get("/api/v1/disputes/").json()["count"] == 2
    queue = agency.get("/api/v1/disputes/", {"awaiting_review": "1"}).json()
    assert [d["id"] for d in queue["results"]] == [submitted.pk]


def test_reviewer_upholds_an_entry(client_for, reviewer, submitted):
    response = client_for(reviewer).post(
        f"/api/v1/disputes/{submitted.pk}/decide/",
        {"outcome": "upheld", "rationale": "The booking record shows a release."},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["correction"] is None
    assert response.json()["notice_number"] is None
    assert ListedDetainer.objects.get(pk=submitted.entry_id).state == "upheld"


def test_reviewer_amends_an_entry_and_sees_before_and_after(client_for, reviewer, submitted):
    response = client_for(reviewer).post(
        f"/api/v1/disputes/{submitted.pk}/decide/",
        {
            "outcome": "corrected",
            "action": "amend",
            "rationale": "Citizenship was recorded wrongly.",
            "amendments": {"citizenship": "Guatemala", "declined": str(submitted.entry.declined)},
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    correction = response.json()["correction"]
    assert (correction["before"]["citizenship"], correction["after"]["citizenship"]) == ("Mexico", "Guatemala")
    assert correction["revision"] is None
    assert response.json()["notice_number"].startswith("CN-")


# --- bad input -----------------------------------------------------------------------------------


def test_an_unknown_ground_is_a_bad_request(client_for, sheriff, entry):
    response = client_for(sheriff).post(
        f"/api/v1/entries/{entry.pk}/dispute/",
        {"ground": "vibes", "explanation": "It just feels wrong to us."},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "ground"
    assert "'vibes' is not one of: handed_to_ice" in body["detail"]


def test_a_short_explanation_is_a_bad_request(client_for, sheriff, entry):
    response = client_for(sheriff).post(
        f"/api/v1/entries/{entry.pk}/dispute/", {"ground": "other", "explanation": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "explanation"


def test_a_non_image_upload_is_a_bad_request(client_for, sheriff, dispute):
    response = client_for(sheriff).post(
        f"/api/v1/disputes/{dispute.pk}/evidence/",
        {"file": SimpleUploadedFile("photo.jpg", b"hello", "image/jpeg")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "file"
    assert "JPEG, PNG and PDF" in response.json()["detail"]


def test_an_upload_without_a_file_is_a_bad_request(client_for, sheriff, dispute):
    response = client_for(sheriff).post(
        f"/api/v1/disputes/{dispute.pk}/evidence/", {"description": "forgot it"}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "file"


def test_an_oversized_upload_is_refused(client_for, sheriff, dispute, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    response = client_for(sheriff).post(
        f"/api/v1/disputes/{dispute.pk}/evidence/",
        {"file": SimpleUploadedFile("big.jpg", jpeg_with_exif(), "image/jpeg")},
        format="multipart",
    )
    assert response.status_code == 400
    assert "the limit is 100" in response.json()["detail"]


def test_a_decision_without_rationale_is_a_bad_request(client_for, reviewer, submitted):
    response = client_for(reviewer).post(
        f"/api/v1/disputes/{submitted.pk}/decide/", {"outcome": "corrected", "action": "remove"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "rationale: This field is required.", "field": "rationale"}


def test_a_correction_without_an_action_is_a_bad_request(client_for, reviewer, submitted):
    response = client_for(reviewer).post(
        f"/api/v1/disputes/{submitted.pk}/decide/",
        {"outcome": "corrected", "rationale": "The entry is wrong, we agree."},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "action"


def test_amending_an_unknown_field_is_a_bad_request(client_for, reviewer, submitted):
    response = client_for(reviewer).post(
        f"/api/v1/disputes/{submitted.pk}/decide/",
        {
            "outcome": "corrected",
            "action": "amend",
            "rationale": "The nationality is wrong.",
            "amendments": {"nationality": "Peru"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "amendments"
    assert "cannot amend nationality" in response.json()["detail"]


def test_an_amendment_with_a_bad_date_names_the_field(client_for, reviewer, submitted):
    response = client_for(reviewer).post(
        f"/api/v1/disputes/{submitted.pk}/decide/",
        {
            "outcome": "corrected",
            "action": "amend",
            "rationale": "The dates are wrong.",
            "amendments": {"declined": "soon"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "declined"
