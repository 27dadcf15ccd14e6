import pytest
from django.urls import reverse

from disputes import services
from disputes.models import Correction, Decision
from reports.models import ListedDetainer
from tests.factories import JurisdictionFactory, ListedDetainerFactory, jpeg_with_exif

pytestmark = pytest.mark.django_db
S = ListedDetainer.State
RATIONALE = "The release photo and the ICE custody log agree."


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def filed(sheriff, entry):
    return services.file_dispute(
        actor=sheriff, entry_id=entry.pk, ground="similar_name", explanation="Not ours: another Franklin County."
    )


def submitted(sheriff, entry):
    dispute = filed(sheriff, entry)
    when = entry.declined.strftime("%Y:%m:%d") + " 09:15:44"
    services.add_evidence(
        actor=sheriff, dispute_id=dispute.pk, data=jpeg_with_exif(when, offset="-06:00"), filename="release.jpg"
    )
    services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
    return dispute


def decide(client, dispute, step="confirm", **data):
    """Post the decision form of the dispute's case, at the confirmation step unless told otherwise."""
    return client.post(reverse("review-case", args=[dispute.case_id]), {"rationale": RATIONALE, "step": step, **data})


def test_sheriff_may_not_open_the_review_queue(client, sheriff):
    client.force_login(sheriff)
    assert client.get(reverse("review")).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in_from_review(client, db):
    response = client.get(reverse("review"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_queue_lists_submitted_disputes_but_not_open_ones(reviewer_client, sheriff, entry):
    waiting = submitted(sheriff, entry)
    still_open = filed(sheriff, ListedDetainerFactory(report=entry.report, jurisdiction=entry.jurisdiction))
    response = reviewer_client.get(reverse("review"))
    assert response.status_code == 200
    assert [c.pk for c in response.context["waiting"]] == [waiting.case_id]
    html = response.content.decode()
    assert reverse("review-case", args=[waiting.case_id]) in html
    assert reverse("review-case", args=[still_open.case_id]) not in html


def test_queue_shows_recently_decided_disputes_with_their_notice(reviewer_client, reviewer, sheriff, entry):
    dispute = submitted(sheriff, entry)
    decision = services.decide_dispute(
        actor=reviewer, dispute_id=dispute.pk, outcome="corrected", action="remove", rationale=RATIONALE
    )
    response = reviewer_client.get(reverse("review"))
    assert list(response.context["decided"]) == [dispute.case]
    assert decision.corrections.get().notice.number in response.content.decode()


def test_dispute_page_shows_evidence_thumbnails_and_camera_time_beside_the_declined_date(
    reviewer_client, sheriff, entry
):
    dispute = submitted(sheriff, entry)
    evidence = dispute.evidence.get()
    response = reviewer_client.get(reverse("review-dispute", args=[dispute.pk]), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<img src="{reverse("evidence", args=[evidence.pk])}"' in html
    assert f"{entry.declined:%Y-%m-%d} 09:15:44 -06:00" in html
    assert "Same day as the listed decline" in html
    assert "Confused with a similarly named jurisdiction" in html
    assert "Not ours: another Franklin County." in html


def test_reviewer_upholds_an_entry(reviewer_client, sheriff, entry):
    dispute = submitted(sheriff, entry)
    response = decide(reviewer_client, dispute, outcome="upheld", action="remove")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == S.UPHELD
    assert Decision.objects.get(case=dispute.case).rationale == RATIONALE
    assert not Correction.objects.exists()
    page = reviewer_client.get(response["Location"]).content.decode()
    assert "Upheld" in page


def test_reviewer_removes_an_entry_and_sees_the_notice_number(reviewer_client, sheriff, entry):
    dispute = submitted(sheriff, entry)
    response = decide(reviewer_client, dispute, outcome="corrected", action="remove")
    assert response.status_code == 302
    correction = Correction.objects.select_related("decision__notice").get()
    assert correction.action == "remove"
    page = reviewer_client.get(response["Location"]).content.decode()
    assert f"Notice {correction.notice.number} is issued" in page
    assert correction.notice.number in page


def test_only_filled_in_amendment_fields_are_changed(reviewer_client, sheriff, entry):
    dispute = submitted(sheriff, entry)
    response = decide(
        reviewer_client,
        dispute,
        outcome="corrected",
        action="amend",
        citizenship="Guatemala",
        fips="",
        facility="",
        criminal_activity="",
        activity_basis="",
        declined="",
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.before["citizenship"] == "Mexico"
    assert correction.after == {**correction.before, "citizenship": "Guatemala"}


def test_amending_the_jurisdiction_and_dates_goes_through_the_service(reviewer_client, sheriff, entry):
    other = JurisdictionFactory(name="Franklin County", state="VT")
    dispute = submitted(sheriff, entry)
    response = decide(
        reviewer_client,
        dispute,
        outcome="corrected",
        action="amend",
        fips=other.fips,
        facility="Franklin County Jail",
        detainer_issued=entry.detainer_issued.isoformat(),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.jurisdiction == other
    assert entry.facility.name == "Franklin County Jail"


def test_clearing_the_criminal_activity_blanks_it_and_its_basis(reviewer_client, sheriff, entry):
    dispute = submitted(sheriff, entry)
    response = decide(reviewer_client, dispute, outcome="corrected", action="amend", clear_criminal_activity="on")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.criminal_activity, entry.activity_basis) == ("", "")


def test_unknown_fips_in_an_amendment_is_a_400_and_nothing_changes(reviewer_client, sheriff, entry):
    dispute = submitted(sheriff, entry)
    response = decide(reviewer_client, dispute, outcome="corrected", action="amend", fips="00000")
    assert response.status_code == 400
    assert "no jurisdiction with FIPS code" in response.content.decode()
    entry.refresh_from_db()
    assert entry.state == S.EVIDENCE_SUBMITTED


def test_upholding_ignores_correction_fields_left_filled_in(reviewer_client, sheriff, entry):
    dispute = submitted(sheriff, entry)
    response = decide(reviewer_client, dispute, outcome="upheld", action="amend", citizenship="Peru")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == S.UPHELD
    assert entry.citizenship != "Peru"


def test_the_decision_is_previewed_before_it_is_recorded(reviewer_client, sheriff, entry):
    dispute = submitted(sheriff, entry)
    response = decide(reviewer_client, dispute, step="preview", outcome="corrected", action="remove")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing is recorded yet" in html and "Confirm and publish" in html
    assert [r["outcome"] for r in response.context["preview"]["entries"]] == ["corrected"]
    entry.refresh_from_db()
    assert entry.state == S.EVIDENCE_SUBMITTED
    assert not Decision.objects.exists()


def test_short_rationale_is_a_400_that_says_why(reviewer_client, sheriff, entry):
    dispute = submitted(sheriff, entry)
    response = decide(reviewer_client, dispute, outcome="upheld", rationale="ok")
    assert response.status_code == 400
    assert "at least 10 characters" in response.content.decode()


def test_missing_outcome_is_a_400(reviewer_client, sheriff, entry):
    dispute = submitted(sheriff, entry)
    response = decide(reviewer_client, dispute)
    assert response.status_code == 400
    assert "Outcome" in response.content.decode()


def test_deciding_a_dispute_not_yet_submitted_is_a_409(reviewer_client, sheriff, entry):
    dispute = filed(sheriff, entry)
    response = decide(reviewer_client, dispute, outcome="upheld")
    assert response.status_code == 409
    assert "not been submitted for review" in response.content.decode()


def test_deciding_twice_is_a_409(reviewer_client, sheriff, entry):
    dispute = submitted(sheriff, entry)
    decide(reviewer_client, dispute, outcome="upheld")
    response = decide(reviewer_client, dispute, outcome="corrected", action="remove")
    assert response.status_code == 409
    assert Decision.objects.count() == 1


def test_unknown_dispute_is_404(reviewer_client, db):
    assert reviewer_client.get(reverse("review-dispute", args=[999])).status_code == 404
