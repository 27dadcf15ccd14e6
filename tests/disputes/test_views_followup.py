import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time

from disputes import services
from disputes.models import Appeal, StandingStatement
from jurisdictions.models import Account
from reports.models import ListedDetainer
from reports.services import create_revision
from tests.factories import ListedDetainerFactory, ReviewerFactory, pdf_bytes, submitted_case

EXPLANATION = "Handed to ICE at release; the transfer log shows it."


def submit(sheriff, entry, when):
    with freeze_time(when):
        return submitted_case(sheriff, [entry])


@pytest.fixture
def published(entry):
    with freeze_time("2017-02-10 15:00:00"):
        create_revision(report=entry.report, reason="First publication")
    return entry


def test_the_queue_shows_due_dates_earliest_first_and_marks_overdue_cases(client, published, sheriff, reviewer):
    later = ListedDetainerFactory(report=published.report, jurisdiction=published.jurisdiction)
    late_case = submit(sheriff, later, "2017-02-21 15:00:00")
    early_case = submit(sheriff, published, "2017-02-17 15:00:00")
    client.force_login(reviewer)
    with freeze_time("2017-03-07 15:00:00"):
        response = client.get(reverse("review"))
    assert [c.pk for c in response.context["waiting"]] == [early_case.pk, late_case.pk]
    page = response.content.decode()
    assert "Mar 6, 2017" in page and "Mar 7, 2017" in page
    assert page.count('class="badge badge-overdue"') == 1


def test_the_public_report_counts_disputes_awaiting_a_decision_and_overdue(client, published, sheriff):
    later = ListedDetainerFactory(report=published.report, jurisdiction=published.jurisdiction)
    submit(sheriff, published, "2017-02-17 15:00:00")
    submit(sheriff, later, "2017-02-21 15:00:00")
    with freeze_time("2017-03-07 15:00:00"):
        page = client.get(reverse("report", args=[published.report_id])).content.decode()
    assert "2 disputes awaiting a decision, 1 overdue." in page


def test_the_portal_shows_the_dispute_deadline_per_entry(client, published, sheriff):
    client.force_login(sheriff)
    with freeze_time("2017-02-20 15:00:00"):
        page = client.get(reverse("portal")).content.decode()
    assert "Dispute by Mar 12, 2017" in page
    with freeze_time("2017-02-20 15:00:00"):
        page = client.get(reverse("portal-entry", args=[published.pk])).content.decode()
    assert "Can be disputed until Mar 12, 2017." in page


def test_claiming_from_the_queue_and_the_workload_page(client, published, sheriff, reviewer):
    case = submit(sheriff, published, "2017-02-17 15:00:00")
    client.force_login(reviewer)
    with freeze_time("2017-03-01 15:00:00"):
        client.post(reverse("review-case-claim", args=[case.pk]), {"next": "queue"})
        page = client.get(reverse("review-workload")).content.decode()
    case.refresh_from_db()
    assert case.assigned_to == reviewer
    assert "Due this week" in page and f"Case {case.pk}</a>" in page


def test_the_appeal_form_files_an_appeal_and_the_first_reviewer_gets_403(client, published, sheriff, reviewer):
    case = submit(sheriff, published, "2017-02-17 15:00:00")
    services.decide_case(actor=reviewer, case_id=case.pk, outcome="upheld", rationale="The log shows a release.")
    client.force_login(sheriff)
    assert "Appeal this decision" in client.get(reverse("portal-case", args=[case.pk])).content.decode()
    response = client.post(
        reverse("portal-case-appeal", args=[case.pk]),
        {"statement": EXPLANATION, "file": [SimpleUploadedFile("transfer.pdf", pdf_bytes())]},
    )
    assert response.status_code == 302
    assert Appeal.objects.get(case=case).evidence.count() == 1
    Account.objects.filter(user=reviewer).update(role=Account.Role.SENIOR_REVIEWER)
    client.force_login(reviewer)
    assert "another senior reviewer decides" in client.get(reverse("review-case", args=[case.pk])).content.decode()
    response = client.post(
        reverse("review-appeal-decide", args=[case.pk]), {"outcome": "upheld", "rationale": "x" * 12}
    )
    assert response.status_code == 403
    senior = ReviewerFactory(role=Account.Role.SENIOR_REVIEWER).user
    client.force_login(senior)
    client.post(reverse("review-appeal-decide", args=[case.pk]), {"outcome": "upheld", "rationale": "x" * 12})
    assert ListedDetainer.objects.get(pk=published.pk).state == ListedDetainer.State.UPHELD_FINAL
    client.force_login(sheriff)
    client.post(reverse("portal-case-statement", args=[case.pk]), {"text": "We have honored detainers since 2014."})
    client.force_login(reviewer)
    client.post(reverse("review-statement", args=[case.pk]), {"verdict": "approve"})
    assert StandingStatement.objects.get(case=case).status == StandingStatement.Status.APPROVED
