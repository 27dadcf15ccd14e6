import datetime as dt
import io

import pytest
from django.core import mail

from config.errors import Conflict, InvalidInput, NotAllowed, NotFound
from disputes import services
from disputes.models import Correction, CorrectionNotice, Dispute, Evidence, Notification, TransitionLog
from reports.models import ListedDetainer, ReportRevision
from reports.services import create_revision
from tests.factories import (
    IssuedCountFactory,
    JurisdictionFactory,
    ListedDetainerFactory,
    SheriffFactory,
    jpeg_with_exif,
    pdf_bytes,
    png_bytes,
)

pytestmark = pytest.mark.django_db
S = ListedDetainer.State


def file(sheriff, entry, ground="handed_to_ice"):
    return services.file_dispute(
        actor=sheriff, entry_id=entry.pk, ground=ground, explanation="Released to ICE at the sally port."
    )


def submitted(sheriff, entry, ground="handed_to_ice"):
    dispute = file(sheriff, entry, ground)
    services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=jpeg_with_exif(), filename="photo.jpg")
    services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)
    return dispute


def test_sheriff_disputes_own_entry_and_the_transition_is_logged(sheriff, entry):
    dispute = file(sheriff, entry)
    entry.refresh_from_db()
    assert entry.state == S.DISPUTED
    log = TransitionLog.objects.get(entry=entry)
    assert (log.from_state, log.to_state, log.actor, log.case) == (S.LISTED, S.DISPUTED, sheriff, dispute.case)
    assert "Released to ICE" in log.reason


def test_sheriff_cannot_dispute_other_county_entry(other_sheriff, entry):
    with pytest.raises(NotFound):
        file(other_sheriff, entry)
    assert not Dispute.objects.exists()


def test_reviewer_cannot_file_a_dispute(reviewer, entry):
    with pytest.raises(NotAllowed):
        file(reviewer, entry)


def test_disputing_twice_is_a_conflict(sheriff, entry):
    file(sheriff, entry)
    with pytest.raises(Conflict):
        file(sheriff, entry)


@pytest.mark.parametrize(
    ("ground", "explanation", "field"),
    [("made_up", "A long enough explanation.", "ground"), ("duplicate", "short", "explanation")],
)
def test_bad_dispute_input_names_the_field_and_writes_nothing(sheriff, entry, ground, explanation, field):
    with pytest.raises(InvalidInput) as exc:
        services.file_dispute(actor=sheriff, entry_id=entry.pk, ground=ground, explanation=explanation)
    assert exc.value.field == field
    entry.refresh_from_db()
    assert entry.state == S.LISTED
    assert not TransitionLog.objects.exists()


def test_photo_evidence_records_hash_type_size_and_exif_capture_time(sheriff, entry):
    dispute = file(sheriff, entry)
    data = jpeg_with_exif("2017:01:30 14:02:11", offset="-06:00")
    evidence = services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=data, filename="x.png")
    assert evidence.content_type == "image/jpeg"  # sniffed from the bytes, not the name
    assert evidence.size == len(data)
    assert evidence.captured_at == "2017-01-30 14:02:11 -06:00"
    assert evidence.captured_on == dt.date(2017, 1, 30)
    assert evidence.camera == "Axis Q1615 Sally Port Camera"
    assert evidence.file.open("rb").read() == data
    assert "/media/" not in evidence.file.path


@pytest.mark.parametrize("maker", [png_bytes, pdf_bytes])
def test_png_and_pdf_evidence_are_accepted(sheriff, entry, maker):
    dispute = file(sheriff, entry)
    evidence = services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=maker(), filename="doc")
    assert evidence.captured_at == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"MZ\x90\x00 not a picture", "only JPEG, PNG and PDF"),
        (b"\xff\xd8\xff\xe0 truncated jpeg", "damaged"),
        (b"%PDF-1.4 no end", "truncated"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(sheriff, entry, data, message):
    dispute = file(sheriff, entry)
    with pytest.raises(InvalidInput) as exc:
        services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=data, filename="a.jpg")
    assert message in exc.value.message
    assert not Evidence.objects.exists()


def test_oversized_upload_is_refused(sheriff, entry, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    dispute = file(sheriff, entry)
    with pytest.raises(InvalidInput, match="limit"):
        services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=jpeg_with_exif(), filename="a.jpg")


def test_the_same_file_cannot_be_attached_twice(sheriff, entry):
    dispute = file(sheriff, entry)
    services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=png_bytes(), filename="a.png")
    with pytest.raises(InvalidInput, match="already attached"):
        services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=png_bytes(), filename="b.png")


def test_other_sheriff_cannot_add_evidence_or_submit(sheriff, other_sheriff, entry):
    dispute = file(sheriff, entry)
    with pytest.raises(NotFound):
        services.add_evidence(actor=other_sheriff, dispute_id=dispute.pk, data=png_bytes(), filename="a.png")
    with pytest.raises(NotFound):
        services.submit_dispute(actor=other_sheriff, dispute_id=dispute.pk)


def test_submitting_needs_evidence(sheriff, entry):
    dispute = file(sheriff, entry)
    with pytest.raises(InvalidInput, match="at least one evidence"):
        services.submit_dispute(actor=sheriff, dispute_id=dispute.pk)


def test_submitting_notifies_reviewers_once(sheriff, entry, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted(sheriff, entry)
    entry.refresh_from_db()
    assert entry.state == S.EVIDENCE_SUBMITTED
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    notification = Notification.objects.get()
    services.send_notification(notification_id=notification.pk)
    assert len(mail.outbox) == 1


def test_evidence_cannot_be_added_after_submission(sheriff, entry):
    dispute = submitted(sheriff, entry)
    with pytest.raises(Conflict):
        services.add_evidence(actor=sheriff, dispute_id=dispute.pk, data=png_bytes(), filename="late.png")


def test_sheriff_cannot_decide_and_reviewer_cannot_decide_before_submission(sheriff, reviewer, entry):
    dispute = file(sheriff, entry)
    with pytest.raises(NotAllowed):
        services.decide_dispute(actor=sheriff, dispute_id=dispute.pk, outcome="upheld", rationale="Looks right to me.")
    with pytest.raises(Conflict):
        services.decide_dispute(actor=reviewer, dispute_id=dispute.pk, outcome="upheld", rationale="Looks right to me.")


def test_upholding_keeps_the_entry_and_makes_no_correction(sheriff, reviewer, entry):
    dispute = submitted(sheriff, entry)
    services.decide_dispute(
        actor=reviewer, dispute_id=dispute.pk, outcome="upheld", rationale="The photo is from another day."
    )
    entry.refresh_from_db()
    assert entry.state == S.UPHELD
    assert not Correction.objects.exists()
    assert TransitionLog.objects.filter(entry=entry).last().reason == "The photo is from another day."


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "corrected", "rationale": "no"}, "rationale"),
        ({"outcome": "corrected"}, "action"),
        ({"outcome": "upheld", "action": "remove"}, "action"),
        ({"outcome": "corrected", "action": "amend", "amendments": {"declined": "2017-31-01"}}, "declined"),
        ({"outcome": "corrected", "action": "amend", "amendments": {"fips": "00000"}}, "fips"),
        ({"outcome": "corrected", "action": "amend", "amendments": {"colour": "red"}}, "amendments"),
        ({"outcome": "corrected", "action": "amend", "amendments": {}}, "amendments"),
    ],
)
def test_bad_decisions_are_refused_and_leave_the_entry_waiting(sheriff, reviewer, entry, kwargs, field):
    dispute = submitted(sheriff, entry)
    with pytest.raises(InvalidInput) as exc:
        services.decide_dispute(actor=reviewer, dispute_id=dispute.pk, **{"rationale": "Reason enough.", **kwargs})
    assert exc.value.field == field
    entry.refresh_from_db()
    assert entry.state == S.EVIDENCE_SUBMITTED
    assert not Correction.objects.exists()


def test_removal_publishes_a_revision_with_recomputed_totals_and_a_notice_pdf(
    sheriff, reviewer, entry, django_capture_on_commit_callbacks
):
    ListedDetainerFactory(report=entry.report, jurisdiction=entry.jurisdiction)
    create_revision(report=entry.report, reason="Published as imported")
    dispute = submitted(sheriff, entry)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_dispute(
            actor=reviewer,
            dispute_id=dispute.pk,
            outcome="corrected",
            action="remove",
            rationale="The release photo shows the handover.",
        )
    revisions = {r.number: r for r in ReportRevision.objects.filter(report=entry.report)}
    assert revisions[1].totals["declined"] == 2
    assert revisions[2].totals["declined"] == 1
    assert revisions[2].totals["removed"] == 1
    assert entry.pk not in [row["entry_id"] for row in revisions[2].content["section_ii"]]
    assert entry.pk in [row["entry_id"] for row in revisions[1].content["section_ii"]]
    assert revisions[2].pdf.open("rb").read(5) == b"%PDF-"
    notice = CorrectionNotice.objects.get()
    assert notice.number.startswith("CN-") and notice.number.endswith("-0001")
    assert notice.pdf.open("rb").read(5) == b"%PDF-"
    assert notice.decision.corrections.get().revision == revisions[2]
    assert "2" in revisions[2].reason or notice.number in revisions[2].reason


def test_publishing_and_rendering_twice_change_nothing(sheriff, reviewer, entry, django_capture_on_commit_callbacks):
    create_revision(report=entry.report, reason="Published as imported")
    dispute = submitted(sheriff, entry)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_dispute(
            actor=reviewer, dispute_id=dispute.pk, outcome="corrected", action="remove", rationale="Shown by photo."
        )
    correction = Correction.objects.get()
    notice = correction.notice
    first_pdf, first_sha = notice.pdf.name, notice.pdf_sha256
    with django_capture_on_commit_callbacks(execute=True):
        again = services.publish_decision(decision_id=correction.decision_id)
    services.render_notice(notice_id=notice.pk)
    assert again == [correction.revision]
    assert ReportRevision.objects.filter(report=entry.report).count() == 2
    notice.refresh_from_db()
    assert (notice.pdf.name, notice.pdf_sha256) == (first_pdf, first_sha)


def test_wrong_jurisdiction_removal_lowers_its_section_i_count(reviewer, django_capture_on_commit_callbacks):
    wrong = JurisdictionFactory(name="Franklin County", state="NY")
    entry = ListedDetainerFactory(jurisdiction=wrong)
    IssuedCountFactory(report=entry.report, jurisdiction=wrong, detainers_issued=12)
    IssuedCountFactory(report=entry.report, jurisdiction=JurisdictionFactory(state="AL"), detainers_issued=11)
    create_revision(report=entry.report, reason="Published as imported")
    sheriff = SheriffFactory(jurisdiction=wrong).user
    dispute = submitted(sheriff, entry, ground="similar_name")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_dispute(
            actor=reviewer,
            dispute_id=dispute.pk,
            outcome="corrected",
            action="remove",
            rationale="The detainer was issued to Franklin County, PA.",
        )
    first, latest = (ReportRevision.objects.get(report=entry.report, number=n) for n in (1, 2))
    assert [(r["name"], r["issued"]) for r in first.content["section_i"]][0] == ("Franklin County", 12)
    franklin = next(r for r in latest.content["section_i"] if r["name"] == "Franklin County")
    assert (franklin["issued"], franklin["as_published"], franklin["rank"]) == (11, 12, 2)


def test_amendment_moves_the_entry_to_the_right_jurisdiction(reviewer, django_capture_on_commit_callbacks):
    listed_as = JurisdictionFactory(name="Montgomery County", state="IA", fips="19137")
    really = JurisdictionFactory(name="Montgomery County", state="PA", fips="42091")
    entry = ListedDetainerFactory(jurisdiction=listed_as)
    IssuedCountFactory(report=entry.report, jurisdiction=listed_as, detainers_issued=5)
    IssuedCountFactory(report=entry.report, jurisdiction=really, detainers_issued=5)
    create_revision(report=entry.report, reason="Published as imported")
    dispute = submitted(SheriffFactory(jurisdiction=listed_as).user, entry, ground="similar_name")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_dispute(
            actor=reviewer,
            dispute_id=dispute.pk,
            outcome="corrected",
            action="amend",
            amendments={"fips": "42091", "facility": "Montgomery County Correctional Facility"},
            rationale="Montgomery County, PA declined this detainer.",
        )
    entry.refresh_from_db()
    assert entry.jurisdiction == really
    correction = Correction.objects.get()
    assert (correction.before["state"], correction.after["state"]) == ("IA", "PA")
    latest = ReportRevision.objects.get(report=entry.report, number=2)
    issued = {(r["state"]): r["issued"] for r in latest.content["section_i"]}
    assert issued == {"IA": 4, "PA": 6}
    row = next(r for r in latest.content["section_ii"] if r["entry_id"] == entry.pk)
    assert (row["state"], row["amended"]) == ("PA", True)


def test_an_amendment_that_moves_the_entry_leaves_the_dispute_with_its_filer(
    reviewer, django_capture_on_commit_callbacks
):
    from disputes.selectors import disputes_visible_to, entries_visible_to, get_evidence_for

    hennepin = JurisdictionFactory(name="Hennepin County", state="MN")
    dallas = JurisdictionFactory(name="Dallas County", state="TX")
    entry = ListedDetainerFactory(jurisdiction=hennepin)
    create_revision(report=entry.report, reason="Published as imported")
    hennepin_sheriff = SheriffFactory(jurisdiction=hennepin).user
    dallas_sheriff = SheriffFactory(jurisdiction=dallas).user
    dispute = submitted(hennepin_sheriff, entry, ground="not_received")
    evidence = dispute.evidence.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_dispute(
            actor=reviewer,
            dispute_id=dispute.pk,
            outcome="corrected",
            action="amend",
            amendments={"fips": dallas.fips},
            rationale="Dallas County declined this detainer.",
        )
    assert list(disputes_visible_to(hennepin_sheriff)) == [dispute]
    assert list(entries_visible_to(hennepin_sheriff)) == [entry]
    assert get_evidence_for(hennepin_sheriff, evidence.pk) == evidence
    assert not disputes_visible_to(dallas_sheriff).exists()
    with pytest.raises(NotFound):
        get_evidence_for(dallas_sheriff, evidence.pk)
    assert list(entries_visible_to(dallas_sheriff)) == [entry]  # now listed against Dallas
    assert [m.to for m in mail.outbox if "corrected" in m.subject] == [[hennepin_sheriff.email]]


def test_work_lost_to_a_broker_outage_is_finished_by_resume_pending(
    transactional_db, sheriff, reviewer, entry, monkeypatch
):
    from django.core.management import call_command

    from disputes.tasks import publish_decision_task

    create_revision(report=entry.report, reason="Published as imported")
    dispute = submitted(sheriff, entry)

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(publish_decision_task, "delay", broker_down)
    # Real commits: the queueing runs as a robust on-commit hook, so the failure is logged, not raised.
    services.decide_dispute(
        actor=reviewer, dispute_id=dispute.pk, outcome="corrected", action="remove", rationale="Shown by photo."
    )
    assert Correction.objects.get().revision is None  # the decision stands; publication is pending
    monkeypatch.undo()

    out = io.StringIO()
    call_command("resume_pending", stdout=out)
    assert "1 decisions to publish" in out.getvalue()
    correction = Correction.objects.get()
    assert correction.revision.number == 2
    assert correction.notice.pdf
    call_command("resume_pending", stdout=out)
    assert ReportRevision.objects.filter(report=entry.report).count() == 2
