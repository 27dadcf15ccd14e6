"""Side effects of decisions, run by Celery tasks: revisions, notice PDFs, emails. Each is safe to run twice."""

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from config.queue import enqueue_on_commit
from reports.cache import public_changed
from reports.models import Report, ReportRevision
from reports.pdf import render_pdf
from reports.services import create_revision

from ..models import Correction, CorrectionNotice, Decision, Notification

log = logging.getLogger(__name__)


def publish_decision(*, decision_id: int) -> list[ReportRevision]:
    """Publish one new revision of each report a decision corrected; a second call publishes nothing new."""
    from reports.tasks import render_revision_pdf

    from ..tasks import render_notice_pdf_task

    report_ids = sorted(
        set(Correction.objects.filter(decision_id=decision_id).values_list("entry__report_id", flat=True))
    )
    revisions = []
    # One transaction per report, taken in id order: the report row lock numbers revisions safely across workers.
    for report_id in report_ids:
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_id)
            mine = Correction.objects.filter(decision_id=decision_id, entry__report=report).select_related("revision")
            published = next((c.revision for c in mine if c.revision_id), None)
            if published is not None:
                # A repeat run repairs a render that a crash may have kept from being queued.
                if not published.pdf:
                    enqueue_on_commit(render_revision_pdf, published.pk)
                revisions.append(published)
                continue
            # The pending corrections are read once, before the content: a correction committed while the
            # revision is computed must not be marked as published in it (it waits for the next one).
            pending = list(
                Correction.objects.filter(entry__report=report, revision__isnull=True).values_list(
                    "pk", "decision__notice__number"
                )
            )
            numbers = sorted({number for _, number in pending})
            reason = f"Correction notice{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}"
            revision = create_revision(report=report, reason=reason)
            Correction.objects.filter(pk__in=[pk for pk, _ in pending]).update(revision=revision)
            revisions.append(revision)
        log.info("published %s for %s", revision, ", ".join(numbers))
    with transaction.atomic():
        notice = CorrectionNotice.objects.select_for_update().filter(decision_id=decision_id).first()
        if notice and notice.summary is None:
            freeze_summary(notice)
        if notice and not notice.pdf:
            enqueue_on_commit(render_notice_pdf_task, notice.pk)
    return revisions


def freeze_summary(notice: CorrectionNotice) -> None:
    """Keep what lists say of a notice on the notice once every correction is published (it never changes
    after): the lists then read none of its corrections, however many it has."""
    from ..selectors import summary_facts

    facts = summary_facts([notice.decision_id])[notice.decision_id]
    if facts["published"]:
        notice.summary = facts
        notice.save(update_fields=["summary"])


def notice_context(notice: CorrectionNotice) -> dict:
    """Everything a notice shows: the decision, and each corrected entry before and after, by report."""
    decision = Decision.objects.select_related("case__jurisdiction", "decided_by").get(pk=notice.decision_id)
    corrections = list(
        decision.corrections.select_related("entry__report", "entry__jurisdiction", "revision").order_by(
            "entry__report__period_start", "entry__row_number"
        )
    )
    case = decision.case or (decision.appeal.case if hasattr(decision, "appeal") else None)
    return {
        "notice": notice,
        "decision": decision,
        "case": case,
        "corrections": corrections,
        "removed": sum(1 for c in corrections if c.action == Correction.Action.REMOVE),
        "amended": sum(1 for c in corrections if c.action == Correction.Action.AMEND),
        "reports": sorted({c.entry.report for c in corrections}, key=lambda r: r.period_start),
        "revisions": sorted({c.revision for c in corrections if c.revision_id}, key=lambda r: (r.report_id, r.number)),
        "jurisdictions": sorted({(c.before.get("jurisdiction"), c.before.get("state")) for c in corrections}),
        "evidence": list(case.evidence.attached()) if case else [],
        "site_url": settings.SITE_URL,
    }


def render_notice(*, notice_id: int) -> CorrectionNotice:
    """Render a correction notice's PDF once; a second call finds it done and does nothing."""
    notice = CorrectionNotice.objects.get(pk=notice_id)
    if notice.pdf:
        return notice
    # Rendered outside the transaction: on SQLite a write transaction blocks every other writer.
    data, sha = render_pdf("reports/pdf/notice.html", notice_context(notice))
    with transaction.atomic():
        notice = CorrectionNotice.objects.select_for_update().get(pk=notice_id)
        if notice.pdf:
            return notice
        notice.pdf.save(f"{notice.number}.pdf", ContentFile(data), save=False)
        notice.pdf_sha256 = sha
        notice.rendered_at = timezone.now()
        notice.save(update_fields=["pdf", "pdf_sha256", "rendered_at"])
        public_changed()
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


def resume_pending(*, older_than: dt.timedelta | None = None) -> dict[str, int]:
    """Queue every side effect not yet done (older than `older_than`, if given); each task is safe to repeat."""
    from reports.tasks import render_revision_pdf

    from ..tasks import publish_decision_task, render_notice_pdf_task, send_notification_task

    # Work younger than the grace period is probably still in the queue; leave it to its task.
    cutoff = timezone.now() - (older_than or dt.timedelta(0))
    work = {
        "decisions to publish": (
            publish_decision_task,
            Correction.objects.filter(revision__isnull=True, created_at__lte=cutoff)
            .values_list("decision_id", flat=True)
            .distinct(),
        ),
        "revision PDFs": (
            render_revision_pdf,
            ReportRevision.objects.filter(pdf="", generated_at__lte=cutoff).values_list("pk", flat=True),
        ),
        "notice PDFs": (
            render_notice_pdf_task,
            CorrectionNotice.objects.filter(pdf="", issued_at__lte=cutoff)
            .exclude(decision__corrections__revision__isnull=True)
            .values_list("pk", flat=True),
        ),
        "emails": (
            send_notification_task,
            Notification.objects.filter(sent_at__isnull=True, created_at__lte=cutoff).values_list("pk", flat=True),
        ),
    }
    counts = {}
    for label, (task, ids) in work.items():
        ids = sorted(set(ids))
        for pk in ids:
            task.delay(pk)
        counts[label] = len(ids)
    return counts
