from celery import shared_task

from . import services

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "retry_backoff_max": 300, "max_retries": 8}


@shared_task(**RETRY)
def publish_correction_task(correction_id: int) -> None:
    """Publish the report revision that carries a correction (idempotent)."""
    services.publish_correction(correction_id=correction_id)


@shared_task(**RETRY)
def render_notice_pdf_task(notice_id: int) -> None:
    """Render a correction notice PDF (no-op if already rendered)."""
    services.render_notice(notice_id=notice_id)


@shared_task(**RETRY)
def send_notification_task(notification_id: int) -> None:
    """Send a queued email (no-op if already sent)."""
    services.send_notification(notification_id=notification_id)
