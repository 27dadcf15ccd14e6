import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disputes import services
from disputes.models import Dispute, Evidence
from reports.models import ListedDetainer
from tests.factories import ListedDetainerFactory, jpeg_with_exif, pdf_bytes

pytestmark = pytest.mark.django_db
S = ListedDetainer.State
EXPLANATION = "Released to ICE at the sally port on the declined date."


@pytest.fixture
def sheriff_client(client, sheriff):
    client.force_login(sheriff)
    return client


def dispute_of(sheriff, entry) -> Dispute:
    return services.file_dispute(actor=sheriff, entry_id=entry.pk, ground="handed_to_ice", explanation=EXPLANATION)


def upload(name="photo.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data if data is not None else jpeg_with_exif(), content_type=content_type)


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("portal"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_reviewer_may_not_use_the_sheriff_portal(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("portal"))
    assert response.status_code == 403
    assert "sheriff" in response.content.decode()


def test_portal_lists_only_own_entries_with_a_count_per_state(sheriff_client, sheriff, entry):
    second = ListedDetainerFactory(report=entry.report, jurisdiction=entry.jurisdiction)
    foreign = ListedDetainerFactory(report=entry.report)
    dispute_of(sheriff, second)
    response = sheriff_client.get(reverse("portal"))
    assert response.status_code == 200
    listed = {e.pk for e in response.context["page"]}
    assert listed == {entry.pk, second.pk}
    assert foreign.pk not in listed
    counts = {c["state"]: c["count"] for c in response.context["counts"]}
    assert counts == {
        "listed": 1,
        "disputed": 1,
        "evidence_submitted": 0,
        "corrected": 0,
        "upheld": 0,
        "appealed": 0,
        "upheld_final": 0,
    }
    assert response.context["total"] == 2


def test_portal_filters_entries_by_state(sheriff_client, sheriff, entry):
    second = ListedDetainerFactory(report=entry.report, jurisdiction=entry.jurisdiction)
    dispute_of(sheriff, second)
    response = sheriff_client.get(reverse("portal"), {"state": "disputed"})
    assert [e.pk for e in response.context["page"]] == [second.pk]


def test_entry_of_another_jurisdiction_is_404(client, other_sheriff, entry):
    client.force_login(other_sheriff)
    assert client.get(reverse("portal-entry", args=[entry.pk])).status_code == 404
    response = client.post(
        reverse("portal-dispute", args=[entry.pk]), {"ground": "handed_to_ice", "explanation": EXPLANATION}
    )
    assert response.status_code == 404
    assert not Dispute.objects.exists()


def test_listed_entry_offers_the_dispute_form_with_every_ground(sheriff_client, entry):
    html = sheriff_client.get(reverse("portal-entry", args=[entry.pk])).content.decode()
    assert reverse("portal-dispute", args=[entry.pk]) in html
    assert 'value="similar_name"' in html
    assert 'value="before_period"' in html


def test_sheriff_files_a_dispute_from_the_entry_page(sheriff_client, entry):
    response = sheriff_client.post(
        reverse("portal-dispute", args=[entry.pk]), {"ground": "handed_to_ice", "explanation": EXPLANATION}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert response["Location"] == reverse("portal-case", args=[entry.dispute.case_id])
    assert entry.state == S.DISPUTED
    assert entry.dispute.explanation == EXPLANATION
    page = sheriff_client.get(response["Location"]).content.decode()
    assert "is disputed in case" in page
    assert 'enctype="multipart/form-data"' in page


def test_too_short_explanation_is_a_400_that_says_why(sheriff_client, entry):
    response = sheriff_client.post(
        reverse("portal-dispute", args=[entry.pk]), {"ground": "handed_to_ice", "explanation": "no"}
    )
    assert response.status_code == 400
    assert "at least 10 characters" in response.content.decode()
    entry.refresh_from_db()
    assert entry.state == S.LISTED


def test_missing_ground_is_a_400(sheriff_client, entry):
    response = sheriff_client.post(reverse("portal-dispute", args=[entry.pk]), {"explanation": EXPLANATION})
    assert response.status_code == 400
    assert "Ground" in response.content.decode()


def test_disputing_an_already_disputed_entry_is_a_409(sheriff_client, sheriff, entry):
    dispute_of(sheriff, entry)
    response = sheriff_client.post(
        reverse("portal-dispute", args=[entry.pk]), {"ground": "other", "explanation": EXPLANATION}
    )
    assert response.status_code == 409
    assert "Not in the right state" in response.content.decode()


def test_uploaded_photo_shows_its_camera_time_beside_the_declined_date(sheriff_client, sheriff, entry):
    dispute = dispute_of(sheriff, entry)
    when = entry.declined.strftime("%Y:%m:%d") + " 14:02:11"
    response = sheriff_client.post(
        reverse("portal-evidence", args=[dispute.pk]),
        {"file": upload(data=jpeg_with_exif(when)), "description": "release photo"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(case=dispute.case)
    assert evidence.original_name == "photo.jpg"
    assert evidence.captured_on == entry.declined
    html = sheriff_client.get(reverse("portal-entry", args=[entry.pk])).content.decode()
    assert f"{entry.declined:%Y-%m-%d} 14:02:11" in html
    assert "Same day as the listed decline" in html
    assert reverse("evidence", args=[evidence.pk]) in html


def test_photo_taken_on_another_day_is_flagged_with_the_difference(sheriff_client, sheriff, entry):
    dispute = dispute_of(sheriff, entry)
    services.add_evidence(
        actor=sheriff, dispute_id=dispute.pk, data=jpeg_with_exif("2016:12:30 08:00:00"), filename="old.jpg"
    )
    html = sheriff_client.get(reverse("portal-entry", args=[entry.pk])).content.decode()
    days = (entry.declined - dt.date(2016, 12, 30)).days
    assert f"{days} days before the listed decline" in html
    assert "evidence-differs" in html


def test_upload_that_is_not_a_photo_or_pdf_is_a_400_with_the_reason(sheriff_client, sheriff, entry):
    dispute = dispute_of(sheriff, entry)
    response = sheriff_client.post(
        reverse("portal-evidence", args=[dispute.pk]), {"file": upload("notes.jpg", b"just text", "image/jpeg")}
    )
    assert response.status_code == 400
    assert "Only JPEG, PNG and PDF files are accepted" in response.content.decode()
    assert not Evidence.objects.exists()


def test_submitting_without_evidence_is_a_400(sheriff_client, sheriff, entry):
    dispute = dispute_of(sheriff, entry)
    response = sheriff_client.post(reverse("portal-submit", args=[dispute.pk]))
    assert response.status_code == 400
    assert "Attach at least one evidence file" in response.content.decode()


def test_sheriff_submits_for_review_and_then_cannot_add_evidence_or_submit_again(sheriff_client, sheriff, entry):
    dispute = dispute_of(sheriff, entry)
    services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=pdf_bytes(), filename="log.pdf")
    response = sheriff_client.post(reverse("portal-submit", args=[dispute.pk]), {"note": "All attached."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == S.EVIDENCE_SUBMITTED
    again = sheriff_client.post(reverse("portal-submit", args=[dispute.pk]))
    assert again.status_code == 409
    late = sheriff_client.post(reverse("portal-evidence", args=[dispute.pk]), {"file": upload()})
    assert late.status_code == 409
    assert "can no longer be changed" in late.content.decode()


def test_entry_page_shows_the_decision_rationale_and_the_full_timeline(sheriff_client, sheriff, reviewer, entry):
    dispute = dispute_of(sheriff, entry)
    services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=pdf_bytes(), filename="log.pdf")
    services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
    services.decide_dispute(
        actor=reviewer, dispute_id=dispute.pk, outcome="upheld", rationale="ICE has no record of a handover."
    )
    response = sheriff_client.get(reverse("portal-entry", args=[entry.pk]))
    html = response.content.decode()
    assert "Upheld" in html
    assert "ICE has no record of a handover." in html
    assert [t.to_state for t in response.context["timeline"]] == [S.DISPUTED, S.EVIDENCE_SUBMITTED, S.UPHELD]
    assert "Disputed → Evidence submitted" in html


def test_evidence_is_served_to_its_sheriff_and_reviewers_only(client, sheriff, other_sheriff, reviewer, entry):
    dispute = dispute_of(sheriff, entry)
    evidence = services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=jpeg_with_exif(), filename="a.jpg")
    url = reverse("evidence", args=[evidence.pk])
    assert client.get(url).status_code == 302
    client.force_login(other_sheriff)
    assert client.get(url).status_code == 404
    for user in (sheriff, reviewer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Content-Disposition"].startswith("inline")
        assert b"".join(response.streaming_content) == evidence.file.open("rb").read()


def test_pdf_evidence_downloads_as_an_attachment(sheriff_client, sheriff, entry):
    dispute = dispute_of(sheriff, entry)
    evidence = services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=pdf_bytes(), filename="log.pdf")
    response = sheriff_client.get(reverse("evidence", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_bulk_dispute_opens_one_case_for_the_selected_entries(sheriff_client, entry):
    others = ListedDetainerFactory.create_batch(3, report=entry.report, jurisdiction=entry.jurisdiction)
    ids = [entry.pk] + [e.pk for e in others[:2]]
    response = sheriff_client.post(
        reverse("portal-bulk-dispute"), {"entries": ids, "ground": "before_period", "explanation": EXPLANATION}
    )
    assert response.status_code == 302
    assert set(Dispute.objects.values_list("entry_id", flat=True)) == set(ids)
    assert ListedDetainer.objects.get(pk=others[2].pk).state == S.LISTED
    assert set(Dispute.objects.values_list("case__ground", flat=True)) == {"before_period"}
    assert Dispute.objects.values("case").distinct().count() == 1


def test_bulk_dispute_is_all_or_nothing(sheriff_client, sheriff, entry):
    others = ListedDetainerFactory.create_batch(2, report=entry.report, jurisdiction=entry.jurisdiction)
    dispute_of(sheriff, others[1])
    ids = [entry.pk, others[0].pk, others[1].pk]
    response = sheriff_client.post(
        reverse("portal-bulk-dispute"), {"entries": ids, "ground": "before_period", "explanation": EXPLANATION}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert f"entry {others[1].pk} (row {others[1].row_number}" in html
    assert "nothing was changed" in html
    assert list(Dispute.objects.values_list("entry_id", flat=True)) == [others[1].pk]
    assert ListedDetainer.objects.get(pk=entry.pk).state == S.LISTED


def test_bulk_dispute_cannot_reach_another_jurisdictions_entry(sheriff_client, entry):
    foreign = ListedDetainerFactory(report=entry.report)
    response = sheriff_client.post(
        reverse("portal-bulk-dispute"),
        {"entries": [entry.pk, foreign.pk], "ground": "other", "explanation": EXPLANATION},
    )
    assert response.status_code == 404
    assert not Dispute.objects.exists()


def test_bulk_dispute_with_nothing_selected_is_a_400(sheriff_client, entry):
    response = sheriff_client.post(reverse("portal-bulk-dispute"), {"ground": "other", "explanation": EXPLANATION})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select at least one entry" in page and 'href="#id_entries"' in page
