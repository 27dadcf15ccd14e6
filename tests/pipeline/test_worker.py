"""Corrections published by real Celery workers through the real broker."""

import threading
import zipfile
from email import message_from_bytes
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import close_old_connections

from disputes import services
from disputes.models import Correction, CorrectionNotice, Notification
from disputes.tasks import publish_decision_task, render_notice_pdf_task, send_notification_task
from reports import stored_files
from reports.models import ReportRevision
from tests.factories import ReviewerFactory, SheriffFactory

from .conftest import published_report, submitted_dispute, wait_for

pytestmark = pytest.mark.pipeline


def test_worker_publishes_revision_notice_pdf_and_email_after_correction(workers):
    report, (entry, _other) = published_report(2)
    sheriff = SheriffFactory(jurisdiction=entry.jurisdiction).user
    reviewer = ReviewerFactory().user
    dispute = submitted_dispute(entry, sheriff)

    services.decide_dispute(
        actor=reviewer,
        dispute_id=dispute.pk,
        outcome="corrected",
        action="remove",
        rationale="The release photo shows the handover to ICE.",
    )
    correction = Correction.objects.get(entry=entry)
    notice = wait_for(
        lambda: CorrectionNotice.objects.filter(pk=correction.notice.pk).exclude(pdf="").first(),
        what="the notice PDF",
    )
    assert notice.pdf.open("rb").read(5) == b"%PDF-"
    revision = wait_for(
        lambda: ReportRevision.objects.filter(report=report, number=2).exclude(pdf="").first(),
        what="revision 2 and its PDF",
    )
    assert revision.totals["declined"] == 1
    assert revision.totals["removed"] == 1
    assert Correction.objects.get(pk=correction.pk).revision_id == revision.pk
    mails = wait_for(lambda: list(workers["mail_dir"].glob("*.log")), what="emails")
    subjects = [message_from_bytes(p.read_bytes())["Subject"] for p in mails]
    assert any("corrected" in s for s in subjects), subjects
    worker_output = "".join(log.read_text(errors="replace") for log in workers["logs"])
    for task in ("publish_decision_task", "render_notice_pdf_task", "render_revision_pdf", "send_notification_task"):
        assert f"{task}[" in worker_output and "succeeded" in worker_output, f"{task} did not run in a worker"


def test_tasks_delivered_twice_to_two_workers_publish_once(workers):
    report, (entry,) = published_report(1)
    sheriff = SheriffFactory(jurisdiction=entry.jurisdiction).user
    dispute = submitted_dispute(entry, sheriff)
    services.decide_dispute(
        actor=ReviewerFactory().user,
        dispute_id=dispute.pk,
        outcome="corrected",
        action="remove",
        rationale="The release photo shows the handover to ICE.",
    )
    correction = Correction.objects.get(entry=entry)
    # At-least-once delivery: the same messages again, several times, to whichever worker takes them.
    for _ in range(3):
        publish_decision_task.delay(correction.decision_id)
        render_notice_pdf_task.delay(correction.notice.pk)
    for notification in Notification.objects.all():
        send_notification_task.delay(notification.pk)
        send_notification_task.delay(notification.pk)
    wait_for(
        lambda: CorrectionNotice.objects.filter(pk=correction.notice.pk).exclude(pdf="").exists(),
        what="the notice PDF",
    )
    wait_for(lambda: ReportRevision.objects.filter(report=report).exclude(pdf="").count() == 2, what="revision PDFs")
    # Give the duplicate deliveries time to run, then check nothing was made twice.
    inspect = publish_decision_task.app.control.inspect(destination=workers["names"], timeout=2)
    wait_for(
        lambda: not any((inspect.active() or {}).values()) and not any((inspect.reserved() or {}).values()),
        what="the workers to go idle",
    )
    assert list(ReportRevision.objects.filter(report=report).values_list("number", flat=True)) == [2, 1]
    notice_dir = Path(CorrectionNotice.objects.get(pk=correction.notice.pk).pdf.storage.path("notices"))
    assert len(list(notice_dir.glob("*.pdf"))) == 1
    assert Notification.objects.exists()
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    assert len(list(workers["mail_dir"].glob("*.log"))) == Notification.objects.count()


def test_simultaneous_corrections_get_distinct_consecutive_revisions(workers):
    report, entries = published_report(6)
    reviewer = ReviewerFactory().user
    disputes = []
    for entry in entries:
        sheriff = SheriffFactory(jurisdiction=entry.jurisdiction).user
        disputes.append(submitted_dispute(entry, sheriff))

    errors: list[BaseException] = []

    def decide(dispute_id: int) -> None:
        try:
            services.decide_dispute(
                actor=reviewer,
                dispute_id=dispute_id,
                outcome="corrected",
                action="remove",
                rationale="Shown by the jail's release records.",
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=decide, args=(d.pk,)) for d in disputes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors

    wait_for(
        lambda: not Correction.objects.filter(entry__report=report, revision__isnull=True).exists(),
        what="every correction to be published",
    )
    numbers = sorted(ReportRevision.objects.filter(report=report).values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    latest = ReportRevision.objects.filter(report=report).order_by("-number").first()
    assert latest.totals["declined"] == 0
    assert latest.totals["removed"] == 6
    notices = list(
        CorrectionNotice.objects.filter(decision__corrections__entry__report=report).values_list("number", flat=True)
    )
    assert len(set(notices)) == 6


def test_a_worker_builds_the_series_zip_a_download_waits_for(workers, monkeypatch):
    report, _ = published_report(2)
    monkeypatch.setattr(stored_files, "WAIT_SECONDS", 60.0)  # the workers may be rendering the revision's PDF first
    try:
        path = stored_files.series_zip_file()  # queues the build and waits for the file
    finally:
        cache.delete(stored_files._queued_key(stored_files.current_file()))
    assert f"ddor-{report.period_start:%Y-%m-%d}-rev1.csv" in zipfile.ZipFile(path).namelist()
    worker_output = "".join(log.read_text(errors="replace") for log in workers["logs"])
    assert "reports.tasks.build_series_zip[" in worker_output, "the zip was not built by a worker"


def test_a_worker_writes_a_long_revisions_csv_a_download_waits_for(workers, monkeypatch, settings, client):
    report, rows = published_report(3)
    settings.REVISION_DOWNLOAD_MAX_ROWS = 2  # a revision longer than this is written by a worker
    monkeypatch.setattr(stored_files, "WAIT_SECONDS", 60.0)  # the workers may be rendering the revision's PDF first
    try:
        response = client.get(f"/reports/{report.pk}/revisions/1.csv")  # queues the build and waits for the file
    finally:
        cache.delete(stored_files._queued_key(stored_files.current_file("csv", (report.pk, 1))))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert all(f",{row.pk},listed," in body for row in rows)
    worker_output = "".join(log.read_text(errors="replace") for log in workers["logs"])
    assert "reports.tasks.build_open_data_file[" in worker_output, "the CSV was not written by a worker"
