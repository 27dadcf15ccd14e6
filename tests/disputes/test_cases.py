import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.errors import Conflict, InvalidInput, NotFound
from disputes import services
from disputes.models import Case, Decision, Dispute, Evidence, TransitionLog
from reports.models import ListedDetainer
from reports.services import create_revision
from tests.factories import (
    JurisdictionFactory,
    ListedDetainerFactory,
    ReviewerFactory,
    jpeg_with_exif,
    pdf_bytes,
    png_bytes,
)

S = ListedDetainer.State
EXPLANATION = "Re-processed in one batch from detainers issued years earlier."


@pytest.fixture
def batch(entry):
    return [entry, *ListedDetainerFactory.create_batch(3, report=entry.report, jurisdiction=entry.jurisdiction)]


def open_case(sheriff, entries, **kwargs):
    return services.open_case(
        actor=sheriff, entries=[e.pk for e in entries], ground="before_period", explanation=EXPLANATION, **kwargs
    )


def test_a_case_disputes_every_entry_with_one_log_row_each(sheriff, batch):
    case = open_case(sheriff, batch, notes={batch[1].pk: "Released in 2015."})
    assert Dispute.objects.filter(case=case).count() == 4
    assert set(ListedDetainer.objects.filter(pk__in=[e.pk for e in batch]).values_list("state", flat=True)) == {
        S.DISPUTED
    }
    assert TransitionLog.objects.filter(case=case, transition="open_dispute").count() == 4
    assert Dispute.objects.get(entry=batch[1]).note == "Released in 2015."


def test_entries_are_added_and_removed_before_submission_and_removal_is_logged(sheriff, batch):
    case = open_case(sheriff, batch[:2])
    services.add_entries(actor=sheriff, case_id=case.pk, entries=[batch[2].pk])
    services.remove_entry(actor=sheriff, case_id=case.pk, entry_id=batch[0].pk)
    assert sorted(case.disputes.values_list("entry_id", flat=True)) == sorted([batch[1].pk, batch[2].pk])
    assert ListedDetainer.objects.get(pk=batch[0].pk).state == S.LISTED
    log = TransitionLog.objects.filter(entry=batch[0]).order_by("pk").last()
    assert (log.transition, log.from_state, log.to_state, log.case) == ("withdraw", S.DISPUTED, S.LISTED, case)
    # A withdrawn entry can be disputed again, in another case.
    assert open_case(sheriff, [batch[0]]).disputes.count() == 1


def test_the_last_entry_cannot_be_removed(sheriff, entry):
    case = open_case(sheriff, [entry])
    with pytest.raises(InvalidInput):
        services.remove_entry(actor=sheriff, case_id=case.pk, entry_id=entry.pk)


def test_deleted_evidence_is_kept_for_the_record_but_no_longer_attached(sheriff, entry):
    case = open_case(sheriff, [entry])
    evidence = services.add_case_evidence(actor=sheriff, case_id=case.pk, data=pdf_bytes(), filename="log.pdf")
    services.delete_evidence(actor=sheriff, evidence_id=evidence.pk)
    evidence.refresh_from_db()
    assert (evidence.deleted_by, evidence.deleted_at is not None) == (sheriff, True)
    assert evidence.file.storage.exists(evidence.file.name)
    assert not case.evidence.attached().exists()
    with pytest.raises(InvalidInput, match="attach at least one evidence file"):
        services.submit_case(actor=sheriff, case_id=case.pk)
    # The same file may be attached again after its deletion.
    services.add_case_evidence(actor=sheriff, case_id=case.pk, data=pdf_bytes(), filename="log.pdf")


def test_a_case_holds_at_most_twenty_files(sheriff, entry):
    case = open_case(sheriff, [entry])
    for n in range(services.MAX_FILES):
        services.add_case_evidence(
            actor=sheriff, case_id=case.pk, data=jpeg_with_exif(f"2017:01:30 10:00:{n:02d}"), filename=f"{n}.jpg"
        )
    with pytest.raises(InvalidInput, match="at most 20 evidence files"):
        services.add_case_evidence(actor=sheriff, case_id=case.pk, data=png_bytes(), filename="21.png")
    assert Evidence.objects.filter(case=case).count() == 20


def test_a_submitted_case_cannot_change(sheriff, batch):
    case = open_case(sheriff, batch[:2])
    evidence = services.add_case_evidence(actor=sheriff, case_id=case.pk, data=pdf_bytes(), filename="log.pdf")
    services.submit_case(actor=sheriff, case_id=case.pk)
    assert set(ListedDetainer.objects.filter(dispute__case=case).values_list("state", flat=True)) == {
        S.EVIDENCE_SUBMITTED
    }
    for attempt in (
        lambda: services.add_entries(actor=sheriff, case_id=case.pk, entries=[batch[3].pk]),
        lambda: services.remove_entry(actor=sheriff, case_id=case.pk, entry_id=batch[0].pk),
        lambda: services.delete_evidence(actor=sheriff, evidence_id=evidence.pk),
        lambda: services.submit_case(actor=sheriff, case_id=case.pk),
    ):
        with pytest.raises(Conflict):
            attempt()


def test_another_office_cannot_reach_the_case(sheriff, other_sheriff, entry):
    case = open_case(sheriff, [entry])
    with pytest.raises(NotFound):
        services.add_case_evidence(actor=other_sheriff, case_id=case.pk, data=pdf_bytes(), filename="x.pdf")
    with pytest.raises(NotFound):
        services.open_case(actor=other_sheriff, entries=[entry.pk], ground="other", explanation=EXPLANATION)


def submitted_case(sheriff, entries):
    case = open_case(sheriff, entries)
    services.add_case_evidence(actor=sheriff, case_id=case.pk, data=pdf_bytes(), filename="log.pdf")
    return services.submit_case(actor=sheriff, case_id=case.pk)


def test_exceptions_must_name_entries_of_the_case(sheriff, reviewer, batch):
    case = submitted_case(sheriff, batch[:2])
    with pytest.raises(InvalidInput, match=f"entry {batch[3].pk} is not one of the entries decided"):
        services.decide_case(
            actor=reviewer,
            case_id=case.pk,
            outcome="upheld",
            rationale="Records do not support the claim.",
            exceptions=[{"entry": batch[3].pk, "outcome": "corrected", "action": "remove"}],
        )
    assert not Decision.objects.exists()


def test_one_amendment_applies_to_every_entry_and_an_exception_is_removed(sheriff, reviewer, batch):
    create_revision(report=batch[0].report, reason="Published as imported")
    other = JurisdictionFactory(fips="19069", name="Franklin County", state="IA")
    case = submitted_case(sheriff, batch)
    decision = services.decide_case(
        actor=reviewer,
        case_id=case.pk,
        outcome="corrected",
        action="amend",
        amendments={"fips": other.fips},
        rationale="These detainers were issued to Franklin County, Iowa.",
        exceptions=[{"entry": batch[0].pk, "outcome": "corrected", "action": "remove"}],
    )
    assert decision.corrections.filter(action="amend").count() == 3
    assert decision.corrections.get(action="remove").entry_id == batch[0].pk
    assert set(
        ListedDetainer.objects.filter(pk__in=[e.pk for e in batch[1:]]).values_list("jurisdiction", flat=True)
    ) == {other.pk}


def test_deciding_one_dispute_of_a_larger_case_is_refused(sheriff, reviewer, batch):
    case = submitted_case(sheriff, batch[:2])
    dispute = case.disputes.first()
    with pytest.raises(Conflict, match="decide the case as a whole"):
        services.decide_dispute(actor=reviewer, dispute_id=dispute.pk, outcome="upheld", rationale="Not supported.")


def test_the_portal_case_page_adds_removes_and_submits(client, sheriff, batch):
    client.force_login(sheriff)
    response = client.post(
        reverse("portal-bulk-dispute"),
        {"entries": [batch[0].pk, batch[1].pk], "ground": "before_period", "explanation": EXPLANATION},
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("portal-case", args=[case.pk])
    client.post(reverse("portal-bulk-dispute"), {"entries": [batch[2].pk], "add_to": case.pk})
    assert case.disputes.count() == 3
    client.post(reverse("portal-case-entry-remove", args=[case.pk, batch[1].pk]))
    client.post(reverse("portal-case-entry-note", args=[case.pk, batch[2].pk]), {"note": "Booked 2015."})
    upload = SimpleUploadedFile("log.pdf", pdf_bytes(), content_type="application/pdf")
    assert client.post(reverse("portal-case-evidence", args=[case.pk]), {"file": upload}).status_code == 302
    html = client.get(reverse("portal-case", args=[case.pk])).content.decode()
    assert "log.pdf" in html and "Booked 2015." in html and "Submit case" in html
    assert client.post(reverse("portal-case-submit", args=[case.pk])).status_code == 302
    assert set(ListedDetainer.objects.filter(dispute__case=case).values_list("state", flat=True)) == {
        S.EVIDENCE_SUBMITTED
    }
    assert ListedDetainer.objects.get(pk=batch[1].pk).state == S.LISTED


def test_the_agency_page_previews_then_records_a_correction(client, db, django_capture_on_commit_callbacks):
    entries = ListedDetainerFactory.create_batch(2)
    for e in entries:
        create_revision(report=e.report, reason="Published as imported")
    client.force_login(ReviewerFactory().user)
    page = client.get(reverse("review-agency"), {"state": "TX"})
    assert all(f'value="{e.pk}"' in page.content.decode() for e in entries)
    form = {
        "entries": [e.pk for e in entries],
        "ground": "wrong_jurisdiction",
        "action": "remove",
        "rationale": "Listed against the wrong agency by a data error.",
    }
    preview = client.post(reverse("review-agency"), {**form, "step": "preview"})
    assert preview.status_code == 200 and "Confirm and publish" in preview.content.decode()
    assert not Decision.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("review-agency"), {**form, "step": "confirm"})
    assert done.status_code == 302
    decision = Decision.objects.get()
    assert decision.agency_initiated and decision.corrections.count() == 2
    assert ListedDetainer.objects.filter(state=S.CORRECTED).count() == 2


def test_sheriffs_cannot_use_the_agency_page(client, sheriff):
    client.force_login(sheriff)
    assert client.get(reverse("review-agency")).status_code == 403
