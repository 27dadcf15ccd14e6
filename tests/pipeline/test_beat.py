"""Reminders sent by Celery beat's schedule through the real broker to real workers, each once."""

import datetime as dt
import subprocess
import sys
import time
from email import message_from_bytes

import pytest
from django.utils import timezone

from disputes import services
from disputes.deadlines import add_working_days
from disputes.models import Case, Notification
from jurisdictions.models import Account
from reports.services import create_revision
from tests.factories import ListedDetainerFactory, ReviewerFactory, SheriffFactory, submitted_case

from .conftest import ROOT, wait_for

pytestmark = pytest.mark.pipeline
EXPLANATION = "Handed to ICE at release; the transfer log shows it."


@pytest.fixture
def beat(workers, tmp_path):
    """Celery beat with its persistent schedule file, sweeping every second."""
    log = open(tmp_path / "beat.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "-l",
            "INFO",
            "-s",
            str(tmp_path / "celerybeat-schedule"),
        ],
        cwd=ROOT,
        env={**workers["env"], "REMINDER_SWEEP_SECONDS": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield {**workers, "beat_log": tmp_path / "beat.log"}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_beat_sends_each_reminder_and_escalation_once_through_the_worker(beat):
    entries = ListedDetainerFactory.create_batch(4)
    jurisdiction = entries[0].jurisdiction
    for e in entries:
        e.jurisdiction = jurisdiction
        e.save(update_fields=["jurisdiction"])
        create_revision(report=e.report, reason="Published as imported")
    sheriff = SheriffFactory(jurisdiction=jurisdiction).user
    ReviewerFactory()
    senior = ReviewerFactory(role=Account.Role.SENIOR_REVIEWER).user
    today = timezone.localdate()
    # Until their dates are moved below, these cases are due in ten working days: nothing to send yet.
    soon, due, late = (submitted_case(sheriff, [e]) for e in entries[:3])
    draft = services.open_case(actor=sheriff, entries=[entries[3].pk], ground="other", explanation=EXPLANATION)
    Case.objects.filter(pk=soon.pk).update(due_on=add_working_days(today, 3))
    Case.objects.filter(pk=due.pk).update(due_on=today)
    Case.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=1))
    Case.objects.filter(pk=draft.pk).update(filed_at=timezone.now() - dt.timedelta(days=8))
    expected = {f"due-soon:{soon.pk}", f"due-today:{due.pk}", f"escalation:{late.pk}", f"draft:{draft.pk}"}
    reminders = Notification.objects.exclude(key__startswith="case-")

    wait_for(
        lambda: set(reminders.filter(sent_at__isnull=False).values_list("key", flat=True)) == expected,
        what="the four reminders, sent",
    )
    # Several more sweeps: nothing is queued or sent twice.
    sweeps = beat["beat_log"].read_text().count("send_reminders_task")
    wait_for(lambda: beat["beat_log"].read_text().count("send_reminders_task") >= sweeps + 3, what="three more sweeps")
    time.sleep(2)
    assert sorted(reminders.values_list("key", flat=True)) == sorted(expected)
    mails = [message_from_bytes(p.read_bytes()) for p in beat["mail_dir"].glob("*.log")]
    subjects = sorted(m["Subject"] for m in mails if "awaits review" not in m["Subject"])
    assert len(subjects) == 4, subjects
    assert any(s.startswith(f"Overdue: case {late.pk}") for s in subjects)
    assert senior.email in Notification.objects.get(key=f"escalation:{late.pk}").recipients
    worker_output = "".join(log.read_text(errors="replace") for log in beat["logs"])
    assert "send_reminders_task[" in worker_output and "reminder queued: escalation" in worker_output
