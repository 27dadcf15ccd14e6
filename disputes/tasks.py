from celery import shared_task

from config.operations.tasks import RecordedTask

from . import services

# Retries with backoff, then the failure is recorded (operations.FailedTask) and alerted once.
RETRY = {"base": RecordedTask}


@shared_task(**RETRY)
def publish_decision_task(decision_id: int) -> None:
    """Publish one revision per report a decision corrected (idempotent)."""
    services.publish_decision(decision_id=decision_id)


@shared_task(**RETRY)
def render_notice_pdf_task(notice_id: int) -> None:
    """Render a correction notice PDF (no-op if already rendered)."""
    services.render_notice(notice_id=notice_id)


@shared_task(**RETRY)
def send_notification_task(notification_id: int) -> None:
    """Send a queued email (no-op if already sent)."""
    services.send_notification(notification_id=notification_id)


@shared_task(**RETRY)
def send_reminders_task() -> None:
    """Queue the reminders and escalations due today (each once); run by Celery beat."""
    services.send_reminders()


@shared_task(**RETRY)
def publish_statement_task(statement_id: int) -> None:
    """Publish the revisions that carry an approved standing statement (idempotent)."""
    services.publish_statement(statement_id=statement_id)
