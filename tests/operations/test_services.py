import datetime as dt
import logging
from pathlib import Path

import pytest
from django.db import transaction

from config.operations import services
from config.operations.models import FailedTask
from config.operations.selectors import pending_work
from disputes import services as dispute_services
from disputes.models import Correction, CorrectionNotice, Evidence, Notification
from disputes.tasks import render_notice_pdf_task
from reports.services import create_revision
from tests.factories import jpeg_with_exif


def pending(kind: str) -> int:
    return next(p.count for p in pending_work() if p.kind == kind)


def test_sweep_leaves_work_younger_than_the_grace_period_to_its_task(decided):
    counts = services.sweep(older_than=dt.timedelta(hours=1))
    assert set(counts.values()) == {0}
    assert Correction.objects.get(decision=decided).revision_id is None


def test_sweep_finishes_every_undone_side_effect_once_the_grace_period_passed(decided, mailoutbox):
    assert pending("publish") == 1 and pending("email") == 2
    first = services.sweep(older_than=dt.timedelta(0))
    assert first["decisions to publish"] == 1 and first["emails"] == 2
    # The revision the first sweep published is younger than its cutoff: the next sweep renders it.
    assert services.sweep(older_than=dt.timedelta(0))["revision PDFs"] == 1
    correction = Correction.objects.select_related("decision__notice", "revision").get(decision=decided)
    assert correction.revision.pdf and correction.decision.notice.pdf
    assert [p.count for p in pending_work()] == [0, 0, 0, 0]
    assert len(mailoutbox) == 2
    assert set(services.sweep(older_than=dt.timedelta(0)).values()) == {0}


def test_a_failure_is_alerted_once_however_often_it_is_recorded(db, caplog):
    with caplog.at_level(logging.ERROR, logger="detainer.alerts"):
        first = services.record_failure(task="t", object_id=7, error="KeyError: 'x'", attempts=9)
        again = services.record_failure(task="t", object_id=7, error="KeyError: 'y'", attempts=9)
    assert first.pk == again.pk
    assert (again.attempts, again.error) == (18, "KeyError: 'y'")
    alerts = [r for r in caplog.records if r.name == "detainer.alerts"]
    assert len(alerts) == 1 and alerts[0].levelno == logging.ERROR
    assert "t(7) failed after 9 attempts: KeyError: 'x'" in alerts[0].getMessage()


def test_a_render_failing_every_time_is_recorded_after_its_retries_and_then_skipped(
    decided, settings, monkeypatch, caplog
):
    notice = CorrectionNotice.objects.get(decision=decided)
    dispute_services.publish_decision(decision_id=decided.pk)
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    notices = Path(settings.MEDIA_ROOT) / "notices"
    notices.write_text("a file where the folder should be")
    monkeypatch.setattr(render_notice_pdf_task, "max_retries", 2)

    with caplog.at_level(logging.ERROR, logger="detainer.alerts"):
        # The last retry a worker makes (the third attempt); the pipeline tests run the whole chain.
        assert render_notice_pdf_task.apply([notice.pk], retries=2, throw=False).state == "FAILURE"
    failure = FailedTask.objects.get()
    assert (failure.task, failure.object_id) == ("disputes.tasks.render_notice_pdf_task", notice.pk)
    assert failure.attempts == 3
    assert "is not a directory" in failure.error and "Traceback" in failure.traceback

    render_notice_pdf_task.delay(notice.pk)  # a sweep's copy: skipped, no new attempt
    assert FailedTask.objects.get().attempts == 3
    assert len([r for r in caplog.records if r.name == "detainer.alerts"]) == 1

    notices.unlink()
    assert [f.pk for f in services.retry_failed()] == [failure.pk]
    assert CorrectionNotice.objects.get(pk=notice.pk).pdf
    assert not FailedTask.objects.unresolved().exists()


def test_evidence_file_of_a_rolled_back_transaction_is_removed_and_a_kept_one_stays(sheriff, entry):
    dispute = dispute_services.file_dispute(
        actor=sheriff, entry_id=entry.pk, ground="handed_to_ice", explanation="Released to ICE at the sally port."
    )
    kept = dispute_services.add_evidence(
        actor=sheriff, dispute_id=dispute.pk, data=jpeg_with_exif(), filename="kept.jpg"
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = dispute_services.add_evidence(
            actor=sheriff, dispute_id=dispute.pk, data=jpeg_with_exif("2017:01:31 09:00:00"), filename="lost.jpg"
        )
        lost_path = Path(lost.file.path)
        raise RuntimeError("the request failed after the upload was saved")
    assert list(Evidence.objects.all()) == [kept]
    assert lost_path.exists()  # written before the rollback; only the sweep can know it has no row

    removed = services.remove_orphan_files(older_than=dt.timedelta(0))
    assert removed == [lost.file.name]
    assert not lost_path.exists()
    assert Path(kept.file.path).exists()


def test_orphan_files_younger_than_the_grace_period_are_left_alone(sheriff, entry):
    revision = create_revision(report=entry.report, reason="Published as imported")
    orphan = Path(revision.pdf.storage.path("revisions/left-by-a-killed-worker.pdf"))
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"%PDF-")
    assert services.remove_orphan_files(older_than=dt.timedelta(minutes=5)) == []
    assert services.remove_orphan_files(older_than=dt.timedelta(0)) == ["revisions/left-by-a-killed-worker.pdf"]


def test_emails_still_unsent_count_as_pending(decided):
    assert Notification.objects.filter(sent_at__isnull=True).count() == pending("email") == 2
