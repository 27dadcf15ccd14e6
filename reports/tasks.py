from celery import shared_task

from config.operations.tasks import RecordedTask

from . import services


@shared_task(bind=True, base=RecordedTask)
def render_revision_pdf(self, revision_id: int) -> None:
    """Render the PDF of a report revision (no-op if already rendered)."""
    services.render_revision(revision_id=revision_id)
