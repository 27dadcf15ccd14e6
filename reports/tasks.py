from celery import shared_task

from . import services


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=300, max_retries=8)
def render_revision_pdf(self, revision_id: int) -> None:
    """Render the PDF of a report revision (no-op if already rendered)."""
    services.render_revision(revision_id=revision_id)
