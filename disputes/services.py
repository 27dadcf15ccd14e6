import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed

from config.errors import Conflict, InvalidInput, NotAllowed, NotFound
from config.queue import enqueue_on_commit
from jurisdictions.models import Account, Jurisdiction
from jurisdictions.selectors import account_for
from jurisdictions.services import ensure_facility
from reports.models import ListedDetainer, Report, ReportRevision
from reports.pdf import render_pdf
from reports.services import create_revision

from .evidence import inspect_upload
from .models import (
    Correction,
    CorrectionNotice,
    Counter,
    Decision,
    Dispute,
    Evidence,
    Ground,
    Notification,
    TransitionLog,
)

log = logging.getLogger(__name__)
AMENDABLE = ("fips", "facility", "citizenship", "detainer_issued", "declined", "criminal_activity", "activity_basis")


# --- helpers -------------------------------------------------------------------------------------


def _sheriff_account(actor) -> Account:
    account = account_for(actor)
    if account is None or not account.is_sheriff:
        raise NotAllowed("only a sheriff's office account can do this")
    return account


def _reviewer_account(actor) -> Account:
    account = account_for(actor)
    if account is None or not account.is_reviewer:
        raise NotAllowed("only an agency reviewer can do this")
    return account


def _locked_entry(entry_id: int) -> ListedDetainer:
    try:
        return ListedDetainer.objects.select_for_update().select_related("report", "jurisdiction").get(pk=entry_id)
    except ListedDetainer.DoesNotExist:
        raise NotFound("no such entry") from None


def _locked_dispute(*, actor, dispute_id: int, reviewer: bool) -> tuple[Dispute, ListedDetainer]:
    """The dispute and its entry row, locked; other jurisdictions' disputes do not exist for a sheriff."""
    account = _reviewer_account(actor) if reviewer else _sheriff_account(actor)
    dispute = Dispute.objects.filter(pk=dispute_id).first()
    if dispute is None:
        raise NotFound("no such dispute")
    entry = _locked_entry(dispute.entry_id)
    if account.is_sheriff and dispute.jurisdiction_id != account.jurisdiction_id:
        raise NotFound("no such dispute")
    dispute.entry = entry
    return dispute, entry


def _apply(entry: ListedDetainer, name: str, *, actor, reason: str, dispute: Dispute | None) -> TransitionLog:
    """Run one model transition, save it and log it, in the caller's transaction."""
    method = getattr(entry, name)
    from_state = entry.state
    if not can_proceed(method):
        raise Conflict(
            f"cannot {name.replace('_', ' ')}: the entry is {entry.get_state_display().lower()}",
        )
    method()
    try:
        entry.save()
    except ConcurrentTransition:
        raise Conflict("the entry changed while this request ran; reload and try again") from None
    return TransitionLog.objects.create(
        entry=entry,
        dispute=dispute,
        transition=name,
        from_state=from_state,
        to_state=entry.state,
        actor=actor,
        reason=reason,
    )


def _require_text(value: str, field: str, label: str, minimum: int = 10) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise InvalidInput(f"{label} must be at least {minimum} characters", field=field)
    return value


def next_number(name: str) -> int:
    """The next value of a named counter; call inside a transaction."""
    Counter.objects.get_or_create(name=name)
    counter = Counter.objects.select_for_update().get(name=name)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


def entry_snapshot(entry: ListedDetainer) -> dict:
    """The published fields of an entry, as JSON."""
    return {
        "fips": entry.jurisdiction.fips,
        "jurisdiction": entry.jurisdiction.name,
        "state": entry.jurisdiction.state,
        "facility": entry.facility.name,
        "citizenship": entry.citizenship,
        "detainer_issued": entry.detainer_issued.isoformat(),
        "declined": entry.declined.isoformat(),
        "criminal_activity": entry.criminal_activity,
        "activity_basis": entry.activity_basis,
    }


def _queue_notification(key: str, template: str, recipients: list[str], context: dict) -> None:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    notification, created = Notification.objects.get_or_create(
        key=key, defaults={"template": template, "recipients": recipients, "context": context}
    )
    if created:
        from .tasks import send_notification_task

        enqueue_on_commit(send_notification_task, notification.pk)


# --- transitions ---------------------------------------------------------------------------------


@transaction.atomic
def file_dispute(*, actor, entry_id: int, ground: str, explanation: str) -> Dispute:
    """A sheriff's office disputes one entry of its own jurisdiction (listed → disputed)."""
    account = _sheriff_account(actor)
    entry = _locked_entry(entry_id)
    if entry.jurisdiction_id != account.jurisdiction_id:
        raise NotFound("no such entry")
    if ground not in Ground.values:
        raise InvalidInput(f"ground must be one of: {', '.join(Ground.values)}", field="ground")
    explanation = _require_text(explanation, "explanation", "the explanation")
    if entry.state != ListedDetainer.State.LISTED:
        raise Conflict(f"this entry is already {entry.get_state_display().lower()}")
    dispute = Dispute.objects.create(
        entry=entry, jurisdiction=entry.jurisdiction, ground=ground, explanation=explanation, filed_by=actor
    )
    _apply(entry, "open_dispute", actor=actor, dispute=dispute, reason=f"{Ground(ground).label}: {explanation}")
    return dispute


@transaction.atomic
def add_evidence(*, actor, dispute_id: int, data: bytes, filename: str, description: str = "") -> Evidence:
    """Attach a JPEG, PNG or PDF to an open dispute, stored privately with its hash and capture time."""
    dispute, entry = _locked_dispute(actor=actor, dispute_id=dispute_id, reviewer=False)
    if entry.state != ListedDetainer.State.DISPUTED:
        raise Conflict(
            f"evidence can only be added before the dispute is submitted; it is {entry.get_state_display().lower()}"
        )
    info = inspect_upload(data, max_bytes=settings.EVIDENCE_MAX_BYTES)
    if dispute.evidence.filter(sha256=info.sha256).exists():
        raise InvalidInput("this file is already attached to the dispute", field="file")
    evidence = Evidence(
        dispute=dispute,
        original_name=(filename or "upload")[-255:],
        description=(description or "").strip()[:300],
        sha256=info.sha256,
        size=info.size,
        content_type=info.content_type,
        captured_at=info.captured_at,
        captured_on=info.captured_on,
        camera=info.camera[:200],
        uploaded_by=actor,
    )
    evidence.file.save("upload", ContentFile(data), save=False)
    path = evidence.file.name
    # The file is written before the row: if the row cannot be written, remove the file.
    try:
        evidence.save()
    except Exception:
        evidence.file.storage.delete(path)
        raise
    return evidence


@transaction.atomic
def submit_dispute(*, actor, dispute_id: int, note: str = "") -> Dispute:
    """The sheriff's office sends its dispute and evidence for review (disputed → evidence_submitted)."""
    dispute, entry = _locked_dispute(actor=actor, dispute_id=dispute_id, reviewer=False)
    if entry.state == ListedDetainer.State.DISPUTED and not dispute.evidence.exists():
        raise InvalidInput("attach at least one evidence file before submitting", field="evidence")
    count = dispute.evidence.count()
    reason = (note or "").strip() or f"Submitted with {count} evidence file{'s' if count != 1 else ''}"
    _apply(entry, "submit_evidence", actor=actor, dispute=dispute, reason=reason)
    dispute.submitted_at = timezone.now()
    dispute.save(update_fields=["submitted_at"])
    reviewers = list(
        get_user_model()
        .objects.filter(account__role=Account.Role.REVIEWER, is_active=True)
        .values_list("email", flat=True)
    )
    _queue_notification(
        f"submitted:{dispute.pk}",
        "dispute_submitted",
        reviewers + list(settings.REVIEWER_NOTIFY_EMAILS),
        {
            "dispute_id": dispute.pk,
            "jurisdiction": str(entry.jurisdiction),
            "row": entry.row_number,
            "report": str(entry.report),
            "ground": dispute.get_ground_display(),
        },
    )
    return dispute


def _clean_amendments(entry: ListedDetainer, amendments: dict) -> dict:
    unknown = sorted(set(amendments) - set(AMENDABLE))
    if unknown:
        raise InvalidInput(f"cannot amend {', '.join(unknown)}; amendable: {', '.join(AMENDABLE)}", field="amendments")
    clean: dict = {}
    for key, value in amendments.items():
        value = "" if value is None else str(value).strip()
        if key in ("detainer_issued", "declined"):
            try:
                clean[key] = dt.date.fromisoformat(value)
            except ValueError:
                raise InvalidInput(f"{key}: {value!r} is not a date (YYYY-MM-DD)", field=key) from None
        elif key == "fips":
            jurisdiction = Jurisdiction.objects.filter(fips=value).first()
            if jurisdiction is None:
                raise InvalidInput(f"fips: no jurisdiction with FIPS code {value!r}", field="fips")
            clean["jurisdiction"] = jurisdiction
        elif key == "activity_basis":
            if value not in ListedDetainer.Basis.values:
                raise InvalidInput("activity_basis must be charge, conviction or empty", field=key)
            clean[key] = value
        elif key in ("facility", "citizenship") and not value:
            raise InvalidInput(f"{key} cannot be empty", field=key)
        else:
            clean[key] = value
    issued = clean.get("detainer_issued", entry.detainer_issued)
    declined = clean.get("declined", entry.declined)
    if issued > declined:
        raise InvalidInput(f"detainer issued {issued} would be after declined {declined}", field="detainer_issued")
    if declined > entry.report.period_end:
        raise InvalidInput(f"declined {declined} is after the report period ends", field="declined")
    basis = clean.get("activity_basis", entry.activity_basis)
    activity = clean.get("criminal_activity", entry.criminal_activity)
    if bool(basis) != bool(activity):
        raise InvalidInput("criminal activity and its basis (charge or conviction) go together", field="activity_basis")
    return clean


@transaction.atomic
def decide_dispute(
    *, actor, dispute_id: int, outcome: str, rationale: str, action: str = "", amendments: dict | None = None
) -> Decision:
    """A reviewer corrects (removes or amends) or upholds a submitted entry, with a rationale."""
    dispute, entry = _locked_dispute(actor=actor, dispute_id=dispute_id, reviewer=True)
    if outcome not in Decision.Outcome.values:
        raise InvalidInput("outcome must be corrected or upheld", field="outcome")
    rationale = _require_text(rationale, "rationale", "the rationale")
    transition = "correct" if outcome == Decision.Outcome.CORRECTED else "uphold"
    if not can_proceed(getattr(entry, transition)):
        raise Conflict(f"cannot decide: the entry is {entry.get_state_display().lower()}, not awaiting review")
    clean: dict = {}
    if outcome == Decision.Outcome.CORRECTED:
        if action not in Correction.Action.values:
            raise InvalidInput("a correction must say whether the entry is removed or amended", field="action")
        if action == Correction.Action.AMEND:
            if not amendments:
                raise InvalidInput("an amendment must say which fields change", field="amendments")
            clean = _clean_amendments(entry, amendments)
    elif action or amendments:
        raise InvalidInput("an upheld entry is not changed: give no action or amendments", field="action")

    before = entry_snapshot(entry)
    if clean:
        jurisdiction = clean.pop("jurisdiction", entry.jurisdiction)
        facility_name = clean.pop("facility", entry.facility.name)
        if jurisdiction != entry.jurisdiction or facility_name != entry.facility.name:
            entry.jurisdiction = jurisdiction
            entry.facility = ensure_facility(jurisdiction=jurisdiction, name=facility_name)
        for key, value in clean.items():
            setattr(entry, key, value)
        if entry_snapshot(entry) == before:
            raise InvalidInput(
                "the amendments change nothing; to keep the entry as it is, uphold it", field="amendments"
            )
    _apply(entry, transition, actor=actor, dispute=dispute, reason=rationale)
    decision = Decision.objects.create(dispute=dispute, outcome=outcome, rationale=rationale, decided_by=actor)

    if outcome == Decision.Outcome.CORRECTED:
        correction = Correction.objects.create(
            decision=decision, entry=entry, action=action, before=before, after=entry_snapshot(entry)
        )
        year = timezone.localdate().year
        notice = CorrectionNotice.objects.create(
            correction=correction, number=f"CN-{year}-{next_number(f'notice-{year}'):04d}"
        )
        from .tasks import publish_correction_task

        enqueue_on_commit(publish_correction_task, correction.pk)
        context_extra = {"notice": notice.number}
    else:
        context_extra = {}
    sheriffs = list(
        get_user_model()
        .objects.filter(account__jurisdiction=dispute.jurisdiction_id, is_active=True)
        .values_list("email", flat=True)
    )
    _queue_notification(
        f"decided:{dispute.pk}",
        "dispute_decided",
        sheriffs + [dispute.filed_by.email],
        {
            "dispute_id": dispute.pk,
            "outcome": decision.get_outcome_display(),
            "rationale": rationale,
            "row": entry.row_number,
            "report": str(entry.report),
            **context_extra,
        },
    )
    return decision


# --- side effects (run by tasks) -----------------------------------------------------------------


def publish_correction(*, correction_id: int) -> ReportRevision:
    """Publish a report revision that includes this correction; a second call returns the same revision."""
    from reports.tasks import render_revision_pdf

    from .tasks import render_notice_pdf_task

    with transaction.atomic():
        report_id = Correction.objects.values_list("entry__report_id", flat=True).get(pk=correction_id)
        # The report row lock makes revision numbering safe across workers.
        report = Report.objects.select_for_update().get(pk=report_id)
        correction = Correction.objects.select_related("revision", "notice").get(pk=correction_id)
        if correction.revision_id:
            revision = correction.revision
            # A repeat run repairs renders that a crash may have kept from being queued.
            if not revision.pdf:
                enqueue_on_commit(render_revision_pdf, revision.pk)
            if not correction.notice.pdf:
                enqueue_on_commit(render_notice_pdf_task, correction.notice.pk)
            return revision
        pending = list(
            Correction.objects.filter(entry__report=report, revision__isnull=True)
            .select_related("notice")
            .order_by("pk")
        )
        numbers = ", ".join(c.notice.number for c in pending)
        revision = create_revision(report=report, reason=f"Correction{'s' if len(pending) > 1 else ''} {numbers}")
        Correction.objects.filter(pk__in=[c.pk for c in pending]).update(revision=revision)
        for c in pending:
            enqueue_on_commit(render_notice_pdf_task, c.notice.pk)
    log.info("published %s for %s", revision, numbers)
    return revision


def render_notice(*, notice_id: int) -> CorrectionNotice:
    """Render a correction notice's PDF once; a second call finds it done and does nothing."""
    with transaction.atomic():
        notice = CorrectionNotice.objects.select_for_update().get(pk=notice_id)
        if notice.pdf:
            return notice
        correction = Correction.objects.select_related(
            "entry__report", "entry__jurisdiction", "decision__dispute", "decision__decided_by", "revision"
        ).get(pk=notice.correction_id)
        dispute = correction.decision.dispute
        data, sha = render_pdf(
            "reports/pdf/notice.html",
            {
                "notice": notice,
                "correction": correction,
                "entry": correction.entry,
                "report": correction.entry.report,
                "dispute": dispute,
                "decision": correction.decision,
                "evidence": list(dispute.evidence.all()),
                "transitions": list(correction.entry.transitions.select_related("actor")),
                "site_url": settings.SITE_URL,
            },
        )
        notice.pdf.save(f"{notice.number}.pdf", ContentFile(data), save=False)
        notice.pdf_sha256 = sha
        notice.rendered_at = timezone.now()
        notice.save(update_fields=["pdf", "pdf_sha256", "rendered_at"])
    log.info("rendered notice %s (%d bytes)", notice.number, len(data))
    return notice


def send_notification(*, notification_id: int) -> Notification:
    """Send a queued email once; the row lock keeps two workers from both sending it."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.sent_at:
            return notification
        context = {**notification.context, "site_url": settings.SITE_URL}
        base = f"emails/{notification.template}"
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"{base}_body.txt", context),
            to=notification.recipients,
        )
        message.attach_alternative(render_to_string(f"{base}_body.html", context), "text/html")
        message.send()
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
    return notification


def resume_pending() -> dict[str, int]:
    """Queue every side effect not yet done (after a broker outage, say); each task is safe to repeat."""
    from reports.tasks import render_revision_pdf

    from .tasks import publish_correction_task, render_notice_pdf_task, send_notification_task

    work = {
        "corrections to publish": (
            publish_correction_task,
            Correction.objects.filter(revision__isnull=True).values_list("pk", flat=True),
        ),
        "revision PDFs": (render_revision_pdf, ReportRevision.objects.filter(pdf="").values_list("pk", flat=True)),
        "notice PDFs": (
            render_notice_pdf_task,
            CorrectionNotice.objects.filter(pdf="", correction__revision__isnull=False).values_list("pk", flat=True),
        ),
        "emails": (
            send_notification_task,
            Notification.objects.filter(sent_at__isnull=True).values_list("pk", flat=True),
        ),
    }
    counts = {}
    for label, (task, ids) in work.items():
        ids = list(ids)
        for pk in ids:
            task.delay(pk)
        counts[label] = len(ids)
    return counts
