import io

import pytest
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from config.errors import Conflict, InvalidInput, NotAllowed
from disputes import services
from disputes.models import Appeal, Case, StandingStatement, TransitionLog
from jurisdictions.models import Account
from reports.models import ListedDetainer, ReportRevision
from reports.services import create_revision
from tests.factories import ListedDetainerFactory, ReviewerFactory, pdf_bytes, submitted_case

S = ListedDetainer.State
STATEMENT = "Nassau County has honored every ICE detainer since 2014; the jail log shows the transfer."
STANDING = "We have honored detainers since 2014."


@pytest.fixture
def upheld_case(entry, sheriff, reviewer):
    """A case of two entries, both upheld by `reviewer` on 2017-03-01."""
    second = ListedDetainerFactory(report=entry.report, jurisdiction=entry.jurisdiction)
    with freeze_time("2017-02-17 15:00:00"):
        create_revision(report=entry.report, reason="First publication")
        case = submitted_case(sheriff, [entry, second], explanation=STATEMENT)
    with freeze_time("2017-03-01 15:00:00"):
        services.decide_case(actor=reviewer, case_id=case.pk, outcome="upheld", rationale="The log shows a release.")
    return Case.objects.get(pk=case.pk)


def appeal(case, sheriff, when="2017-03-10 15:00:00"):
    with freeze_time(when):
        return services.file_appeal(
            actor=sheriff, case_id=case.pk, statement=STATEMENT, files=[("transfer.pdf", pdf_bytes())]
        )


def states(case) -> set[str]:
    return set(ListedDetainer.objects.filter(dispute__case=case).values_list("state", flat=True))


def test_an_appeal_moves_every_upheld_entry_to_appealed_with_its_new_evidence_and_is_logged(upheld_case, sheriff):
    filed = appeal(upheld_case, sheriff)
    assert states(upheld_case) == {S.APPEALED}
    assert [e.original_name for e in filed.evidence.all()] == ["transfer.pdf"]
    logs = TransitionLog.objects.filter(case=upheld_case, transition="appeal")
    assert {(log.from_state, log.to_state, log.reason) for log in logs} == {(S.UPHELD, S.APPEALED, STATEMENT)}
    assert logs.count() == 2


def test_a_case_is_appealed_once(upheld_case, sheriff):
    appeal(upheld_case, sheriff)
    with pytest.raises(Conflict, match="appealed once"):
        appeal(upheld_case, sheriff)


def test_an_appeal_after_the_window_is_refused(upheld_case, sheriff):
    with pytest.raises(Conflict, match="appeal window closed on Mar 31, 2017"):
        appeal(upheld_case, sheriff, when="2017-04-01 15:00:00")
    assert states(upheld_case) == {S.UPHELD}


def test_an_appeal_needs_new_evidence(upheld_case, sheriff):
    with freeze_time("2017-03-10 15:00:00"), pytest.raises(InvalidInput, match="new evidence"):
        services.file_appeal(actor=sheriff, case_id=upheld_case.pk, statement=STATEMENT, files=[])


def test_the_first_reviewer_cannot_decide_the_appeal_even_as_a_senior_reviewer(upheld_case, sheriff, reviewer):
    appeal(upheld_case, sheriff)
    Account.objects.filter(user=reviewer).update(role=Account.Role.SENIOR_REVIEWER)
    reviewer.account.refresh_from_db()
    with pytest.raises(NotAllowed, match="first decision"):
        services.decide_appeal(actor=reviewer, case_id=upheld_case.pk, outcome="upheld", rationale="Still upheld.")


def test_a_reviewer_who_is_not_senior_cannot_decide_an_appeal(upheld_case, sheriff):
    appeal(upheld_case, sheriff)
    other = ReviewerFactory().user
    with pytest.raises(NotAllowed, match="senior reviewer"):
        services.decide_appeal(actor=other, case_id=upheld_case.pk, outcome="upheld", rationale="Still upheld.")


def test_a_senior_reviewer_corrects_on_appeal_with_a_notice_and_one_revision(
    upheld_case, sheriff, senior, django_capture_on_commit_callbacks
):
    appeal(upheld_case, sheriff)
    before = ReportRevision.objects.filter(report=upheld_case.disputes.first().entry.report).count()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide_appeal(
            actor=senior, case_id=upheld_case.pk, outcome="corrected", action="remove", rationale="The log agrees."
        )
    assert states(upheld_case) == {S.CORRECTED}
    assert TransitionLog.objects.filter(case=upheld_case, transition="correct_on_appeal").count() == 2
    assert decision.notice.number.startswith("CN-")
    assert decision.corrections.count() == 2
    assert not decision.agency_initiated
    upheld_case.refresh_from_db()
    assert upheld_case.decision.outcome == "upheld"  # the first decision stays on the record
    assert Appeal.objects.get(case=upheld_case).decision == decision
    report = upheld_case.disputes.first().entry.report
    assert ReportRevision.objects.filter(report=report).count() == before + 1


def test_an_appeal_upheld_is_final_and_logged(upheld_case, sheriff, senior):
    appeal(upheld_case, sheriff)
    services.decide_appeal(actor=senior, case_id=upheld_case.pk, outcome="upheld", rationale="The log disagrees.")
    assert states(upheld_case) == {S.UPHELD_FINAL}
    transitions = list(
        TransitionLog.objects.filter(entry__dispute__case=upheld_case)
        .order_by("entry", "pk")
        .values_list("transition", flat=True)
    )
    assert transitions == ["open_dispute", "submit_evidence", "uphold", "appeal", "uphold_on_appeal"] * 2
    with pytest.raises(Conflict, match="already been decided"):
        services.decide_appeal(actor=senior, case_id=upheld_case.pk, outcome="upheld", rationale="Once more, no.")


def test_a_statement_waits_until_the_entries_are_upheld_for_good(upheld_case, sheriff, senior):
    with freeze_time("2017-03-10 15:00:00"), pytest.raises(Conflict, match="upheld for good"):
        services.file_statement(actor=sheriff, case_id=upheld_case.pk, text=STANDING)
    # With no appeal, the decision is final once the appeal window has closed.
    with freeze_time("2017-04-01 15:00:00"):
        statement = services.file_statement(actor=sheriff, case_id=upheld_case.pk, text=STANDING)
    assert statement.status == StandingStatement.Status.PENDING


def final_with_statement(case, sheriff, senior):
    appeal(case, sheriff)
    services.decide_appeal(actor=senior, case_id=case.pk, outcome="upheld", rationale="The log disagrees.")
    return services.file_statement(actor=sheriff, case_id=case.pk, text=STANDING)


def test_the_public_page_shows_an_approved_statement_and_not_an_unapproved_one(
    client, upheld_case, sheriff, senior, reviewer, django_capture_on_commit_callbacks
):
    final_with_statement(upheld_case, sheriff, senior)
    report = upheld_case.disputes.first().entry.report
    url = reverse("report", args=[report.pk])
    page = client.get(url).content.decode()
    assert STANDING not in page
    assert "Upheld on appeal" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.review_statement(actor=reviewer, case_id=upheld_case.pk, approve=True)
    page = client.get(url).content.decode()
    assert page.count(STANDING) == 2  # beside each of the case's two entries
    assert f"Statement of {report.entries.first().jurisdiction.name}" in page


def test_an_approved_statement_is_published_in_a_new_revision_and_its_pdf(
    upheld_case, sheriff, senior, reviewer, django_capture_on_commit_callbacks
):
    final_with_statement(upheld_case, sheriff, senior)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_statement(actor=reviewer, case_id=upheld_case.pk, approve=True)
    revision = ReportRevision.objects.filter(report=upheld_case.disputes.first().entry.report).latest()
    assert revision.reason.startswith("Standing statement of")
    rows = [r for r in revision.content["section_ii"] if r["dispute_status"]]
    assert {r["dispute_status"]["statement"] for r in rows} == {STANDING}
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(revision.pdf.read())).pages)
    assert "honored detainers since 2014" in " ".join(text.split())
    assert services.publish_statement(statement_id=upheld_case.statement.pk) == []


def test_a_rejected_statement_stays_private_and_can_be_rewritten(client, upheld_case, sheriff, senior, reviewer):
    final_with_statement(upheld_case, sheriff, senior)
    with pytest.raises(InvalidInput, match="reason"):
        services.review_statement(actor=reviewer, case_id=upheld_case.pk, approve=False)
    services.review_statement(actor=reviewer, case_id=upheld_case.pk, approve=False, note="Names the inmate.")
    report = upheld_case.disputes.first().entry.report
    assert STANDING not in client.get(reverse("report", args=[report.pk])).content.decode()
    rewritten = services.file_statement(actor=sheriff, case_id=upheld_case.pk, text="We honor every detainer.")
    assert (rewritten.status, rewritten.review_note) == (StandingStatement.Status.PENDING, "")
