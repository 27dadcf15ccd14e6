from django.urls import reverse

from disputes import services
from jurisdictions.models import SecurityEvent
from tests.factories import pdf_bytes


def test_unknown_api_paths_are_json_404(anonymous, db):
    response = anonymous.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json() == {"detail": "no such endpoint or object"}
    assert anonymous.get("/api/v1/cases/99999999999999999999/").json()["detail"]


def test_out_of_range_numbers_are_400_not_500(client_for, reviewer, anonymous):
    api = client_for(reviewer)
    assert api.get("/api/v1/entries/?report=9223372036854775808").status_code == 400
    assert api.get("/api/v1/entries/?limit=99999999999999999999").status_code == 200
    offset = anonymous.get("/api/v1/corrections/?offset=99999999999999999999")
    assert offset.status_code == 400 and offset.json()["field"] == "offset"


def test_the_token_endpoint_answers_errors_in_the_api_shape(anonymous, db):
    response = anonymous.post("/api/v1/token/", {"username": "nobody", "password": "wrong"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"detail"}


def test_a_denied_download_and_a_failed_login_are_in_the_security_log(client, sheriff, other_sheriff, entry):
    case = services.open_case(
        actor=sheriff, entries=[entry.pk], ground="other", explanation="Not ours at all, clearly."
    )
    evidence = services.add_case_evidence(actor=sheriff, case_id=case.pk, data=pdf_bytes(), filename="log.pdf")
    client.force_login(other_sheriff)
    assert client.get(reverse("evidence", args=[evidence.pk])).status_code == 404
    denied = SecurityEvent.objects.get(kind="denied")
    assert (denied.username, denied.address, denied.path) == (
        other_sheriff.username,
        "127.0.0.1",
        reverse("evidence", args=[evidence.pk]),
    )
    client.logout()
    client.post(reverse("login"), {"username": sheriff.username, "password": "wrong"})
    assert SecurityEvent.objects.filter(kind="login_failed", username=sheriff.username).exists()


def test_feed_summaries_show_markup_in_a_rationale_as_text(client, sheriff, reviewer, entry):
    from reports.services import create_revision

    create_revision(report=entry.report, reason="Published as imported")
    case = services.open_case(
        actor=sheriff, entries=[entry.pk], ground="other", explanation="Not ours at all, clearly."
    )
    services.add_case_evidence(actor=sheriff, case_id=case.pk, data=pdf_bytes(), filename="log.pdf")
    services.submit_case(actor=sheriff, case_id=case.pk)
    services.decide_case(
        actor=reviewer,
        case_id=case.pk,
        outcome="corrected",
        action="remove",
        rationale="Count <b>was</b> wrong & late.",
    )
    feed = client.get(reverse("corrections-feed")).content.decode()
    assert "Count &amp;lt;b&amp;gt;was&amp;lt;/b&amp;gt; wrong &amp;amp; late." in feed


def test_reviewers_read_the_security_log_and_sheriffs_cannot(client, sheriff, reviewer, db):
    client.post(reverse("login"), {"username": sheriff.username, "password": "wrong"})
    client.force_login(sheriff)
    assert client.get(reverse("review-security")).status_code == 403
    client.force_login(reviewer)
    html = client.get(reverse("review-security")).content.decode()
    assert "Failed sign-in" in html and sheriff.username in html
