import io

from django.core.management import call_command

from config.operations import services
from config.operations.models import FailedTask
from disputes.models import Notification


def run(*args) -> str:
    out = io.StringIO()
    call_command("failed_tasks", *args, stdout=out)
    return out.getvalue()


def test_failed_tasks_lists_unresolved_failures_with_their_error(db):
    services.record_failure(task="disputes.tasks.send_notification_task", object_id=4, error="SMTPException: down")
    output = run()
    assert "disputes.tasks.send_notification_task(4)" in output and "SMTPException: down" in output
    assert output.rstrip().endswith("1 failed task.")


def test_failed_tasks_retry_resolves_them_and_runs_them_again(decided, mailoutbox):
    notification = Notification.objects.filter(sent_at__isnull=True).first()
    task = "disputes.tasks.send_notification_task"
    failure = services.record_failure(task=task, object_id=notification.pk, error="SMTPException: down")
    assert run("--retry", str(failure.pk)).strip() == "1 failed task queued again."
    assert FailedTask.objects.get(pk=failure.pk).resolved_at is not None
    assert Notification.objects.get(pk=notification.pk).sent_at is not None
    assert len(mailoutbox) == 1
    assert run().strip() == "0 failed tasks."
