"""Faults against real processes: each test breaks something, then measures how long recovery takes."""

import io
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from django.core.management import call_command

from config.operations.models import FailedTask
from disputes import services
from disputes.models import Correction, CorrectionNotice, Notification
from reports.models import ReportRevision
from tests.factories import ReviewerFactory, SheriffFactory

from .conftest import published_report, submitted_dispute, wait_for

pytestmark = pytest.mark.pipeline
# Sweeper settings the `processes` fixture gives every process: a sweep every 2 s, grace 4 s.
SWEEP_BOUND = 2 + 4
RENDER_BOUND = 20  # two PDF renders on a busy two-core machine


def decide_removal(dispute, reviewer=None):
    return services.decide_dispute(
        actor=reviewer or ReviewerFactory().user,
        dispute_id=dispute.pk,
        outcome="corrected",
        action="remove",
        rationale="The release photo shows the handover to ICE.",
    )


def assert_published_once(report, correction, mail_dir: Path) -> None:
    """Revision 2, the notice PDF and each email exist exactly once."""
    assert sorted(ReportRevision.objects.filter(report=report).values_list("number", flat=True)) == [1, 2]
    notice = CorrectionNotice.objects.get(pk=correction.decision.notice.pk)
    notice_files = list(Path(notice.pdf.storage.path("notices")).glob("*.pdf"))
    assert [p.name for p in notice_files] == [Path(notice.pdf.name).name]
    revision_files = list(Path(notice.pdf.storage.path("revisions")).glob("*.pdf"))
    assert len(revision_files) == 2, revision_files
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    mails = [message_from_bytes(p.read_bytes()) for p in mail_dir.glob("*.log")]
    assert len(mails) == Notification.objects.count(), [m["Subject"] for m in mails]


def test_whole_worker_killed_mid_render_is_recovered_by_the_sweeper_once(processes):
    report, (entry,) = published_report(1)
    dispute = submitted_dispute(entry, SheriffFactory(jurisdiction=entry.jurisdiction).user)
    # Two beat processes by mistake: the sweeps double, the work does not.
    processes.beat("beat-1")
    processes.beat("beat-2")
    processes.worker("doomed", concurrency=2)

    decide_removal(dispute)
    correction = Correction.objects.get(entry=entry)
    processes.wait_for_log("doomed", "render_", timeout=60)
    processes.kill("doomed")
    killed_at = time.monotonic()
    notice_pdf = CorrectionNotice.objects.filter(pk=correction.decision.notice.pk).exclude(pdf="").exists()
    revision_pdf = ReportRevision.objects.filter(report=report, number=2).exclude(pdf="").exists()
    assert not (notice_pdf and revision_pdf), "the worker finished both renders before it was killed"

    processes.worker("replacement", concurrency=2)
    bound = SWEEP_BOUND + RENDER_BOUND + 10
    wait_for(
        lambda: CorrectionNotice.objects.filter(pk=correction.decision.notice.pk).exclude(pdf="").exists()
        and ReportRevision.objects.filter(report=report, number=2).exclude(pdf="").exists()
        and not Notification.objects.filter(sent_at__isnull=True).exists(),
        timeout=bound,
        what="the revision PDF, notice PDF and emails after the kill",
    )
    recovered = time.monotonic() - killed_at
    print(f"\nworker SIGKILL mid-render: recovered in {recovered:.1f}s (bound {bound}s)")
    time.sleep(SWEEP_BOUND)  # let the duplicate sweeps from both beats run
    assert_published_once(report, correction, processes.mail_dir)
    beats = processes.log("beat-1") + processes.log("beat-2")
    assert beats.count("config.operations.tasks.sweep") >= 2


def test_a_render_that_always_fails_is_recorded_once_and_not_retried_forever(processes, settings):
    report, (entry,) = published_report(1)
    dispute = submitted_dispute(entry, SheriffFactory(jurisdiction=entry.jurisdiction).user)
    # A file where the notices folder should be: every notice render fails to save.
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "notices").write_text("not a folder")
    processes.beat("beat")
    processes.worker("worker", env={"TASK_MAX_RETRIES": "2", "TASK_RETRY_BACKOFF_MAX": "1"})

    started = time.monotonic()
    decide_removal(dispute)
    correction = Correction.objects.get(entry=entry)
    failure = wait_for(
        lambda: FailedTask.objects.filter(task="disputes.tasks.render_notice_pdf_task").first(),
        timeout=60,
        what="the failed render to be recorded",
    )
    print(f"\npoison render: recorded as failed in {time.monotonic() - started:.1f}s")
    assert failure.object_id == correction.decision.notice.pk
    assert "NotADirectoryError" in failure.error or "FileExistsError" in failure.error, failure.error
    assert failure.attempts == 3
    # The revision is unaffected, and sweeps after the failure do not start the retries again.
    wait_for(lambda: ReportRevision.objects.filter(report=report, number=2).exclude(pdf="").exists(), what="rev 2")
    time.sleep(SWEEP_BOUND + 2)
    log = processes.log("worker")
    assert log.count("failed after 3 attempts") == 1, log[-4000:]
    assert "ERROR" in log.split("failed after 3 attempts")[0].rsplit("\n", 1)[-1]
    assert "is recorded as failed; skipped" in log
    assert FailedTask.objects.count() == 1
    assert CorrectionNotice.objects.get(pk=correction.decision.notice.pk).pdf == ""

    out = io.StringIO()
    call_command("failed_tasks", stdout=out)
    assert f"disputes.tasks.render_notice_pdf_task({correction.decision.notice.pk})" in out.getvalue()
    assert "1 failed task." in out.getvalue()


def test_decision_with_redis_down_answers_fast_and_is_published_when_redis_returns(processes, tmp_path):
    from knox.models import AuthToken

    from .processes import RedisServer, http

    redis_server = RedisServer(tmp_path)
    redis_server.start()
    try:
        own = {"REDIS_URL": redis_server.url}
        report, (entry,) = published_report(1)
        dispute = submitted_dispute(entry, SheriffFactory(jurisdiction=entry.jurisdiction).user)
        token = AuthToken.objects.create(ReviewerFactory().user)[1]
        url = processes.web(env=own)
        processes.worker("worker", env=own)
        processes.beat("beat", env=own)

        redis_server.stop()
        status, body, took = http(
            "POST",
            f"{url}/api/v1/disputes/{dispute.pk}/decide/",
            token=token,
            data={"outcome": "corrected", "action": "remove", "rationale": "The release photo shows the handover."},
        )
        print(f"\nRedis down: decision answered {status} in {took:.2f}s")
        assert status == 200, body
        assert took < 2.5
        correction = Correction.objects.get(entry=entry)
        assert correction.revision_id is None

        time.sleep(1)
        redis_server.start()
        back = time.monotonic()
        wait_for(
            lambda: CorrectionNotice.objects.filter(pk=correction.decision.notice.pk).exclude(pdf="").exists()
            and ReportRevision.objects.filter(report=report, number=2).exclude(pdf="").exists()
            and not Notification.objects.filter(sent_at__isnull=True).exists(),
            timeout=90,
            what="the work left undone while Redis was down",
        )
        print(f"Redis down: work done {time.monotonic() - back:.1f}s after Redis came back, with no operator")
        assert "broker unreachable" in processes.log("web")
        assert_published_once(report, correction, processes.mail_dir)
    finally:
        processes.stop_all()
        redis_server.stop()


def test_database_cut_during_requests_gives_fast_503s_and_recovers_without_restart(processes):
    from django.db import connection
    from knox.models import AuthToken

    from .processes import TcpProxy, http

    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    try:
        via_proxy = {"DATABASE_URL": processes.database_url.replace(f":{db['PORT'] or 5432}/", f":{proxy.port}/")}
        report, (entry,) = published_report(1)
        dispute = submitted_dispute(entry, SheriffFactory(jurisdiction=entry.jurisdiction).user)
        token = AuthToken.objects.create(ReviewerFactory().user)[1]
        url = processes.web(env=via_proxy)
        processes.worker("worker", env=via_proxy)
        assert http("GET", f"{url}/api/v1/disputes/{dispute.pk}/", token=token)[0] == 200
        assert http("GET", f"{url}/readyz")[0] == 200

        proxy.cut()
        cut_at = time.monotonic()
        status, body, took = http("GET", f"{url}/api/v1/disputes/{dispute.pk}/", token=token)
        assert (status, "unavailable" in body["detail"]) == (503, True), body
        page_status, page, page_took = http("GET", f"{url}/reports/{report.pk}/")
        assert page_status == 503 and "Unavailable for a moment" in page, page[:500]
        assert http("GET", f"{url}/readyz")[0] == 503
        print(f"\nPostgreSQL cut: API 503 in {took:.2f}s, page 503 in {page_took:.2f}s")
        assert max(took, page_took) < 5
        # A decision made meanwhile (on this process's own connection): its tasks fail, back off, retry.
        decide_removal(dispute)
        correction = Correction.objects.get(entry=entry)
        processes.wait_for_log("worker", "Retry in", timeout=30)

        time.sleep(2)
        proxy.restore()
        restored = time.monotonic()
        wait_for(lambda: http("GET", f"{url}/api/v1/disputes/{dispute.pk}/", token=token)[0] == 200, timeout=30)
        web_back = time.monotonic() - restored
        wait_for(
            lambda: CorrectionNotice.objects.filter(pk=correction.decision.notice.pk).exclude(pdf="").exists()
            and ReportRevision.objects.filter(report=report, number=2).exclude(pdf="").exists(),
            timeout=60,
            what="the tasks to finish after the database returned",
        )
        tasks_back = time.monotonic() - restored
        print(
            f"PostgreSQL back after {restored - cut_at:.1f}s down: web answered 200 after {web_back:.2f}s,"
            f" tasks done after {tasks_back:.1f}s"
        )
        assert "Traceback" not in processes.log("web")
    finally:
        processes.stop_all()
        proxy.close()
