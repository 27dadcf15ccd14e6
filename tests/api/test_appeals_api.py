import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from disputes import services
from jurisdictions.models import Account
from reports.models import ListedDetainer, ReportRevision
from reports.services import create_revision
from tests.factories import ListedDetainerFactory, SheriffFactory, pdf_bytes, submitted_case

STATEMENT = "The jail log shows the person handed to ICE at the sally port."


@pytest.fixture
def decided(entry, sheriff, reviewer):
    with freeze_time("2017-02-17 15:00:00"):
        create_revision(report=entry.report, reason="First publication")
        case = submitted_case(sheriff, [entry])
    with freeze_time("2017-03-01 15:00:00"):
        services.decide_case(actor=reviewer, case_id=case.pk, outcome="upheld", rationale="The log shows a release.")
    return case


@pytest.fixture
def appealed(decided, sheriff, client_for):
    with freeze_time("2017-03-10 15:00:00"):
        response = client_for(sheriff).post(
            reverse("api-case-appeal", args=[decided.pk]),
            {"statement": STATEMENT, "file": [SimpleUploadedFile("transfer.pdf", pdf_bytes())]},
            format="multipart",
        )
    assert response.status_code == 201, response.json()
    assert response.json()["appeal"]["evidence"][0]["original_name"] == "transfer.pdf"
    return decided


def current_rows(client, report_id: int) -> list[dict]:
    number = ReportRevision.objects.filter(report_id=report_id).latest().number
    return client.get(reverse("api-revision", args=[report_id, number])).json()["section_ii"]


def decide(client, case_id, outcome="upheld"):
    return client.post(
        reverse("api-appeal-decide", args=[case_id]),
        {"outcome": outcome, "rationale": "The log does not show a transfer."},
        format="json",
    )


def test_the_first_reviewer_is_refused_the_appeal_with_403(appealed, reviewer, client_for):
    Account.objects.filter(user=reviewer).update(role=Account.Role.SENIOR_REVIEWER)
    response = decide(client_for(reviewer), appealed.pk)
    assert response.status_code == 403
    assert "first decision" in response.json()["detail"]
    assert ListedDetainer.objects.get(dispute__case=appealed).state == ListedDetainer.State.APPEALED


def test_another_senior_reviewer_decides_the_appeal_and_the_statement_reaches_the_report_api(
    appealed, sheriff, senior, reviewer, client_for, anonymous, django_capture_on_commit_callbacks
):
    response = decide(client_for(senior), appealed.pk)
    assert response.status_code == 200
    assert response.json()["outcome"] == "upheld"
    response = client_for(sheriff).post(
        reverse("api-case-statement", args=[appealed.pk]),
        {"text": "We have honored detainers since 2014."},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["statement"]["status"] == "pending"
    report_id = appealed.disputes.get().entry.report_id
    marks = [r["dispute_status"] for r in current_rows(anonymous, report_id)]
    assert marks == [{"status": "upheld_final", "since": timezone.localdate().isoformat()}]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(reviewer).post(
            reverse("api-statement-review", args=[appealed.pk]), {"approve": True}, format="json"
        )
    assert response.json()["statement"]["status"] == "approved"
    [row] = current_rows(anonymous, report_id)
    assert row["dispute_status"]["statement"] == "We have honored detainers since 2014."


def test_a_sheriff_cannot_review_a_statement_and_another_office_cannot_appeal(decided, client_for):
    outsider = SheriffFactory().user
    response = client_for(outsider).post(
        reverse("api-case-appeal", args=[decided.pk]),
        {"statement": STATEMENT, "file": [SimpleUploadedFile("x.pdf", pdf_bytes())]},
        format="multipart",
    )
    assert response.status_code == 404
    response = client_for(outsider).post(
        reverse("api-statement-review", args=[decided.pk]), {"approve": True}, format="json"
    )
    assert response.status_code == 403


def test_claim_assign_and_the_workload_dashboard(entry, sheriff, reviewer, senior, client_for):
    other = ListedDetainerFactory(report=entry.report, jurisdiction=entry.jurisdiction)
    with freeze_time("2017-02-17 15:00:00"):
        create_revision(report=entry.report, reason="First publication")
        cases = []
        for item in (entry, other):
            cases.append(submitted_case(sheriff, [item], ground="duplicate"))
    with freeze_time("2017-03-03 15:00:00"):
        response = client_for(reviewer).post(reverse("api-case-claim", args=[cases[0].pk]))
        assert response.json()["assigned_to"] == reviewer.username
        denied = client_for(reviewer).post(
            reverse("api-case-assign", args=[cases[1].pk]), {"reviewer": reviewer.username}, format="json"
        )
        assert denied.status_code == 403
        response = client_for(senior).post(
            reverse("api-case-assign", args=[cases[1].pk]), {"reviewer": senior.username}, format="json"
        )
        assert response.json()["assigned_to"] == senior.username
        services.decide_case(actor=senior, case_id=cases[1].pk, outcome="upheld", rationale="Not a duplicate.")
        load = client_for(reviewer).get(reverse("api-workload")).json()
    # One case open, due Mon 2017-03-06 (next week as seen on Friday 03-03); decided in 14 days.
    assert load["open"] == 1
    assert load["due_this_week"] == 0
    assert load["overdue"] == 0
    assert load["median_days_to_decision"] == 14.0
    assert load["by_reviewer"] == [{"reviewer": reviewer.username, "cases": 1}]
    with freeze_time("2017-03-07 15:00:00"):
        load = client_for(reviewer).get(reverse("api-workload")).json()
        listed = client_for(reviewer).get(reverse("api-cases"), {"status": "awaiting_review"}).json()
    assert (load["overdue"], load["due_this_week"]) == (1, 0)
    assert [(c["id"], c["due_on"], c["is_overdue"]) for c in listed["results"]] == [(cases[0].pk, "2017-03-06", True)]


def test_entries_carry_their_dispute_deadline(entry, sheriff, client_for):
    with freeze_time("2017-02-10 15:00:00"):
        create_revision(report=entry.report, reason="First publication")
    unpublished = ListedDetainerFactory(jurisdiction=entry.jurisdiction)
    rows = client_for(sheriff).get(reverse("api-entries")).json()["results"]
    assert {r["id"]: r["dispute_by"] for r in rows} == {entry.pk: "2017-03-12", unpublished.pk: None}
