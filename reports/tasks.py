from celery import shared_task

from config.operations.tasks import RecordedTask
from config.slots import slot

from . import services

# While another process renders a revision PDF, a render comes back this much later instead of waiting.
PDF_SLOT_WAIT_SECONDS = 5


@shared_task(bind=True, base=RecordedTask)
def render_revision_pdf(self, revision_id: int) -> None:
    """Render the PDF of a report revision (no-op if already rendered), one render at a time."""
    with slot("revision-pdf") as mine:
        if mine:
            services.render_revision(revision_id=revision_id)
            return
    # A new message, not a retry: waiting for the slot is not a failure and must not use up the retries.
    render_revision_pdf.apply_async((revision_id,), countdown=PDF_SLOT_WAIT_SECONDS)
